"""A cgroup per sandbox slot: the bound on what a program can take together, not per process.

Why: rlimits are per process. RLIMIT_AS caps one process's address space, but a program may fork
(up to RLIMIT_NPROC) children with a full RLIMIT_AS each, and memory it writes into memfds, tmpfs
files or pipes is not address space at all. Red team: 6 forked children of 700 MB each took ~3 GB
of host memory, 60 memfds of 60 MB each ~3.6 GB, from one slot with `memory_mb` 1024; with NPROC
32 one program could take the host down. Likewise 32 busy children could hold every core until
the deadline. A memory cgroup charges all of it (process memory, shmem, tmpfs pages) to the slot
and OOM-kills inside the slot at the limit; a CPU quota holds the slot to its share of cores.

Both hierarchies are handled: cgroup v1 (separate `memory` and `cpu` hierarchies,
`memory.limit_in_bytes`, `cpu.cfs_quota_us`: the development container) and v2 (one directory,
`memory.max`, `cpu.max`, where the controllers are delegated to our cgroup). Only the programs
are inside: the runner gets write descriptors of the `cgroup.procs` files (inherited through
bubblewrap), and each program's child joins before anything of the program runs. So the runner
(zygote, supervisor) is never an OOM victim, never slowed by the quota, and the limit covers
exactly what programs hold. The runner checks at start that a child can join (its privilege
probe), else it refuses to start. Where no writable hierarchy exists, `create` returns None and
the backend runs on rlimits only (docs/sandbox.md says what that leaves open).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PREFIX = "prorl-slot-"
CPU_PERIOD_US = 100_000
_SEQ = itertools.count()


def _own_cgroups() -> tuple[dict[str, Path], bool]:
    """Directories of this process's cgroups per controller ("memory", "cpu") that we can
    create children in, and whether they are v2 (one directory for both)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return {}, False
    found: dict[str, Path] = {}
    for line in lines:  # v1: "4:memory:/path", "1:cpu,cpuacct:/path"
        _, controllers, path = line.split(":", 2)
        names = controllers.split(",")
        for want, probe in (("memory", "memory.limit_in_bytes"), ("cpu", "cpu.cfs_quota_us")):
            if want in names and want not in found:
                for mount in (want, controllers):
                    for base in (CGROUP_ROOT / mount / path.lstrip("/"), CGROUP_ROOT / mount):
                        if want not in found and (base / probe).exists():
                            found[want] = base
    if found:
        return found, False
    for line in lines:  # v2: "0::/path", with the controllers enabled for our children
        if line.startswith("0::"):
            base = CGROUP_ROOT / line[3:].lstrip("/")
            with contextlib.suppress(OSError):
                enabled = (base / "cgroup.subtree_control").read_text().split()
                return {c: base for c in ("memory", "cpu") if c in enabled}, True
    return {}, False


@dataclass
class SlotCgroup:
    dirs: list[Path] = field(default_factory=list)
    """The slot's cgroup directories (v1: one per hierarchy; v2: one)."""
    memory: Path | None = None
    """The directory holding the memory controller's files, if the memory limit applies."""

    def open_fds(self) -> list[int]:
        """Inheritable write descriptors of each directory's `cgroup.procs`, for the runner: the
        program's child writes "0" to each before anything else (it joins), and closes them."""
        fds = []
        for d in self.dirs:
            fd = os.open(d / "cgroup.procs", os.O_WRONLY)
            os.set_inheritable(fd, True)
            fds.append(fd)
        return fds

    def remove(self, wait_s: float = 1.0) -> None:
        """Delete the cgroups once the slot's processes are gone (they die asynchronously after
        the launcher is killed); one still busy after `wait_s` is swept by a later `create`."""
        deadline = time.monotonic() + wait_s
        for d in self.dirs:
            while True:
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.01)

    def _read(self, names: tuple[str, ...]) -> str | None:
        for name in names:
            if self.memory is not None:
                with contextlib.suppress(OSError):
                    return (self.memory / name).read_text()
        return None

    def peak_bytes(self) -> int | None:
        """The slot's peak memory so far (v1 `memory.max_usage_in_bytes`, v2 `memory.peak`)."""
        text = self._read(("memory.max_usage_in_bytes", "memory.peak"))
        return int(text) if text and text.strip().isdigit() else None

    def oom_kills(self) -> int | None:
        """Processes the slot's OOM killer has killed so far (the `oom_kill` line of v1
        `memory.oom_control` / v2 `memory.events`), or None where the kernel does not say."""
        for name in ("memory.oom_control", "memory.events"):
            for line in (self._read((name,)) or "").splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and value.strip().isdigit():
                    return int(value)
        return None


def _sweep(base: Path) -> None:
    """Remove empty slot cgroups left by processes that died without closing their pools (a
    reward-service worker killed and replaced, say); busy or foreign ones stay."""
    with contextlib.suppress(OSError):
        for entry in base.iterdir():
            if entry.name.startswith(PREFIX):
                pid = entry.name[len(PREFIX) :].split("-", 1)[0]
                if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                    with contextlib.suppress(OSError):
                        entry.rmdir()


def create(memory_bytes: int | None, cpu_cores: float | None) -> SlotCgroup | None:
    """A new slot cgroup (`prorl-slot-<pid>-<n>`: unique per slot start) with whichever of the
    two limits this host lets us set; None if it lets us set neither."""
    bases, v2 = _own_cgroups()
    name = f"{PREFIX}{os.getpid()}-{next(_SEQ)}"
    slot = SlotCgroup()
    wanted = {"memory": memory_bytes, "cpu": cpu_cores}
    for controller, base in bases.items():
        value = wanted[controller]
        if value is None:
            continue
        _sweep(base)
        d = base / name
        try:
            d.mkdir(exist_ok=True)
            if controller == "memory":
                (d / ("memory.max" if v2 else "memory.limit_in_bytes")).write_text(str(value))
                slot.memory = d
            else:
                quota = int(value * CPU_PERIOD_US)
                if v2:
                    (d / "cpu.max").write_text(f"{quota} {CPU_PERIOD_US}")
                else:
                    (d / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
                    (d / "cpu.cfs_quota_us").write_text(str(quota))
        except OSError:
            if d not in slot.dirs:  # v2: the memory limit may already live in this directory
                with contextlib.suppress(OSError):
                    d.rmdir()
            continue
        if d not in slot.dirs:
            slot.dirs.append(d)
    return slot if slot.dirs else None
