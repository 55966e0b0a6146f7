"""Red-team attacks added after the first security pass (engineer J): one test per attack.

Each test states whether the attack found a hole that was then fixed (HOLE) or was already
stopped (HELD). The common rule: a program must neither earn reward it did not deserve, nor turn
its 0 into an ungraded `error` verdict (reward None, which a trainer may simply drop), nor learn
anything about another program, nor leave the pool unhealthy.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from sandbox_helpers import assert_healthy, run_both, sandbox_processes

from reward_server.verifiers import score
from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.compare import stdio_equal, values_equal
from sandboxes.local import LocalSandbox

LIM = Limits(time_s=3.0, memory_mb=512)
VIA = pytest.mark.parametrize("via", ["sandbox", "verifier"])


def statuses(raw: object) -> list[str]:
    tests = getattr(raw, "tests", None)
    if tests is not None:
        return [t.status.value for t in tests]
    return [t["status"] for t in raw.info.get("tests", [])]  # type: ignore[attr-defined]


def healthy(sb: LocalSandbox) -> None:
    assert_healthy(sb)
    assert sandbox_processes() == []


NESTED_FRAME = """
import os, struct
def f():
    body = b"[" * 200000 + b"]" * 200000
    os.write(3, struct.pack(">I", len(body)) + body)
    return 1
"""


@VIA
def test_deeply_nested_result_frame_is_a_runtime_error(sandbox, via):
    """HOLE (fixed): a frame nested past the runner's recursion limit raised RecursionError in
    the runner, which answered `error` (reward None) and left the program's process running."""
    suite = TestSuite.call("f", [CallTest([], 2), CallTest([], 2)])
    reward, raw = run_both(sandbox, via, NESTED_FRAME, suite, LIM)
    assert reward == 0.0, raw
    assert statuses(raw)[0] == "runtime_error", raw
    healthy(sandbox)


@VIA
def test_int_too_large_for_a_float_is_wrong_not_an_error(sandbox, via):
    """HOLE (fixed): `10**400` against a float expected with a tolerance raised OverflowError in
    the trusted comparator, so the verifier answered `error` instead of 0 (and `Sandbox.run`
    raised). Both tolerance paths: the per-test `abs_tol` and the suite's `float_tol`."""
    src = "def f():\n    return 10**400\n"
    suite = TestSuite.call("f", [CallTest([], 0.5, {}, 1e-6)])
    reward, raw = run_both(sandbox, via, src, suite, LIM)
    assert reward == 0.0 and statuses(raw) == ["wrong_answer"], raw
    if via == "sandbox":
        limits = Limits(time_s=3.0, memory_mb=512, float_tol=1e-6)
        res = sandbox.run(Program(src), TestSuite.call("f", [CallTest([], 0.5)]), limits)
        assert statuses(res) == ["wrong_answer"], res


def test_comparators_reject_huge_and_non_finite_numbers():
    assert values_equal(10**400, 1.0, 1e-6) is False
    assert values_equal(10**400, 10**400, 1e-6) is True
    for got in ("nan", "inf", "-inf", "1e309", "Infinity"):
        assert stdio_equal(got, "1e308", float_tol=1e-6) is False, got
    assert stdio_equal("\uff11", "1") is False  # full-width digit is not the digit


def test_total_output_across_tests_is_capped(sandbox):
    """HOLE (fixed): each test may print up to `output_bytes`, but nothing capped the sum: 100
    stdio tests x 8 MiB made a 600 MB runner response, rejected by the caller (`error`). Now all
    tests of a task share 4 x `output_bytes`; later tests get output_limit."""
    limits = Limits(time_s=10.0, memory_mb=512, output_bytes=1 << 20)
    src = "import sys\nsys.stdout.write('y' * 900_000)\n"
    res = sandbox.run(Program(src), TestSuite.stdio([("", "1")] * 8), limits)
    got = [t.status.value for t in res.tests]
    assert got[:4] == ["wrong_answer"] * 4 and got[5:] == ["output_limit"] * 3, got
    call_src = "def f():\n    return 'y' * 900_000\n"
    suite = TestSuite.call("f", [CallTest([], "y")] * 8)
    got = [t.status.value for t in sandbox.run(Program(call_src), suite, limits).tests]
    assert got[:4] == ["wrong_answer"] * 4 and got[5:] == ["output_limit"] * 3, got
    healthy(sandbox)


