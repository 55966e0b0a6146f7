"""`docker` backend: the same warm runner, one per container, through the docker SDK.

Each slot is a container from `sandboxes/images/python.Dockerfile` (the runner baked in) started
with `network_mode="none"`, a read-only root filesystem, a size-capped tmpfs /tmp, `mem_limit`,
`pids_limit`, all capabilities dropped except SETUID/SETGID/KILL (what the runner needs to drop
to the slot uid and reap), and `no-new-privileges`. The runner is the container's PID 1, so its
reaper (SIGKILL to every process of the slot uid) reaches exactly the container's
processes. SysV IPC is switched off with IPC sysctls (untested here: no docker engine).
The parent talks to it over the
attached stdin/stdout stream (docker's 8-byte multiplexing headers are stripped here).

Protects against: what the `local` backend does (network, host files, memory, pids, output,
deadlines, faked results), with the container's cgroup as a hard memory/pids ceiling. Does not
protect against: kernel exploits (shared kernel; docker's default seccomp profile plus the
runner's own deny-list, runner_child.py), a compromised
docker daemon, or CPU contention beyond the container's share.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import time
from pathlib import Path
from typing import Any

from sandboxes.api import BACKENDS, SandboxError
from sandboxes.warm import Channel, WarmSandbox

IMAGE = "prorl-sandbox-python:latest"
DOCKERFILE = Path(__file__).parent / "images" / "python.Dockerfile"
SLOT_UID = 65534


def docker_available() -> tuple[bool, str]:
    """(reachable, why not) - tests skip with this reason when no engine answers."""
    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:  # the SDK raises several unrelated types for "no daemon"
        return False, f"no docker engine reachable: {type(exc).__name__}: {exc}"
    return True, ""


class DockerChannel(Channel):
    def __init__(self, container: Any, sock: socket.socket) -> None:
        self.container = container
        self.sock = sock
        self._buf = bytearray()

    def write(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise SandboxError(f"container runner is gone ({exc})") from None

    def _fill(self, deadline: float) -> None:
        """Read one multiplexed frame (stream type, size) and keep stdout's payload."""
        header = self._raw(8, deadline)
        kind, size = header[0], struct.unpack(">I", header[4:8])[0]
        payload = self._raw(size, deadline)
        if kind == 1:
            self._buf += payload

    def _raw(self, n: int, deadline: float) -> bytes:
        out = bytearray()
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SandboxError("container runner missed its deadline")
            ready, _, _ = select.select([self.sock], [], [], left)
            if ready:
                chunk = self.sock.recv(n - len(out))
                if not chunk:
                    raise SandboxError("container runner closed its stream")
                out += chunk
        return bytes(out)

    def read(self, n: int, deadline: float) -> bytes:
        while len(self._buf) < n:
            self._fill(deadline)
        data = bytes(self._buf[:n])
        del self._buf[:n]
        return data

    def kill(self) -> None:
        self.forget()
        try:
            self.container.remove(force=True)
        except Exception:
            pass

    def forget(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


class DockerSandbox(WarmSandbox):
    def __init__(self, slots: int = 1, image: str = IMAGE, memory_mb: int = 2048) -> None:
        super().__init__(slots)
        self.image = image
        self.memory_mb = memory_mb
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            ok, why = docker_available()
            if not ok:
                raise SandboxError(why)
            import docker

            self._client = docker.from_env()
        return self._client

    def build_image(self) -> None:
        self.client().images.build(
            path=str(DOCKERFILE.parent.parent), dockerfile=str(DOCKERFILE), tag=self.image, rm=True
        )

    def _start(self, index: int) -> Channel:
        client = self.client()
        try:
            container = client.containers.run(
                self.image,
                command=["python3", "-I", "-S", "-B", "/sandbox/runner.py", str(SLOT_UID)],
                detach=True,
                stdin_open=True,
                tty=False,
                network_mode="none",
                read_only=True,
                tmpfs={"/tmp": "rw,size=256m,mode=1777"},
                mem_limit=f"{self.memory_mb}m",
                pids_limit=256,
                # no SysV IPC / POSIX queues: they outlive programs (see local.IPC_OFF)
                sysctls={
                    "kernel.shmmni": "0",
                    "kernel.msgmni": "0",
                    "kernel.sem": "0 0 0 0",
                    "fs.mqueue.queues_max": "0",
                },
                cap_drop=["ALL"],
                cap_add=["SETUID", "SETGID", "KILL"],
                security_opt=["no-new-privileges"],
                environment={"LANG": "C.UTF-8"},
                labels={"prorl.sandbox": str(os.getpid())},
                auto_remove=True,
            )
            sock = container.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
        except Exception as exc:
            raise SandboxError(f"cannot start sandbox container: {exc}") from None
        raw = getattr(sock, "_sock", sock)
        return DockerChannel(container, raw)


BACKENDS.add("docker", DockerSandbox)
