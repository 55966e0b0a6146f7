"""`local` backend: Linux namespaces (bubblewrap, else util-linux `unshare`) + rlimits + a
dedicated unprivileged uid per slot, with the warm runner inside.

Checked in the development container (root, kernel with cgroup v1): bubblewrap 0.8 works with
PID, network, IPC, UTS and mount namespaces when run as real root without a user namespace
(`--unshare-all` would add a user namespace in which the child cannot switch to the slot uid, so
the namespaces are listed one by one). The runner keeps only CAP_SETUID/CAP_SETGID/CAP_KILL.

What it protects against (each has a test in tests/sandbox/test_sandbox_attacks.py):
- network: empty network namespace (only a down loopback): connects fail at once;
- reading the host: the mount namespace shows a read-only /usr, the interpreter's prefix (its
  site-packages hidden under an empty tmpfs), the runner's files, a fresh /proc for the sandbox's
  PID namespace, a minimal /dev with a 64 MiB /dev/shm (multiprocessing), and a private
  size-capped /tmp. /work, /root, /etc, the project and its venv are
  simply absent. The environment is built from scratch (`--clearenv`);
- writing outside the private /tmp (read-only mounts, and the uid owns nothing else);
- outliving the deadline: the runner kills the process group at the deadline, then SIGKILLs
  every process of the slot uid in the sandbox's PID namespace until none is left (fork bombs, setsid and double-forked daemons); RLIMIT_NPROC bounds the fork
  bomb (the uid is unique per pool slot, so the per-uid count is the slot's own);
- leaving state for the next program: /tmp and /dev/shm are wiped, SysV IPC and POSIX message
  queues cannot be created (IPC_OFF, RLIMIT_MSGQUEUE 0), and no program inherits memory of an
  earlier request (runner.py); tests in tests/sandbox/test_sandbox_redteam.py;
- privilege: the child sets PR_SET_NO_NEW_PRIVS (bwrap also does and mounts /usr nosuid), so no
  setuid binary helps;
- memory, disk, output: RLIMIT_AS/DATA per process, and a memory cgroup per slot for what the
  rlimits miss (forked children together, memfd and tmpfs pages; sandboxes/cgroup.py, where the
  host has a writable memory hierarchy), tmpfs size + RLIMIT_FSIZE, capped pipe reads;
- signalling the service: untrusted code runs as another uid inside its own PID namespace, so it
  can neither see nor signal the service or the runner (both root);
- faking results: expected outputs never enter the sandbox; results are parsed strictly and
  compared outside (see sandboxes/runner.py and sandboxes/harness.py).

What it does NOT protect against: kernel exploits (the kernel is shared; the seccomp
filter, set in the runner and inherited by every program (runner_child.py), only refuses user
namespaces, keyrings, bpf, userfaultfd, perf and io_uring); CPU contention with the host (a slot may use
its CPU quota, one core by default, flat out until its deadline; with no writable cgroup, one
core per process it forks); side channels. The `unshare` fallback (used only when bwrap is missing)
keeps the namespaces, uid drop, rlimits and reaper, but does not rebuild the filesystem view:
the host tree stays visible (read access limited only by file permissions for the slot uid), so
prefer bubblewrap. It also needs the interpreter's stdlib readable by the slot uid: with a
Python under /root (pyenv, as in the development container) modules the runner did not
pre-import (socket, say) fail to import in the program. Without root, the backend refuses to start (it cannot drop to the slot uid).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from sandboxes import cgroup
from sandboxes.api import BACKENDS, SandboxError
from sandboxes.warm import Channel, PopenChannel, WarmSandbox

RUNNER = Path(__file__).with_name("runner.py")
RUNNER_FILES = (
    "runner.py",
    "runner_child.py",
    "runner_cleanup.py",
    "runner_stdio.py",
    "runner_supervise.py",
)
SANDBOX_RUNNER = "/sandbox/runner.py"
TMP_BYTES = 256 << 20
SHM_BYTES = 64 << 20
UID_BASE = 1_000_000
IPC_OFF = (
    "echo 0 > /proc/sys/kernel/shmmni && echo 0 > /proc/sys/kernel/msgmni"
    " && echo '0 0 0 0' > /proc/sys/kernel/sem && echo 0 > /proc/sys/fs/mqueue/queues_max"
    ' && exec "$@"'
)
"""Run as root in the slot's fresh IPC namespace before the runner starts. Why: SysV shared
memory, message queues and semaphores, and POSIX message queues, outlive the program that made
them (found by red-teaming: a segment left by one program was read by the next one in the slot,
and segments filled with data and detached escape RLIMIT_AS, so host memory too). No per-program
cleanup can bound the memory; a namespace in which none can be created can. POSIX semaphores and
shared memory (multiprocessing) live in /dev/shm and are unaffected."""


SLOT_MEMORY_MB = 2048
"""Default memory cgroup limit of one slot: everything its programs hold together (processes,
memfds, tmpfs files) plus the runner's ~40 MiB. Above one program's RLIMIT_AS (`memory_mb`,
1024 by default), far below what forking children could reach without it."""
SLOT_CPUS = 1.0
"""Default CPU quota of one slot, in cores: a program and all its children share one core's
worth of time, however many processes it forks."""


def runner_args(uid: int, cpu: int | None, cgroup_fds: tuple[int, ...]) -> list[str]:
    """runner.py's arguments: the slot uid, the CPU to pin to ("-": none), and the inherited
    `cgroup.procs` descriptors each program joins ("-": none; see sandboxes/cgroup.py)."""
    fds = ",".join(map(str, cgroup_fds)) or "-"
    return [str(uid), "-" if cpu is None else str(cpu), fds]


def slot_uid(index: int, owner_pid: int | None = None) -> int:
    """A uid no other live slot uses: RLIMIT_NPROC and the reaper (which kills by uid) are per uid."""
    return UID_BASE + (owner_pid if owner_pid is not None else os.getpid()) * 64 + index


def python_prefix() -> str:
    """The base interpreter (not the venv): the sandbox gets the stdlib and nothing else."""
    return sys.base_prefix


def base_python() -> str:
    exe = Path(python_prefix()) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    if not exe.exists():
        raise SandboxError(f"base interpreter not found at {exe}")
    return str(exe)


def bwrap_command(
    uid: int,
    tmp_bytes: int = TMP_BYTES,
    cpu: int | None = None,
    cgroup_fds: tuple[int, ...] = (),
) -> list[str]:
    prefix = python_prefix()
    # the IPC namespace is made (and emptied of SysV IPC) by `unshare` before bwrap runs
    cmd = ["unshare", "--ipc", "--", "sh", "-c", IPC_OFF, "sh"]
    cmd += [
        "bwrap",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--cap-add",
        "CAP_SETUID",
        "--cap-add",
        "CAP_SETGID",
        "--cap-add",
        "CAP_KILL",
        "--clearenv",
        "--setenv",
        "LANG",
        "C.UTF-8",
        "--setenv",
        "PATH",
        "/usr/bin:/bin",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in ("lib", "lib64", "bin", "sbin"):
        if os.path.islink(f"/{name}"):
            cmd += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            cmd += ["--ro-bind", f"/{name}", f"/{name}"]
    if not prefix.startswith("/usr/") and prefix != "/usr":
        # bwrap makes missing parents 0700, which the slot uid could not traverse
        for parent in reversed(Path(prefix).parents[:-1]):
            cmd += ["--perms", "0755", "--dir", str(parent)]
        cmd += ["--ro-bind", prefix, prefix]
    site = sysconfig.get_path("purelib", vars={"base": prefix, "platbase": prefix})
    if os.path.isdir(site):
        cmd += ["--tmpfs", site]
    for name in RUNNER_FILES:  # the runner's stdlib-only files, nothing else of ours
        cmd += ["--ro-bind", str(RUNNER.with_name(name)), f"/sandbox/{name}"]
    cmd += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--perms",
        "1777",
        "--size",
        str(SHM_BYTES),
        "--tmpfs",
        "/dev/shm",  # multiprocessing's semaphores live here
        "--perms",
        "1777",
        "--size",
        str(tmp_bytes),
        "--tmpfs",
        "/tmp",
        "--chdir",
        "/tmp",
        base_python(),
        "-I",
        "-S",
        "-B",
        SANDBOX_RUNNER,
        *runner_args(uid, cpu, cgroup_fds),
    ]
    return cmd


def unshare_command(
    uid: int, cpu: int | None = None, cgroup_fds: tuple[int, ...] = ()
) -> list[str]:
    return [
        "unshare",
        "--net",
        "--pid",
        "--fork",
        "--mount-proc",
        "--ipc",
        "--uts",
        "--kill-child",
        "sh",
        "-c",
        IPC_OFF,
        "sh",
        "env",
        "-i",
        "LANG=C.UTF-8",
        "PATH=/usr/bin:/bin",
        base_python(),
        "-I",
        "-S",
        "-B",
        str(RUNNER),
        *runner_args(uid, cpu, cgroup_fds),
    ]


def detect_launcher() -> str:
    """bwrap if it is installed and can build our namespaces here, else unshare."""
    if shutil.which("bwrap") and shutil.which("unshare"):  # unshare makes the IPC namespace
        probe = ["bwrap", "--unshare-net", "--unshare-pid", "--ro-bind", "/", "/", "true"]
        if subprocess.run(probe, capture_output=True, timeout=30).returncode == 0:
            return "bwrap"
    if shutil.which("unshare"):
        return "unshare"
    raise SandboxError("neither bubblewrap nor unshare can create namespaces on this host")


class LocalSandbox(WarmSandbox):
    """`pin=True` binds slot i (its runner and every program it forks) to the i-th CPU this
    process may use, round robin. Why: a program's hand-offs (caller -> supervisor -> child ->
    zygote -> supervisor) then stay on one core with warm caches and no cross-CPU wake-ups;
    with one slot per core that measured ~1.2x the programs/s of the same pool unpinned
    (docs/sandbox.md). Off by default: several pools in one host (one per reward-service
    worker) would all pin their slot 0 to the same CPU."""

    def __init__(
        self,
        slots: int = 1,
        launcher: str | None = None,
        pin: bool = False,
        memory_limit_mb: int | None = SLOT_MEMORY_MB,
        cpu_limit: float | None = SLOT_CPUS,
    ) -> None:
        super().__init__(slots)
        self._launcher = launcher
        self._cpus = sorted(os.sched_getaffinity(0)) if pin else []
        self.memory_limit_mb = memory_limit_mb
        self.cpu_limit = cpu_limit
        self.cgroups: dict[int, cgroup.SlotCgroup] = {}
        """Slot index -> its cgroup (absent: this host lets us set no limit; rlimits only)."""
        self._oom_seen: dict[int, int] = {}

    @property
    def launcher(self) -> str:
        if self._launcher is None:
            self._launcher = detect_launcher()
        return self._launcher

    def _cgroup_refused(self) -> None:
        """Fall back to rlimits only, as on a host with no writable cgroup at all, and say so:
        the same protection as before cgroups, not a broken sandbox."""
        print(
            "sandbox: this host refuses joining the slot cgroups; memory and CPU are bounded "
            "per process only (docs/sandbox.md)",
            file=sys.stderr,
        )
        self.memory_limit_mb = None
        self.cpu_limit = None

    def _after_run(self, index: int, response: dict[str, Any]) -> None:
        """A SIGKILLed test is a CPU hard limit or, with a slot cgroup, its OOM killer: the
        cgroup's `oom_kill` count tells them apart (read only when a SIGKILL is reported)."""
        cg = self.cgroups.get(index)
        results = response.get("results")
        if cg is None or not isinstance(results, list):
            return
        killed = [
            r
            for r in results
            if isinstance(r, dict) and "killed by signal 9" in str(r.get("error", ""))
        ]
        if not killed:
            return
        count = cg.oom_kills()
        if count is None or count <= self._oom_seen.get(index, 0):
            return
        self._oom_seen[index] = count
        for r in killed:
            r["status"] = "memory_limit"
            r["error"] = (
                f"killed by the slot's memory limit ({self.memory_limit_mb} MiB, cgroup OOM)"
            )

    def _start(self, index: int) -> Channel:
        if os.geteuid() != 0:
            raise SandboxError("the local sandbox must run as root to drop to the slot uid")
        uid = slot_uid(index)
        cpu = self._cpus[index % len(self._cpus)] if self._cpus else None
        debug = os.environ.get("PRORL_SANDBOX_DEBUG") == "1"
        memory = self.memory_limit_mb << 20 if self.memory_limit_mb else None
        cg = cgroup.create(memory, self.cpu_limit) if memory or self.cpu_limit else None
        if cg is None and debug:
            print("sandbox: no writable cgroup here; rlimits only", file=sys.stderr)
        if cg is not None:
            self.cgroups[index] = cg
            self._oom_seen[index] = cg.oom_kills() or 0
        else:
            self.cgroups.pop(index, None)
        fds = tuple(cg.open_fds()) if cg is not None else ()
        if self.launcher == "bwrap":
            cmd = bwrap_command(uid, cpu=cpu, cgroup_fds=fds)
        else:
            cmd = unshare_command(uid, cpu=cpu, cgroup_fds=fds)
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=None if debug else subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                pass_fds=fds,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                cwd="/",
            )
        except OSError as exc:
            raise SandboxError(f"cannot launch {cmd[0]}: {exc}") from None
        finally:
            for fd in fds:
                os.close(fd)
        return PopenChannel(proc, on_close=None if cg is None else cg.remove)


BACKENDS.add("local", LocalSandbox)
