"""The docker backend runs the same runner in a locked-down container. No engine is reachable in
the development container, so these skip there with the reason; CI with docker runs them."""

from __future__ import annotations

import json
import socket
import struct
import time

import pytest

from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.docker_backend import DOCKERFILE, DockerChannel, DockerSandbox, docker_available

pytestmark = pytest.mark.docker


def test_dockerfile_ships_the_runner():
    text = DOCKERFILE.read_text()
    from sandboxes.local import RUNNER_FILES

    copy = next(line for line in text.splitlines() if line.startswith("COPY runner.py"))
    assert copy.split()[1:-1] == sorted(RUNNER_FILES) and "site-packages" in text


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


def test_docker_stream_demultiplexing_without_an_engine():
    """The attach stream interleaves stdout (type 1) and stderr (type 2) in 8-byte-header
    frames; the channel must reassemble the runner's own length-prefixed JSON from stdout only,
    even when a frame is split across docker frames."""
    ours, theirs = socket.socketpair()
    body = json.dumps({"ready": True, "python": "3.11"}).encode()
    framed = struct.pack(">I", len(body)) + body

    def docker_frame(kind: int, payload: bytes) -> bytes:
        return bytes([kind, 0, 0, 0]) + struct.pack(">I", len(payload)) + payload

    theirs.sendall(
        docker_frame(2, b"noise on stderr")
        + docker_frame(1, framed[:3])
        + docker_frame(2, b"more noise")
        + docker_frame(1, framed[3:])
    )
    chan = DockerChannel(container=None, sock=ours)
    assert chan.recv(time.monotonic() + 5) == {"ready": True, "python": "3.11"}
    chan.send({"op": "run"})
    (n,) = struct.unpack(">I", theirs.recv(4))
    assert json.loads(theirs.recv(n)) == {"op": "run"}
    chan.forget()
    theirs.close()
