"""The slot's memory cgroup (sandboxes/cgroup.py): what rlimits cannot bound — forked children
with a full RLIMIT_AS each, memory written into memfds — is bounded for the slot as a whole,
the program (not the runner) is what the OOM killer takes, and the slot keeps grading."""

from __future__ import annotations

import os
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
    if not sb.cgroups or sb.cgroups[0].memory is None:
        sb.close()
        pytest.skip("no writable memory cgroup on this host (the backend runs on rlimits only)")
    yield sb
    sb.close()


def _peak_mb(sb: LocalSandbox) -> float:
    peak = sb.cgroups[0].peak_bytes()
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
    cg = sb.cgroups.get(0)
    if cg is None:
        sb.close()
        pytest.skip("no writable cgroup on this host")
    assert cg.dirs and all(d.is_dir() for d in cg.dirs)
    sb.close()
    assert not any(d.exists() for d in cg.dirs)


BUSY_CHILDREN = """
import os, time
def f():
    start = time.time()
    for _ in range(4):
        if os.fork() == 0:
            while time.time() < start + 1.0:
                pass
            os._exit(0)
    for _ in range(4):
        os.wait()
    t = os.times()
    return round((t.children_user + t.children_system) / (time.time() - start), 2)
"""


def test_forked_busy_children_share_the_slots_cpu_quota():
    """Four spinning children get one core's worth of CPU between them (`cpu_limit` 1.0), not
    every core of the host until the deadline."""
    why = sandbox_unavailable()
    if why:
        pytest.skip(why)
    sb = LocalSandbox(slots=1)
    try:
        sb.warm_up()
        if 0 not in sb.cgroups or len(os.sched_getaffinity(0)) < 2:
            pytest.skip("needs a writable cpu cgroup and 2+ CPUs")
        res = sb.run(Program(BUSY_CHILDREN), TestSuite.call("f", [CallTest([], 0)]), LIM)
        cores = float(res.tests[0].detail.removeprefix("got "))
        assert cores <= 1.3, cores
        healthy(sb)
    finally:
        sb.close()


def test_only_programs_are_in_the_slot_cgroup(small):
    """The runner (zygote, supervisor) stays outside: it is never the OOM killer's victim nor
    slowed by the quota. A program finds itself inside; between programs the cgroup is empty."""
    src = "def f():\n    return 'prorl-slot-' in open('/proc/self/cgroup').read()\n"
    res = small.run(Program(src), TestSuite.call("f", [CallTest([], True)]), LIM)
    assert res.passed == 1, res
    for d in small.cgroups[0].dirs:
        assert (d / "cgroup.procs").read_text().split() == []


def test_a_host_that_refuses_the_join_gets_rlimits_only_not_a_broken_sandbox(monkeypatch):
    """Some nested containers let us create cgroups but not move into them. The runner's probe
    finds out before any program runs; the backend then drops the cgroups (as on a host with
    none) instead of failing every request."""
    why = sandbox_unavailable()
    if why:
        pytest.skip(why)

    def read_only_fds(self: cgroup.SlotCgroup) -> list[int]:
        fds = [os.open(d / "cgroup.procs", os.O_RDONLY) for d in self.dirs]  # writes fail
        for fd in fds:
            os.set_inheritable(fd, True)
        return fds

    probe = cgroup.create(64 << 20, None)
    if probe is None:
        pytest.skip("no writable cgroup on this host")
    probe.remove()
    monkeypatch.setattr(cgroup.SlotCgroup, "open_fds", read_only_fds)
    sb = LocalSandbox(slots=1)
    try:
        res = sb.run(Program(ADD), TestSuite.call("add", [CallTest([1, 2], 3)]), LIM)
        assert res.passed == 1, res
        assert sb.cgroups == {} and sb.memory_limit_mb is None
    finally:
        sb.close()


ADD = "def add(a, b):\n    return a + b\n"
