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
- after each child, the supervisor SIGKILLs every process of the slot uid in the PID namespace
  until none is left (fork bombs, setsid/double-fork daemons),
  and a helper running as the slot uid wipes the private /tmp and /dev/shm;
- the process that forks programs never reads a request: after start the runner splits into a
  zygote (this pristine process, which only forks blank children on demand; see
  runner_supervise.py) and a long-lived supervisor (which reads requests, sends each blank
  child its job over a pipe, pumps its output and cleans up), so a program's child never
  inherits memory that held another program's source, inputs or outputs (red team: previous
  stdout was found in the heap with ctypes). One fork per program;
- all tests of one request share an output budget (TOTAL_OUTPUT_FACTOR x output_bytes), so the
  runner's answer stays bounded however many tests there are.

Wire protocol with the caller (stdin/stdout of this process): 4-byte big-endian length, then a
UTF-8 JSON object. The same framing carries the child's results on fd 3.
"""

# warm imports: children inherit them for free (they are what contest programs use). Not
# `random` (nor `secrets`/`statistics`, which import it): it registers an at-fork reseed that
# cost every child ~40 copy-on-write page faults (measured), whether it used random or not; a
# program that imports it gets a fresh seed from the OS either way.
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
import marshal
import math  # noqa: F401
import operator  # noqa: F401
import os
import re  # noqa: F401
import signal
import socket
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
stdio_side = _sibling("runner_stdio")
cleanup = _sibling("runner_cleanup")
pump = _sibling("runner_supervise")
zygote = pump  # the zygote lives beside the supervisor's side, in runner_supervise.py
ZYGOTE = None  # the supervisor's client of the zygote (set in the supervisor only)
UID = -1  # the slot uid, set in main()
CGROUP_FDS: list[int] = []  # the slot cgroups' cgroup.procs, which each program joins
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


# ---------------------------------------------------------------- runner side (trusted)


def spawn(req, start, nonce):
    """Take the zygote's next blank child and send it its job. The child, not this process,
    turns the job into a running program (`child_main`)."""
    pid, pidfd, (job_w, out_r, err_r, res_r) = ZYGOTE.spawn()
    # marshal, not JSON: this direction is trusted (supervisor -> child), and one C call to load
    # it touches far fewer pages in the fresh child than json's decoder (~30 faults, measured)
    data = marshal.dumps({"req": req, "start": start, "nonce": nonce})
    try:
        child_side.write_all(job_w, HDR.pack(len(data)) + data)
    except OSError:
        pass  # the child is gone; supervise() sees its exit
    finally:
        os.close(job_w)
    return Child(pid, pidfd, {"out": out_r, "err": err_r, "res": res_r}, ZYGOTE)


def child_main(job_r, out_w, err_w, res_w):
    """In a blank child of the zygote: read the job, then become the program (never returns)."""
    head = read_exact(job_r, 4)
    job = marshal.loads(read_exact(job_r, HDR.unpack(head)[0])) if head else None
    os.close(job_r)
    if job is None:
        os._exit(0)  # the supervisor went away before sending one
    req = job["req"]
    stdin = os.memfd_create("stdin", 0)  # empty; stdio tests get their own per test
    stdio = req["style"] == "stdio"
    # stdio inputs are written after the uid drop: RLIMIT_FSIZE must let the largest one through
    floor = 0
    if stdio:  # encoded once, here: their lengths set the floor, runner_stdio writes them
        req["inputs"] = [x.encode("utf-8", "surrogatepass") for x in req["inputs"]]
        floor = max(map(len, req["inputs"]), default=0)
    child_side.join_cgroups(CGROUP_FDS)  # before anything of the program: sandboxes/cgroup.py
    child_side.enter(req["limits"], UID, JOB_DIR, stdin, out_w, err_w, res_w, floor)
    if stdio:
        stdio_side.run_tests(req, job["start"], child_side, os._exit)
    child_side.run_tests(req, job["start"], job["nonce"])


def exit_outcome(status):
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return "ok", ""
    if code == MEM_EXIT:
        return "memory_limit", "MemoryError"
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time_limit", f"killed by signal {-code} (CPU limit)"
    if code == -signal.SIGXFSZ:
        return "output_limit", "file size limit exceeded (SIGXFSZ)"
    if code < 0:
        return "runtime_error", f"killed by signal {-code}"
    return "runtime_error", f"exit code {code}"


def judge_frame(req, msg, cap, budget, entry, nonce):
    """Fill `entry` from one result frame of the child; False if the frame is malformed (the
    child is then killed and the test is a runtime error)."""
    if not msg["ok"]:
        status = "memory_limit" if msg.get("mem") is True else "runtime_error"
        entry.update(status=status, error=str(msg.get("error", ""))[:1000])
        return True
    style = req["style"]
    if style == "stdio":
        out, code, rss = msg.get("stdout"), msg.get("code"), msg.get("rss")
        if type(out) is not str or type(code) is not int or type(msg.get("olimit")) is not bool:
            return False
        budget["left"] -= len(out)
        entry["max_rss_kb"] = rss if type(rss) is int else 0
        if msg["olimit"] or len(out) > cap:
            entry.update(status="output_limit", error="stdout exceeds output_bytes")
        elif budget["left"] < 0:
            entry.update(status="output_limit", error="task output budget spent")
        elif code == 0:
            entry.update(status="ok", stdout=out)
        elif code == MEM_EXIT:
            entry.update(status="memory_limit", error="MemoryError")
        else:
            detail = f"exit code {code}\n{msg.get('error', '')}"
            entry.update(status="runtime_error", error=detail.strip()[-1000:])
    elif style == "call":
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
    return True


def handle(req, uid):
    """Run every test of one request: a child runs the tests in order from `cur`; if it dies,
    times out or breaks the protocol inside test i, test i gets that outcome and a fresh child
    continues from i + 1 while the task's time budget lasts."""
    n = len(req["inputs"])
    limits = req["limits"]
    start_all = time.monotonic()
    total_deadline = start_all + float(limits["time_s"])
    per_test = limits.get("per_test_s")
    cap = int(limits["output_bytes"])
    # a stdio frame carries the test's stdout as JSON text (escapes at most 6x its size)
    frame_cap = 6 * cap + 65536 if req["style"] == "stdio" else cap
    budget = {"left": TOTAL_OUTPUT_FACTOR * cap}  # shared by all tests of this task
    results = [None] * n
    cur = 0
    retire = False
    while cur < n:
        now = time.monotonic()
        if now >= total_deadline:
            break
        limits["cpu_s"] = max(1, int(total_deadline - now + 1.999))
        nonce = os.urandom(16).hex()
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
            if not judge_frame(req, msg, cap, budget, entry, nonce):
                return False
            results[i] = entry
            state["cur"], state["t0"] = i + 1, t
            return True

        child = spawn(req, cur, nonce)
        outcome, out, err = supervise(child, cap, deadline_of, on_frame, frame_cap)
        elapsed = time.monotonic() - state["t0"]
        status = child.reap()
        if not cleanup.reap_uid(uid, JOB_DIR):
            retire = True  # something survived or /tmp could not be wiped: ask for a new slot
        err_text = err.decode("utf-8", "replace")[-1000:]
        i = state["cur"]
        if state["fatal"] is not None:
            detail = str(state["fatal"].get("fatal", ""))[:1000]
            if state["fatal"].get("compile") is True:
                return {"ok": True, "results": [], "compile_error": detail, "retire": retire}
            kind = "memory_limit" if state["fatal"].get("mem") is True else "runtime_error"
            for j in range(i, n):
                results[j] = {"status": kind, "time_s": 0.0, "error": detail}
            break
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
            if req["style"] == "stdio":
                results[i]["max_rss_kb"] = child.max_rss_kb
            i += 1
        cur = i
    for j in range(n):
        if results[j] is None:
            results[j] = {"status": "time_limit", "time_s": 0.0, "error": "task time budget spent"}
    return {"ok": True, "results": results, "retire": retire}


