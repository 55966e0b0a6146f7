"""The zygote design of the warm runner (sandboxes/runner.py, runner_supervise.py): programs are
forked from a pristine process that never reads a request, one process per program, and the
zygote's own plumbing (its socket, its SIGCHLD handler and wakeup fd) never reaches a program."""

from __future__ import annotations

import os

from sandbox_helpers import healthy

from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.local import LocalSandbox

LIM = Limits(time_s=3.0, memory_mb=512)

ECHO_SECRET = "import sys\nprint(sys.stdin.read().strip()[::-1])\n"
# input "24KRAMTUPNI" -> stdout "INPUTMARK42"; neither marker is written literally in any source
SCAN_ALL = """
import ctypes
def f():
    pats = [bytes.fromhex("494e5055544d41524b3432"), bytes.fromhex("32344b52414d5455504e49")]
    own = {id(p) + 32 for p in pats}  # these bytes objects' own data (CPython 3.11 layout)
    hits = 0
    for line in open("/proc/self/maps"):
        parts = line.split()
        if not parts[1].startswith("rw"):
            continue
        lo, hi = (int(x, 16) for x in parts[0].split("-"))
        if len(parts) >= 6 and parts[5] in ("[vvar]", "[vsyscall]"):
            continue
        try:
            data = ctypes.string_at(lo, hi - lo)
        except Exception:
            continue
        for pat in pats:
            at = data.find(pat)
            while at >= 0:
                hits += lo + at not in own
                at = data.find(pat, at + 1)
    return hits
"""


def test_no_mapping_of_the_next_program_holds_the_previous_ones_input_or_output() -> None:
    """Stronger than the red team's heap scan: every writable mapping (pymalloc arenas are
    anonymous mmaps, not [heap]) of the next program is free of the previous program's stdin
    and stdout, because its process was forked from the zygote, which never saw either."""
    sb = LocalSandbox(slots=1)
    try:
        first = sb.run(Program(ECHO_SECRET), TestSuite.stdio([("24KRAMTUPNI", "INPUTMARK42")]), LIM)
        assert first.passed == 1, first
        res = sb.run(Program(SCAN_ALL), TestSuite.call("f", [CallTest([], 0)]), LIM)
        assert res.passed == 1, res.tests[0].detail
        healthy(sb)
    finally:
        sb.close()


PID_PROBE = "import os\ndef f():\n    return os.getpid()\n"


def test_one_process_per_program() -> None:
    """The cost model: each program is exactly one fork inside the slot's PID namespace (the
    zygote's blank child); no per-request handler process. PIDs in a fresh namespace are
    handed out in order, so consecutive programs' PIDs differ by exactly one."""
    sb = LocalSandbox(slots=1)
    try:
        pids: list[int] = []
        for _ in range(4):
            res = sb.run(Program(PID_PROBE), TestSuite.call("f", [CallTest([], -1)]), LIM)
            assert res.tests[0].status.value == "wrong_answer", res  # the value is the pid
            pids.append(int(res.tests[0].detail.removeprefix("got ")))
        assert [b - a for a, b in zip(pids[:-1], pids[1:], strict=True)] == [1, 1, 1], pids
    finally:
        sb.close()


PLUMBING = """
import os, signal, subprocess, sys
def f():
    fds = sorted(int(x) for x in os.listdir("/proc/self/fd"))
    sigchld_default = signal.getsignal(signal.SIGCHLD) == signal.SIG_DFL
    wakeup = signal.set_wakeup_fd(-1)
    rc = subprocess.run([sys.executable, "-S", "-c", "pass"]).returncode
    return [fds, sigchld_default, wakeup, rc]
"""


def test_zygote_plumbing_does_not_reach_the_program(sandbox: LocalSandbox) -> None:
    """Only fds 0-3 (and listdir's own) are open, SIGCHLD is back to default (subprocess and
    os.wait need it), and the zygote's signal wakeup fd is unset."""
    suite = TestSuite.call("f", [CallTest([], [[0, 1, 2, 3, 4], True, -1, 0])])
    res = sandbox.run(Program(PLUMBING), suite, LIM)
    assert res.passed == 1, res.tests[0].detail
    healthy(sandbox)


AFFINITY = "import os\ndef f():\n    return sorted(os.sched_getaffinity(0))\n"


def test_pinned_slots_run_their_programs_on_their_own_cpu() -> None:
    """`pin=True`: slot i's runner, and so every program it forks, is bound to the i-th
    allowed CPU (round robin); unpinned programs may use them all."""
    cpus = sorted(os.sched_getaffinity(0))
    sb = LocalSandbox(slots=2, pin=True)
    free = LocalSandbox(slots=1)
    try:
        seen = set()
        for _ in range(6):
            res = sb.run(Program(AFFINITY), TestSuite.call("f", [CallTest([], None)]), LIM)
            seen.add(res.tests[0].detail.removeprefix("got "))
        want = {f"[{cpus[i % len(cpus)]}]" for i in range(2)}
        assert seen <= want and seen, (seen, want)
        res = free.run(Program(AFFINITY), TestSuite.call("f", [CallTest([], cpus)]), LIM)
        assert res.passed == 1, res
    finally:
        sb.close()
        free.close()
