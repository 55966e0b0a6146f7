"""`prorl data verify`: recompute everything the lock file claims and name what disagrees.

Why deep by default: a shard with a valid sha256 can still hold records that break the contract
if the lock itself was edited; recomputing lock_hash, ids and counts catches both.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pyarrow as pa

from dataset_builder.lock import compute_lock_hash, read_lock
from prorl.record import ARROW_SCHEMA, RecordError, TaskRecord, make_task_id


def verify_corpus(folder: Path, deep: bool = True) -> list[str]:
    """Problems found, each naming its file; an empty list means the corpus is intact."""
    try:
        lock = read_lock(folder)
    except (OSError, ValueError) as exc:
        return [str(exc)]
    problems: list[str] = []
    if lock.get("lock_hash") != compute_lock_hash(lock):
        problems.append(f"{folder / 'lock.json'}: lock_hash does not match its content")
    train_domains: Counter[str] = Counter()
    eval_rows: Counter[str] = Counter()
    listed = set()
    for shard in lock.get("shards", []):
        path = folder / shard["path"]
        listed.add(path.resolve())
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problems.append(f"{path}: missing")
            continue
        if hashlib.sha256(data).hexdigest() != shard["sha256"]:
            problems.append(f"{path}: sha256 mismatch (file changed or corrupt)")
            continue
        if not deep:
            continue
        try:
            table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
        except (pa.ArrowInvalid, OSError) as exc:
            problems.append(f"{path}: unreadable Arrow file ({exc})")
            continue
        if not table.schema.equals(ARROW_SCHEMA):
            problems.append(f"{path}: schema differs from prorl.record.ARROW_SCHEMA")
            continue
        if table.num_rows != shard["rows"]:
            problems.append(f"{path}: {table.num_rows} rows, lock says {shard['rows']}")
        split = shard["path"].split("/")[0]
        for index, row in enumerate(table.to_pylist()):
            problem = _row_problem(row, split)
            if problem:
                problems.append(f"{path}: row {index}: {problem}")
                break
            if split == "train":
                train_domains[row["domain"]] += 1
            else:
                eval_rows[shard["path"].split("/")[1]] += 1
    for sub in ("train", "eval"):
        for stray in (
            sorted((folder / sub).rglob("shard-*.arrow")) if (folder / sub).is_dir() else []
        ):
            if stray.resolve() not in listed:
                problems.append(f"{stray}: shard not listed in lock.json")
    if deep and not problems:
        counts = lock.get("counts", {})
        if {k: v for k, v in counts.get("train", {}).items() if v} != dict(train_domains):
            problems.append(
                f"{folder / 'lock.json'}: counts.train {counts.get('train')} != shards {dict(train_domains)}"
            )
        if {k: v for k, v in counts.get("eval", {}).items() if v} != dict(eval_rows):
            problems.append(
                f"{folder / 'lock.json'}: counts.eval {counts.get('eval')} != shards {dict(eval_rows)}"
            )
    return problems


def _row_problem(row: dict[str, object], split: str) -> str | None:
    try:
        for key in ("ground_truth", "verifier_config", "meta"):
            json.loads(str(row[key]))
        record = TaskRecord.from_row(row)
        record.validate()
    except (json.JSONDecodeError, RecordError, KeyError, TypeError) as exc:
        return f"invalid record ({exc})"
    if record.split != split:
        return f"split {record.split!r} in the {split} folder"
    if record.id != make_task_id(record.domain, record.prompt, record.ground_truth):
        return f"id {record.id} does not match its content"
    return None
