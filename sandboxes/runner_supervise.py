"""The runner's side of one running child: its handle, and pumping its pipes under the deadline
and the output caps (trusted, stdlib only; loaded by the runner from its own directory).

Everything read here comes from the program: stdout and stderr are only accumulated up to a cap,
and result frames on fd 3 are length-checked, parsed defensively (a frame nested past the
recursion limit is a protocol error, not a runner crash) and handed to the caller's `on_frame`
check, which decides whether the frame is acceptable at all.
"""

import json
import os
import select
import signal
import struct
import time

HDR = struct.Struct(">I")
ERR_KEEP = 4096


class Child:
    def __init__(self, pid, fds):
        self.pid = pid
        self.fds = fds  # name -> read fd
        self.pidfd = os.pidfd_open(pid)
        self.status = None
        self.max_rss_kb = 0

    def kill(self):
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass

    def reap(self):
        if self.status is None:
            _, self.status, usage = os.wait4(self.pid, 0)
            self.max_rss_kb = usage.ru_maxrss
        os.close(self.pidfd)
        for fd in self.fds.values():
            os.close(fd)
        return self.status


def supervise(child, cap, deadline_of, on_frame):
    """Pump the child's pipes until it exits or breaks a limit. Returns (outcome, out, err).

    outcome: "exit", "time_limit", "output_limit" or "protocol" (malformed result frames)."""
    poller = select.poll()
    for fd in child.fds.values():
        poller.register(fd, select.POLLIN)
    poller.register(child.pidfd, select.POLLIN)
    names = {fd: name for name, fd in child.fds.items()}
    out, err, res = bytearray(), bytearray(), bytearray()
    err_total = 0
    exited = False
    drain_until = 0.0
    while True:
        now = time.monotonic()
        left = deadline_of() - now
        if exited and (now > drain_until or left <= 0):
            return "exit", out, err  # a leftover daemon may hold the pipes open: stop draining
        if left <= 0:
            child.kill()
            return "time_limit", out, err
        events = poller.poll(0 if exited else max(1, int(left * 1000) + 1))
        if exited and not events:
            return "exit", out, err
        for fd, _ in events:
            if fd == child.pidfd:
                poller.unregister(fd)
                _, child.status, usage = os.wait4(child.pid, 0)
                child.max_rss_kb = usage.ru_maxrss
                exited = True
                drain_until = time.monotonic() + 0.05
                continue
            data = os.read(fd, 1 << 16)
            if not data:
                poller.unregister(fd)
                continue
            name = names[fd]
            if name == "out":
                out += data
                if len(out) > cap:
                    child.kill()
                    return "output_limit", out[:cap], err
            elif name == "err":
                err_total += len(data)
                if len(err) < ERR_KEEP:
                    err += data[: ERR_KEEP - len(err)]
                if err_total > cap:
                    child.kill()
                    return "output_limit", out, err
            else:
                res += data
                while len(res) >= 4:
                    (n,) = HDR.unpack_from(res)
                    if n > cap:
                        child.kill()
                        return "protocol", out, err
                    if len(res) < 4 + n:
                        break
                    body = bytes(res[4 : 4 + n])
                    del res[: 4 + n]
                    try:
                        msg = json.loads(body)
                        accepted = isinstance(msg, dict) and on_frame(msg)
                    except (ValueError, RecursionError):
                        accepted = False  # deep nesting must not crash the runner (red team)
                    if not accepted:
                        child.kill()
                        return "protocol", out, err
