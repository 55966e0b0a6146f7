"""Pieces of a build that carry state between steps: per-entry streams and statistics, seeds.

Split out of pipeline.py so the orchestration reads top to bottom without these details.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from dataset_builder.cache import SourceCache
from dataset_builder.selfcheck import batched
from dataset_builder.sources import SourceSpec
from prorl.record import TaskRecord

BUILDER_VERSION = "1"


class BuildError(RuntimeError):
    """The manifest cannot be satisfied (a domain short of its target, a broken source)."""


def derive_seed(global_seed: int, source: str, occurrence: int) -> int:
    """Per-entry seed: stable when other entries are added or reordered."""
    blob = f"{global_seed}:{source}:{occurrence}".encode()
    return int.from_bytes(hashlib.sha256(blob).digest()[:4], "big")


def checker_version() -> str:
    """Verifier names and versions: a new verifier version invalidates cached verdicts."""
    from reward_server.verifiers import VERIFIERS

    return ",".join(f"{e.name}:{e.obj.version}" for e in VERIFIERS.entries())


class Stream:
    """One source entry's records: the cached prefix first, then the live generator."""

    def __init__(self, spec: SourceSpec[Any], params: Any, seed: int, cache: SourceCache) -> None:
        self.spec, self.params, self.seed, self.cache = spec, params, seed, cache
        self.cached = cache.load()
        self.pos = 0
        self.live: Iterator[Any] | None = None

    def next_batch(self, size: int) -> list[tuple[TaskRecord, str | None]]:
        out: list[tuple[TaskRecord, str | None]] = [
            (c.record, c.check) for c in self.cached[self.pos : self.pos + size]
        ]
        self.pos += len(out)
        if len(out) < size:
            if self.live is None:
                try:
                    gen = self.spec.fn(self.params, self.seed)
                except Exception as exc:
                    raise BuildError(f"source {self.spec.name!r} failed to start: {exc}") from exc
                self.live = islice(gen, len(self.cached), None)
            try:
                # sources (reasoning-gym tasks) may print; stdout is the CLI's result channel
                with contextlib.redirect_stdout(sys.stderr):
                    fresh = batched(self.live, size - len(out))
            except Exception as exc:
                raise BuildError(
                    f"source {self.spec.name!r} raised {type(exc).__name__}: {exc}"
                ) from exc
            out += [(r, None) for r in fresh]
        return out


@dataclass
class EntryStats:
    source: str
    domain: str
    revision: str
    seed: int
    params: dict[str, Any]
    count: int | None
    finite: bool
    quota: int = 0
    pulled: int = 0
    taken: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    exact_dups: int = 0
    near_dups: int = 0
    contaminated: int = 0
    selfcheck: str = "require"
    unchecked: int = 0

    def to_lock(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "domain": self.domain,
            "revision": self.revision,
            "seed": self.seed,
            "params": self.params,
            "count": self.count,
            "finite": self.finite,
            "quota": self.quota,
            "pulled": self.pulled,
            "taken": self.taken,
            "selfcheck_rejects": dict(sorted(self.rejected.items())),
            "duplicates": {"exact": self.exact_dups, "near": self.near_dups},
            "contaminated": self.contaminated,
            "selfcheck": self.selfcheck,
            "unchecked": self.unchecked,
        }


def dedup_summary(stats: list[EntryStats], threshold: float) -> dict[str, Any]:
    checked = sum(s.pulled - sum(s.rejected.values()) - s.contaminated for s in stats)
    near = sum(s.near_dups for s in stats)
    return {
        "exact": sum(s.exact_dups for s in stats),
        "near": near,
        "checked": checked,
        "near_rate": round(near / checked, 6) if checked else 0.0,
        "definition": "word 3-gram shingles of normalize_prompt, num_perm=64, LSH threshold "
        f"{threshold}",
    }


def decontam_summary(
    settings: Any, index: Any, eval_names: list[str], rows: list[dict[str, Any]]
) -> dict[str, Any]:
    by_eval = Counter(r["eval_set"] for r in rows)
    return {
        "enabled": settings.enabled,
        "ngram": settings.ngram,
        "eval_prompts": len(index) if index else 0,
        "boilerplate_ngrams": index.boilerplate if index else 0,
        "against": eval_names + list(settings.against),
        "dropped": len(rows),
        "by_eval_set": dict(sorted(by_eval.items())),
    }
