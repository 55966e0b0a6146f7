"""The runner's side of one running child: its handle, and pumping its pipes under the deadline
and the output caps; and the zygote that forks those children (below). Trusted, stdlib only;
loaded by the runner from its own directory.

Everything read here comes from the program: stdout and stderr are only accumulated up to a cap,
and result frames on fd 3 are length-checked, parsed defensively (a frame nested past the
recursion limit is a protocol error, not a runner crash) and handed to the caller's `on_frame`
check, which decides whether the frame is acceptable at all.
"""

import _signal
import json
import os
import select
import signal
import socket
import struct
import time

HDR = struct.Struct(">I")
ERR_KEEP = 4096


class Child:
    """A program's process as the supervisor sees it. It is the zygote's child, not ours: the
    zygote reaps it and pushes its exit status (and peak RSS) over `zygote`'s socket, which
    `supervise` polls. Signals go through a pidfd, so they can never reach a reused pid."""

    def __init__(self, pid, pidfd, fds, zygote):
        self.pid = pid
        self.fds = fds  # name -> read fd
        self.pidfd = pidfd
        self.status = None
        self.max_rss_kb = 0
        self.zygote = zygote

    def poll_exit(self):
        """Take the exit status if the zygote has reported it. True once exited."""
        if self.status is None and self.pid in self.zygote.exits:
            self.status, self.max_rss_kb = self.zygote.exits.pop(self.pid)
        return self.status is not None

    def kill(self):
        if self.status is not None:
            return
        try:
            os.killpg(self.pid, signal.SIGKILL)  # its group (it called setsid), while it lives
        except OSError:
            pass
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except OSError:
            pass

    def reap(self):
        while not self.poll_exit():
            self.zygote.pump()
        os.close(self.pidfd)
        for fd in self.fds.values():
            os.close(fd)
        return self.status


def supervise(child, cap, deadline_of, on_frame, frame_cap=None):
    """Pump the child's pipes until it exits or breaks a limit. Returns (outcome, out, err).
    `cap` bounds stdout and stderr; `frame_cap` one result frame (default: `cap`).

    outcome: "exit", "time_limit", "output_limit" or "protocol" (malformed result frames)."""
    poller = select.poll()
    for fd in child.fds.values():
        poller.register(fd, select.POLLIN)
    zfd = child.zygote.fileno()
    poller.register(zfd, select.POLLIN)
    names = {fd: name for name, fd in child.fds.items()}
    out, err, res = bytearray(), bytearray(), bytearray()
    err_total = 0
    exited = False
    drain_until = 0.0
    frame_cap = cap if frame_cap is None else frame_cap
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
            if fd == zfd:
                child.zygote.pump()
                if child.poll_exit():
                    poller.unregister(fd)
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
                    if n > frame_cap:
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
                    del err[:]  # stderr so far belongs to finished tests (their frames say)


# ---------------------------------------------------------------- the zygote
# The zygote: the pristine runner process that forks blank children for the supervisor.
#
# Why this shape (docs/sandbox.md, "The warm runner"): a program's child must never inherit
# memory that held another program's source, inputs or outputs (red team: previous stdout was
# found in the inherited heap with ctypes). The process that reads requests (the supervisor) is
# therefore never the one that forks programs. The zygote never sees a request: it reads nothing
# from its SOCK_SEQPACKET socket but EOF, forks a blank child that reads its own job from a
# pipe, and hands the supervisor the parent ends of that child's pipes (SCM_RIGHTS). One fork
# per program, kept one step ahead (a blank child is always on offer; the next is forked when
# the previous child is reaped), instead of a throwaway request handler plus the child's fork.
#
# The children are the zygote's, so it reaps them (SIGCHLD through a wakeup fd, no polling loop)
# and pushes exit status and peak RSS to the supervisor. As the namespace's init in
# the `unshare`/docker layouts it also reaps the program's re-parented orphans here.
#
# Standard library only; loaded by the runner from its own directory.

MSG = struct.Struct("=cqiq")  # kind (b"O" offer / b"X" exit), pid, wait status, max RSS (KiB)
N_FDS = 4  # job pipe (write end), stdout, stderr, result frames (read ends)


def _fork_blank(child_main, close_in_child):
    """A child that has seen nothing but the zygote's memory; it blocks reading its job."""
    job_r, job_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    parent_ends = [job_w, out_r, err_r, res_r]
    pid = os.fork()
    if pid == 0:
        try:
            # _signal, not signal: the enum-wrapping Python layer cost each child ~70 page faults
            _signal.set_wakeup_fd(-1)
            _signal.signal(_signal.SIGCHLD, _signal.SIG_DFL)  # programs' subprocess needs it
            for fd in parent_ends + close_in_child:
                os.close(fd)
            child_main(job_r, out_w, err_w, res_w)
        finally:
            os._exit(121)
    for fd in (job_r, out_w, err_w, res_w):
        os.close(fd)
    return pid, parent_ends


