"""One test per attack, each run directly on the Sandbox and through the `code` verifier, each
checking that the attack failed AND that the sandbox is healthy afterwards.

Convention: where a probe reports what it observed, the expected value is the *safe*
observation, so reward 1.0 means "the attack was blocked"; where a program tries to earn reward
it did not deserve, the assertion is reward < 1.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from sandbox_helpers import SECRET, assert_healthy, run_both, sandbox_processes

from sandboxes.api import CallTest, Limits, TestSuite

REPO = Path(__file__).resolve().parents[2]
LIM = Limits(time_s=3.0, memory_mb=512)
VIA = pytest.mark.parametrize("via", ["sandbox", "verifier"])


def probe(source: str, expected: object, args: list[object] | None = None) -> TestSuite:
    return TestSuite.call("probe", [CallTest(args or [], expected)])


def statuses(raw: object) -> list[str]:
    tests = getattr(raw, "tests", None)
    if tests is not None:
        return [t.status.value for t in tests]
    return [t["status"] for t in raw.info.get("tests", [])]  # type: ignore[attr-defined]


@pytest.fixture
def listener() -> tuple[int, list[object]]:
    """A real TCP server on 127.0.0.1 that records every connection it accepts."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, addr = srv.accept()
                seen.append(addr)
                conn.close()
            except OSError:
                continue

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], seen
    stop.set()
    t.join()
    srv.close()


NET = """
import socket
def probe(host, port):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect((host, port))
        return "connected"
    except socket.timeout:
        return "timeout"
    except OSError:
        return "refused"
"""


@VIA
def test_network_is_unreachable(sandbox, via, listener):
    port, seen = listener
    suite = TestSuite.call(
        "probe", [CallTest(["127.0.0.1", port], "refused"), CallTest(["8.8.8.8", 53], "refused")]
    )
    reward, raw = run_both(sandbox, via, NET, suite, LIM)
    assert reward == 1.0, raw  # both connects failed at once (not "connected", not "timeout")
    assert seen == []
    assert_healthy(sandbox)


READ = """
import os
def probe(paths):
    found = []
    for p in paths:
        try:
            with open(p, "rb") as f:
                f.read(1)
            found.append(p)
        except OSError:
            pass
    env = "\\n".join(f"{k}={v}" for k, v in os.environ.items())
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                env += open(f"/proc/{pid}/environ", "rb").read().decode("latin1")
            except OSError:
                pass
    host_only = {"work", "etc", "home", "var", "opt", "srv", "mnt", "boot", "run"}
    return [found, "SECRET" if "@SECRET@" in env else "clean", sorted(host_only & set(os.listdir("/")))]
""".replace("@SECRET@", SECRET)


@VIA
def test_host_files_and_env_are_invisible(sandbox, via):
    assert os.environ.get("PRORL_SANDBOX_TEST_SECRET") == SECRET
    venv_site = next((REPO / ".venv" / "lib").glob("python3*/site-packages"))
    paths = [
        str(REPO / "prorl" / "registry.py"),
        str(REPO / "sandboxes" / "local.py"),
        str(venv_site / "pydantic" / "__init__.py"),
        "/root/.bashrc",
        "/etc/passwd",
        "/etc/shadow",
        "/work/shared/DESIGN.md",
    ]
    paths = [p for p in paths if Path(p).exists()]  # only what really exists on the host
    suite = TestSuite.call("probe", [CallTest([paths], [[], "clean", []])])
    reward, raw = run_both(sandbox, via, READ, suite, LIM)
    assert reward == 1.0, raw
    assert_healthy(sandbox)


LEAVE = """
import os
def probe(tag):
    open("leftover.txt", "w").write(tag)
    open("/tmp/leftover-" + tag, "w").write(tag)
    os.makedirs("/tmp/dir-" + tag + "/locked/inner")
    open("/tmp/dir-" + tag + "/locked/inner/f", "w").write(tag)
    os.chmod("/tmp/dir-" + tag + "/locked/inner", 0)
    os.chmod("/tmp/dir-" + tag + "/locked", 0)
    for i in range(3000):
        open(f"many-{i}", "w").close()
    return "written"
"""

LOOK = """
import os
def probe():
    seen = []
    for root, dirs, files in os.walk("/tmp"):
        seen += [os.path.join(root, f) for f in files] + [os.path.join(root, d) for d in dirs]
    return sorted(p for p in seen if "job-" not in p or os.path.isfile(p))
"""


@VIA
def test_other_programs_tmp_files_are_gone(sandbox, via):
    tag = secrets.token_hex(4)
    for _ in range(sandbox.slots):  # leave files behind in every slot
        reward, raw = run_both(sandbox, via, LEAVE, probe(LEAVE, "written", [tag]), LIM)
        assert reward == 1.0, raw
    for _ in range(sandbox.slots * 2):
        reward, raw = run_both(sandbox, via, LOOK, probe(LOOK, []), LIM)
        assert reward == 1.0, raw
    assert_healthy(sandbox)


