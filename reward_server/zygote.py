"""Parent-side handle on the worker template ("zygote") process.

Why: starting a worker from scratch means a new interpreter importing sympy, Math-Verify and
reasoning-gym: seconds, tens of seconds on a busy host. The zygote (reward_server.worker's
`zygote_main`) pays that once; the pool asks it to fork a warm worker whenever one is killed on a
deadline, crashes, or is recycled. The zygote is the workers' parent, so it also reaps them and
reports their exit status.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing import reduction
from multiprocessing.connection import Connection

from reward_server.settings import Settings

log = logging.getLogger("reward_server.pool")


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """The exec'd template process (reward_server.worker.zygote_main) that forks warm workers.
    Restarted (slowly: a full import) only if it dies itself."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.ctrl: Connection | None = None

    def _start(self) -> None:
        s = self.settings
        ours, theirs = socket.socketpair()
        cmd = [sys.executable, "-m", "reward_server.worker", str(theirs.fileno())]
        cmd += [str(s.worker_memory_mb), ",".join(s.extra_modules())]
        try:
            proc = subprocess.Popen(
                cmd, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=_child_env()
            )
        except OSError as exc:
            ours.close()
            raise ZygoteError(f"cannot exec the worker template: {exc}") from exc
        finally:
            theirs.close()
        ctrl = Connection(ours.detach())
        try:
            if not ctrl.poll(s.worker_start_timeout_s):
                raise ZygoteError(f"worker template not ready within {s.worker_start_timeout_s}s")
            msg = ctrl.recv()
        except (EOFError, OSError) as exc:
            _kill(proc)
            raise ZygoteError(
                f"worker template died at start-up ({describe_exit(proc.returncode)})"
            ) from exc
        except ZygoteError:
            _kill(proc)
            raise
        if not (isinstance(msg, tuple) and msg[0] == "ready"):
            _kill(proc)
            raise ZygoteError(f"unexpected greeting {msg!r}")
        self.proc, self.ctrl = proc, ctrl

    def fork(self) -> tuple[int, Connection]:
        with self.lock:
            for attempt in range(2):
                if self.proc is None or self.proc.poll() is not None:
                    self._start()
                assert self.ctrl is not None
                try:
                    self.ctrl.send(("fork",))
                    pid = int(self.ctrl.recv())
                    fd = reduction.recv_handle(self.ctrl)
                    return pid, Connection(fd)
                except (EOFError, OSError) as exc:
                    log.error("worker template lost (%s); restarting it", exc)
                    self.close_locked()
                    if attempt:
                        raise ZygoteError(f"worker template keeps failing: {exc}") from exc
            raise ZygoteError("unreachable")

    def wait(self, pid: int, timeout: float) -> int | None:
        """Exit status of a worker (the zygote is its parent, so only it can reap it)."""
        with self.lock:
            if self.ctrl is None:
                return None
            try:
                self.ctrl.send(("wait", pid, timeout))
                return self.ctrl.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                return None

    def close(self) -> None:
        with self.lock:
            self.close_locked()

    def close_locked(self) -> None:
        proc, ctrl = self.proc, self.ctrl
        self.proc = self.ctrl = None
        if ctrl is not None:
            try:
                ctrl.send(None)
            except (OSError, ValueError):
                pass
            ctrl.close()
        if proc is not None:
            if _wait(proc, 2.0) is None:
                _kill(proc)


def _child_env() -> dict[str, str]:
    """The worker must import what the server could import (plugins found via sys.path)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> int | None:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            os.kill(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _wait(proc, 5.0)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
