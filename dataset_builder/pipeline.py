"""`manifest -> sources -> normalize -> validate + self-check -> dedup -> decontaminate -> split
-> shards -> lock`.

Why records are pulled in order and over-pulled: finite sources contribute up to their count,
endless generators fill each domain to its exact target, and every reject (failed self-check,
duplicate, contaminated) is replaced by pulling further down the same deterministic stream. The
decisions depend only on stream order, never on scheduling, so a manifest builds the same bytes
every time, and a killed build replays its per-source cache and ends identical.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
from tqdm import tqdm

from dataset_builder.cache import Cached, SourceCache, cache_key
from dataset_builder.decontam import EvalIndex
from dataset_builder.dedup import Deduper
from dataset_builder.lock import LOCK_FORMAT, read_lock, write_lock
from dataset_builder.manifest import EvalEntry, Manifest, SourceEntry
from dataset_builder.selfcheck import NO_REFERENCE, OK, Result, Workers
from dataset_builder.shards import atomic_write_bytes, write_shards
from dataset_builder.sources import SOURCES, SourceSpec
from dataset_builder.streams import (
    BUILDER_VERSION,
    BuildError,
    EntryStats,
    Stream,
    checker_version,
    decontam_summary,
    dedup_summary,
    derive_seed,
)
from prorl.record import ARROW_SCHEMA, canonical_json


class Builder:
    def __init__(
        self, manifest: Manifest, out: Path, *, progress: bool = True, workers: int | None = None
    ):
        self.m = manifest
        self.out = out
        self.progress = progress
        self.workers = workers or manifest.selfcheck.workers
        self.checker = checker_version()
        self.reject_examples: list[dict[str, Any]] = []
        self.contam_rows: list[dict[str, Any]] = []

    def _bar(self, total: int, desc: str) -> tqdm[Any]:
        return tqdm(
            total=total,
            desc=desc,
            file=sys.stderr,
            disable=not self.progress,
            leave=False,
            unit="rec",
        )

    def _stream(
        self, entry: SourceEntry | EvalEntry, seed: int
    ) -> tuple[SourceSpec[Any], Any, Stream]:
        spec = SOURCES.get(entry.source)
        params = spec.params.model_validate(entry.params)
        dumped = params.model_dump(mode="json")
        key = cache_key(spec.name, spec.revision, dumped, seed, self.checker)
        return spec, params, Stream(spec, params, seed, SourceCache(self.out, key))

    def recipe_digest(self) -> str:
        names = sorted(
            {e.source for e in self.m.sources}
            | {e.source for e in self.m.eval}
            | set(self.m.decontam.against)
        )
        revisions = {n: SOURCES.get(n).revision for n in names}
        blob = canonical_json(
            {
                "manifest": self.m.digest(),
                "revisions": revisions,
                "checker": self.checker,
                "builder": BUILDER_VERSION,
            }
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    # -- eval ------------------------------------------------------------------------------

    def build_eval(
        self, pool: Workers, seeds: dict[str, int]
    ) -> tuple[dict[str, pa.Table], list[dict[str, Any]]]:
        tables: dict[str, pa.Table] = {}
        info: list[dict[str, Any]] = []
        for entry in self.m.eval:
            seed = entry.seed if entry.seed is not None else seeds[f"eval:{entry.name}"]
            spec, params, stream = self._stream(entry, seed)
            items = stream.next_batch(entry.count if entry.count is not None else 10**9)
            failed: Counter[str] = Counter()
            rows = []
            results: list[Result | None] = [None] * len(items)
            if entry.selfcheck != "skip":
                checked = pool.run(items, near=False, decontam=False)
                stream.cache.append(
                    [
                        Cached(r, res.check, res.detail)
                        for (r, c), res in zip(items, checked, strict=True)
                        if c is None
                    ]
                )
                results = list(checked)
            for (record, _), res in zip(items, results, strict=True):
                if res is not None and res.check != OK:
                    failed[res.check] += 1
                    if entry.selfcheck == "drop":
                        continue
                record.split = "eval"
                rows.append(record.to_row())
            tables[entry.name] = pa.Table.from_pylist(rows, schema=ARROW_SCHEMA)
            info.append(
                {
                    "name": entry.name,
                    "source": spec.name,
                    "revision": spec.revision,
                    "seed": seed,
                    "params": params.model_dump(mode="json"),
                    "rows": len(rows),
                    "selfcheck": {
                        "policy": entry.selfcheck,
                        "failed": dict(sorted(failed.items())),
                    },
                }
            )
        return tables, info

    def eval_index(self, eval_tables: dict[str, pa.Table]) -> EvalIndex:
        index = EvalIndex(self.m.decontam.ngram, self.m.decontam.boilerplate_min_prompts)
        for name, table in eval_tables.items():
            metas = table.column("meta").to_pylist()
            prompts = table.column("prompt").to_pylist()
            groups = table.column("source").to_pylist()
            index.add(
                (name, str(json.loads(m).get("upstream_id", i)), p, g)
                for i, (m, p, g) in enumerate(zip(metas, prompts, groups, strict=True))
            )
        for name in self.m.decontam.against:
            spec = SOURCES.get(name)
            index.add(
                (name, str(r.meta.get("upstream_id", i)), r.prompt, r.source)
                for i, r in enumerate(spec.fn(spec.params(), 0))
            )
        index.freeze()
        return index

    # -- train -----------------------------------------------------------------------------

    def build_train(
        self, pool: Workers, seeds: dict[str, int]
    ) -> tuple[list[pa.Table], list[EntryStats], Counter[str]]:
        targets: dict[str, int] = {str(d): n for d, n in self.m.targets.items()}
        remaining = dict(targets)
        dedup = Deduper(self.m.dedup.exact, self.m.dedup.near, self.m.dedup.threshold)
        tables: list[pa.Table] = []
        stats: list[EntryStats] = []
        occurrences: Counter[str] = Counter()
        for entry in self.m.sources:
            occurrences[entry.source] += 1
            seed = (
                entry.seed
                if entry.seed is not None
                else seeds[f"{entry.source}#{occurrences[entry.source]}"]
            )
            spec, params, stream = self._stream(entry, seed)
            st = EntryStats(
                spec.name,
                spec.domain,
                spec.revision,
                seed,
                params.model_dump(mode="json"),
                entry.count,
                spec.finite,
                selfcheck=entry.selfcheck,
            )
            st.quota = (
                remaining[spec.domain]
                if entry.count is None
                else min(entry.count, remaining[spec.domain])
            )
            stats.append(st)
            rows: list[dict[str, Any]] = []
            with self._bar(st.quota, f"{spec.domain}/{spec.name}") as bar:
                near, decontam = self.m.dedup.near, self.m.decontam.enabled
                items = stream.next_batch(self._batch_size(st.quota))
                while items and st.taken < st.quota:
                    collect = pool.submit(items, near=near, decontam=decontam)
                    ahead = st.quota - st.taken - len(items)  # still needed if all pass
                    upcoming = stream.next_batch(self._batch_size(ahead)) if ahead > 0 else None
                    results = collect()
                    stream.cache.append(
                        [
                            Cached(r, res.check, res.detail)
                            for (r, c), res in zip(items, results, strict=True)
                            if c is None
                        ]
                    )
                    for (record, _), res in zip(items, results, strict=True):
                        st.pulled += 1
                        if not self._accept(record, res, st, dedup):
                            continue
                        record.split = "train"
                        rows.append(record.to_row())
                        st.taken += 1
                        bar.update(1)
                        if st.taken == st.quota:
                            break
                    limit = self.m.selfcheck.max_reject_ratio * max(st.quota, 1) + 200
                    if st.taken < st.quota and st.pulled > limit:
                        raise BuildError(
                            f"source {spec.name!r}: pulled {st.pulled} records but only {st.taken} of "
                            f"{st.quota} passed (rejects: {dict(st.rejected)}, dups: {st.exact_dups}+"
                            f"{st.near_dups}, contaminated: {st.contaminated})"
                        )
                    if st.taken < st.quota:
                        need = st.quota - st.taken
                        items = upcoming if upcoming else stream.next_batch(self._batch_size(need))
            remaining[spec.domain] -= st.taken
            if rows:
                tables.append(pa.Table.from_pylist(rows, schema=ARROW_SCHEMA))
        short = {d: n for d, n in remaining.items() if n > 0}
        if short:
            detail = ", ".join(f"{d} short by {n} of {targets[d]}" for d, n in short.items())
            raise BuildError(f"targets not reached: {detail}; add or enlarge a generator source")
        return tables, stats, Counter({d: self.m.targets[d] for d in self.m.targets})

    def _batch_size(self, need: int) -> int:
        """Over-pull ~10% for rejects, at most one configured batch (one cache segment)."""
        return max(16, min(self.m.selfcheck.batch, int(need * 1.1) + 16))

    def _accept(self, record: Any, res: Any, st: EntryStats, dedup: Deduper) -> bool:
        if res.check == NO_REFERENCE and st.selfcheck == "if_reference":
            res = type(res)(OK, "unchecked", res.signature, res.hit)
        if res.check == OK and record.domain != st.domain:
            res = type(res)(
                "invalid", f"domain {record.domain!r} from a {st.domain} source", None, None
            )
        if res.check != OK:
            st.rejected[res.check] += 1
            if st.rejected[res.check] <= 3:
                self.reject_examples.append(
                    {
                        "source": st.source,
                        "id": getattr(record, "id", "?"),
                        "check": res.check,
                        "detail": res.detail,
                    }
                )
            return False
        if res.hit is not None:
            st.contaminated += 1
            self.contam_rows.append(
                {
                    "id": record.id,
                    "source": record.source,
                    "domain": record.domain,
                    "eval_set": res.hit.ref.eval_set,
                    "eval_upstream_id": res.hit.ref.upstream_id,
                    "reason": res.hit.reason,
                    "ngram": res.hit.ngram,
                    "prompt": record.prompt[:300],
                }
            )
            return False
        dup = dedup.check(record.id, record.prompt, res.signature)
        if dup == "exact":
            st.exact_dups += 1
            return False
        if dup == "near":
            st.near_dups += 1
            return False
        st.unchecked += res.detail == "unchecked"
        return True

    # -- the whole build -------------------------------------------------------------------

    def run(self, force: bool = False) -> dict[str, Any]:
        started = time.monotonic()
        self.out.mkdir(parents=True, exist_ok=True)
        for torn in self.out.rglob(".*.tmp"):  # temp files of a killed build
            torn.unlink()
        recipe = self.recipe_digest()
        if not force and (self.out / "lock.json").is_file():
            from dataset_builder.verify import verify_corpus

            try:
                old = read_lock(self.out)
                if old.get("recipe_sha256") == recipe and not verify_corpus(self.out, deep=False):
                    return old
            except (OSError, ValueError):
                pass
        seeds = self._seeds()
        index = None
        if self.m.decontam.enabled:
            # the index is built before the pool forks: the workers inherit it
            index = self.eval_index(self._eval_prefetch(seeds))
        with Workers(self.workers, index) as pool:
            eval_tables, eval_info = self.build_eval(pool, seeds)
            train_tables, stats, _ = self.build_train(pool, seeds)
        return self._finish(eval_tables, eval_info, train_tables, stats, index, recipe, started)

    def _eval_prefetch(self, seeds: dict[str, int]) -> dict[str, pa.Table]:
        """Eval prompts without self-check, for the decontamination index."""
        tables: dict[str, pa.Table] = {}
        for entry in self.m.eval:
            seed = entry.seed if entry.seed is not None else seeds[f"eval:{entry.name}"]
            _, _, stream = self._stream(entry, seed)
            items = stream.next_batch(entry.count if entry.count is not None else 10**9)
            tables[entry.name] = pa.Table.from_pylist(
                [r.to_row() for r, _ in items], schema=ARROW_SCHEMA
            )
        return tables

    def _seeds(self) -> dict[str, int]:
        seeds: dict[str, int] = {}
        occurrences: Counter[str] = Counter()
        for entry in self.m.sources:
            occurrences[entry.source] += 1
            seeds[f"{entry.source}#{occurrences[entry.source]}"] = derive_seed(
                self.m.seed, entry.source, occurrences[entry.source]
            )
        for ev in self.m.eval:
            seeds[f"eval:{ev.name}"] = derive_seed(self.m.seed, f"eval:{ev.name}", 1)
        return seeds

    def _finish(
        self,
        eval_tables: dict[str, pa.Table],
        eval_info: list[dict[str, Any]],
        train_tables: list[pa.Table],
        stats: list[EntryStats],
        index: EvalIndex | None,
        recipe: str,
        started: float,
    ) -> dict[str, Any]:
        from dataset_builder.report import write_reports

        train = pa.concat_tables(train_tables) if train_tables else ARROW_SCHEMA.empty_table()
        order = list(range(train.num_rows))
        random.Random(self.m.seed).shuffle(order)  # a domain mix in every prefix of the stream
        train = train.take(pa.array(order, type=pa.int64())) if order else train
        shards = write_shards(train, self.out / "train", "train", self.m.shard_rows)
        for name, table in eval_tables.items():
            shards += write_shards(
                table, self.out / "eval" / name, f"eval/{name}", self.m.shard_rows
            )
        for stale in (self.out / "eval").glob("*/shard-*.arrow"):  # eval sets since removed
            if stale.parent.name not in eval_tables:
                stale.unlink()
        domains = Counter(train.column("domain").to_pylist())
        lock = {
            "format": LOCK_FORMAT,
            "builder_version": BUILDER_VERSION,
            "name": self.m.name,
            "version": self.m.version,
            "seed": self.m.seed,
            "manifest_sha256": self.m.digest(),
            "recipe_sha256": recipe,
            "checker": self.checker,
            "shard_rows": self.m.shard_rows,
            "counts": {
                "train": {d: domains.get(d, 0) for d in self.m.targets},
                "eval": {name: t.num_rows for name, t in eval_tables.items()},
            },
            "sources": [s.to_lock() for s in stats],
            "eval": eval_info,
            "selfcheck": {"rejected": sum(sum(s.rejected.values()) for s in stats)},
            "dedup": dedup_summary(stats, self.m.dedup.threshold),
            "decontam": decontam_summary(
                self.m.decontam, index, sorted(eval_tables), self.contam_rows
            ),
            "shards": shards,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.monotonic() - started, 2),
        }
        report = "".join(canonical_json(r) + "\n" for r in self.contam_rows)
        atomic_write_bytes(self.out / "decontamination.jsonl", report.encode())
        lock = write_lock(self.out, lock)
        write_reports(self.out, lock, train, self.reject_examples)
        return lock


def build(
    manifest: Manifest,
    out: Path,
    *,
    progress: bool = True,
    workers: int | None = None,
    force: bool = False,
) -> dict[str, Any]:
    return Builder(manifest, out, progress=progress, workers=workers).run(force=force)
