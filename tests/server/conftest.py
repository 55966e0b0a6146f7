"""Fixtures: real `prorl serve` processes on free ports (started once per session).

`reward_server_url` is the shared service (2 workers, the misbehaving test verifiers plugged
in through PRORL_EXTRA_VERIFIER_MODULES); `tight_server_url` has a tiny queue, one worker and
fast recycling, for backpressure and recycling tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reward_server.launch import start_server

HERE = Path(__file__).resolve().parent
PLUGIN_ENV = {"PRORL_EXTRA_VERIFIER_MODULES": "server_test_verifiers", "PYTHONPATH": str(HERE)}


@pytest.fixture(scope="session")
def reward_server_url() -> Iterator[str]:
    env = {
        **PLUGIN_ENV,
        "PRORL_DEADLINE_S": "1.5",
        "PRORL_MAX_BODY_BYTES": str(4 * 1024 * 1024),
        "PRORL_MAX_ITEMS_PER_REQUEST": "256",
        "PRORL_MAX_QUEUE": "2048",
        "PRORL_WORKER_MEMORY_MB": "2048",
    }
    with start_server(workers=2, env=env) as url:
        yield url


@pytest.fixture(scope="session")
def tight_server_url() -> Iterator[str]:
    env = {
        **PLUGIN_ENV,
        "PRORL_MAX_QUEUE": "4",
        "PRORL_MAX_ITEMS_PER_REQUEST": "4",
        "PRORL_WORKER_MAX_ITEMS": "3",
        "PRORL_RETRY_AFTER_S": "1",
    }
    with start_server(workers=1, env=env) as url:
        yield url
