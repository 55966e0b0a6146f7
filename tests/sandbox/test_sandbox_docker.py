"""The docker backend runs the same runner in a locked-down container. No engine is reachable in
the development container, so these skip there with the reason; CI with docker runs them."""

from __future__ import annotations

import pytest

from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.docker_backend import DOCKERFILE, DockerSandbox, docker_available

pytestmark = pytest.mark.docker


def test_dockerfile_ships_the_runner():
    text = DOCKERFILE.read_text()
    assert "COPY runner.py /sandbox/runner.py" in text and "site-packages" in text


@pytest.fixture(scope="module")
def docker_sandbox():
    ok, why = docker_available()
    if not ok:
        pytest.skip(why)
    sb = DockerSandbox(slots=1)
    sb.build_image()
    yield sb
    sb.close()


def test_docker_backend_runs_and_isolates(docker_sandbox):
    ok = docker_sandbox.run(
        Program("def f(x):\n    return x * 2\n"), TestSuite.call("f", [CallTest([2], 4)]), Limits()
    )
    assert ok.passed == 1
    net = (
        "import socket\ndef f():\n    s = socket.socket()\n    s.settimeout(2)\n"
        "    try:\n        s.connect(('8.8.8.8', 53))\n        return 'connected'\n"
        "    except OSError:\n        return 'blocked'\n"
    )
    res = docker_sandbox.run(Program(net), TestSuite.call("f", [CallTest([], "blocked")]), Limits())
    assert res.passed == 1
