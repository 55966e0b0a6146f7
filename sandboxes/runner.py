"""The warm runner: one pre-started Python process per sandbox slot, inside the sandbox.

Standard library only, because it runs on the bare interpreter with `-I -S` (no site-packages,
no project code is even mounted). Interpreter start-up and the common stdlib imports are paid
once; every program then runs in a freshly forked child, so the cost per program is a fork.

Trust layout (see docs/sandbox.md):
- the runner itself stays pristine: it never imports, compiles or executes untrusted code;
  it only forks, supervises and relays. It runs as root inside the namespaces but holds only
  CAP_SETUID/CAP_SETGID/CAP_KILL (the backend drops the rest), which the child gives up (setuid
  to a non-root uid clears them) before any untrusted byte runs;
- the child (`runner_child.py`) applies rlimits, moves to its own session, drops to the slot's
  unprivileged uid, gets a scrubbed environment and a private working dir, and only then runs
  the program. Everything the child sends back (result frames on fd 3, stdout) is treated as
  untrusted data: strictly framed, length-capped, checked for order;
- expected outputs never reach this process: the caller sends inputs only and compares outside.
- after each child, the handler SIGKILLs every process of the slot uid in the PID namespace
  until none is left (fork bombs, setsid/double-fork daemons),
  and a helper running as the slot uid wipes the private /tmp and /dev/shm;
- the runner never reads a request: each one is read and handled by a throwaway fork (the
  handler), so a program's child never inherits memory that held another program's source,
  inputs or outputs (red team: previous stdout was found in the heap with ctypes);
- all tests of one request share an output budget (TOTAL_OUTPUT_FACTOR x output_bytes), so the
  runner's answer stays bounded however many tests there are.

Wire protocol with the caller (stdin/stdout of this process): 4-byte big-endian length, then a
UTF-8 JSON object. The same framing carries the child's results on fd 3.
"""

# warm imports: children inherit them for free (they are what contest programs use)
import bisect  # noqa: F401
import builtins
import collections  # noqa: F401
import copy  # noqa: F401
import decimal  # noqa: F401
import fractions  # noqa: F401
import functools  # noqa: F401
import gc
import heapq  # noqa: F401
import importlib.util
import itertools  # noqa: F401
import json
import math  # noqa: F401
import operator  # noqa: F401
import os
import random  # noqa: F401
import re  # noqa: F401
import secrets
import signal
import statistics  # noqa: F401
import string  # noqa: F401
import struct
import sys
import time
import typing  # noqa: F401

HDR = struct.Struct(">I")
MAX_REQUEST = 256 << 20
JOB_DIR = "/tmp/job"  # suffixed with the uid in main(), so slots never share one
TOTAL_OUTPUT_FACTOR = 4
"""All tests of one task together may send back at most this many times `output_bytes` (stdout
of stdio tests, return values of call tests). Without it a program printing 8 MiB per test made
the runner hold, and the caller parse, 8 MiB x the number of tests (found by red-teaming: 100
tests gave a 600 MB response, which the caller rejected, so a wrong program got `error`)."""


