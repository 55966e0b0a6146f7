"""The lock file: everything that pins a build, and a hash over it.

`lock_hash` covers the canonical JSON of the lock minus volatile fields (the creation time), so
two builds of the same manifest on different machines or days agree on it exactly, and any
change to a source, seed, count or shard byte changes it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from dataset_builder.shards import atomic_write_bytes
from prorl.record import canonical_json

LOCK_FORMAT = 1
VOLATILE = ("created_at", "lock_hash", "build_seconds")


def compute_lock_hash(lock: dict[str, Any]) -> str:
    stable = {k: v for k, v in lock.items() if k not in VOLATILE}
    return hashlib.sha256(canonical_json(stable).encode("utf-8")).hexdigest()


def write_lock(folder: Path, lock: dict[str, Any]) -> dict[str, Any]:
    lock = dict(lock)
    lock["lock_hash"] = compute_lock_hash(lock)
    text = json.dumps(lock, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write_bytes(folder / "lock.json", text.encode("utf-8"))
    return lock


def read_lock(folder: Path) -> dict[str, Any]:
    path = folder / "lock.json"
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no lock file (is this a built corpus?)") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(lock, dict):
        raise ValueError(f"{path}: not a lock file")
    return lock
