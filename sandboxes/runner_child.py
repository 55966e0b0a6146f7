"""The child side of the warm runner: what happens in the fresh fork, before and while the
untrusted program runs. Everything here executes in the process the program controls, so
nothing it produces is trusted: the runner (sandboxes/runner.py) checks every frame, and the
verdict is decided outside the sandbox altogether.

The runner installs NoNewPrivs and the seccomp deny-list (x86_64) once, at start
(`harden_runner`); every child inherits both. Order in `enter` (each step verified by
tests/sandbox/test_sandbox_redteam.py): fds, rlimits (including RLIMIT_MSGQUEUE 0), drop to
the slot uid (NoNewPrivs, inherited, is what the `unshare` fallback relies on against setuid
binaries), clear the uid's keyrings where no filter refuses `keyctl`, scrubbed environment and
working dir.

Standard library only; loaded by the runner from its own directory (it runs with `-I`).
"""

import _signal
import builtins
import json
import os
import resource
import struct
import sys
import types

HDR = struct.Struct(">I")
MEM_EXIT = 107
CGROUP_EXIT = 119
PR_SET_NO_NEW_PRIVS = 38


def _load_libc():
    """Loaded once in the runner; each child only makes the prctl call."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except (ImportError, OSError):
        return None


_LIBC = _load_libc()
SYS_KEYCTL = {"x86_64": 250, "aarch64": 219}.get(os.uname().machine)
KEYCTL_CLEAR, KEYCTL_GET_PERSISTENT = 7, 22
KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING = -4, -5


def _clear_uid_keyrings():
    """Empty the slot uid's kernel keyrings before the program runs. Why: the user, user-session
    and persistent keyrings belong to the uid, not to a process or namespace, so keys one program
    adds (`add_key` via ctypes) were readable by the next program in the slot (red team). Runs
    as the slot uid, after setuid: clearing needs no privilege over one's own keyrings."""
    if _LIBC is None or SYS_KEYCTL is None:
        return
    persistent = _LIBC.syscall(SYS_KEYCTL, KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_USER_KEYRING)
    if persistent > 0:
        _LIBC.syscall(SYS_KEYCTL, KEYCTL_CLEAR, persistent)
    for ring in (KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING):
        _LIBC.syscall(SYS_KEYCTL, KEYCTL_CLEAR, ring)


# seccomp (x86_64 only; elsewhere the filter is skipped and docs/sandbox.md says so)
AUDIT_ARCH_X86_64 = 0xC000003E
X32_BIT = 0x40000000
CLONE_NEWUSER = 0x10000000
DENIED = {
    # namespaces: unprivileged user namespaces are the usual first step of kernel exploits (red
    # team: unshare(CLONE_NEWUSER) worked inside the sandbox)
    "unshare": 272,
    "setns": 308,
    # kernel keyrings outlive the program (also cleared above, before the filter goes on)
    "add_key": 248,
    "request_key": 249,
    "keyctl": 250,
    # rarely needed by a program, often in kernel exploits
    "userfaultfd": 323,
    "bpf": 321,
    "perf_event_open": 298,
    "io_uring_setup": 425,
}
SYS_CLONE, SYS_CLONE3 = 56, 435


def _seccomp_program():
    """Classic BPF over `struct seccomp_data` (nr at 0, arch at 4, args[0] low word at 16).
    clone3 answers ENOSYS (its flags live in memory a filter cannot read; glibc then falls back
    to clone), clone with CLONE_NEWUSER and the DENIED calls answer EPERM, all else is allowed."""
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    denied = sorted(DENIED.values())
    prog = [(ld, 0, 0, 4), (jeq, 1, 0, AUDIT_ARCH_X86_64), (ret, 0, 0, eperm), (ld, 0, 0, 0)]
    # jump offsets count from the next instruction; the tail is: [clone check x3, allow,
    # eperm, enosys]
    body = [(jge, 0, 0, X32_BIT)] + [(jeq, 0, 0, nr) for nr in denied] + [(jeq, 0, 0, SYS_CLONE3)]
    n = len(body)
    out = []
    for i, (code, _, _, k) in enumerate(body):
        to_eperm = n - i - 1 + 4  # skip the rest of body, the clone check (3) and allow
        jt = to_eperm + 1 if k == SYS_CLONE3 else to_eperm
        out.append((code, jt, 0, k))
    tail = [
        (jeq, 0, 2, SYS_CLONE),
        (0x20, 0, 0, 16),  # args[0], low 32 bits (little-endian)
        (jset, 1, 0, CLONE_NEWUSER),
        (ret, 0, 0, allow),
        (ret, 0, 0, eperm),
        (ret, 0, 0, enosys),
    ]
    return prog + out + tail


