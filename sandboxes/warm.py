"""The parent's side of a warm slot pool, shared by every backend.

A slot is one long-lived runner process (inside whatever isolation the backend builds) plus the
framed channel to it. The pool hands slots to callers one at a time (thread-safe), restarts a
slot whose runner broke or missed its deadline, and is safe across `fork()`: a forked child
forgets the parent's slots (closing only its copies of the pipes, never killing the parent's
runners) and lazily starts its own.
"""

from __future__ import annotations

import json
import os
import queue
import select
import struct
import subprocess
import threading
import time
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sandboxes.api import Limits, Program, RunResult, SandboxError, TestSuite
from sandboxes.harness import build_request, judge, precheck

T = TypeVar("T")
HDR = struct.Struct(">I")
MAX_RESPONSE = 512 << 20
START_TIMEOUT_S = 30.0
SLACK_S = 10.0
"""Extra seconds the parent waits beyond the task budget before declaring the runner dead
(fork, reaping and the final kill all take a little time)."""
PER_TEST_SLACK_S = 0.1


class Channel(ABC):
    """A byte pipe to one runner. Implementations: subprocess pipes, a docker attach socket."""

    @abstractmethod
    def write(self, data: bytes) -> None: ...

    @abstractmethod
    def read(self, n: int, deadline: float) -> bytes: ...

    @abstractmethod
    def kill(self) -> None: ...

    @abstractmethod
    def forget(self) -> None:
        """After fork: drop our copy of the channel without touching the runner."""

    def shutdown(self) -> None:
        """Orderly end (the runner sees EOF and tidies up); backends may override."""
        self.kill()

    def send(self, obj: dict[str, Any]) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
        self.write(HDR.pack(len(data)) + data)

    def recv(self, deadline: float) -> Any:
        (n,) = HDR.unpack(self.read(4, deadline))
        if n > MAX_RESPONSE:
            raise SandboxError(f"runner frame of {n} bytes exceeds the cap")
        try:
            return json.loads(self.read(n, deadline))
        except (ValueError, RecursionError) as exc:
            raise SandboxError(f"runner sent invalid JSON: {exc}") from None


