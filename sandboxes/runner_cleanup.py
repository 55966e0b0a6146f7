"""After every program: leave nothing behind (runner side, trusted, stdlib only).

Called in the runner's supervisor, which holds CAP_KILL inside the sandbox's own PID namespace.
Everything of the slot uid in that namespace is the program's (its init, the zygote, the
supervisor and the blank child on offer are root), so SIGKILL to each of them, repeated until
none is left, ends fork bombs and setsid or double-forked daemons. (Not kill(-1): the supervisor is
a child of the zygote, which kill(-1) would hit.) Files are wiped by a helper that runs as the
slot uid, because the runner holds no file capabilities. SysV IPC objects, which outlive
processes, cannot be created (local.IPC_OFF); if one exists anyway the slot is retired.
"""

import os
import select
import shutil
import signal
import time

WIPE_TIMEOUT_S = 5.0
WIPE_MAX_INODES = 20_000
"""More files than this: do not wipe, retire the slot (its tmpfs mounts vanish with its
namespace at once). Red team: a program that spent its 3 s creating ~10^6 empty files made the
wipe run into its 5 s timeout, holding the slot 8 s and, with a 5 s budget, pushing the runner
past the caller's deadline (an `error` verdict instead of a score)."""


def _others(uid):
    """PIDs in our namespace running as the slot uid: what the program left behind. (Everything
    else here is root: the namespace's init, the zygote, the supervisor, a blank child; the
    program can change neither its real uid nor theirs.) The init, the zygote and this
    process are skipped without reading their status: after a normal program they are most of
    what is listed."""
    found = []
    ours = (1, os.getpid(), os.getppid())
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in ours:
            continue
        try:
            with open(f"/proc/{name}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"Uid:"):
                        if int(line.split()[1]) == uid:
                            found.append(int(name))
                        break
        except (OSError, ValueError):
            continue  # gone meanwhile
    return found


def _sysv_objects():
    """SysV IPC objects in our IPC namespace (they outlive processes): each table has one
    header line, so more than that means something was left."""
    left = 0
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}") as f:
                left += max(0, len(f.read().splitlines()) - 1)
        except OSError:
            pass
    return left


def _inodes_used(path):
    try:
        st = os.statvfs(path)
    except OSError:
        return 0
    return st.f_files - st.f_ffree


def _open_up(top):
    """Give the owner rwx on every directory below `top` so rmtree can descend."""
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            os.chmod(d, 0o700)
            with os.scandir(d) as it:
                for e in it:
                    if e.is_dir(follow_symlinks=False):
                        stack.append(e.path)
        except OSError:
            pass


def reap_uid(uid, job_dir):
    """Leave nothing behind: SIGKILL every process of the program (see the module docstring),
    then a helper running *as* the slot uid wipes what the program wrote to /tmp and /dev/shm
    (the runner cannot: it holds no file capabilities). False: retire the slot."""
    deadline = time.monotonic() + 5
    left = _others(uid)
    while left:  # usually empty at once: the program's process has already been reaped
        for pid in left:  # not kill(-1): that would also hit the zygote
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while True:  # collect our own zombies (and orphans, when we are the namespace's init)
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        left = _others(uid)
        if left and time.monotonic() > deadline:
            return False
        if left:
            time.sleep(0.0005)
    if _sysv_objects():
        return False  # cannot happen with the launcher's IPC limits; if it does, retire
    if _inodes_used("/tmp") + _inodes_used("/dev/shm") > WIPE_MAX_INODES:
        return False  # before any listdir: a million entries would take seconds to list
    shm = os.listdir("/dev/shm") if os.path.isdir("/dev/shm") else []
    if os.listdir("/tmp") == [os.path.basename(job_dir)] and not os.listdir(job_dir) and not shm:
        return True  # the usual case: nothing written, no helper needed
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            left = 0
            for top in ("/tmp", job_dir, "/dev/shm"):
                if not os.path.isdir(top):
                    continue
                for name in os.listdir(top):
                    path = os.path.join(top, name)
                    if os.lstat(path).st_uid != uid:
                        continue  # only what the program made (matters on a shared host /tmp)
                    if os.path.isdir(path) and not os.path.islink(path):
                        _open_up(path)  # a chmod 000 directory must not survive the wipe
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        os.unlink(path)
                    left += os.path.lexists(path)
            code = 3 if left else 0
        except BaseException:
            code = 2
        os._exit(code)
    pidfd = os.pidfd_open(pid)
    try:
        if not select.select([pidfd], [], [], WIPE_TIMEOUT_S)[0]:
            os.kill(pid, signal.SIGKILL)  # millions of tiny files: give up, retire the slot
            os.waitpid(pid, 0)
            return False
    finally:
        os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0