WRITE = """
import os
def probe(paths):
    wrote = []
    for p in paths:
        try:
            with open(p, "w") as f:
                f.write("x")
            wrote.append(p)
        except OSError:
            pass
    return wrote
"""


@VIA
def test_cannot_write_outside_tmp(sandbox, via):
    prefix = Path(os.path.realpath(os.sys.base_prefix))
    targets = [
        str(REPO / f"pwned-{via}.txt"),
        "/usr/pwned.txt",
        "/sandbox/runner.py",
        str(prefix / "pwned.txt"),
        "/pwned.txt",
        "/proc/sys/kernel/hostname",
    ]
    reward, raw = run_both(sandbox, via, WRITE, probe(WRITE, [], [targets]), LIM)
    assert reward == 1.0, raw
    assert not (REPO / f"pwned-{via}.txt").exists() and not Path("/usr/pwned.txt").exists()
    assert_healthy(sandbox)


FORK_BOMB = """
import os
def probe():
    while True:
        try:
            os.fork()
        except OSError:
            pass
"""


@VIA
def test_fork_bomb_is_contained_and_reaped(sandbox, via):
    reward, raw = run_both(sandbox, via, FORK_BOMB, probe(FORK_BOMB, None), Limits(time_s=1.5))
    assert reward == 0.0 and statuses(raw)[0] in ("time_limit", "runtime_error"), raw
    assert sandbox_processes() == []
    assert_healthy(sandbox)


DAEMON = """
import os, time
def probe():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(60)
        os._exit(0)
    return "parent done"
"""


@VIA
def test_double_forked_daemon_does_not_survive(sandbox, via):
    reward, raw = run_both(sandbox, via, DAEMON, probe(DAEMON, "parent done"), LIM)
    assert reward == 1.0, raw  # the program itself finished normally...
    assert sandbox_processes() == []  # ...but its setsid grandchild is gone
    assert_healthy(sandbox)


@VIA
def test_memory_bomb_hits_the_limit(sandbox, via):
    src = "def probe():\n    x = bytearray(10 * 1024 ** 3)\n    return len(x)\n"
    reward, raw = run_both(sandbox, via, src, probe(src, 10 * 1024**3), LIM)
    assert reward == 0.0 and statuses(raw) == ["memory_limit"], raw
    assert_healthy(sandbox)


DISK = """
def probe():
    chunk = b"x" * (1 << 20)
    written = 0
    try:
        with open("big.bin", "wb") as f:
            while written < (10 << 30):
                f.write(chunk)
                f.flush()
                written += len(chunk)
    except OSError:
        return "stopped"
    return "wrote 10 GB"
"""


@VIA
def test_disk_fill_is_stopped(sandbox, via):
    reward, raw = run_both(sandbox, via, DISK, probe(DISK, "stopped"), LIM)
    assert reward == 1.0, raw
    assert_healthy(sandbox)


PIDS = """
import os, time
def probe():
    n = 0
    try:
        for _ in range(1000):
            if os.fork() == 0:
                time.sleep(30)
                os._exit(0)
            n += 1
    except OSError:
        return "capped"
    return "forked 1000"
"""


@VIA
def test_process_count_is_capped(sandbox, via):
    reward, raw = run_both(sandbox, via, PIDS, probe(PIDS, "capped"), LIM)
    assert reward == 1.0, raw
    assert sandbox_processes() == []
    assert_healthy(sandbox)


@VIA
def test_output_flood_is_cut(sandbox, via):
    src = "import sys\nfor _ in range(1 << 14):\n    sys.stdout.write('x' * (1 << 16))\n"
    suite = TestSuite.stdio([("", "x")])
    reward, raw = run_both(sandbox, via, src, suite, LIM)
    assert reward == 0.0 and statuses(raw) == ["output_limit"], raw
    assert_healthy(sandbox)


KILL = """
import os, signal
def probe(pid):
    out = []
    for target in (os.getppid(), 1, pid):
        try:
            os.kill(target, signal.SIGKILL)
            out.append("killed")
        except OSError:
            out.append("denied")
    return out
"""


@VIA
def test_cannot_signal_the_runner_or_host(sandbox, via):
    host = subprocess.Popen(["sleep", "30"])
    try:
        before = sandbox.runner_pids()
        suite = probe(KILL, ["denied", "denied", "denied"], [host.pid])
        reward, raw = run_both(sandbox, via, KILL, suite, LIM)
        assert reward == 1.0, raw
        assert host.poll() is None and sandbox.runner_pids() == before
    finally:
        host.kill()
        host.wait()
    assert_healthy(sandbox)


@VIA
def test_kill_minus_one_only_hits_the_program(sandbox, via):
    host = subprocess.Popen(["sleep", "30"])
    try:
        before = sandbox.runner_pids()
        src = "import os\ndef probe():\n    os.kill(-1, 9)\n    return 'survived'\n"
        reward, raw = run_both(sandbox, via, src, probe(src, "survived"), LIM)
        assert reward == 1.0, raw  # kill(-1) spares the caller; nothing else of its own kind
        assert host.poll() is None and sandbox.runner_pids() == before
    finally:
        host.kill()
        host.wait()
    assert_healthy(sandbox)