def main():
    global JOB_DIR, UID, ZYGOTE
    builtins.exit = child_side.Quitter("exit")
    builtins.quit = child_side.Quitter("quit")
    uid = UID = int(sys.argv[1])
    cpu, fds = (sys.argv[2:] + ["-", "-"])[:2]  # local.runner_args
    if cpu != "-":  # pinned slot: the runner and every program it forks stay on one CPU
        os.sched_setaffinity(0, {int(cpu)})
    CGROUP_FDS[:] = [int(fd) for fd in fds.split(",")] if fds != "-" else []
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
    child_side.program_env(JOB_DIR)
    proto_in, proto_out = os.dup(0), os.dup(1)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    probe = os.fork()
    if probe == 0:
        try:
            child_side.join_cgroups(CGROUP_FDS)  # what every program's child will do first
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os._exit(0)
        except BaseException:
            os._exit(1)
    probed = os.waitstatus_to_exitcode(os.waitpid(probe, 0)[1])
    can_drop = probed == 0
    # killing "everything of the slot uid" is only safe inside our own PID
    # namespace, where we are pid 1 or 2
    ready = can_drop and os.getpid() <= 2 and child_side.harden_runner()
    # everything imported so far goes to the permanent generation: a child's collections then
    # never walk (and copy-on-write) the runner's heap, which makes each fork cheaper
    gc.collect()
    gc.freeze()
    hello = {"ready": ready, "python": sys.version.split()[0], "pid": os.getpid()}
    if probed == child_side.CGROUP_EXIT:
        hello["cgroup_refused"] = True  # the host let us make the cgroups but not join them
    child_side.send(proto_out, hello)
    if not ready:
        return
    # This process stays pristine and becomes the zygote; a forked supervisor reads and handles
    # every request. Why: a program's child inherits the heap of whoever forked it; forked from
    # the request reader, the freed buffers of earlier requests (other programs' sources, their
    # stdout, which for a correct one IS the expected output) were readable by the next program
    # with ctypes (found by red-teaming). The zygote only ever reads EOF.
    sup_sock, zyg_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sup = os.fork()
    if sup == 0:
        code = 1
        try:
            zyg_sock.close()
            ZYGOTE = zygote.ZygoteClient(sup_sock)
            code = serve_requests(proto_in, proto_out, uid)
        finally:
            os._exit(code)
    sup_sock.close()
    os.close(proto_in)
    os.close(proto_out)
    code = zygote.serve(zyg_sock, sup, child_main)
    if code == SUPERVISOR_EOF:
        try:
            os.rmdir(JOB_DIR)  # matters for the unshare launcher, which shares the host /tmp
        except OSError:
            pass
    # retire, EOF, or the supervisor died: the slot ends here, and the parent sees EOF and
    # starts a fresh slot (new namespaces, new /tmp)


SUPERVISOR_RETIRE, SUPERVISOR_EOF = 3, 4


def serve_requests(proto_in, proto_out, uid):
    """The supervisor's loop: one request after another; returns its exit code."""
    while True:
        try:
            req = recv(proto_in)
        except Exception:
            return SUPERVISOR_RETIRE
        if req is None:
            return SUPERVISOR_EOF
        try:
            resp = handle(req, uid)
        except Exception as exc:
            resp = {"ok": False, "error": f"runner: {type(exc).__name__}: {exc}", "retire": True}
        child_side.send(proto_out, resp)
        if resp.get("retire"):
            # the program could not be cleaned up after: new namespaces, new /tmp
            return SUPERVISOR_RETIRE


if __name__ == "__main__":
    main()