PRINT_MARK = "print('LEAK' + 'MARK' + str(6 * 7))\n"
SCAN_HEAP = """
import ctypes
def f():
    pat = bytes.fromhex("4c45414b4d41524b3432")  # the previous program's stdout
    own = id(pat) + 32  # this bytes object's own data (CPython 3.11 layout)
    hits = 0
    for line in open("/proc/self/maps"):
        parts = line.split()
        if not parts[1].startswith("rw") or (len(parts) >= 6 and parts[5] != "[heap]"):
            continue
        lo, hi = (int(x, 16) for x in parts[0].split("-"))
        data = ctypes.string_at(lo, hi - lo)
        at = data.find(pat)
        while at >= 0:
            hits += lo + at != own
            at = data.find(pat, at + 1)
    return hits
"""


def test_next_program_cannot_read_the_previous_programs_output():
    """HOLE (fixed): children were forked from the runner that had handled every earlier request,
    so the next program could scan its inherited heap for the previous program's stdout (for a
    correct rollout of the same task, that is the expected output). Each request is now handled
    by a throwaway fork of a runner that never reads one."""
    sb = LocalSandbox(slots=1)  # one slot: both programs certainly run in the same runner
    try:
        first = sb.run(Program(PRINT_MARK), TestSuite.stdio([("", "LEAKMARK42")]), LIM)
        assert first.passed == 1, first
        res = sb.run(Program(SCAN_HEAP), TestSuite.call("f", [CallTest([], 0)]), LIM)
        assert res.passed == 1, res.tests[0].detail
        healthy(sb)
    finally:
        sb.close()


PROC_PROBE = """
import ctypes, os
def f():
    seen = []
    for path in ("/proc/1/environ", "/proc/2/environ", "/proc/2/maps", "/proc/2/mem",
                 "/proc/1/root/etc/passwd", "/proc/2/root/tmp", "/proc/2/fd/0"):
        try:
            open(path, "rb").read(16)
            seen.append(path)
        except OSError:
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    attached = [pid for pid in (1, 2) if libc.ptrace(16, pid, 0, 0) == 0]  # PTRACE_ATTACH
    return [seen, attached]
"""


@VIA
def test_runner_memory_fds_and_ptrace_are_out_of_reach(sandbox, via):
    """HELD: the runner and the namespace's init are root; the slot uid can read neither their
    environment, memory, maps nor fds, and cannot ptrace them."""
    reward, raw = run_both(
        sandbox, via, PROC_PROBE, TestSuite.call("f", [CallTest([], [[], []])]), LIM
    )
    assert reward == 1.0, raw
    healthy(sandbox)


WRITER = """
import os, time
def f(tag):
    for path in (tag, "/tmp/" + tag, "/dev/shm/" + tag):
        with open(path, "w") as fh:
            fh.write(tag)
    time.sleep(1.0)
    return "wrote"
"""
READER = """
import os, time
def f(tag):
    time.sleep(0.3)
    found = []
    for top in ("/tmp", "/dev/shm", "/proc"):
        for root, dirs, files in os.walk(top):
            if root.startswith("/proc/") and root.count("/") > 3:
                dirs[:] = []
            if tag in files:
                found.append(root)
    return found
"""


def test_other_slots_files_are_invisible(sandbox):
    """HELD: two programs running at the same time in different slots: the second cannot find
    the first's files in /tmp, its job dir or /dev/shm (each slot has private mounts)."""
    tag = "slot-secret-7f3a"
    out: dict[str, object] = {}

    def writer() -> None:
        out["w"] = sandbox.run(
            Program(WRITER), TestSuite.call("f", [CallTest([tag], "wrote")]), LIM
        )

    t = threading.Thread(target=writer)
    t.start()
    res = sandbox.run(Program(READER), TestSuite.call("f", [CallTest([tag], [])]), LIM)
    t.join()
    assert out["w"].passed == 1, out["w"]  # type: ignore[attr-defined]
    assert res.passed == 1, res.tests[0].detail
    healthy(sandbox)


