"""The verification worker process: the only place untrusted responses meet sympy & co.

Why a separate process per worker: CPU-bound sympy cannot be interrupted from a thread and
signal-based timeouts only work on a main thread, so the only reliable deadline is killing the
process. The parent (reward_server.pool) does the killing; this side just imports the verifiers
once, warms them up, and answers chunks of items, reporting each result as soon as it is done so
the parent knows exactly which item is in flight and when it started.

The zygote is exec'd (`python -m reward_server.worker FD MEMORY_MB MODULES`), never forked from
the server: forking a threaded server is unsafe, and multiprocessing's spawn would re-run the
server's `__main__`. Workers are forks of the zygote. Worker wire protocol over a socketpair
wrapped as a multiprocessing Connection (pickled tuples):
  parent -> worker: list[(verifier, response, ground_truth, config)]  or None = exit
  worker -> parent: one (reward, status, detail, info, elapsed_s) per item
"""

from __future__ import annotations

import importlib
import os
import resource
import signal
import socket
import sys
import time
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

Job = tuple[str, str, Any, Any]
Result = tuple[float | None, str, str, dict[str, Any], float]

WARMUPS: dict[str, tuple[str, Any]] = {
    # Math-Verify's first call builds its LaTeX grammar and imports half of sympy: ~1 s that
    # must not land on the first real request (and must not count against its deadline).
    "math": ("so the answer is \\boxed{\\frac{1}{2}}", {"answer": "0.5"}),
    # langdetect loads its language profiles on first use (~2 s)
    "ifeval": (
        "This is a short answer written in plain English for the warm-up.",
        {"instruction_id_list": ["language:response_language"], "kwargs": [{"language": "en"}]},
    ),
}


def _limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent() -> None:
    """A hung worker never reads its pipe, so it would outlive a SIGKILLed server otherwise."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not glibc/Linux: the EOF on recv still ends idle workers
        pass


def load_verifiers(extra_modules: list[str]) -> list[str]:
    """Import the built-in verifiers and any plugin modules; returns the registered names."""
    from reward_server.verifiers import VERIFIERS

    for module in extra_modules:
        importlib.import_module(module)
    return VERIFIERS.names()


def zygote_main(ctrl: Connection, extra_modules: list[str], memory_mb: int) -> None:
    """Import and warm the verifiers once, then fork a ready worker whenever the pool asks.

    Why a zygote: a fresh interpreter needs seconds to import sympy, Math-Verify and
    reasoning-gym (tens of seconds on a busy host); a fork of this warmed, single-threaded
    process is ready in milliseconds, so killing a worker on a deadline is cheap.
    Control messages: ("fork",) -> pid, then the worker's socket (SCM_RIGHTS);
    ("wait", pid) -> its exit status (negative = signal, None = still running); None -> exit.
    """
    # one thread per worker: BLAS thread pools would multiply CPU use and address space
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    _die_with_parent()
    _limit_memory(memory_mb)
    from reward_server.verifiers import score

    names = load_verifiers(extra_modules)
    for name, (response, gt) in WARMUPS.items():
        if name in names:
            score(name, response, gt)
    # verifiers that know their own cold-start cost expose `warm_up()` (math: Math-Verify's
    # grammar, which the sample above never reaches because the fast number check settles it)
    from reward_server.verifiers import VERIFIERS

    for name in names:
        warm = getattr(sys.modules.get(VERIFIERS.get(name).fn.__module__), "warm_up", None)
        if callable(warm):
            warm()
    try:
        ctrl.send(("ready", os.getpid()))
    except OSError:  # the pool gave up on us (shutdown) while we were warming up
        return
    while True:
        try:
            msg = ctrl.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        if msg[0] == "fork":
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:
                ctrl.close()
                ours.close()
                _die_with_parent()
                try:
                    serve_items(Connection(theirs.detach()))
                finally:
                    os._exit(0)
            theirs.close()
            ctrl.send(pid)
            reduction.send_handle(ctrl, ours.fileno(), pid)
            ours.close()
        elif msg[0] == "wait":
            ctrl.send(_reap(int(msg[1]), float(msg[2])))


def _reap(pid: int, timeout: float) -> int | None:
    end = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        if time.monotonic() > end:
            return None
        time.sleep(0.005)


def serve_items(conn: Connection) -> None:
    """The worker loop: score each chunk, reporting every item the moment it is done."""
    from reward_server.verifiers import score

    while True:
        try:
            jobs: list[Job] | None = conn.recv()
        except (EOFError, OSError):  # parent went away
            return
        if jobs is None:
            return
        for verifier_name, response, ground_truth, config in jobs:
            t0 = time.perf_counter()
            try:
                v = score(verifier_name, response, ground_truth, config)
                out: Result = (
                    v.reward,
                    v.status.value,
                    v.detail,
                    v.info,
                    time.perf_counter() - t0,
                )
            except MemoryError:
                out = (None, "error", "verifier ran out of memory", {}, time.perf_counter() - t0)
            try:
                conn.send(out)
            except (TypeError, ValueError, AttributeError) as exc:  # unpicklable info
                conn.send((out[0], out[1], out[2], {"unserializable_info": str(exc)}, out[4]))


if __name__ == "__main__":
    _fd, _memory_mb, _modules = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""
    zygote_main(Connection(int(_fd)), [m for m in _modules.split(",") if m], int(_memory_mb))