def _build_seccomp():
    """The filter as a ready `struct sock_fprog`, built once in the runner (children inherit it
    and only make the prctl call). None where no filter applies."""
    if _LIBC is None or os.uname().machine != "x86_64":
        return None
    import ctypes

    class SockFilter(ctypes.Structure):
        _fields_ = [
            ("code", ctypes.c_ushort),
            ("jt", ctypes.c_ubyte),
            ("jf", ctypes.c_ubyte),
            ("k", ctypes.c_uint),
        ]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    insns = _seccomp_program()
    arr = (SockFilter * len(insns))(*[SockFilter(*i) for i in insns])
    prog = SockFprog(len(insns), arr)
    prog._keep = arr  # the array must live as long as the struct pointing at it
    return ctypes.pointer(prog)


_SECCOMP = _build_seccomp()


def join_cgroups(fds):
    """Move this process into the slot's cgroups (memory limit and CPU quota for the program and
    everything it forks; the runner stays outside). Exits if a join fails: a program must not
    run unbounded, and the runner's start-up probe makes a failure here a refused slot, not a
    silent one."""
    for fd in fds:
        try:
            os.write(fd, b"0")
        except OSError:
            os._exit(CGROUP_EXIT)


def program_env(job_dir):
    """The scrubbed environment every program gets, set once in the runner before it forks any
    child (the runner itself reads nothing from it). Why not per child: `os.environ`'s
    Python-level clear/update cost each child ~75 copy-on-write page faults (measured)."""
    os.environ.clear()
    os.environ.update(
        {"PATH": "/usr/bin:/bin", "HOME": job_dir, "TMPDIR": job_dir, "LANG": "C.UTF-8"}
    )


def harden_runner():
    """Called once by the runner at start: NoNewPrivs, then the seccomp filter, which every
    child and so every program inherits. Why in the runner and not per child: attaching a
    filter costs ~0.2 ms, per program that was measurable; the runner itself needs none of the
    calls the filter refuses. False if the kernel refused (the runner then does not start)."""
    if _LIBC is None:
        return True
    if _LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if _SECCOMP is None:
        return True
    return _LIBC.prctl(22, 2, _SECCOMP, 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


# The program's text streams over fds 0-2, made once in the runner and never used there (so they
# hold no data); each child gets them by fork instead of building three new ones (~60 fewer
# copy-on-write page faults per program, measured).
_STREAMS = (
    open(0, encoding="utf-8", errors="replace", closefd=False),  # noqa: SIM115
    open(1, "w", encoding="utf-8", errors="replace", closefd=False),  # noqa: SIM115
    open(2, "w", encoding="utf-8", errors="replace", closefd=False),  # noqa: SIM115
)


def enter(limits, uid, job_dir, stdin_fd, out_w, err_w, res_w, fsize_floor=0):
    """Runs in the fresh fork before any untrusted code: fds, rlimits, uid, env, cwd.
    `fsize_floor`: the hard RLIMIT_FSIZE is at least this (stdio inputs are written into their
    memfds after the uid drop, under a temporarily raised soft limit; see runner_stdio.py)."""
    os.setsid()
    os.dup2(stdin_fd, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    keep = 3
    if res_w >= 0:
        os.dup2(res_w, 3)
        keep = 4
    os.closerange(keep, 1 << 16)
    mem = int(limits["memory_mb"]) << 20
    cpu = int(limits["cpu_s"])
    fsize = int(limits["file_size_mb"]) << 20
    for res, val in (
        (resource.RLIMIT_AS, mem),
        (resource.RLIMIT_DATA, mem),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_NPROC, int(limits["nproc"])),
        (resource.RLIMIT_FSIZE, fsize),
        (resource.RLIMIT_NOFILE, int(limits["open_files"])),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_MSGQUEUE, 0),  # no POSIX message queues (they outlive the program)
    ):
        hard = resource.getrlimit(res)[1]
        if hard != resource.RLIM_INFINITY:
            val = min(val, hard)  # an inherited hard limit (e.g. the worker's) cannot be raised
        top = val + 1 if res == resource.RLIMIT_CPU and val != hard else val
        if res == resource.RLIMIT_FSIZE and fsize_floor > val:
            top = fsize_floor if hard == resource.RLIM_INFINITY else min(hard, fsize_floor)
        resource.setrlimit(res, (val, top))
    # NoNewPrivs (no setuid binary or file capability may hand privileges back; the `unshare`
    # fallback sees the host's setuid binaries) is inherited from the runner: harden_runner()
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        os._exit(120)
    if _SECCOMP is None:  # with the filter, keyrings can be neither written nor read
        _clear_uid_keyrings()
    os.chdir(job_dir)  # the environment (HOME, TMPDIR = job_dir) was set once: program_env()
    sys.stdin, sys.stdout, sys.stderr = _STREAMS
    sys.argv = ["main.py"]
    _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)  # the C call: no enum layer to touch


