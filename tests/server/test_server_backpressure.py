"""Backpressure (429 + Retry-After, honoured by the client) and worker recycling, on a server
with a 4-item queue, one worker and recycling after 3 items."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from reward_server.client import RewardClient

pytestmark = pytest.mark.timeout(120)


def slow(i: int, seconds: float = 1.0) -> dict:
    return {
        "id": str(i),
        "verifier": "t_echo",
        "response": "yes",
        "ground_truth": {"answer": "yes"},
        "config": {"seconds": seconds},
    }


def test_full_queue_is_429_with_retry_after_and_client_waits(tight_server_url: str) -> None:
    first = threading.Thread(
        target=httpx.post,
        args=(f"{tight_server_url}/v1/score",),
        kwargs={"json": {"items": [slow(i, 1.0) for i in range(4)]}, "timeout": 30},
    )
    first.start()
    end = time.monotonic() + 20
    while "prorl_reward_queue_depth 4.0" not in httpx.get(f"{tight_server_url}/metrics").text:
        assert time.monotonic() < end, "the first request never filled the queue"
        time.sleep(0.05)
    # the queue now holds 4 items: nothing else fits
    r = httpx.post(f"{tight_server_url}/v1/score", json={"items": [slow(9, 0)]}, timeout=30)
    assert r.status_code == 429, r.text
    assert r.headers["retry-after"] == "1"
    assert r.json()["errors"][0]["field"] == "items"
    client = RewardClient(tight_server_url, batch_size=4, max_retries=8)
    res = client.score([slow(i, 0) for i in range(4)])  # retries after Retry-After
    assert [x["status"] for x in res] == ["correct"] * 4
    first.join()
    assert (
        'prorl_reward_rejected_requests_total{code="429"}'
        in httpx.get(f"{tight_server_url}/metrics").text
    )


def test_workers_are_recycled_after_k_items(tight_server_url: str) -> None:
    pids = []
    for i in range(7):
        r = httpx.post(f"{tight_server_url}/v1/score", json={"items": [slow(i, 0)]}, timeout=30)
        pids.append(r.json()["results"][0]["info"]["pid"])
    assert len(set(pids)) >= 2  # a fresh worker after every 3 items
    assert (
        'prorl_reward_worker_restarts_total{reason="recycled"}'
        in httpx.get(f"{tight_server_url}/metrics").text
    )


def test_too_many_items_names_the_field(tight_server_url: str) -> None:
    r = httpx.post(f"{tight_server_url}/v1/score", json={"items": [slow(i, 0) for i in range(5)]})
    assert r.status_code == 413
    assert r.json()["errors"][0]["field"] == "items"
