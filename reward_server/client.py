"""Python client for the reward service: batching, several replicas, retries, never a crash.

Contract: transport trouble (connection refused, timeouts, 5xx, 429 after retries) never raises;
the affected items come back as `{"status": "error", "reward": None, "detail": ...}` so a
training step can log them and carry on. A 4xx other than 429 means the *caller* built a bad
request (unknown verifier, wrong field types); retrying cannot fix that, so it raises
`RequestRejected` with the server's field errors.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Sequence
from typing import Any

import httpx
import orjson


class RequestRejected(ValueError):
    """The server refused the request as malformed (4xx other than 429)."""

    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body
        errors = body.get("errors") if isinstance(body, dict) else None
        super().__init__(f"reward server rejected the request ({status}): {errors or body}")


class _Retry(Exception):
    def __init__(self, why: str, wait_s: float | None = None) -> None:
        super().__init__(why)
        self.wait_s = wait_s


def _failed(items: Sequence[dict[str, Any]], why: str) -> list[dict[str, Any]]:
    return [
        {"id": it.get("id"), "reward": None, "status": "error", "detail": why, "elapsed_ms": 0.0}
        for it in items
    ]


class RewardClient:
    def __init__(
        self,
        base_urls: str | Sequence[str],
        timeout: float = 300.0,
        max_retries: int = 4,
        batch_size: int = 512,
        backoff: float = 0.5,
        max_backoff: float = 10.0,
    ) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        if not urls:
            raise ValueError("base_urls: give at least one URL")
        self.urls = [u.rstrip("/") for u in urls]
        self.timeout = timeout
        self.max_retries = max_retries
        self.batch_size = batch_size
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._rr = itertools.count()

    # ---- helpers ---------------------------------------------------------------------------
    def _batches(self, items: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        for i, it in enumerate(items):
            if not isinstance(it, dict) or "id" not in it:
                raise ValueError(f"items[{i}]: must be a dict with an 'id'")
        return [list(items[i : i + self.batch_size]) for i in range(0, len(items), self.batch_size)]

    def _delay(self, attempt: int, hint: float | None) -> float:
        if hint is not None:
            return min(hint, self.max_backoff)
        return min(self.max_backoff, self.backoff * 2**attempt) * (0.5 + random.random() / 2)

    @staticmethod
    def _handle(resp: httpx.Response, n: int) -> list[dict[str, Any]]:
        if resp.status_code == 200:
            results = orjson.loads(resp.content)["results"]
            if len(results) != n:
                raise _Retry(f"server returned {len(results)} results for {n} items")
            return results  # type: ignore[no-any-return]
        if resp.status_code == 429:
            try:
                wait = float(resp.headers.get("retry-after", ""))
            except ValueError:
                wait = None
            raise _Retry("429 server busy", wait)
        if resp.status_code >= 500:
            raise _Retry(f"{resp.status_code} from server")
        try:
            body = orjson.loads(resp.content)
        except orjson.JSONDecodeError:
            body = resp.text[:500]
        raise RequestRejected(resp.status_code, body)

    # ---- sync ------------------------------------------------------------------------------
    def score(self, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Score items (dicts as in POST /v1/score); results in input order."""
        out: list[dict[str, Any]] = []
        with httpx.Client(timeout=self.timeout) as http:
            for batch in self._batches(items):
                out.extend(self._score_batch(http, batch))
        return out

    def _score_batch(self, http: httpx.Client, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = orjson.dumps({"items": batch}, default=str)
        last = "no attempt made"
        for attempt in range(self.max_retries + 1):
            url = self.urls[next(self._rr) % len(self.urls)]
            try:
                resp = http.post(
                    f"{url}/v1/score", content=body, headers={"content-type": "application/json"}
                )
                return self._handle(resp, len(batch))
            except _Retry as exc:
                last, hint = f"{url}: {exc}", exc.wait_s
            except httpx.TransportError as exc:
                last, hint = f"{url}: {type(exc).__name__}: {exc}", None
            if attempt < self.max_retries:
                time.sleep(self._delay(attempt, hint))
        return _failed(batch, f"gave up after {self.max_retries + 1} attempts; last: {last}")

    # ---- async -----------------------------------------------------------------------------
    async def ascore(self, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Like `score`, with batches in flight concurrently (spread over the URLs)."""
        async with httpx.AsyncClient(timeout=self.timeout) as http:
            parts = await asyncio.gather(
                *(self._ascore_batch(http, b) for b in self._batches(items))
            )
        return [r for part in parts for r in part]

    async def _ascore_batch(
        self, http: httpx.AsyncClient, batch: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        body = orjson.dumps({"items": batch}, default=str)
        last = "no attempt made"
        for attempt in range(self.max_retries + 1):
            url = self.urls[next(self._rr) % len(self.urls)]
            try:
                resp = await http.post(
                    f"{url}/v1/score", content=body, headers={"content-type": "application/json"}
                )
                return self._handle(resp, len(batch))
            except _Retry as exc:
                last, hint = f"{url}: {exc}", exc.wait_s
            except httpx.TransportError as exc:
                last, hint = f"{url}: {type(exc).__name__}: {exc}", None
            if attempt < self.max_retries:
                await asyncio.sleep(self._delay(attempt, hint))
        return _failed(batch, f"gave up after {self.max_retries + 1} attempts; last: {last}")

    # ---- health ----------------------------------------------------------------------------
    def wait_healthy(self, deadline_s: float = 60.0) -> bool:
        """True once every URL answers /healthz 200 within `deadline_s` seconds."""
        end = time.monotonic() + deadline_s
        pending = list(self.urls)
        while pending and time.monotonic() < end:
            still = []
            for url in pending:
                try:
                    ok = httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if not ok:
                    still.append(url)
            pending = still
            if pending:
                time.sleep(0.2)
        return not pending
