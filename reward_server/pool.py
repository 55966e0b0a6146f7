"""A pool of verification worker processes with hard per-item deadlines.

Design: one parent-side *slot thread* per worker process. A slot takes a small chunk of items
from the shared queue (amortising pipe round trips), sends it, then waits for the results one at
a time. Because the worker reports each item as it finishes, the slot knows which item is in
flight and since when, so each item gets its own deadline even inside a chunk. If an item
overruns, the slot SIGKILLs the worker (nothing else reliably stops CPU-bound sympy), marks that
item `timeout`, puts the rest of the chunk back at the head of the queue and starts a fresh
worker. A worker that dies on its own (segfault, OOM kill, os._exit) costs only its in-flight
item (`error`). Blocking pipe reads happen on these threads, never on the event loop; results are
handed back through a completion callback (an asyncio future via call_soon_threadsafe).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from reward_server.deadlines import item_deadline
from reward_server.settings import Settings
from reward_server.zygote import Zygote, ZygoteError, describe_exit

log = logging.getLogger("reward_server.pool")

ItemResult = dict[str, Any]


class QueueFull(Exception):
    """More items outstanding than settings.max_queue: the caller should back off (HTTP 429)."""


class PoolClosed(Exception):
    pass


@dataclass
class _Batch:
    """One submitted request: results fill in by index; `on_done` fires once, off any lock."""

    ids: list[str]
    results: list[ItemResult | None]
    remaining: int
    on_done: Callable[[list[ItemResult]], None]
    cancelled: bool = False


@dataclass
class _Job:
    batch: _Batch
    index: int
    verifier: str
    payload: tuple[str, str, Any, Any]
    deadline_s: float


@dataclass
class _Observer:
    """Hooks the metrics layer attaches; defaults do nothing so the pool works standalone."""

    on_result: Callable[[str, str, float], None] = lambda verifier, status, seconds: None
    on_restart: Callable[[str], None] = lambda reason: None
    on_queue: Callable[[int], None] = lambda depth: None


class WorkerPool:
    def __init__(self, settings: Settings, observer: _Observer | None = None) -> None:
        self.settings = settings
        self.observer = observer or _Observer()
        self._cond = threading.Condition()
        self._queue: collections.deque[_Job] = collections.deque()
        self._outstanding = 0
        self._closing = False
        self.zygote = Zygote(settings)
        self._slots = [_Slot(self, i) for i in range(settings.workers)]
        self.restarts = 0

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        for slot in self._slots:
            slot.start()

    def wait_ready(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        for slot in self._slots:
            if not slot.warmed_once.wait(max(0.0, end - time.monotonic())):
                return False
        return True

    @property
    def ready(self) -> bool:
        """Every worker warmed at least once and at least one is up now."""
        return all(s.warmed_once.is_set() for s in self._slots) and any(
            s.alive for s in self._slots
        )

    def worker_pids(self) -> list[int]:
        return [s.pid for s in self._slots if s.pid is not None]

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._closing = True
            leftover = list(self._queue)
            self._queue.clear()
            self._cond.notify_all()
        for job in leftover:
            self._finish(job, _error_result("server is shutting down", 0.0))
        for slot in self._slots:
            slot.join(timeout)
        for slot in self._slots:
            slot.stop_worker(kill=True)
        self.zygote.close()

    # ---- submission ------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        return self._outstanding

    def submit(
        self, items: Sequence[dict[str, Any]], on_done: Callable[[list[ItemResult]], None]
    ) -> _Batch:
        """Queue `items` (dicts with id, verifier, response, ground_truth, config?).
        Raises QueueFull when they do not fit; `on_done` gets results in request order."""
        batch = _Batch([str(it["id"]) for it in items], [None] * len(items), len(items), on_done)
        jobs = [
            _Job(
                batch,
                i,
                it["verifier"],
                (it["verifier"], it["response"], it["ground_truth"], it.get("config")),
                item_deadline(self.settings, it["verifier"], it["ground_truth"], it.get("config")),
            )
            for i, it in enumerate(items)
        ]
        with self._cond:
            if self._closing:
                raise PoolClosed("the worker pool is shut down")
            if self._outstanding + len(jobs) > self.settings.max_queue:
                raise QueueFull(
                    f"{self._outstanding} items outstanding; max_queue={self.settings.max_queue}"
                )
            self._outstanding += len(jobs)
            self._queue.extend(jobs)
            self._cond.notify_all()
            depth = self._outstanding
        self.observer.on_queue(depth)
        if not jobs:
            on_done([])
        return batch

    async def ascore(self, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[list[ItemResult]] = loop.create_future()

        def done(results: list[ItemResult]) -> None:
            loop.call_soon_threadsafe(_set_once, fut, results)

        batch = self.submit(items, done)
        try:
            return await fut
        except asyncio.CancelledError:
            batch.cancelled = True  # client went away: skip what has not started yet
            raise

    def score(
        self, items: Sequence[dict[str, Any]], block_when_full: bool = True
    ) -> list[ItemResult]:
        """Synchronous scoring (CLI, benchmarks). Waits for room instead of raising QueueFull."""
        event = threading.Event()
        box: list[list[ItemResult]] = []

        def done(results: list[ItemResult]) -> None:
            box.append(results)
            event.set()

        while True:
            try:
                self.submit(items, done)
                break
            except QueueFull:
                if not block_when_full:
                    raise
                time.sleep(0.05)
        event.wait()
        return box[0]

    # ---- slot side -------------------------------------------------------------------------
    def _take(self, n_workers: int) -> list[_Job] | None:
        with self._cond:
            while not self._queue and not self._closing:
                self._cond.wait()
            if self._closing:
                return None
            share = -(-len(self._queue) // n_workers)  # ceil: small batches still spread out
            take = max(1, min(self.settings.chunk_size, share))
            chunk: list[_Job] = []
            while self._queue and len(chunk) < take:
                job = self._queue.popleft()
                if job.batch.cancelled:
                    self._finish_locked(job, _error_result("request cancelled", 0.0))
                    continue
                chunk.append(job)
            # keep a GRPO group (same task, consecutive) on one worker: its caches of the gold
            # parse and of (gold, answer) verdicts then serve the whole group. Only while there
            # is plenty of other work, so a lone group is still spread over all workers.
            limit = take * 4
            while chunk and len(self._queue) > n_workers * limit and len(chunk) < limit:
                head, last = self._queue[0], chunk[-1]
                if head.batch.cancelled or not _same_task(head, last):
                    break
                chunk.append(self._queue.popleft())
            return chunk

    def _requeue(self, jobs: list[_Job]) -> None:
        with self._cond:
            self._queue.extendleft(reversed(jobs))
            self._cond.notify_all()

    def _finish(self, job: _Job, result: ItemResult) -> None:
        with self._cond:
            callback = self._finish_locked(job, result)
        if callback is not None:
            callback()
        self.observer.on_result(job.verifier, result["status"], result["elapsed_ms"] / 1000.0)

    def _finish_locked(self, job: _Job, result: ItemResult) -> Callable[[], None] | None:
        batch = job.batch
        batch.results[job.index] = {"id": batch.ids[job.index], **result}
        batch.remaining -= 1
        self._outstanding -= 1
        self.observer.on_queue(self._outstanding)
        if batch.remaining == 0:
            results = [r for r in batch.results if r is not None]
            return lambda: batch.on_done(results)
        return None


def _same_task(a: _Job, b: _Job) -> bool:
    return a.payload[0] == b.payload[0] and a.payload[2] == b.payload[2]


def _set_once(fut: asyncio.Future[list[ItemResult]], value: list[ItemResult]) -> None:
    if not fut.done():
        fut.set_result(value)


def _error_result(detail: str, seconds: float, status: str = "error") -> ItemResult:
    return {"reward": None, "status": status, "detail": detail, "elapsed_ms": seconds * 1000.0}


class _Slot(threading.Thread):
    """Owns one worker process; replaces it after a kill, a crash or `worker_max_items`."""

    def __init__(self, pool: WorkerPool, index: int) -> None:
        super().__init__(name=f"reward-slot-{index}", daemon=True)
        self.pool = pool
        self.conn: Connection | None = None
        self.pid: int | None = None
        self.alive = False
        self.items_done = 0
        self.warmed_once = threading.Event()

    def run(self) -> None:
        n = len(self.pool._slots)
        while not self.pool._closing:
            if not self.alive and not self._spawn():
                time.sleep(1.0)
                continue
            chunk = self.pool._take(n)
            if chunk is None:
                break
            try:
                self._run_chunk(chunk)
            except Exception:  # a bug here must cost one chunk, never a hung request
                log.exception("slot failed; replacing its worker")
                self._lost("slot error", "crashed")
                for job in chunk:
                    if job.batch.results[job.index] is None:
                        self.pool._finish(job, _error_result("internal error in the pool", 0.0))
                continue
            limit = self.pool.settings.worker_max_items
            if self.alive and limit and self.items_done >= limit:
                self.stop_worker(kill=False)
                self.pool.restarts += 1
                self.pool.observer.on_restart("recycled")
        self.stop_worker(kill=False)

    def _spawn(self) -> bool:
        try:
            pid, conn = self.pool.zygote.fork()
        except (ZygoteError, OSError, ValueError) as exc:
            log.error("cannot start a worker: %s", exc)
            return False
        self.pid, self.conn, self.alive, self.items_done = pid, conn, True, 0
        self.warmed_once.set()
        return True

    def _run_chunk(self, chunk: list[_Job]) -> None:
        assert self.conn is not None  # run() only calls this with a live worker
        try:
            self.conn.send([job.payload for job in chunk])
        except (OSError, ValueError) as exc:  # worker died between chunks
            self._lost(f"send failed: {exc}", "crashed")
            self.pool._requeue(chunk)
            return
        for i, job in enumerate(chunk):
            start = time.monotonic()
            ready = self.conn.poll(job.deadline_s)
            if not ready:
                waited = time.monotonic() - start
                self._lost(
                    f"item {job.batch.ids[job.index]!r} exceeded {job.deadline_s:g}s", "timeout"
                )
                detail = f"verification exceeded its {job.deadline_s:g}s deadline; worker killed"
                self.pool._finish(job, _error_result(detail, waited, "timeout"))
                self.pool._requeue(chunk[i + 1 :])
                return
            try:
                reward, status, detail, info, seconds = self.conn.recv()
            except Exception:  # EOF = died; anything else = garbled reply: same remedy
                how = describe_exit(self.pool.zygote.wait(self.pid or 0, 1.0))
                self._lost(f"died on item {job.batch.ids[job.index]!r} ({how})", "crashed")
                self.pool._finish(
                    job, _error_result(f"worker process died ({how})", time.monotonic() - start)
                )
                self.pool._requeue(chunk[i + 1 :])
                return
            result: ItemResult = {
                "reward": reward,
                "status": status,
                "detail": detail,
                "elapsed_ms": seconds * 1000.0,
            }
            if info:
                result["info"] = info
            self.items_done += 1
            self.pool._finish(job, result)

    def _lost(self, why: str, reason: str) -> None:
        log.warning("replacing worker pid=%s: %s", self.pid, why)
        self.stop_worker(kill=True)
        self.pool.restarts += 1
        self.pool.observer.on_restart(reason)

    def stop_worker(self, kill: bool) -> None:
        pid, conn = self.pid, self.conn
        self.alive = False
        self.conn = self.pid = None
        if pid is None or conn is None:
            return
        if not kill:
            try:
                conn.send(None)
            except (OSError, ValueError):
                kill = True
        if kill or self.pool.zygote.wait(pid, 2.0) is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.pool.zygote.wait(pid, 5.0)
        conn.close()