RAISE_LIMITS = """
import resource
def f():
    raised = []
    for r in (resource.RLIMIT_AS, resource.RLIMIT_NPROC, resource.RLIMIT_CPU,
              resource.RLIMIT_NOFILE, resource.RLIMIT_FSIZE):
        try:
            resource.setrlimit(r, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            raised.append(r)
        except (ValueError, OSError):
            pass
    return raised
"""


def test_rlimits_cannot_be_raised_back(sandbox):
    """HELD: soft = hard for every limit, and the slot uid has no CAP_SYS_RESOURCE."""
    res = sandbox.run(Program(RAISE_LIMITS), TestSuite.call("f", [CallTest([], [])]), LIM)
    assert res.passed == 1, res.tests[0].detail


@VIA
@pytest.mark.parametrize(
    "src",
    [
        "import ctypes\ndef f():\n    return ctypes.string_at(0)\n",  # segfault
        "class E(BaseException):\n    def __str__(self):\n        raise E()\n"
        "def f():\n    raise E()\n",  # the error message itself raises
        "def f():\n    yield 2\n",  # a generator, not a value
        "import sys\nsys.set_int_max_str_digits(0)\ndef f():\n    return 10**20000\n",
    ],
    ids=["segfault", "raising_str", "generator", "huge_int"],
)
def test_crashing_or_odd_returns_earn_nothing(sandbox, via, src):
    """HELD: a C-level crash, an exception whose message raises, a generator and an int too long
    for the trusted side's JSON reader are all failures of that test; the next test still runs
    and the pool stays healthy."""
    suite = TestSuite.call("f", [CallTest([], 2), CallTest([], 2)])
    reward, raw = run_both(sandbox, via, src, suite, LIM)
    assert reward == 0.0, raw
    assert len(statuses(raw)) == 2
    healthy(sandbox)


def test_reading_stdin_forever_after_eof_ends(sandbox):
    """HELD: stdin is a memfd, so reads past its end return EOF at once (no hang until the
    deadline); `input()` then raises EOFError, a runtime error."""
    src = "while True:\n    input()\n"
    res = sandbox.run(Program(src), TestSuite.stdio([("1\n2\n", "")]), LIM)
    assert [t.status.value for t in res.tests] == ["runtime_error"]


DEEP_DIRS = """
import os
def f():
    for _ in range(3000):
        os.mkdir("d")
        os.chdir("d")
    return 1
"""
LOOK = "import os\ndef f():\n    return [sorted(os.listdir('/tmp')), os.listdir('.')]\n"


def test_deep_directory_tree_does_not_reach_the_next_program():
    """HELD: a 3000-level tree in the job dir is wiped (or the slot retired and rebuilt); the
    next program in the same slot starts from an empty /tmp."""
    sb = LocalSandbox(slots=1)
    try:
        res = sb.run(Program(DEEP_DIRS), TestSuite.call("f", [CallTest([], 0)]), LIM)
        assert [t.status.value for t in res.tests] == ["wrong_answer"]
        look = sb.run(Program(LOOK), TestSuite.call("f", [CallTest([], 0)]), LIM)
        listing = look.tests[0].detail
        assert listing.startswith("got [[") and listing.endswith(", []]"), listing
        assert listing.count("job-") == 1 and '"d"' not in listing, listing
        healthy(sb)
    finally:
        sb.close()


