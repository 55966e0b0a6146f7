"""`prorl eval` end to end: a tiny random model, eval shards on disk, a real reward service
process started by the command itself; the report must be re-derivable from samples.jsonl."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner

from prorl.cli import main
from trainer.passk import pass_at_k

SETS = "if_nocomma,math_small"


def _recompute(samples: list[dict], key: str, k: int) -> dict[str, float]:
    problems: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    owner: dict[tuple[str, str], str] = {}
    for s in samples:
        problems[(s["set"], s["task_id"])].append(s["reward"])
        owner[(s["set"], s["task_id"])] = s[key]
    per: dict[str, list[float]] = defaultdict(list)
    for pid, rewards in problems.items():
        c = sum(1 for r in rewards if r is not None and r >= 1.0)
        per[owner[pid]].append(pass_at_k(len(rewards), c, k))
    return {name: sum(v) / len(v) for name, v in per.items()}


@pytest.mark.timeout(120)
def test_eval_report_matches_samples(eval_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    args = ["eval", "tiny-test", "--sets", SETS, "--corpus", str(eval_corpus), "--n", "4"]
    args += [
        "--k",
        "1,2,4",
        "--max-new-tokens",
        "12",
        "--out",
        str(out),
        "--seed",
        "3",
        "--cpu-threads",
        "1",
    ]
    threads = torch.get_num_threads()
    try:
        res = CliRunner().invoke(main, args)
    finally:
        torch.set_num_threads(threads)  # --cpu-threads is process-wide: leave others' tests alone
    assert res.exit_code == 0, res.output
    samples = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    report = json.loads((out / "passk.json").read_text())
    assert len(samples) == (3 + 2) * 4
    assert {s["set"] for s in samples} == {"if_nocomma", "math_small"}
    assert report["settings"]["temperature"] == 0.6 and report["settings"]["top_p"] == 0.95
    for k in (1, 2, 4):
        by_set = _recompute(samples, "set", k)
        by_domain = _recompute(samples, "domain", k)
        for name, value in by_set.items():
            assert report["sets"][name]["pass@k"][str(k)] == pytest.approx(value)
        for name, value in by_domain.items():
            assert report["domains"][name]["pass@k"][str(k)] == pytest.approx(value)
    ungraded = sum(1 for s in samples if s["reward"] is None)
    assert report["overall"]["ungraded"] == ungraded
    # the random model cannot add numbers but usually avoids commas: the sets must differ
    assert report["sets"]["math_small"]["pass@k"]["4"] == 0.0
    assert report["sets"]["if_nocomma"]["pass@k"]["4"] > 0.0
    nc = report["sets"]["if_nocomma"]["pass@k"]
    assert nc["1"] <= nc["2"] <= nc["4"]
    assert "| if_nocomma | instruction | 3 | 12 |" in (out / "passk.md").read_text()
    assert (out / "passk.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--sets", "aime99"], "eval set 'aime99' not found"),
        (["--sets", "if_nocomma", "--n", "2", "--k", "1,4"], "--k"),
        (["--sets", "if_nocomma", "--k", "1,x"], "comma-separated integers"),
    ],
)
def test_eval_user_errors(eval_corpus: Path, tmp_path: Path, extra: list[str], needle: str) -> None:
    args = ["eval", "tiny-test", "--corpus", str(eval_corpus), "--out", str(tmp_path / "o")]
    res = CliRunner().invoke(main, args + extra)
    assert res.exit_code != 0
    assert needle in res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_eval_missing_corpus_names_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    args = ["eval", "tiny-test", "--corpus", str(missing), "--sets", "a", "--out", str(tmp_path)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code != 0 and str(missing) in res.output


def test_locked_corpus_sets_are_read_through_the_lock(tmp_path: Path) -> None:
    from trainer.demo_corpus import build_demo_corpus
    from trainer.evaluate import EvalError, load_eval_sets

    corpus = tmp_path / "corpus"
    build_demo_corpus(corpus, heldout=12, train_rows=20)
    sets = load_eval_sets(str(corpus), ["heldout"], limit=5)
    assert len(sets["heldout"]) == 5 and sets["heldout"][0].split == "eval"
    with pytest.raises(EvalError, match="available: heldout"):
        load_eval_sets(str(corpus), ["aime2024"], limit=None)
    shard = next((corpus / "eval" / "heldout").glob("shard-*.arrow"))
    shard.write_bytes(shard.read_bytes()[:-8] + b"corrupt!")
    with pytest.raises(EvalError, match="sha256"):
        load_eval_sets(str(corpus), ["heldout"], limit=None)
