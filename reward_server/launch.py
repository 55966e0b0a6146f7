"""Start the reward service as a subprocess and wait until it can score.

Tests, the trainer and the demo all need "a real server on a free port, gone afterwards";
this is that, once. The server gets its own process group so that stopping it also stops its
worker processes even if it is wedged.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx


class ServerFailed(RuntimeError):
    """The server exited or never became healthy; the message carries its log tail."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, deadline_s: float, proc: subprocess.Popen[bytes] | None = None) -> bool:
    """Poll `url/healthz` until 200, the process exits, or the deadline passes."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            if httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


@contextmanager
def start_server(
    port: int = 0,
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    startup_timeout_s: float = 120.0,
    log_path: str | Path | None = None,
) -> Iterator[str]:
    """Run `python -m prorl serve` on 127.0.0.1 and yield its base URL.

    `env` entries (e.g. PRORL_DEADLINE_S) are added to this process's environment. Server logs
    go to `log_path` (default: a temp file) and are quoted if the server fails to start.
    """
    import tempfile

    port = port or free_port()
    child_env = dict(os.environ)
    child_env.update(env or {})
    paths = [p for p in (env or {}).get("PYTHONPATH", "").split(os.pathsep) + sys.path if p]
    child_env["PYTHONPATH"] = os.pathsep.join(paths)
    log_file = (
        open(log_path, "wb")  # noqa: SIM115 - closed in finally
        if log_path
        else tempfile.NamedTemporaryFile(prefix="prorl-serve-", suffix=".log", delete=False)
    )
    cmd = [sys.executable, "-m", "prorl", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(
        cmd, env=child_env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    failed = False
    try:
        if not wait_healthy(url, startup_timeout_s, proc):
            failed = True
            log_file.flush()
            tail = Path(log_file.name).read_text(errors="replace")[-3000:]
            raise ServerFailed(
                f"reward server on {url} did not become healthy (log: {log_file.name}):\n{tail}"
            )
        yield url
    finally:
        _stop(proc)
        log_file.close()
        if not log_path and not failed:  # keep a temp log only when it explains a failure
            Path(log_file.name).unlink(missing_ok=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever is left in the group (a wedged worker) goes too
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(5)
