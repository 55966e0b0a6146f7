"""End-to-end builds with real bundled sources and the real math verifier."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

from dataset_builder.cli import data as data_cli
from dataset_builder.manifest import load_manifest, parse_manifest
from dataset_builder.pipeline import BuildError, build
from dataset_builder.sources import SOURCES, source
from dataset_builder.verify import verify_corpus
from prorl.record import TaskRecord, normalize_prompt
from reward_server.verifiers import score


def _lock(folder: Path) -> dict:
    return json.loads((folder / "lock.json").read_text())


def _train_rows(folder: Path) -> list[dict]:
    rows: list[dict] = []
    for shard in sorted((folder / "train").glob("shard-*.arrow")):
        rows += pa.ipc.open_file(pa.memory_map(str(shard))).read_all().to_pylist()
    return rows


def test_small_build_counts_shards_and_verify(small_corpus: Path) -> None:
    lock = _lock(small_corpus)
    assert lock["counts"]["train"] == {"math": 120}
    assert lock["counts"]["eval"] == {"aime2024": 30, "math500": 500, "ifeval": 40}
    train = [s for s in lock["shards"] if s["path"].startswith("train/")]
    assert [s["rows"] for s in train] == [50, 50, 20]
    assert verify_corpus(small_corpus) == []
    rows = _train_rows(small_corpus)
    assert len(rows) == 120
    assert len({normalize_prompt(r["prompt"]) for r in rows}) == 120  # no exact duplicates
    by_source = {s["source"]: s["taken"] for s in lock["sources"]}
    assert by_source == {"aime_1983_2023": 30, "math_train": 90}
    for row in rows[:10]:  # every shipped reference really scores 1.0
        record = TaskRecord.from_row(row)
        verdict = score(record.verifier, record.meta["reference"], record.ground_truth)
        assert verdict.reward == 1.0, verdict
    assert (small_corpus / "README.md").read_text().startswith("# small 1")
    assert (small_corpus / "domains.png").read_bytes()[:4] == b"\x89PNG"


def test_decontamination_drops_math500_problems_from_aime_train(small_corpus: Path) -> None:
    """AIME 1983-2023 shares problems with MATH-500; those must not reach the train split."""
    report = [json.loads(line) for line in (small_corpus / "decontamination.jsonl").open()]
    hits = [r for r in report if r["source"] == "aime_1983_2023" and r["eval_set"] == "math500"]
    assert hits, report
    train_ids = {r["id"] for r in _train_rows(small_corpus)}
    assert not train_ids & {r["id"] for r in report}
    assert _lock(small_corpus)["decontam"]["dropped"] == len(report)
    eval_prompts = set()
    for shard in (small_corpus / "eval").rglob("shard-*.arrow"):
        table = pa.ipc.open_file(pa.memory_map(str(shard))).read_all()
        eval_prompts |= {normalize_prompt(p) for p in table.column("prompt").to_pylist()}
    assert not eval_prompts & {normalize_prompt(r["prompt"]) for r in _train_rows(small_corpus)}


def test_same_manifest_gives_identical_bytes(
    small_corpus: Path, small_manifest: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    lock = build(load_manifest(small_manifest), again, progress=False)
    assert lock["lock_hash"] == _lock(small_corpus)["lock_hash"]
    for shard in lock["shards"]:
        assert (again / shard["path"]).read_bytes() == (small_corpus / shard["path"]).read_bytes()
    # a no-change rebuild is recognized from the lock file and rewrites nothing
    before = (again / "lock.json").stat().st_mtime_ns
    assert (
        build(load_manifest(small_manifest), again, progress=False)["lock_hash"]
        == lock["lock_hash"]
    )
    assert (again / "lock.json").stat().st_mtime_ns == before


def test_verify_catches_a_flipped_byte(corpus_copy: Path) -> None:
    shard = corpus_copy / "train" / "shard-00001.arrow"
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0x01
    shard.write_bytes(bytes(data))
    problems = verify_corpus(corpus_copy)
    assert len(problems) == 1 and "train/shard-00001.arrow" in problems[0]
    result = CliRunner().invoke(data_cli, ["verify", str(corpus_copy)])
    assert result.exit_code == 1
    assert "shard-00001.arrow" in result.output


def test_verify_catches_an_edited_lock_and_a_stray_shard(corpus_copy: Path) -> None:
    lock = _lock(corpus_copy)
    lock["counts"]["train"]["math"] = 121
    (corpus_copy / "lock.json").write_text(json.dumps(lock))
    assert any("lock_hash" in p for p in verify_corpus(corpus_copy))
    (corpus_copy / "lock.json").unlink()
    assert "no lock file" in verify_corpus(corpus_copy)[0]


class _StreamParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    wrong_every: int = 11


def _words(i: int) -> str:
    return " ".join(f"w{i}x{k}" for k in range(200))


@source("builder_test_stream", domain="math", params=_StreamParams, finite=False)
def _stream(params: _StreamParams, seed: int) -> Iterator[TaskRecord]:
    """Endless stream with planted exact duplicates, near duplicates and wrong references."""
    i = 0
    while True:
        i += 1
        answer = str(seed % 1000 + i)
        body = f"Add the tokens and report {answer}: {_words(i)}"
        reference = f"\\boxed{{{answer}}}"
        if i % params.wrong_every == 0:
            reference = f"\\boxed{{{int(answer) + 1}}}"
        if i % 5 == 0:  # same prompt as i-1 up to case and spacing, different answer
            prev = str(seed % 1000 + i - 1)
            body = f"ADD the  tokens and report {prev}: {_words(i - 1)}"
        if i % 7 == 0:  # one word changed out of ~205: Jaccard of 3-gram shingles > 0.9
            body = f"Add the tokens and report {answer}: {_words(i - 1)}"
        yield TaskRecord(
            domain="math",
            source="builder_test_stream",
            prompt=body,
            verifier="math",
            ground_truth={"answer": answer},
            meta={"reference": reference},
        )


def test_generator_fills_exact_target_through_rejects_and_duplicates(tmp_path: Path) -> None:
    manifest = parse_manifest(
        "name: gen\nversion: 1\nseed: 3\ntargets: {math: 60}\n"
        "sources:\n  - {source: builder_test_stream}\n"
        "decontam: {enabled: false}\nselfcheck: {workers: 1}\n"
    )
    lock = build(manifest, tmp_path / "gen", progress=False)
    entry = lock["sources"][0]
    assert lock["counts"]["train"] == {"math": 60} and entry["taken"] == 60
    assert entry["selfcheck_rejects"].get("incorrect", 0) >= 4
    assert entry["duplicates"]["exact"] >= 8 and entry["duplicates"]["near"] >= 5
    assert entry["pulled"] == 60 + sum(entry["selfcheck_rejects"].values()) + sum(
        entry["duplicates"].values()
    )
    assert lock["dedup"]["near_rate"] > 0
    rejects = [json.loads(x) for x in (tmp_path / "gen" / "rejects.jsonl").open()]
    assert rejects and rejects[0]["check"] == "incorrect"
    assert verify_corpus(tmp_path / "gen") == []


def test_a_finite_source_short_of_its_target_is_a_clear_error(tmp_path: Path) -> None:
    manifest = parse_manifest(
        "name: short\nversion: 1\ntargets: {math: 40}\nsources:\n  - {source: aime2024}\n"
        "decontam: {enabled: false}\nselfcheck: {workers: 1}\n"
    )
    with pytest.raises(BuildError, match="math short by 10 of 40"):
        build(manifest, tmp_path / "short", progress=False)


def test_build_cli_reports_manifest_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nversion: 1\ntargets: {math: 1}\nsources:\n  - {source: nope}\n")
    result = CliRunner().invoke(data_cli, ["build", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert f"{bad}:5: sources[0].source: unknown source 'nope'" in result.output
    assert "Traceback" not in result.output
    assert "math_train" in result.output  # the known names are listed
    assert os.path.exists(tmp_path / "o") is False


def test_registered_sources_include_the_file_and_eval_sources() -> None:
    names = SOURCES.names()
    for name in ("math_train", "aime_1983_2023", "mbpp_train", "aime2024", "math500", "ifeval"):
        assert name in names


def test_tiny_manifest_builds_all_five_domains(tmp_path: Path) -> None:
    """data_manifests/tiny.yaml: the demo corpus, every domain, generators included."""
    path = Path(__file__).resolve().parents[2] / "data_manifests" / "tiny.yaml"
    needed = ("math_gen", "code_gen", "stem_gen", "reasoning_gym", "instruction_gen")
    missing = [n for n in needed if n not in SOURCES]
    if missing:
        pytest.skip(f"generator sources not registered yet: {missing}")
    manifest = load_manifest(path)
    lock = build(manifest, tmp_path / "tiny", progress=False)
    assert lock["counts"]["train"] == dict(manifest.targets)
    assert verify_corpus(tmp_path / "tiny") == []
    rows = _train_rows(tmp_path / "tiny")
    assert {r["domain"] for r in rows} == {"math", "code", "stem", "logic", "instruction"}
    assert len({normalize_prompt(r["prompt"]) for r in rows}) == len(rows)
