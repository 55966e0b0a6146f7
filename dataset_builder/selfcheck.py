"""Per-record work done in a process pool: self-check, MinHash signature, contamination probe.

Why a pool of forked processes: the self-check runs real verifiers (sympy, the code sandbox,
reasoning-gym scorers) and is CPU-bound; the eval index is built once in the parent and the
workers inherit it by fork instead of receiving a copy per task. Results come back in input
order, so the build stays deterministic however the chunks are scheduled.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from dataset_builder.decontam import EvalIndex, Hit
from dataset_builder.dedup import signature_bytes
from prorl.record import RecordError, TaskRecord

OK = "ok"
NO_REFERENCE = "no_reference"
_INDEX: EvalIndex | None = None


@dataclass(frozen=True)
class Result:
    check: str
    """"ok", or why the record was rejected: invalid, no_reference, incorrect, error, ..."""
    detail: str
    signature: bytes | None
    hit: Hit | None


def check_record(record: TaskRecord) -> tuple[str, str]:
    """Does the record's own reference answer score 1.0 through its verifier?"""
    from reward_server.verifiers import score

    try:
        record.validate()
    except RecordError as exc:
        return "invalid", str(exc)
    reference = record.meta.get("reference") if isinstance(record.meta, dict) else None
    if not isinstance(reference, str) or not reference.strip():
        return NO_REFERENCE, "meta.reference missing"
    verdict = score(record.verifier, reference, record.ground_truth, record.verifier_config)
    if verdict.reward is None:  # timeouts under load are not the record's fault: one retry
        verdict = score(record.verifier, reference, record.ground_truth, record.verifier_config)
    if verdict.reward == 1.0:
        return OK, ""
    return str(verdict.status), verdict.detail[:300]


def _work(
    items: Sequence[tuple[TaskRecord, str | None]], near: bool, decontam: bool
) -> list[Result]:
    out: list[Result] = []
    for record, cached in items:
        if cached is None:
            check, detail = check_record(record)
        else:
            check, detail = cached, ""
        signature = hit = None
        if check in (OK, NO_REFERENCE):  # the latter may still be taken (if_reference)
            signature = signature_bytes(record.prompt) if near else None
            hit = _INDEX.check(record.prompt) if decontam and _INDEX is not None else None
        out.append(Result(check, detail, signature, hit))
    return out


def _die_with_parent(parent: int) -> None:
    """A build killed with SIGKILL must not leave its workers waiting forever (Linux)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class Workers:
    """A fork pool sized by the manifest; `workers=1` runs in-process (debuggable, no fork)."""

    def __init__(self, workers: int, index: EvalIndex | None) -> None:
        global _INDEX
        _INDEX = index  # set before forking: the children inherit it
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_die_with_parent,
                initargs=(os.getpid(),),
            )

    def submit(
        self, items: Sequence[tuple[TaskRecord, str | None]], *, near: bool, decontam: bool
    ) -> Callable[[], list[Result]]:
        """Start checking `items`; the returned callable waits for the results, in input order.
        The caller generates the next batch in between, so generation overlaps checking."""
        if self._pool is None or len(items) < 32:
            done = _work(items, near, decontam)
            return lambda: done
        pieces = max(1, min(len(items) // 16, self.workers * 4))
        size = -(-len(items) // pieces)
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        futures = [self._pool.submit(_work, chunk, near, decontam) for chunk in chunks]
        return lambda: [result for future in futures for result in future.result()]

    def run(
        self, items: Sequence[tuple[TaskRecord, str | None]], *, near: bool, decontam: bool
    ) -> list[Result]:
        return self.submit(items, near=near, decontam=decontam)()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def batched(it: Iterator[Any], size: int) -> list[Any]:
    out = []
    for item in it:
        out.append(item)
        if len(out) >= size:
            break
    return out
