"""Scoring rollouts through the reward service, overlapped with generation.

Why a background thread: scoring is network + verifier time and generation is model time; with
a future per chunk the trainer submits chunk k for scoring and immediately generates chunk k+1.

Failure policy: a reward of None means "could not grade"; such samples are masked, never read
as 0. When a *whole* batch comes back None the service is down (or restarting): the batch is
retried until `reward.grace_s` has passed, then training stops with a message naming the URLs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from trainer.config import RewardConfig

log = logging.getLogger(__name__)
Item = dict[str, Any]


class RewardServiceUnavailable(RuntimeError):
    """The service stayed unreachable for longer than the configured grace period, or it
    rejected the request itself (a 4xx: retrying cannot help)."""


@dataclass
class Scored:
    results: list[Item]
    waited_s: float
    """Time spent waiting for an unreachable service (0 when it answered at once)."""


def _local_backend() -> Callable[[list[Item]], list[Item]]:
    """In-process scoring with the same verifier library the service runs (tests, debugging)."""
    from reward_server.verifiers import score

    def run(items: list[Item]) -> list[Item]:
        out = []
        for it in items:
            t0 = time.perf_counter()
            v = score(it["verifier"], it["response"], it["ground_truth"], it.get("config"))
            out.append(
                {
                    "id": it["id"],
                    "reward": v.reward,
                    "status": str(getattr(v.status, "value", v.status)),
                    "detail": v.detail,
                    "elapsed_ms": (time.perf_counter() - t0) * 1000,
                }
            )
        return out

    return run


def _http_backend(cfg: RewardConfig) -> Callable[[list[Item]], list[Item]]:
    from reward_server.client import RewardClient

    client = RewardClient(
        cfg.urls if len(cfg.urls) > 1 else cfg.urls[0],
        timeout=cfg.timeout_s,
        max_retries=cfg.max_retries,
        batch_size=cfg.batch_size,
    )
    return lambda items: list(client.score(items))


class RewardScorer:
    def __init__(
        self,
        cfg: RewardConfig,
        backend: Callable[[list[Item]], list[Item]] | None = None,
    ) -> None:
        self.cfg = cfg
        if backend is None:
            backend = _local_backend() if cfg.urls == ["local"] else _http_backend(cfg)
        self.backend = backend
        self.pool = ThreadPoolExecutor(max_workers=1)

    def score(self, items: list[Item]) -> Scored:
        """Blocking scoring with the grace-period retry (see module doc)."""
        if not items:
            return Scored([], 0.0)
        start = time.monotonic()
        attempt = 0
        while True:
            try:
                results = self.backend(items)
            except ValueError as exc:  # the client's RequestRejected: a 4xx names the problem
                raise RewardServiceUnavailable(
                    f"reward service at {', '.join(self.cfg.urls)} rejected the request: {exc}"
                ) from None
            except Exception as exc:  # the client should not raise, but a proxy might
                log.warning("reward scoring raised %s: %s", type(exc).__name__, exc)
                results = [{"id": it["id"], "reward": None, "status": "error"} for it in items]
            if any(r.get("reward") is not None for r in results):
                waited = time.monotonic() - start if attempt else 0.0
                return Scored(results, waited)
            elapsed = time.monotonic() - start
            if elapsed > self.cfg.grace_s:
                raise RewardServiceUnavailable(
                    f"reward service at {', '.join(self.cfg.urls)} returned no reward for "
                    f"{len(items)} items for {elapsed:.0f}s (reward.grace_s={self.cfg.grace_s:g});"
                    f" last status: {results[0].get('status')} {results[0].get('detail', '')}"
                )
            attempt += 1
            if attempt == 1:
                log.warning(
                    "reward service gave no rewards; retrying for up to %gs", self.cfg.grace_s
                )
            time.sleep(self.cfg.retry_wait_s)

    def submit(self, items: list[Item]) -> Future[Scored]:
        if not self.cfg.overlap:
            fut: Future[Scored] = Future()
            try:
                fut.set_result(self.score(items))
            except Exception as exc:
                fut.set_exception(exc)
            return fut
        return self.pool.submit(self.score, items)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