class PopenChannel(Channel):
    def __init__(
        self, proc: subprocess.Popen[bytes], on_close: Callable[[], None] | None = None
    ) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        self.proc = proc
        self._in = proc.stdin
        self._out = proc.stdout.fileno()
        self._on_close = on_close
        """Run once the launcher has been waited for (the local backend removes its cgroup)."""

    def write(self, data: bytes) -> None:
        try:
            self._in.write(data)
            self._in.flush()
        except OSError as exc:
            raise SandboxError(f"runner is gone ({exc})") from None

    def read(self, n: int, deadline: float) -> bytes:
        chunks, got = [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SandboxError("runner missed its deadline")
            ready, _, _ = select.select([self._out], [], [], left)
            if not ready:
                continue
            b = os.read(self._out, min(n - got, 1 << 20))
            if not b:
                raise SandboxError(f"runner exited (code {self.proc.poll()})")
            chunks.append(b)
            got += len(b)
        return b"".join(chunks)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, 9)  # start_new_session=True: the launcher leads its group
        except OSError:
            pass
        self.forget()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            on_close()

    def shutdown(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()  # the namespace's init and anything left in it go with the group

    def forget(self) -> None:
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass


class _LauncherThread:
    """Runs every launch on one long-lived thread.

    Why: bubblewrap's --die-with-parent (PR_SET_PDEATHSIG) fires when the *thread* that forked
    it exits, not the process. A slot started from a short-lived request thread would be killed
    with that thread and the next program would find its runner gone."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def call(self, fn: Callable[[], T]) -> T:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="sandbox-launcher")
            pool = self._pool
        return pool.submit(fn).result()

    def after_fork(self) -> None:
        self._pool = None  # the thread did not survive the fork
        self._lock = threading.Lock()


LAUNCHER = _LauncherThread()


class WarmSandbox(ABC):
    """A pool of `slots` warm runners started on first use."""

    def __init__(self, slots: int = 1) -> None:
        if slots < 1:
            raise ValueError("slots must be >= 1")
        self.slots = slots
        self._lock = threading.Lock()
        self._free: queue.Queue[tuple[int, Channel | None]] = queue.Queue()
        self._live: dict[int, Channel] = {}
        self._owner = os.getpid()
        for i in range(slots):
            self._free.put((i, None))
        _POOLS.add(self)

    @abstractmethod
    def _start(self, index: int) -> Channel:
        """Launch runner `index` and return its channel (before the ready handshake)."""

    def _open(self, index: int) -> Channel:
        chan = LAUNCHER.call(lambda: self._start(index))
        try:
            hello = chan.recv(time.monotonic() + START_TIMEOUT_S)
        except SandboxError as exc:
            chan.kill()
            raise SandboxError(f"sandbox runner failed to start: {exc}") from None
        if isinstance(hello, dict) and hello.get("cgroup_refused") is True:
            chan.kill()
            self._cgroup_refused()
            return self._open(index)
        if not isinstance(hello, dict) or hello.get("ready") is not True:
            chan.kill()
            raise SandboxError("sandbox runner cannot drop privileges (is the service root?)")
        return chan

    def _cgroup_refused(self) -> None:
        """The runner could not join the cgroups the backend made (some nested containers allow
        creating them but not moving into them): the backend stops using them."""
        raise SandboxError("sandbox runner could not join its cgroup")

    def _after_run(self, index: int, response: dict[str, Any]) -> None:
        """Backends may correct the runner's raw results with what only the host can see (the
        local backend: which SIGKILLs were its memory cgroup's OOM killer)."""
        return None

    def warm_up(self) -> None:
        """Start every slot now (benchmarks and services call this before taking traffic)."""
        taken = [self._free.get() for _ in range(self.slots)]
        try:
            for k, (i, chan) in enumerate(taken):
                if chan is None:
                    taken[k] = (i, self._open(i))
                    self._live[i] = taken[k][1]  # type: ignore[assignment]
        finally:
            for item in taken:
                self._free.put(item)

    def run(self, program: Program, tests: TestSuite, limits: Limits) -> RunResult:
        if os.getpid() != self._owner:
            self._after_fork()
        error = precheck(program)
        if error is not None:
            return RunResult([], compile_error=error)
        if not tests.tests:
            return RunResult([])
        request = build_request(program, tests, limits)
        index, chan = self._free.get()
        try:
            if chan is None:
                chan = self._open(index)
                self._live[index] = chan
            # the runner enforces the budget itself; this is the safety net for a wedged runner
            slack = SLACK_S + PER_TEST_SLACK_S * len(tests.tests)
            deadline = time.monotonic() + limits.time_s + slack
            try:
                chan.send(request)
                response = chan.recv(deadline)
            except SandboxError:
                chan.kill()
                self._live.pop(index, None)
                chan = None
                raise
            if isinstance(response, dict):
                self._after_run(index, response)
            if isinstance(response, dict) and response.get("retire") is True:
                chan.kill()  # the runner could not clean up after this program: fresh slot
                self._live.pop(index, None)
                chan = None
            return judge(tests, response, limits)
        finally:
            self._free.put((index, chan))

    def close(self) -> None:
        with self._lock:
            for chan in list(self._live.values()):
                if os.getpid() == self._owner:
                    chan.shutdown()
                else:
                    chan.forget()
            self._live.clear()
            self._free = queue.Queue()
            for i in range(self.slots):
                self._free.put((i, None))

    def _after_fork(self) -> None:
        for chan in self._live.values():
            chan.forget()
        self._live = {}
        self._free = queue.Queue()
        for i in range(self.slots):
            self._free.put((i, None))
        self._lock = threading.Lock()
        self._owner = os.getpid()

    def runner_pids(self) -> list[int]:
        """PIDs of the launcher processes (for memory accounting in the benchmark)."""
        return [c.proc.pid for c in self._live.values() if isinstance(c, PopenChannel)]


_POOLS: weakref.WeakSet[WarmSandbox] = weakref.WeakSet()


def _forget_all_after_fork() -> None:
    LAUNCHER.after_fork()
    for pool in list(_POOLS):
        pool._after_fork()


os.register_at_fork(after_in_child=_forget_all_after_fork)
