"""The prompt stream: the builder's Arrow shards, checked against lock.json, mixed by domain.

Why a cursor and not an iterator: resume must continue with exactly the prompts the
uninterrupted run would have seen. Draw i picks its domain with an RNG seeded by (seed, i) and
takes that domain's next row from a per-epoch seeded permutation, so the whole state is two
integers-per-domain and survives a restart. With several ranks, rank r takes draws r, r+W,
r+2W, ... so ranks never see the same prompt in a step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from dataset_builder import shards
from dataset_builder.shards import CorpusError
from prorl.record import TaskRecord

__all__ = ["Corpus", "CorpusError", "PromptStream", "open_corpus"]


@dataclass
class Corpus:
    """All rows of a corpus, loaded once (the ProRL corpus is ~136K short rows)."""

    location: str
    lock: dict[str, Any]
    train: list[TaskRecord]
    eval_sets: dict[str, list[TaskRecord]]

    @property
    def lock_hash(self) -> str:
        return str(self.lock.get("lock_hash", ""))


def open_corpus(location: str) -> Corpus:
    """Read every shard listed in `<location>/lock.json` (a folder or any fsspec URL) through
    the builder's reader, which checks each shard's sha256 and row count against the lock."""
    if not location:
        raise CorpusError("data.corpus: no corpus location configured")
    try:
        corpus = shards.open_corpus(location)
        train = list(corpus.iter_records("train"))
        eval_sets = {name: list(corpus.iter_records("eval", name)) for name in corpus.eval_sets()}
    except (OSError, KeyError, TypeError) as exc:
        raise CorpusError(f"{location}: cannot read corpus ({type(exc).__name__}: {exc})") from None
    return Corpus(location, corpus.lock, train, eval_sets)


@dataclass
class PromptStream:
    """Deterministic, resumable weighted mix over the training rows (see module doc)."""

    records: list[TaskRecord]
    weights: dict[str, float]
    seed: int = 0
    rank: int = 0
    world_size: int = 1
    draws: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_domain: dict[str, list[TaskRecord]] = {}
        for rec in self.records:
            self.by_domain.setdefault(rec.domain, []).append(rec)
        if not self.by_domain:
            raise CorpusError("data.corpus: the corpus has no training rows")
        if not self.weights:
            self.weights = {d: float(len(r)) for d, r in self.by_domain.items()}
        unknown = sorted(set(self.weights) - set(self.by_domain))
        if unknown:
            raise CorpusError(
                f"data.domain_weights: no rows for domain(s) {unknown}; "
                f"corpus has {sorted(self.by_domain)}"
            )
        self.domains = sorted(d for d, w in self.weights.items() if w > 0)
        if not self.domains:
            raise CorpusError("data.domain_weights: all weights are zero")
        self._perm_cache: dict[tuple[str, int], list[int]] = {}

    def _perm(self, domain: str, epoch: int) -> list[int]:
        key = (domain, epoch)
        if key not in self._perm_cache:
            order = list(range(len(self.by_domain[domain])))
            random.Random(f"{self.seed}:{domain}:{epoch}").shuffle(order)
            self._perm_cache = {key: order}
        return self._perm_cache[key]

    def _draw(self) -> TaskRecord:
        rng = random.Random(f"{self.seed}:draw:{self.draws}")
        domain = rng.choices(self.domains, weights=[self.weights[d] for d in self.domains])[0]
        self.draws += 1
        c = self.counts.get(domain, 0)
        self.counts[domain] = c + 1
        rows = self.by_domain[domain]
        return rows[self._perm(domain, c // len(rows))[c % len(rows)]]

    def take(self, k: int) -> list[TaskRecord]:
        """The next k prompts for this rank; all ranks advance the shared draw sequence."""
        out: list[TaskRecord] = []
        while len(out) < k:
            for r in range(self.world_size):
                rec = self._draw()
                if r == self.rank:
                    out.append(rec)
        return out

    def state(self) -> dict[str, Any]:
        return {"draws": self.draws, "counts": dict(self.counts)}

    def load_state(self, state: dict[str, Any]) -> None:
        self.draws = int(state["draws"])
        self.counts = {str(k): int(v) for k, v in state["counts"].items()}
