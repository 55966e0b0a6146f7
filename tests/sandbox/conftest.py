"""Fixtures for the sandbox tests: one warm local pool per session, shared with the verifier."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # sandbox_helpers, whatever the import mode

from sandbox_helpers import SECRET, sandbox_unavailable  # noqa: E402

from reward_server.verifiers.code import use_sandbox  # noqa: E402
from sandboxes.local import LocalSandbox  # noqa: E402

os.environ["PRORL_SANDBOX_TEST_SECRET"] = SECRET  # set before any runner starts


@pytest.fixture(scope="session")
def sandbox() -> Iterator[LocalSandbox]:
    why = sandbox_unavailable()
    if why:
        pytest.skip(why)
    sb = LocalSandbox(slots=4)  # latency-bound: more slots than cores keeps both cores busy
    sb.warm_up()
    previous = use_sandbox(sb)
    yield sb
    use_sandbox(previous)
    sb.close()
