"""Per-source cache of generated records and their self-check verdicts.

Why a prefix cache: a source's stream is a pure function of (name, revision, params, seed), so
the first N records and their verdicts can be replayed instead of regenerated and re-verified.
It is a sequence of segment files, each written atomically after its chunk is checked, so a
build killed at any instant leaves a valid prefix and the next build resumes from it. The
`count` is deliberately not in the key: asking for more records extends the same prefix.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from dataset_builder.shards import atomic_write_bytes, table_bytes
from prorl.record import ARROW_SCHEMA, TaskRecord, canonical_json

CACHE_SCHEMA = pa.schema(
    [pa.field(f.name, f.type, nullable=True) for f in ARROW_SCHEMA]
    + [pa.field("check", pa.string()), pa.field("check_detail", pa.string())]
)


@dataclass
class Cached:
    record: TaskRecord
    check: str
    detail: str


def cache_key(source: str, revision: str, params: dict[str, Any], seed: int, checker: str) -> str:
    blob = canonical_json(
        {"source": source, "revision": revision, "params": params, "seed": seed, "checker": checker}
    )
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", source)
    return f"{safe}-{hashlib.sha256(blob.encode()).hexdigest()[:16]}"


def _row(item: Cached) -> dict[str, Any]:
    try:
        row = item.record.to_row()
    except (TypeError, ValueError):
        row = {f.name: None for f in ARROW_SCHEMA}
        row["id"] = str(item.record.id)
    return {**row, "check": item.check, "check_detail": item.detail}


class SourceCache:
    def __init__(self, root: Path, key: str) -> None:
        self.dir = root / ".cache" / key
        self._segments = 0

    def load(self) -> list[Cached]:
        """Every record of the contiguous segment prefix; a torn tail is ignored."""
        out: list[Cached] = []
        index = 0
        while True:
            path = self.dir / f"seg-{index:05d}.arrow"
            if not path.is_file():
                break
            try:
                table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
            except (pa.ArrowInvalid, OSError):
                break
            for row in table.to_pylist():
                check, detail = row.pop("check"), row.pop("check_detail") or ""
                if row.get("prompt") is None:  # an unserializable (invalid) record
                    rec = TaskRecord("math", "?", "?", "math", {}, id=row["id"] or "?")
                else:
                    rec = TaskRecord.from_row(row)
                out.append(Cached(rec, check, detail))
            index += 1
        for stale in self.dir.glob("seg-*.arrow") if self.dir.is_dir() else []:
            if int(stale.stem.split("-")[1]) >= index:
                stale.unlink()
        self._segments = index
        return out

    def append(self, items: list[Cached]) -> None:
        if not items:
            return
        table = pa.Table.from_pylist([_row(i) for i in items], schema=CACHE_SCHEMA)
        atomic_write_bytes(self.dir / f"seg-{self._segments:05d}.arrow", table_bytes(table))
        self._segments += 1
