"""Red-team attacks on isolation (engineer J): what a program can see or leave behind for the
next one. One test per attack; each says whether it found a hole that was then fixed (HOLE) or
was already stopped (HELD). Grading attacks are in test_sandbox_redteam_grading.py.

The rule: a program must learn nothing about another program, keep no privilege it could use
against the kernel or the host, and leave the pool healthy.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from sandbox_helpers import healthy, run_both

from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.local import LocalSandbox

LIM = Limits(time_s=3.0, memory_mb=512)
VIA = pytest.mark.parametrize("via", ["sandbox", "verifier"])


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


KEY_WRITE = """
import ctypes, os
NR = {"x86_64": 250, "aarch64": 219}[os.uname().machine] - 2  # keyctl - 2 = add_key
def f():
    libc = ctypes.CDLL(None, use_errno=True)
    return [libc.syscall(NR, b"user", b"leak", b"secret", 6, ring) > 0 for ring in (-4, -5)]
"""
KEY_READ = """
import ctypes, os
NR = {"x86_64": 250, "aarch64": 219}[os.uname().machine]
def f():
    libc = ctypes.CDLL(None, use_errno=True)
    found = []
    for ring in (-4, -5):
        key = libc.syscall(NR, 10, ring, b"user", b"leak", 0)  # KEYCTL_SEARCH
        found.append(key > 0)
    return found
"""


def test_kernel_keyrings_do_not_carry_over_to_the_next_program():
    """HOLE (fixed): the user and user-session keyrings belong to the slot uid, not to a process
    or namespace: a key added by one program was found by the next in the slot. Each child now
    clears the uid's keyrings before the program runs, and (x86_64) the seccomp filter refuses
    the keyring calls altogether."""
    if os.uname().machine not in ("x86_64", "aarch64"):
        pytest.skip("keyctl syscall number not known here")
    sb = LocalSandbox(slots=1)
    try:
        wrote = sb.run(Program(KEY_WRITE), TestSuite.call("f", [CallTest([], [False, False])]), LIM)
        # x86_64: the seccomp filter refuses add_key; elsewhere the write works but is cleared
        assert wrote.tests[0].status.value in ("accepted", "wrong_answer"), wrote.tests[0]
        found = sb.run(Program(KEY_READ), TestSuite.call("f", [CallTest([], [False, False])]), LIM)
        assert found.passed == 1, found.tests[0].detail  # nothing carried over
    finally:
        sb.close()


MANY_FILES = """
import os
def f():
    for n in range(30_000):
        os.close(os.open("f%d" % n, os.O_CREAT | os.O_WRONLY, 0o600))
    return 0
"""


def test_a_million_files_retire_the_slot_instead_of_a_long_wipe():
    """HOLE (fixed): ~10^6 empty files made the wipe helper run into its 5 s timeout after the
    program's own budget, which with a 5 s budget could push the runner past the caller's
    deadline (`error`). Past 20,000 inodes the slot is now retired at once (its tmpfs vanishes
    with the namespace). 30,000 files here keep the test quick."""
    sb = LocalSandbox(slots=1)
    try:
        sb.warm_up()
        before = sb.runner_pids()
        res = sb.run(Program(MANY_FILES), TestSuite.call("f", [CallTest([], 0)]), LIM)
        assert res.passed == 1, res.tests[0].detail
        look = sb.run(Program(LOOK), TestSuite.call("f", [CallTest([], 0)]), LIM)
        assert look.tests[0].detail.endswith(", []]"), look.tests[0].detail
        assert sb.runner_pids() != before  # retired and restarted, not wiped file by file
        healthy(sb)
    finally:
        sb.close()


NAMESPACES = """
import ctypes, os
def f():
    libc = ctypes.CDLL(None, use_errno=True)
    got = []
    for call in (lambda: libc.unshare(0x10000000),  # CLONE_NEWUSER
                 lambda: libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0),  # clone(NEWUSER|SIGCHLD)
                 lambda: libc.syscall(308, 0, 0)):  # setns
        r = call()
        if r == 0:
            os._exit(0)  # a clone child that should not exist: vanish, do not answer twice
        got.append([r, ctypes.get_errno()])
    import threading, subprocess  # threads (clone3 -> ENOSYS -> clone) and exec still work
    t = threading.Thread(target=got.append, args=["thread"])
    t.start()
    t.join()
    got.append(subprocess.run(["true"]).returncode)
    return got
"""


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the seccomp filter is x86_64 only")
@VIA
def test_user_namespaces_are_refused(sandbox, via):
    """HOLE (fixed): `unshare(CLONE_NEWUSER)` succeeded inside the sandbox, handing the program
    a namespace with full capabilities (the usual first step of a kernel exploit). The runner now
    installs a seccomp filter (after NoNewPrivs) that every program inherits: unshare, setns, clone with CLONE_NEWUSER, the
    keyring calls, bpf, userfaultfd, perf_event_open and io_uring_setup answer EPERM; clone3
    answers ENOSYS so glibc falls back to clone (threads keep working)."""
    expected = [[-1, 1], [-1, 1], [-1, 1], "thread", 0]
    reward, raw = run_both(
        sandbox, via, NAMESPACES, TestSuite.call("f", [CallTest([], expected)]), LIM
    )
    assert reward == 1.0, raw
    healthy(sandbox)
