"""The slot's memory cgroup (sandboxes/cgroup.py): what rlimits cannot bound — forked children
with a full RLIMIT_AS each, memory written into memfds — is bounded for the slot as a whole,
the program (not the runner) is what the OOM killer takes, and the slot keeps grading."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_helpers import healthy, sandbox_unavailable

from sandboxes import cgroup
from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.local import LocalSandbox

LIMIT_MB = 256
LIM = Limits(time_s=10.0, memory_mb=512)

MEMFD_FLOOD = """
import os
def f():
    fds, chunk = [], b"x" * (1 << 20)
    for i in range(12):
        fd = os.memfd_create("m%d" % i)
        for _ in range(50):
            os.write(fd, chunk)
        fds.append(fd)
    return len(fds)
"""

FORKED_HOGS = """
import os, time
def f():
    pids = []
    for _ in range(4):
        pid = os.fork()
        if pid == 0:
            b = bytearray(200 << 20)
            for j in range(0, len(b), 4096):
                b[j] = 1
            time.sleep(1)
            os._exit(0)
        pids.append(pid)
    return sum(os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) == 0 for p in pids)
"""


@pytest.fixture(scope="module")
def small() -> Iterator[LocalSandbox]:
    why = sandbox_unavailable()
    if why:
        pytest.skip(why)
    sb = LocalSandbox(slots=1, memory_limit_mb=LIMIT_MB)
    sb.warm_up()
    if not sb.cgroups:
        sb.close()
        pytest.skip("no writable memory cgroup on this host (the backend runs on rlimits only)")
    yield sb
    sb.close()


def _peak_mb(sb: LocalSandbox) -> float:
    peak = cgroup.peak_bytes(sb.cgroups[0])
    assert peak is not None
    return peak / 2**20


def test_memory_written_into_memfds_is_bounded_by_the_slot(small):
    """HOLE (fixed): 60 memfds of 60 MB each pinned ~3.6 GB of host memory from one slot with
    `memory_mb` 1024 (memfd pages are not address space). Now the slot's cgroup charges them."""
    res = small.run(Program(MEMFD_FLOOD), TestSuite.call("f", [CallTest([], 12)]), LIM)
    assert [t.status.value for t in res.tests] == ["memory_limit"], res
    assert "cgroup" in res.tests[0].detail
    assert _peak_mb(small) <= LIMIT_MB + 1
    healthy(small)


def test_forked_children_cannot_add_up_past_the_slot(small):
    """HOLE (fixed): RLIMIT_AS is per process; 6 forked children of 700 MB took ~3 GB. Under the
    cgroup the children are OOM-killed at the slot's limit and the runner survives."""
    res = small.run(Program(FORKED_HOGS), TestSuite.call("f", [CallTest([], 4)]), LIM)
    assert res.tests[0].status.value == "wrong_answer", res  # not all four children survived
    assert _peak_mb(small) <= LIMIT_MB + 1
    healthy(small)


def test_the_cgroup_goes_away_with_the_pool():
    why = sandbox_unavailable()
    if why:
        pytest.skip(why)
    sb = LocalSandbox(slots=1, memory_limit_mb=LIMIT_MB)
    sb.warm_up()
    procs = sb.cgroups.get(0)
    if procs is None:
        sb.close()
        pytest.skip("no writable memory cgroup on this host")
    assert procs.parent.is_dir()
    sb.close()
    assert not procs.parent.exists()