def compile_program(req, frame):
    """The program's code object, or a `compile` frame and exit: a program that does not compile
    scores 0 (compile_error), never a sandbox error. Why here and not in the trusted caller: the
    compiler's cost is the program's (compile bombs run under this child's CPU and memory
    limits), and the caller skips a second compile of every program."""
    try:
        return compile(req["program"], "main.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    except (RecursionError, MemoryError) as exc:
        error = f"{type(exc).__name__}: program too deeply nested to compile"
    frame({"fatal": error[:1000], "compile": True})
    os._exit(1)


def _exec_program(code, setup):
    mod = types.ModuleType("__main__")
    mod.__dict__["__builtins__"] = builtins
    mod.__file__ = "main.py"
    sys.modules["__main__"] = mod
    if setup:
        exec(compile(setup, "<setup>", "exec"), mod.__dict__)
    exec(code, mod.__dict__)
    return mod


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def _plain(value, depth=0):
    """Strict JSON types only: an object with a custom __eq__ cannot survive this."""
    if depth > 100:
        raise ValueError("return value nested too deeply")
    # Subclasses (Counter, defaultdict, a str with a rigged __eq__) are copied into the plain
    # base type: only their data crosses, so their methods cannot influence the comparison.
    if value is None or type(value) is bool:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        value = float.__float__(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("non-finite float")
        return value
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in list.__iter__(value)]
    if isinstance(value, tuple):
        return [_plain(v, depth + 1) for v in tuple.__iter__(value)]
    if isinstance(value, dict):
        out = {}
        for k, v in dict.items(value):
            if type(k) is not str:
                raise TypeError("dict keys must be str")
            out[k] = _plain(v, depth + 1)
        return out
    raise TypeError(f"return type {type(value).__name__} is not a plain JSON type")


def _untag(value):
    """Call arguments arrive as JSON; `{"$tuple": [...]}` marks a tuple (code_suites docs)."""
    if type(value) is list:
        return [_untag(v) for v in value]
    if type(value) is dict:
        if len(value) == 1 and "$tuple" in value and type(value["$tuple"]) is list:
            return tuple(_untag(v) for v in value["$tuple"])
        return {k: _untag(v) for k, v in value.items()}
    return value


def _resolve(mod, fn_name):
    if "()." in fn_name:
        cls_name, meth = fn_name.split("().", 1)
        return lambda *a, **k: getattr(mod.__dict__[cls_name](), meth)(*a, **k)
    return mod.__dict__[fn_name]


def write_all(fd, buf):
    view = memoryview(buf)
    while view:
        view = view[os.write(fd, view) :]


def send(fd, obj):
    """One frame: 4-byte big-endian length, then UTF-8 JSON (the runner's wire format both
    ways with the caller, and the child's result frames)."""
    data = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
    write_all(fd, HDR.pack(len(data)) + data)


def frame(obj):
    """One result frame on fd 3 (the runner checks order, types and size)."""
    send(3, obj)


def run_tests(req, start, nonce):
    """call / assert styles: one program, tests run in order from `start`, one frame each."""
    me = os.getpid()
    code = compile_program(req, frame)
    try:
        mod = _exec_program(code, req.get("setup") or "")
        fn = _resolve(mod, req["fn_name"]) if req["style"] == "call" else None
    except BaseException as exc:
        if os.getpid() != me:
            os._exit(1)
        frame({"fatal": f"{type(exc).__name__}: {exc}"[:1000], "mem": type(exc) is MemoryError})
        _flush()
        os._exit(1)
    inputs = req["inputs"]
    for i in range(start, len(inputs)):
        try:
            if fn is not None:
                value = fn(*_untag(inputs[i]["args"]), **_untag(inputs[i]["kwargs"]))
                out = {"i": i, "ok": True, "value": json.dumps(_plain(value), allow_nan=False)}
            else:
                exec(compile(inputs[i], f"<test {i}>", "exec"), mod.__dict__)
                out = {"i": i, "ok": True, "token": nonce}
        except BaseException as exc:
            msg = f"{type(exc).__name__}: {exc}"[:1000]
            out = {"i": i, "ok": False, "error": msg, "mem": type(exc) is MemoryError}
        _flush()
        if os.getpid() != me:  # a process the program forked returned here: it only exits
            os._exit(0)
        frame(out)
    os._exit(0)


class Quitter:
    """`exit()` / `quit()`, which `site` would define; we run with -S, and contest programs
    call them all the time."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Use {self.name}() to exit"

    def __call__(self, code=None):
        raise SystemExit(code)
