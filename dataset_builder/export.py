"""Exports of a built corpus for other trainers: verl parquet, an HF datasets folder, JSONL.

The shards stay the source of truth; exports are derived views that carry each record's id so
results can always be joined back to the lock file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dataset_builder.shards import Corpus, open_corpus

EXTRA_INFO_KEYS = ("id", "split", "index", "verifier", "verifier_config", "eval_set")
"""verl concatenates parquet files, so `extra_info` must have the same keys (all strings) in
every row of every file, train and eval alike."""

VERL_SCHEMA = pa.schema(
    [
        ("data_source", pa.string()),
        ("prompt", pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))),
        ("ability", pa.string()),
        ("reward_model", pa.struct([("style", pa.string()), ("ground_truth", pa.string())])),
        ("extra_info", pa.struct([(k, pa.string()) for k in EXTRA_INFO_KEYS])),
    ]
)


def verl_rows(table: pa.Table, eval_set: str = "") -> list[dict[str, Any]]:
    """verl's RLHFDataset row: chat-list prompt, ability = domain, rule-style reward model whose
    ground_truth is the verifier payload as a JSON string (verl's compute_score receives it)."""
    rows = []
    for index, row in enumerate(table.to_pylist()):
        rows.append(
            {
                "data_source": row["source"],
                "prompt": [{"role": "user", "content": row["prompt"]}],
                "ability": row["domain"],
                "reward_model": {"style": "rule", "ground_truth": row["ground_truth"]},
                "extra_info": {
                    "id": row["id"],
                    "split": row["split"],
                    "index": str(index),
                    "verifier": row["verifier"],
                    "verifier_config": row["verifier_config"],
                    "eval_set": eval_set,
                },
            }
        )
    return rows


def _parts(corpus: Corpus) -> list[tuple[str, str, pa.Table]]:
    """(file stem, eval set name or "", table) for train and each eval set."""
    parts = [("train", "", corpus.read_table("train"))]
    for name in corpus.eval_sets():
        parts.append((f"eval/{name}", name, corpus.read_table("eval", name)))
    return parts


def export_corpus(folder: Path | str, fmt: str, out: Path) -> list[Path]:
    corpus = open_corpus(folder)
    written: list[Path] = []
    if fmt == "verl":
        for stem, eval_set, table in _parts(corpus):
            path = out / f"{stem}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            data = pa.Table.from_pylist(verl_rows(table, eval_set), schema=VERL_SCHEMA)
            pq.write_table(data, path, compression="zstd")
            written.append(path)
    elif fmt == "jsonl":
        for stem, _, table in _parts(corpus):
            path = out / f"{stem}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                for row in table.to_pylist():
                    fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            written.append(path)
    elif fmt == "hf":
        from datasets import Dataset, DatasetDict

        splits = {
            stem.replace("eval/", "eval_").replace("-", "_").replace(".", "_"): Dataset(table)
            for stem, _, table in _parts(corpus)
        }
        DatasetDict(splits).save_to_disk(str(out))
        written.append(out)
    else:
        raise ValueError(f"format: {fmt!r} is not one of verl, hf, jsonl")
    return written
