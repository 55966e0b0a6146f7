"""stdin/stdout tests inside the program's child: every test of one program in one process.

Why one process per program and not per test: a fork per test made a stdio suite cost about as
many forks as it has tests, and each fork of the warm runner costs ~400 copy-on-write page faults
plus an enter (rlimits, uid drop). The corpus's 24K code tasks carry 6-9 stdio tests each, and
contest rollouts more. The program is compiled once; each test then runs it afresh.

What each test gets, as a fresh interpreter would give it:
- a new `__main__` module (the program's globals never carry over), the builtins, recursion limit
  and int-digit limit restored, `sys.argv` reset, atexit handlers cleared, any alarm disarmed;
- its own stdin: a memfd holding only that test's input on fd 0 (EOF at its end);
- its own stdout: a fresh memfd on fd 1, read back after the test (capped at `output_bytes`;
  RLIMIT_FSIZE bounds what a flood can write into it);
- the ending a process would have: non-daemon threads joined, atexit handlers run, buffers
  flushed; `sys.exit(n)` / an uncaught exception give exit code n / 1 with the traceback on
  stderr. `os._exit(n)` inside a test ends that test with code n and the process lives on (in
  processes the program forked it is the real one). Buffered output is flushed even then
  (a real `os._exit` would drop it): lenient, never stricter than a contest judge.

What tests of one program share: the process (imported modules, threads it left running, its
/tmp). So only the same program's earlier tests can influence a later one, which gains it
nothing: expected outputs never enter the sandbox and the comparison happens outside.
Anything that kills the process (a signal, a C crash, the CPU limit, SIGXFSZ) ends the current
test with that cause; the runner continues with the next test in a fresh child.

Trusted code? No: this runs in the process the program controls. The runner checks every frame
(order, strict types, sizes) exactly as for call-style tests. Standard library only.
"""

import atexit
import builtins
import os
import posix
import resource
import signal
import sys
import traceback
import types

ERROR_KEEP = 1000


class ProgramExit(BaseException):
    """`os._exit(code)` called by the program during a test."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _fresh_stdin(raw, fsize, write_all):
    """A memfd holding exactly this test's input (UTF-8 bytes), as fd 0. The write happens as
    the slot uid under RLIMIT_FSIZE, so the soft limit is lifted to the hard one for it (`enter`
    made the hard limit at least the largest input)."""
    fd = os.memfd_create("stdin", 0)
    if raw:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize[1], fsize[1]))
        try:
            write_all(fd, raw)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, fsize)
        os.lseek(fd, 0, os.SEEK_SET)
    if fd != 0:  # 0 when the program closed its stdin (`open(0)` closes fd 0 when collected)
        os.dup2(fd, 0)
        os.close(fd)


def _fresh_stdout():
    """A new memfd as fd 1; returns a second descriptor of it, which the harness reads back
    (a program that closes fd 1 after printing still has its output read)."""
    fd = os.memfd_create("stdout", 0)
    os.dup2(fd, 1)
    if fd > 2:
        return fd
    import fcntl  # only after a program closed a standard descriptor (the memfd took its number)

    keep = fcntl.fcntl(1, fcntl.F_DUPFD, 3)
    if fd != 1:
        os.close(fd)
    return keep


def _open_streams():
    """New text streams over fds 0 and 1 (also as `sys.__stdin__`/`__stdout__`, which some
    fast-IO templates use)."""
    stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stdin = sys.__stdin__ = stdin  # type: ignore[misc]
    sys.stdout = sys.__stdout__ = stdout  # type: ignore[misc]
    return stdout


def _exit_code(exc):
    """What the interpreter's own exit would turn a SystemExit into."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    print(exc.code, file=sys.stderr)
    return 1


def _join_threads():
    threading = sys.modules.get("threading")
    if threading is None:
        return
    me = threading.current_thread()
    while True:
        alive = [t for t in threading.enumerate() if t is not me and not t.daemon and t.is_alive()]
        if not alive:
            return
        for t in alive:
            t.join()


def _flush(*streams):
    for s in streams:
        try:
            s.flush()
        except BaseException:
            pass