def _offer(sock, child_main, private, live):
    """Fork the next blank child and hand its pipes to the supervisor before it asks, so taking
    a child costs the supervisor no round trip."""
    pid, fds = _fork_blank(child_main, private)
    live.add(pid)
    try:
        socket.send_fds(sock, [MSG.pack(b"O", pid, 0, 0)], fds)
    finally:
        for fd in fds:
            os.close(fd)


def _tell(sock, msg):
    """False once the supervisor is gone (it exits after EOF or a retire; its SIGCHLD follows)."""
    try:
        sock.send(msg)
        return True
    except (BrokenPipeError, ConnectionResetError):
        return False


def serve(sock, supervisor_pid, child_main):
    """The zygote's loop; returns the supervisor's exit code once it has ended. Out: offers, and
    every exit of a child it offered (the child may already be dead when the supervisor gets to
    it). In: only EOF (the supervisor is exiting). One blank child is on offer at all times: the
    next one is forked when a child is reaped, so a program costs the zygote one wake-up (its
    SIGCHLD), and every page it writes while children share its memory is a copy."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    private = [sock.fileno(), wake_r, wake_w]
    live = set()
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    sup_code = None  # set once the supervisor has exited
    connected = True
    try:
        _offer(sock, child_main, private, live)  # the supervisor cannot have exited yet
        while sup_code is None:
            for fd, _ in poller.poll():
                if fd == wake_r:
                    os.read(wake_r, 4096)  # poll said readable: no EAGAIN to raise
                elif connected:  # the supervisor's socket: EOF (or nonsense) means it is exiting
                    connected = False
                    poller.unregister(sock)
            reaped = 0
            while True:  # reap whatever has exited: ours, the supervisor, adopted orphans
                try:
                    pid, status, usage = os.wait3(os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                if pid == supervisor_pid:
                    sup_code = os.waitstatus_to_exitcode(status)
                elif pid in live:
                    live.discard(pid)
                    reaped += 1
                    if connected:
                        connected = _tell(sock, MSG.pack(b"X", pid, status, usage.ru_maxrss))
            if connected and sup_code is None and reaped:
                try:  # one new blank child per reaped one: exactly one stays on offer
                    for _ in range(reaped):
                        _offer(sock, child_main, private, live)
                except (BrokenPipeError, ConnectionResetError):
                    connected = False
            if not connected and sup_code is None:
                # its exit code tells EOF from retire
                sup_code = os.waitstatus_to_exitcode(os.waitpid(supervisor_pid, 0)[1])
    except OSError as exc:
        # a broken supervisor socket or a failed fork (pid or fd exhaustion on the host): end
        # the slot, whose parent starts a fresh one; stderr is visible with PRORL_SANDBOX_DEBUG
        os.write(2, f"zygote: {type(exc).__name__}: {exc}\n".encode())
        return 1
    finally:
        for pid in live:  # the blank child on offer; any other is already dead
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
    return sup_code


class ZygoteClient:
    """The supervisor's end: `spawn()` takes the offered child; exits arrive in `exits` via
    `pump()`, which `supervise` calls whenever the socket is readable."""

    def __init__(self, sock):
        self.sock = sock
        self.offers = []
        self.exits = {}  # pid -> (wait status, max RSS KiB)

    def fileno(self):
        return self.sock.fileno()

    def pump(self):
        """Read one message from the zygote (blocks until there is one)."""
        msg, fds, _, _ = socket.recv_fds(self.sock, 64, N_FDS)
        if len(msg) != MSG.size:
            for fd in fds:
                os.close(fd)
            raise RuntimeError("zygote is gone")
        kind, pid, status, rss = MSG.unpack(msg)
        if kind == b"O" and len(fds) == N_FDS:
            self.offers.append((pid, fds))
        elif kind == b"X":
            self.exits[pid] = (status, rss)
        else:
            raise RuntimeError("zygote sent a malformed message")

    def spawn(self):
        """The next blank child as (pid, pidfd, fds); one that died on offer is skipped."""
        while True:
            while not self.offers:
                self.pump()
            pid, fds = self.offers.pop(0)
            try:
                return pid, os.pidfd_open(pid), fds
            except ProcessLookupError:
                self.exits.pop(pid, None)
                for fd in fds:
                    os.close(fd)
