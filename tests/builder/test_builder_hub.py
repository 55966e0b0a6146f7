"""Hub adapters end to end on local fixtures in the exact upstream schemas (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataset_builder.manifest import parse_manifest
from dataset_builder.pipeline import build
from dataset_builder.shards import open_corpus
from dataset_builder.sources import SOURCES
from dataset_builder.sources.hub import HubParams, last_boxed
from dataset_builder.verify import verify_corpus

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "hub"


def _records(name: str, relative: str) -> list:
    spec = SOURCES.get(name)
    return list(spec.fn(HubParams(data_files=[str(FIX / relative)]), 0))


def test_each_adapter_converts_its_upstream_schema(hf_cache: Path) -> None:
    math = _records("deepscaler", "deepscaler/deepscaler.json")
    assert [r.ground_truth["answer"] for r in math] == ["400", "24", "204", "7", "\\frac{3}{4}"]
    code = _records("eurus2_code", "eurus2/train.parquet")
    assert [r.source for r in code] == [
        "eurus2/taco",
        "eurus2/codecontests",
    ]  # math + fn_name rows skipped
    assert code[0].ground_truth == {
        "style": "stdio",
        "tests": [{"input": "1 2\n", "output": "3\n"}, {"input": "10 -3\n", "output": "7\n"}],
    }
    stem = _records("scp116k", "scp116k/train.parquet")
    assert [r.ground_truth["answer"] for r in stem] == [
        "2",
        "2",
    ]  # the row without \boxed is dropped
    ins = _records("nemotron_if", "nemotron_if/instruction_following.jsonl")
    assert len(ins) == 2 and ins[1].ground_truth["kwargs"] == [
        {"num_words": 40, "relation": "at least"},
        {},
    ]
    aime = _records("aime2025", "aime2025/test.jsonl")
    assert [r.ground_truth["answer"] for r in aime] == ["9", "29"] and aime[0].split == "eval"
    gpqa = _records("gpqa_diamond", "gpqa/gpqa_diamond.csv")
    first = gpqa[0].ground_truth
    assert first["choices"]["ABCD".index(first["answer"])] == "The photon"
    assert (
        _records("gpqa_diamond", "gpqa/gpqa_diamond.csv")[0].ground_truth == first
    )  # stable shuffle
    lcb = _records("livecodebench", "livecodebench/test6.jsonl")
    assert lcb[0].ground_truth["style"] == "stdio"
    assert lcb[1].ground_truth["fn_name"] == "Solution().maxElement"
    assert lcb[1].ground_truth["tests"][0] == {"args": [[1, 5, 3]], "expected": 5}
    assert last_boxed("a \\boxed{\\frac{1}{2}} then \\boxed{x^{2}}") == "x^{2}"


def test_hub_sources_build_through_the_pipeline(tmp_path: Path, hf_cache: Path) -> None:
    def files(rel: str) -> str:
        return json.dumps({"data_files": [str(FIX / rel)]})

    manifest = parse_manifest(
        f"""
name: hub
version: 1
targets: {{math: 4, code: 2, instruction: 2}}
sources:
  - {{source: deepscaler, params: {files("deepscaler/deepscaler.json")}}}
  - {{source: eurus2_code, selfcheck: if_reference, params: {files("eurus2/train.parquet")}}}
  - {{source: nemotron_if, selfcheck: if_reference, params: {files("nemotron_if/instruction_following.jsonl")}}}
eval:
  - {{name: aime2024, source: aime2024}}
  - {{name: aime2025, source: aime2025, params: {files("aime2025/test.jsonl")}}}
  - {{name: gpqa_diamond, source: gpqa_diamond, params: {files("gpqa/gpqa_diamond.csv")}}}
  - {{name: livecodebench, source: livecodebench, selfcheck: skip, params: {files("livecodebench/test6.jsonl")}}}
selfcheck: {{workers: 1}}
""",
        "hub.yaml",
    )
    out = tmp_path / "hub"
    lock = build(manifest, out, progress=False)
    assert lock["counts"]["train"] == {"math": 4, "code": 2, "instruction": 2}
    assert lock["counts"]["eval"] == {
        "aime2024": 30,
        "aime2025": 2,
        "gpqa_diamond": 2,
        "livecodebench": 2,
    }
    by_source = {s["source"]: s for s in lock["sources"]}
    assert by_source["deepscaler"]["contaminated"] == 1  # the planted AIME 2024 problem
    assert by_source["eurus2_code"]["unchecked"] == 2 and by_source["nemotron_if"]["unchecked"] == 2
    assert by_source["deepscaler"]["revision"].startswith(
        "agentica-org/DeepScaleR-Preview-Dataset@"
    )
    assert verify_corpus(out) == []
    train = list(open_corpus(out).iter_records("train"))
    assert {r.verifier for r in train} == {"math", "code", "ifeval"}


@pytest.mark.skipif(
    "stem" not in __import__("reward_server.verifiers", fromlist=["VERIFIERS"]).VERIFIERS,
    reason="stem verifier not registered",
)
def test_scp116k_references_pass_the_stem_verifier(tmp_path: Path, hf_cache: Path) -> None:
    manifest = parse_manifest(
        "name: scp\nversion: 1\ntargets: {stem: 2}\nsources:\n"
        f"  - {{source: scp116k, params: {{data_files: [{FIX / 'scp116k/train.parquet'}]}}}}\n"
        "decontam: {enabled: false}\nselfcheck: {workers: 1}\n"
    )
    lock = build(manifest, tmp_path / "scp", progress=False)
    assert lock["counts"]["train"] == {"stem": 2}