def _sibling(name):
    """The runner's other modules sit next to this file; -I keeps our directory off sys.path,
    so they are loaded by path (a program must not be able to import project code from here)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child_side = _sibling("runner_child")
cleanup = _sibling("runner_cleanup")
pump = _sibling("runner_supervise")
Child, supervise = pump.Child, pump.supervise
MEM_EXIT = child_side.MEM_EXIT


def read_exact(fd, n):
    chunks, got = [], 0
    while got < n:
        b = os.read(fd, min(n - got, 1 << 20))
        if not b:
            return None
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)


def recv(fd):
    head = read_exact(fd, 4)
    if head is None:
        return None
    (n,) = HDR.unpack(head)
    if n > MAX_REQUEST:
        raise ValueError("request too large")
    body = read_exact(fd, n)
    if body is None:
        return None
    return json.loads(body)


def send(fd, obj):
    data = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
    buf = HDR.pack(len(data)) + data
    view = memoryview(buf)
    while view:
        view = view[os.write(fd, view) :]


# ---------------------------------------------------------------- runner side (trusted)


def spawn(req, uid, start, stdin_data, nonce):
    limits = req["limits"]
    memfd = os.memfd_create("stdin", 0)
    if stdin_data:
        os.write(memfd, stdin_data.encode("utf-8", "surrogatepass"))
        os.lseek(memfd, 0, os.SEEK_SET)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe() if req["style"] != "stdio" else (-1, -1)
    pid = os.fork()
    if pid == 0:
        try:
            child_side.enter(limits, uid, JOB_DIR, memfd, out_w, err_w, res_w)
            if req["style"] == "stdio":
                child_side.run_stdio(req)
            else:
                child_side.run_tests(req, start, nonce)
        finally:
            os._exit(121)
    for fd in (memfd, out_w, err_w, res_w):
        if fd >= 0:
            os.close(fd)
    fds = {"out": out_r, "err": err_r}
    if res_r >= 0:
        fds["res"] = res_r
    return Child(pid, fds)


def exit_outcome(status):
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return "ok", ""
    if code == MEM_EXIT:
        return "memory_limit", "MemoryError"
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time_limit", f"killed by signal {-code} (CPU limit)"
    if code < 0:
        return "runtime_error", f"killed by signal {-code}"
    return "runtime_error", f"exit code {code}"


def handle(req, uid):
    n = len(req["inputs"])
    limits = req["limits"]
    start_all = time.monotonic()
    total_deadline = start_all + float(limits["time_s"])
    per_test = limits.get("per_test_s")
    cap = int(limits["output_bytes"])
    budget = {"left": TOTAL_OUTPUT_FACTOR * cap}  # shared by all tests of this task
    results = [None] * n
    cur = 0
    retire = False
    while cur < n:
        now = time.monotonic()
        if now >= total_deadline:
            break
        limits["cpu_s"] = max(1, int(total_deadline - now + 1.999))
        nonce = secrets.token_hex(16)
        state = {"cur": cur, "t0": now, "fatal": None}

        def deadline_of(state=state):
            if per_test is None:
                return total_deadline
            return min(total_deadline, state["t0"] + float(per_test))

        def on_frame(msg, state=state, nonce=nonce):
            if "fatal" in msg:
                state["fatal"] = msg
                return True
            i = state["cur"]
            if msg.get("i") != i or i >= n or type(msg.get("ok")) is not bool:
                return False
            t = time.monotonic()
            entry = {"time_s": t - state["t0"]}
            if msg["ok"]:
                if req["style"] == "call":
                    if type(msg.get("value")) is not str:
                        return False
                    budget["left"] -= len(msg["value"])
                    if budget["left"] < 0:
                        entry.update(status="output_limit", error="task output budget spent")
                    else:
                        entry.update(status="ok", value=msg["value"])
                elif msg.get("token") == nonce:
                    entry.update(status="ok")
                else:
                    entry.update(status="runtime_error", error="missing completion token")
            else:
                status = "memory_limit" if msg.get("mem") is True else "runtime_error"
                entry.update(status=status, error=str(msg.get("error", ""))[:1000])
            results[i] = entry
            state["cur"], state["t0"] = i + 1, t
            return True

        stdin_data = req["inputs"][cur] if req["style"] == "stdio" else ""
        if req["style"] == "stdio" and budget["left"] <= 0:
            results[cur] = {
                "status": "output_limit",
                "time_s": 0.0,
                "error": "task output budget spent",
            }
            cur += 1
            continue
        child = spawn(req, uid, cur, stdin_data, nonce)
        test_cap = min(cap, budget["left"]) if req["style"] == "stdio" else cap
        outcome, out, err = supervise(child, test_cap, deadline_of, on_frame)
        elapsed = time.monotonic() - state["t0"]
        status = child.reap()
        if not cleanup.reap_uid(uid, JOB_DIR):
            retire = True  # something survived or /tmp could not be wiped: ask for a new slot
        err_text = err.decode("utf-8", "replace")[-1000:]
        i = state["cur"]
        if state["fatal"] is not None:
            kind = "memory_limit" if state["fatal"].get("mem") is True else "runtime_error"
            detail = str(state["fatal"].get("fatal", ""))[:1000]
            for j in range(i, n):
                results[j] = {"status": kind, "time_s": 0.0, "error": detail}
            break
        if req["style"] == "stdio":
            budget["left"] -= len(out)
            if outcome == "exit":
                kind, why = exit_outcome(status)
            else:
                kind, why = outcome, ""
            results[cur] = {
                "status": kind,
                "time_s": elapsed,
                "stdout": out.decode("utf-8", "replace"),
                "max_rss_kb": child.max_rss_kb,
                "error": (why + "\n" + err_text).strip()[-1000:],
            }
            cur += 1
            continue
        if i < n:  # the child stopped inside test i
            if outcome == "exit":
                kind, why = exit_outcome(status)
                if kind == "ok":
                    kind, why = "runtime_error", "program exited before the test finished"
            elif outcome == "protocol":
                kind, why = "runtime_error", "malformed or out-of-order result frame"
            else:
                kind, why = outcome, ""
            results[i] = {"status": kind, "time_s": elapsed, "error": (why + " " + err_text)[:1000]}
            i += 1
        cur = i
    for j in range(n):
        if results[j] is None:
            results[j] = {"status": "time_limit", "time_s": 0.0, "error": "task time budget spent"}
    return {"ok": True, "results": results, "retire": retire}


def main():
    global JOB_DIR
    builtins.exit = child_side.Quitter("exit")
    builtins.quit = child_side.Quitter("quit")
    uid = int(sys.argv[1])
    JOB_DIR = f"/tmp/job-{uid}"
    # root-owned and sticky: the program can write here but cannot swap the directory, and the
    # runner can list it to skip the wipe helper when nothing was written
    # (O_NOFOLLOW + fchmod: on a shared host /tmp, the unshare launcher's case, a planted
    # symlink must not make us chmod something else)
    os.makedirs(JOB_DIR, exist_ok=True)
    dfd = os.open(JOB_DIR, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if os.fstat(dfd).st_uid != os.getuid():
            raise SystemExit(f"{JOB_DIR} is not ours")
        os.fchmod(dfd, 0o1777)
    finally:
        os.close(dfd)
    proto_in, proto_out = os.dup(0), os.dup(1)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    probe = os.fork()
    if probe == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os._exit(0)
        except BaseException:
            os._exit(1)
    can_drop = os.waitstatus_to_exitcode(os.waitpid(probe, 0)[1]) == 0
    # killing "everything but init, runner and handler" is only safe inside our own PID
    # namespace, where we are pid 1 or 2
    ready = can_drop and os.getpid() <= 2 and child_side.harden_runner()
    # everything imported so far goes to the permanent generation: a child's collections then
    # never walk (and copy-on-write) the runner's heap, which makes each fork cheaper
    gc.collect()
    gc.freeze()
    send(proto_out, {"ready": ready, "python": sys.version.split()[0], "pid": os.getpid()})
    if not ready:
        return
    # Each request is read and handled by a fresh fork of this pristine process (a handler),
    # which exits afterwards. Why: the program's child is forked from whoever read the request,
    # and inherits its heap. Handled here, the freed buffers of earlier requests (other
    # programs' sources, their stdout, which for a correct one IS the expected output) were
    # readable by the next program with ctypes (found by red-teaming). Two handlers are kept
    # forked ahead, so no fork sits between a response and the next request; a one-byte baton
    # lets exactly one of them read the request stream at a time.
    baton_r, baton_w = os.pipe()
    os.write(baton_w, b"x")
    handlers = set()
    while True:
        while len(handlers) < 2:
            pid = os.fork()
            if pid == 0:
                os._exit(serve_one(proto_in, proto_out, uid, baton_r, baton_w))
            handlers.add(pid)
        pid, status = os.waitpid(-1, 0)  # also reaps orphans re-parented to us (namespace init)
        if pid not in handlers:
            continue
        handlers.discard(pid)
        code = os.waitstatus_to_exitcode(status)
        if code == HANDLER_OK:
            continue
        for other in handlers:  # retire, EOF, or a handler died: the slot ends here
            os.kill(other, signal.SIGKILL)
            os.waitpid(other, 0)
        if code == HANDLER_EOF:
            try:
                os.rmdir(JOB_DIR)  # matters for the unshare launcher, which shares the host /tmp
            except OSError:
                pass
        return  # the parent sees EOF and starts a fresh slot (new namespaces, new /tmp)


HANDLER_OK, HANDLER_RETIRE, HANDLER_EOF = 0, 3, 4


def serve_one(proto_in, proto_out, uid, baton_r, baton_w):
    """One request, in a throwaway fork of the runner; returns the handler's exit code. The
    baton is held while reading the request, then passed on: the caller sends the next request
    only after this one's response, so the next handler just waits for it."""
    if os.read(baton_r, 1) != b"x":
        return HANDLER_RETIRE
    try:
        req = recv(proto_in)
    except Exception:
        return HANDLER_RETIRE
    if req is None:
        return HANDLER_EOF
    os.write(baton_w, b"x")
    os.close(baton_r)
    os.close(baton_w)
    try:
        resp = handle(req, uid)
    except Exception as exc:
        resp = {"ok": False, "error": f"runner: {type(exc).__name__}: {exc}"}
    send(proto_out, resp)
    # retire: the program could not be cleaned up after: new namespaces, new /tmp
    return HANDLER_RETIRE if resp.get("retire") else HANDLER_OK


if __name__ == "__main__":
    main()
