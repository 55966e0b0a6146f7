"""A memory cgroup per sandbox slot: the bound on everything a program can pin, together.

Why: rlimits are per process. RLIMIT_AS caps one process's address space, but a program may
fork (up to RLIMIT_NPROC) children with a full RLIMIT_AS each, and memory it writes into memfds,
tmpfs files or pipes is not address space at all. Red team: 6 forked children of 700 MB each
took ~3 GB of host memory, 60 memfds of 60 MB each ~3.6 GB, from one slot with `memory_mb`
1024; with NPROC 32 one program could take the host down. A memory cgroup charges all of it
(process memory, shmem, tmpfs pages) to the slot and OOM-kills inside the slot at the limit.

Both hierarchies are handled: cgroup v1 (`memory.limit_in_bytes`, the development container)
and v2 (`memory.max`, where the memory controller is delegated to our cgroup). The slot's
launcher shell joins the cgroup (`echo 0 > cgroup.procs`) before it execs bubblewrap, so every
process of the slot is born inside it, with no window. Where no writable memory cgroup exists,
`create` returns None and says why; the backend then runs with rlimits only (docs/sandbox.md).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def _own_memory_cgroup() -> tuple[Path, str] | None:
    """(directory of this process's memory cgroup, limit file name), or None."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:  # v1: "4:memory:/path"
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            for base in (CGROUP_ROOT / "memory" / path.lstrip("/"), CGROUP_ROOT / "memory"):
                if (base / "memory.limit_in_bytes").exists():
                    return base, "memory.limit_in_bytes"
    for line in lines:  # v2: "0::/path", where memory is enabled for our children
        if line.startswith("0::"):
            base = CGROUP_ROOT / line[3:].lstrip("/")
            try:
                enabled = (base / "cgroup.subtree_control").read_text().split()
            except OSError:
                return None
            if "memory" in enabled:
                return base, "memory.max"
    return None


_SEQ = itertools.count()
PREFIX = "prorl-slot-"


def slot_name() -> str:
    """Unique per slot start: `prorl-slot-<pid>-<n>` (two pools of one process, or a restarted
    slot, never share a cgroup; the pid lets `create` sweep those of dead processes)."""
    return f"{PREFIX}{os.getpid()}-{next(_SEQ)}"


def _sweep(base: Path) -> None:
    """Remove empty slot cgroups left by processes that died without closing their pools (a
    reward-service worker killed and replaced, say); busy or foreign ones stay."""
    with contextlib.suppress(OSError):
        for entry in base.iterdir():
            if not entry.name.startswith(PREFIX):
                continue
            pid = entry.name[len(PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                with contextlib.suppress(OSError):
                    entry.rmdir()


def create(name: str, limit_bytes: int) -> Path | None:
    """Make the slot's cgroup with its limit; returns its `cgroup.procs` path."""
    found = _own_memory_cgroup()
    if found is None:
        return None
    base, limit_file = found
    _sweep(base)
    slot = base / name
    try:
        slot.mkdir(exist_ok=True)
        (slot / limit_file).write_text(str(limit_bytes))
    except OSError:
        return None
    return slot / "cgroup.procs"


def remove(procs: Path, wait_s: float = 1.0) -> None:
    """Delete the slot's cgroup once its processes are gone (they die asynchronously after the
    launcher is killed); a cgroup still busy after `wait_s` is left for the next start."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.rmdir(procs.parent)
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.01)


def peak_bytes(procs: Path) -> int | None:
    """The slot's peak memory so far (v1 `memory.max_usage_in_bytes`, v2 `memory.peak`)."""
    for name in ("memory.max_usage_in_bytes", "memory.peak"):
        with contextlib.suppress(OSError, ValueError):
            return int((procs.parent / name).read_text())
    return None


def oom_kills(procs: Path) -> int | None:
    """How many processes the slot's OOM killer has killed so far (v1 `memory.oom_control`,
    v2 `memory.events`: the `oom_kill` line), or None where the kernel does not say."""
    for name in ("memory.oom_control", "memory.events"):
        with contextlib.suppress(OSError, ValueError):
            for line in (procs.parent / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
    return None
