"""Contract 3: the exports feed the trainer adapters, and the adapters grade through the service.

The same corpus is exported with the real `prorl data export` CLI; verl's `compute_score`, the
TRL reward function and OpenRLHF's `/openrlhf/reward` route are each given the reference answers
(joined back by record id, the export's promise) and must score every one 1.0 on the live server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasets
import httpx
import pyarrow.parquet as pq
import pytest

from prorl.record import TaskRecord
from reward_server.adapters.trl import make_trl_reward_func
from reward_server.adapters.verl import compute_score, compute_score_batch


def _references(records: list[TaskRecord]) -> dict[str, str]:
    return {r.id: r.meta["reference"] for r in records if r.meta.get("reference") is not None}


def test_verl_export_scores_references(
    built_corpus: Path,
    corpus_records: list[TaskRecord],
    contract_server: str,
    run_prorl: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "verl"
    proc = run_prorl("data", "export", built_corpus, "--format", "verl", "--out", out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = pq.read_table(out / "train.parquet").to_pylist()
    for path in sorted((out / "eval").glob("*.parquet")):
        rows += pq.read_table(path).to_pylist()
    refs = _references(corpus_records)
    rows = [row for row in rows if row["extra_info"]["id"] in refs]
    assert len(rows) == len(refs)
    monkeypatch.setenv("PRORL_REWARD_URL", contract_server)
    per_row = [
        compute_score(
            row["data_source"],
            refs[row["extra_info"]["id"]],
            row["reward_model"]["ground_truth"],
            row["extra_info"],
        )
        for row in rows[:8]
    ]
    assert all(r == {"score": 1.0, "acc": 1.0, "ungraded": 0.0} for r in per_row), per_row
    batch = compute_score_batch(
        [row["data_source"] for row in rows],
        [refs[row["extra_info"]["id"]] for row in rows],
        [row["reward_model"]["ground_truth"] for row in rows],
        [row["extra_info"] for row in rows],
    )
    assert [r["score"] for r in batch] == [1.0] * len(rows), batch
    wrong = compute_score_batch(
        [row["data_source"] for row in rows[:4]],
        ["\\boxed{-98765.4321}"] * 4,
        [row["reward_model"]["ground_truth"] for row in rows[:4]],
        [row["extra_info"] for row in rows[:4]],
    )
    assert all(r["score"] < 1.0 and r["acc"] == 0.0 for r in wrong), wrong


def test_trl_reward_over_hf_export(
    built_corpus: Path,
    corpus_records: list[TaskRecord],
    contract_server: str,
    run_prorl: Any,
    tmp_path: Path,
) -> None:
    out = tmp_path / "hf"
    proc = run_prorl("data", "export", built_corpus, "--format", "hf", "--out", out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    train = datasets.load_from_disk(str(out))["train"]
    refs = _references(corpus_records)
    train = train.filter(lambda row: row["id"] in refs)
    assert len(train) > 0
    reward = make_trl_reward_func(contract_server)
    columns = {name: train[name] for name in train.column_names if name != "prompt"}
    completions = [[{"role": "assistant", "content": refs[i]}] for i in train["id"]]
    rewards = reward(prompts=train["prompt"], completions=completions, **columns)
    assert rewards == [1.0] * len(train)
    wrong = reward(prompts=train["prompt"], completions=["no"] * len(train), **columns)
    assert all(r is not None and r < 1.0 for r in wrong), wrong


def test_openrlhf_route_scores_references(
    corpus_records: list[TaskRecord], contract_server: str
) -> None:
    records = [r for r in corpus_records if r.meta.get("reference") is not None]
    prompts = [r.prompt for r in records]
    rows = [r.to_row() for r in records]
    labels: list[Any] = [
        # both documented label shapes: a whole corpus row, and {verifier, ground_truth, config}
        json.dumps(row)
        if i % 2
        else {"verifier": row["verifier"], "ground_truth": row["ground_truth"], "config": None}
        for i, row in enumerate(rows)
    ]
    body = {
        "query": [p + r.meta["reference"] for p, r in zip(prompts, records, strict=True)],
        "prompts": prompts,
        "labels": labels,
    }
    resp = httpx.post(f"{contract_server}/openrlhf/reward", json=body, timeout=120)
    assert resp.status_code == 200, resp.text[:2000]
    data = resp.json()
    assert data["rewards"] == [1.0] * len(records), data
    assert len(data["scores"]) == len(records)