IPC_CREATE = """
import ctypes, os
def f():
    libc = ctypes.CDLL(None, use_errno=True)
    made = [libc.shmget(0x5EED, 1 << 20, 0o1666), libc.msgget(0x5EED, 0o1666),
            libc.semget(0x5EED, 1, 0o1666)]
    try:
        rt = ctypes.CDLL("librt.so.1", use_errno=True)
        made.append(rt.mq_open(b"/leak", os.O_CREAT | os.O_RDWR, 0o666, None))
    except OSError:
        made.append(-1)
    return made
"""
IPC_LOOK = """
def f():
    rows = 0
    for kind in ("shm", "msg", "sem"):
        rows += len(open("/proc/sysvipc/" + kind).read().splitlines()) - 1
    return rows
"""


def test_sysv_ipc_and_message_queues_cannot_outlive_the_program():
    """HOLE (fixed): SysV shared memory / message queues / semaphores and POSIX message queues
    persist in the slot's IPC namespace: a segment written by one program was read by the next,
    and filled-then-detached segments escape RLIMIT_AS. The launcher now sets the namespace's
    limits to zero before the runner starts, and the child gets RLIMIT_MSGQUEUE = 0."""
    sb = LocalSandbox(slots=1)
    try:
        made = sb.run(Program(IPC_CREATE), TestSuite.call("f", [CallTest([], [-1] * 4)]), LIM)
        assert made.passed == 1, made.tests[0].detail
        look = sb.run(Program(IPC_LOOK), TestSuite.call("f", [CallTest([], 0)]), LIM)
        assert look.passed == 1, look.tests[0].detail
        healthy(sb)
    finally:
        sb.close()


PRIVS = """
def f():
    return [line.split()[1] for line in open("/proc/self/status")
            if line.startswith(("CapEff", "CapPrm", "CapAmb", "NoNewPrivs"))]
"""


@pytest.mark.parametrize("launcher", ["bwrap", "unshare"])
def test_program_has_no_capabilities_and_no_new_privileges(launcher):
    """HOLE (fixed, `unshare` fallback): there the host's setuid-root binaries (su, mount) are
    visible and NoNewPrivs was 0; the child now sets PR_SET_NO_NEW_PRIVS itself. bwrap already
    set it and mounts /usr nosuid (HELD)."""
    if shutil.which(launcher) is None:
        pytest.skip(f"{launcher} is not installed")
    sb = LocalSandbox(slots=1, launcher=launcher)
    try:
        zero = "0000000000000000"
        suite = TestSuite.call("f", [CallTest([], [zero, zero, zero, "1"])])
        res = sb.run(Program(PRIVS), suite, LIM)
        assert res.passed == 1, res.tests[0].detail
    finally:
        sb.close()


@pytest.mark.parametrize(
    "src",
    ['def f():\n    raise ValueError("\\ud800")\n', 'raise ValueError("\\udfff")\n'],
    ids=["in_test", "at_import"],
)
def test_lone_surrogates_in_messages_cannot_break_serialisation(sandbox, src):
    """HOLE (fixed): an exception message with a lone surrogate reached `info.tests[].detail`
    verbatim; orjson (the service's renderer and the CLI's writer) refuses such strings."""
    import orjson

    verdict = score(
        "code",
        f"```python\n{src}```",
        {"style": "call", "fn_name": "f", "tests": [{"args": [], "expected": 0}]},
    )
    assert verdict.reward == 0.0, verdict
    orjson.dumps(verdict.info)
    assert "?" in verdict.info["tests"][0]["detail"]


def test_oversized_source_is_refused_before_compiling(sandbox):
    """HOLE (fixed): `compile()` runs in the trusted process under a process-wide lock; a 6 MB
    `a and a and ...` chain kept it busy for seconds. Sources over 1 Mi characters are now a
    compile error (reward 0) without being compiled."""
    src = "x = a" + " and a" * 200_000 + "\ndef f():\n    return 1\n"
    res = sandbox.run(Program(src), TestSuite.call("f", [CallTest([], 1)]), LIM)
    assert res.compile_error is not None and "too large" in res.compile_error, res
    verdict = score(
        "code",
        f"```python\n{src}```",
        {"style": "call", "fn_name": "f", "tests": [{"args": [], "expected": 1}]},
    )
    assert verdict.reward == 0.0, verdict  # (the extractor may refuse it even earlier)