def _run_main(code, setup, mod):
    """Run the program once in `mod`; returns (exit code, error text)."""
    try:
        if setup is not None:
            exec(setup, mod.__dict__)
        exec(code, mod.__dict__)
        return 0, ""
    except SystemExit as exc:
        return _exit_code(exc), ""
    except ProgramExit as exc:
        return (exc.code if isinstance(exc.code, int) else 1) & 0xFF, ""
    except MemoryError:
        return None, "MemoryError"
    except BaseException as exc:
        # without this function's own frame, as the interpreter would print it
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
        try:
            sys.stderr.write(text)
        except BaseException:
            pass
        return 1, text[-ERROR_KEEP:]


def _finish(ours, mod, exit_code):
    """The interpreter's shutdown, minus the exit: threads, atexit, flush, and the module's
    globals dropped now (their finalizers may still write to this test's stdout)."""
    if exit_code is not None:
        try:
            _join_threads()
        except BaseException:
            pass
        try:
            atexit._run_exitfuncs()
        except BaseException:
            pass
    atexit._clear()
    _flush(sys.stdout, ours, sys.stderr)
    try:
        mod.__dict__.clear()
    except BaseException:
        pass
    _flush(sys.stdout, ours, sys.stderr)


def _read_stdout(fd, cap):
    """(text, over the cap) of this test's stdout memfd; closes our descriptor of it."""
    try:
        size = os.fstat(fd).st_size
        data = os.pread(fd, cap + 1, 0)
    except OSError:  # the program closed our descriptor too
        return "", False
    finally:
        try:
            os.close(fd)
        except OSError:
            pass
    return data[:cap].decode("utf-8", "replace"), max(size, len(data)) > cap


def run_tests(req, start, child, real_exit):
    """Run tests `start`... of a stdio request (inputs already UTF-8 bytes), one frame each;
    never returns. `child` is runner_child (frames, compile, MEM_EXIT); `real_exit` os._exit."""
    frame, mem_exit = child.frame, child.MEM_EXIT
    inputs = req["inputs"]
    cap = int(req["limits"]["output_bytes"])
    code = child.compile_program(req, frame)
    try:
        setup = compile(req["setup"], "<setup>", "exec") if req.get("setup") else None
    except BaseException as exc:
        frame({"fatal": f"{type(exc).__name__}: {exc}"[:ERROR_KEEP], "mem": False})
        real_exit(1)
    me = os.getpid()

    def exit_in_test(status=0):
        if os.getpid() != me:
            real_exit(status)  # a process the program forked: the real thing
        raise ProgramExit(status)

    os._exit = posix._exit = exit_in_test
    fsize = resource.getrlimit(resource.RLIMIT_FSIZE)
    saved_builtins = dict(builtins.__dict__)
    recursion, digits = sys.getrecursionlimit(), sys.get_int_max_str_digits()
    for i in range(start, len(inputs)):
        _fresh_stdin(inputs[i], fsize, child.write_all)
        out_fd = _fresh_stdout()
        ours = _open_streams()
        sys.argv = ["main.py"]
        mod = types.ModuleType("__main__")
        mod.__dict__["__builtins__"] = builtins
        mod.__file__ = "main.py"
        sys.modules["__main__"] = mod
        exit_code, error = _run_main(code, setup, mod)
        if os.getpid() != me:  # a forked copy fell off the program's end: exit like one
            _finish(ours, mod, exit_code)
            real_exit(exit_code or 0)
        _finish(ours, mod, exit_code)
        text, over = _read_stdout(out_fd, cap)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        mem = exit_code is None
        frame(
            {
                "i": i,
                "ok": True,
                "code": mem_exit if mem else exit_code,
                "stdout": text,
                "olimit": over,
                "error": error,
                "rss": rss,
            }
        )
        if mem:
            real_exit(0)  # a MemoryError may have left the process unusable: fresh child
        if builtins.__dict__ != saved_builtins:
            builtins.__dict__.clear()
            builtins.__dict__.update(saved_builtins)
        sys.setrecursionlimit(recursion)
        sys.set_int_max_str_digits(digits)
        signal.setitimer(signal.ITIMER_REAL, 0)  # an alarm a test armed must not fire in the next
    real_exit(0)
