"""Shard files: Arrow IPC (file format), zstd, fixed rows per shard, written atomically.

Also the reader the trainer uses, `open_corpus(url_or_path)`: local folders or any fsspec URL
(http(s) from `prorl data serve`, s3://, hf://), every shard checked against the sha256 in the
lock file before a single row is handed out, because a silently truncated shard is a silently
different training run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from prorl.record import ARROW_SCHEMA, TaskRecord

WRITE_OPTIONS = pa.ipc.IpcWriteOptions(compression="zstd")


class CorpusError(ValueError):
    """A corpus that does not match its lock file; the message names the file."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write-then-rename: a reader (or a resumed build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def table_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema, options=WRITE_OPTIONS) as writer:
        writer.write_table(table, max_chunksize=max(1, table.num_rows))
    return sink.getvalue().to_pybytes()


def write_shards(
    table: pa.Table, folder: Path, rel_prefix: str, shard_rows: int
) -> list[dict[str, Any]]:
    """Split `table` into shard-00000.arrow ...; returns [{path, rows, sha256}] (paths relative)."""
    entries: list[dict[str, Any]] = []
    count = max(1, -(-table.num_rows // shard_rows))
    for index in range(count):
        part = table.slice(index * shard_rows, shard_rows).combine_chunks()
        data = table_bytes(part)
        name = f"shard-{index:05d}.arrow"
        atomic_write_bytes(folder / name, data)
        entries.append(
            {
                "path": f"{rel_prefix}/{name}",
                "rows": part.num_rows,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    for stale in folder.glob("shard-*.arrow"):  # leftovers of a bigger previous build
        if stale.name not in {e["path"].rsplit("/", 1)[1] for e in entries}:
            stale.unlink()
    return entries


def read_table_bytes(data: bytes, where: str) -> pa.Table:
    try:
        return pa.ipc.open_file(pa.BufferReader(data)).read_all()
    except (pa.ArrowInvalid, OSError) as exc:
        raise CorpusError(f"{where}: not a readable Arrow IPC file ({exc})") from None


def _is_url(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


@dataclass(frozen=True)
class ShardInfo:
    path: str
    rows: int
    sha256: str

    @property
    def split(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def eval_set(self) -> str | None:
        parts = self.path.split("/")
        return parts[1] if parts[0] == "eval" and len(parts) > 2 else None


class Corpus:
    """A built corpus, local or remote. Obtain with `open_corpus`."""

    def __init__(self, location: str, lock: dict[str, Any]) -> None:
        self.location = location.rstrip("/")
        self.lock = lock
        self.shard_infos = [
            ShardInfo(s["path"], int(s["rows"]), s["sha256"]) for s in lock["shards"]
        ]

    @property
    def lock_hash(self) -> str:
        return str(self.lock["lock_hash"])

    def shards(self, split: str = "train", eval_set: str | None = None) -> list[ShardInfo]:
        return [
            s
            for s in self.shard_infos
            if s.split == split and (eval_set is None or s.eval_set == eval_set)
        ]

    def eval_sets(self) -> list[str]:
        return sorted(self.lock["counts"].get("eval", {}))

    def read_shard(self, shard: ShardInfo) -> pa.Table:
        data = _read_bytes(f"{self.location}/{shard.path}")
        digest = hashlib.sha256(data).hexdigest()
        if digest != shard.sha256:
            raise CorpusError(
                f"{shard.path}: sha256 {digest[:12]}… does not match lock {shard.sha256[:12]}…"
            )
        table = read_table_bytes(data, shard.path)
        if table.num_rows != shard.rows:
            raise CorpusError(f"{shard.path}: {table.num_rows} rows, lock says {shard.rows}")
        return table

    def iter_rows(
        self, split: str = "train", eval_set: str | None = None
    ) -> Iterator[dict[str, Any]]:
        for shard in self.shards(split, eval_set):
            yield from self.read_shard(shard).to_pylist()

    def iter_records(
        self, split: str = "train", eval_set: str | None = None
    ) -> Iterator[TaskRecord]:
        for row in self.iter_rows(split, eval_set):
            yield TaskRecord.from_row(row)

    def read_table(self, split: str = "train", eval_set: str | None = None) -> pa.Table:
        tables = [self.read_shard(s) for s in self.shards(split, eval_set)]
        return pa.concat_tables(tables) if tables else ARROW_SCHEMA.empty_table()


def _read_bytes(location: str) -> bytes:
    if _is_url(location):
        import fsspec

        with fsspec.open(location, "rb") as fh:
            return fh.read()  # type: ignore[no-any-return]
    path = location.removeprefix("file://")
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{path}: missing") from None


def open_corpus(url_or_path: str | os.PathLike[str]) -> Corpus:
    """Open a corpus folder or URL by its lock.json; shards are fetched and checked lazily."""
    location = str(url_or_path).rstrip("/")
    raw = _read_bytes(f"{location}/lock.json")
    try:
        lock = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{location}/lock.json: invalid JSON ({exc.msg})") from None
    if not isinstance(lock, dict) or "shards" not in lock or "lock_hash" not in lock:
        raise CorpusError(f"{location}/lock.json: not a corpus lock file")
    return Corpus(location, lock)
