"""The child side of the warm runner: what happens in the fresh fork, before and while the
untrusted program runs. Everything here executes in the process the program controls, so
nothing it produces is trusted: the runner (sandboxes/runner.py) checks every frame, and the
verdict is decided outside the sandbox altogether.

Standard library only; loaded by the runner from its own directory (it runs with `-I`).
"""

import atexit
import builtins
import json
import os
import resource
import signal
import struct
import sys
import traceback
import types

HDR = struct.Struct(">I")
MEM_EXIT = 107
PR_SET_NO_NEW_PRIVS = 38


def _load_libc():
    """Loaded once in the runner; each child only makes the prctl call."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except (ImportError, OSError):
        return None


_LIBC = _load_libc()


def enter(limits, uid, job_dir, stdin_fd, out_w, err_w, res_w):
    """Runs in the fresh fork before any untrusted code: fds, rlimits, uid, env, cwd."""
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
        extra = 1 if res == resource.RLIMIT_CPU and val != hard else 0
        resource.setrlimit(res, (val, val + extra))
    # no setuid binary or file capability may hand privileges back (bwrap and docker set this
    # too; the `unshare` fallback sees the host's setuid binaries and relies on this call)
    if _LIBC is not None and _LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        os._exit(120)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        os._exit(120)
    os.chdir(job_dir)
    os.environ.clear()
    os.environ.update(
        {"PATH": "/usr/bin:/bin", "HOME": job_dir, "TMPDIR": job_dir, "LANG": "C.UTF-8"}
    )
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.argv = ["main.py"]
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _exec_program(source, setup):
    mod = types.ModuleType("__main__")
    mod.__dict__["__builtins__"] = builtins
    mod.__file__ = "main.py"
    sys.modules["__main__"] = mod
    if setup:
        exec(compile(setup, "<setup>", "exec"), mod.__dict__)
    exec(compile(source, "main.py", "exec"), mod.__dict__)
    return mod


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def run_stdio(req):
    code = 0
    try:
        _exec_program(req["program"], req.get("setup") or "")
    except SystemExit as exc:
        if exc.code is None or exc.code == 0:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code & 0xFF or 1
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except MemoryError:
        code = MEM_EXIT
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()  # what a normal interpreter exit would do (fast-IO templates)
    except BaseException:
        pass
    _flush()
    os._exit(code)


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


def run_tests(req, start, nonce):
    """call / assert styles: one program, tests run in order from `start`, one frame each."""

    def frame(obj):
        data = json.dumps(obj).encode()
        buf = HDR.pack(len(data)) + data
        view = memoryview(buf)
        while view:
            view = view[os.write(3, view) :]

    try:
        mod = _exec_program(req["program"], req.get("setup") or "")
        fn = _resolve(mod, req["fn_name"]) if req["style"] == "call" else None
    except BaseException as exc:
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
