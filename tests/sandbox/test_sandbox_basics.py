"""The sandbox and the `code` verifier doing their ordinary job: styles, limits, statuses,
payload errors, sandbox failures and fork safety."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import threading

import pytest

from reward_server.verdict import Status
from reward_server.verifiers import score
from reward_server.verifiers.code import use_sandbox
from sandboxes.api import (
    BACKENDS,
    CallTest,
    Limits,
    Program,
    SandboxError,
    TestStatus,
    TestSuite,
    UnsupportedLanguage,
    get_sandbox,
)
from sandboxes.local import LocalSandbox
from sandboxes.warm import Channel, WarmSandbox

ADD = "def add(a, b):\n    return a + b\n"
ADD_GT = {
    "style": "call",
    "fn_name": "add",
    "tests": [{"args": [1, 2], "expected": 3}, {"args": [2, 2], "expected": 4}],
}


def fenced(src: str) -> str:
    return f"<think>let me write it</think>Here:\n```python\n{src}\n```"


def test_backends_registry_lists_local_and_docker():
    assert {"local", "docker"} <= set(BACKENDS.names())
    with pytest.raises(KeyError, match="known: docker, local"):
        get_sandbox("nope")


def test_three_styles_run_and_judge_outside(sandbox):
    stdio = sandbox.run(
        Program("a, b = map(int, input().split())\nprint(a + b)\n"),
        TestSuite.stdio([("1 2\n", "3"), ("2 2\n", "5")]),
        Limits(),
    )
    assert [t.status for t in stdio.tests] == [TestStatus.ACCEPTED, TestStatus.WRONG_ANSWER]
    call = sandbox.run(
        Program("def f(x, y=0):\n    return (x, y)\n"),
        TestSuite.call("f", [CallTest([1], [1, 0]), CallTest([1], [1, 2], {"y": 2})]),
        Limits(),
    )
    assert call.passed == 2  # the tuple arrives as a JSON array and equals the list
    asserts = sandbox.run(
        Program(ADD),
        TestSuite.asserts(["assert add(1, 1) == 2", "assert add(1, 1) == 3"]),
        Limits(),
    )
    assert [t.passed for t in asserts.tests] == [True, False]


def test_exit_and_quit_builtins_work_as_in_a_normal_interpreter(sandbox):
    suite = TestSuite.stdio([("", "1")])
    for src in ("print(1)\nexit()", "print(1)\nquit(0)\nprint(2)", "print(1)\nexit(3)"):
        res = sandbox.run(Program(src), suite, Limits())
        assert res.passed == (src[-2:] != "3)"), (src, res)


def test_strict_types_unless_configured(sandbox):
    suite = TestSuite.call("f", [CallTest([], 1)])
    for src in ("def f():\n    return True\n", "def f():\n    return 1.0\n"):
        assert sandbox.run(Program(src), suite, Limits()).passed == 0
        assert sandbox.run(Program(src), suite, Limits(python_equality=True)).passed == 1


def test_all_tests_run_after_a_timeout_and_a_crash(sandbox):
    src = (
        "def f(x):\n"
        "    if x == 0:\n        while True: pass\n"
        "    if x == 1:\n        raise ValueError('boom')\n"
        "    return x\n"
    )
    tests = [CallTest([0], 0), CallTest([1], 1), CallTest([2], 2), CallTest([3], 3)]
    res = sandbox.run(Program(src), TestSuite.call("f", tests), Limits(time_s=10, per_test_s=1.0))
    assert [t.status for t in res.tests] == [
        TestStatus.TIME_LIMIT,
        TestStatus.RUNTIME_ERROR,
        TestStatus.ACCEPTED,
        TestStatus.ACCEPTED,
    ]
    assert "boom" in res.tests[1].detail


def test_total_budget_marks_the_rest_time_limit(sandbox):
    src = "import time\ntime.sleep(0.4)\nprint(1)\n"
    res = sandbox.run(Program(src), TestSuite.stdio([("", "1")] * 6), Limits(time_s=1.0))
    statuses = [t.status for t in res.tests]
    assert statuses[0] is TestStatus.ACCEPTED and statuses[-1] is TestStatus.TIME_LIMIT


def test_compile_error_is_run_level_and_cpp_is_refused(sandbox):
    res = sandbox.run(Program("def f(:\n"), TestSuite.call("f", [CallTest([], 1)]), Limits())
    assert res.compile_error and "SyntaxError" in res.compile_error and res.tests == []
    with pytest.raises(UnsupportedLanguage):
        sandbox.run(Program("int main(){}", "cpp"), TestSuite.stdio([("", "")]), Limits())


def test_stdio_float_tolerance_from_config(sandbox):
    gt = {"style": "stdio", "tests": [{"input": "", "output": "0.3333333"}]}
    src = "print(1 / 3)"
    assert score("code", fenced(src), gt).reward == 0.0
    assert score("code", fenced(src), gt, {"float_tol": 1e-6}).reward == 1.0


def test_verifier_partial_credit_and_info(sandbox):
    src = "def add(a, b):\n    return 3\n"
    v = score("code", fenced(src), ADD_GT)
    assert v.reward == 0.5 and v.status is Status.PARTIAL
    assert [t["status"] for t in v.info["tests"]] == ["accepted", "wrong_answer"]
    assert score("code", fenced(src), ADD_GT, {"partial_credit": False}).reward == 0.0
    assert score("code", fenced(ADD), ADD_GT).status is Status.CORRECT


def test_verifier_unparsable_and_syntax_error(sandbox):
    assert score("code", "no code here", ADD_GT).status is Status.UNPARSABLE
    assert score("code", "<think>```python\nx=1\n```", ADD_GT).status is Status.UNPARSABLE
    v = score("code", fenced("def add(a, b) return a"), ADD_GT)
    assert v.reward == 0.0 and "compile error" in v.detail
    # the LAST python block is graded
    v = score("code", fenced("def add(a, b):\n    return 0\n") + "\n" + fenced(ADD), ADD_GT)
    assert v.reward == 1.0


@pytest.mark.parametrize(
    ("gt", "config", "field"),
    [
        ({"style": "stdio", "tests": [{"input": "1"}]}, None, "ground_truth.stdio.tests.0.output"),
        ({"style": "call", "tests": [{"args": [], "expected": 1}]}, None, "fn_name"),
        ({"style": "shell", "tests": []}, None, "ground_truth"),
        ({"style": "stdio", "tests": []}, None, "tests"),
        (ADD_GT, {"time_limit_s": -1}, "config.time_limit_s"),
        (ADD_GT, {"memory": 5}, "config.memory"),
        ("{not json", None, "ground_truth"),
    ],
)
def test_bad_payloads_name_the_field(gt, config, field):
    v = score("code", fenced(ADD), gt, config)
    assert v.status is Status.ERROR and v.reward is None
    assert field in v.detail


class _DeadChannel(Channel):
    def write(self, data: bytes) -> None:
        raise SandboxError("runner is gone")

    def read(self, n: int, deadline: float) -> bytes:
        raise SandboxError("runner exited")

    def kill(self) -> None:
        pass

    def forget(self) -> None:
        pass


class _BrokenSandbox(WarmSandbox):
    def _start(self, index: int) -> Channel:
        return _DeadChannel()


def test_sandbox_failure_is_error_not_zero():
    previous = use_sandbox(_BrokenSandbox())
    try:
        v = score("code", fenced(ADD), ADD_GT)
    finally:
        use_sandbox(previous)
    assert v.status is Status.ERROR and v.reward is None and "sandbox" in v.detail


def test_runner_killed_mid_run_is_error_then_recovers():
    sb = LocalSandbox(slots=1)
    sb.warm_up()
    try:
        (pid,) = sb.runner_pids()
        timer = threading.Timer(0.5, os.killpg, (pid, 9))
        timer.start()
        with pytest.raises(SandboxError):
            sb.run(Program("import time\ntime.sleep(3)\n"), TestSuite.stdio([("", "")]), Limits())
        timer.join()
        ok = sb.run(Program(ADD), TestSuite.call("add", [CallTest([1, 1], 2)]), Limits())
        assert ok.passed == 1 and sb.runner_pids() != [pid]
    finally:
        sb.close()


def _child_score(conn) -> None:  # runs in a forked process
    v = score("code", fenced(ADD), ADD_GT)
    conn.send((v.reward, os.getpid()))
    conn.close()


def test_verifier_works_after_fork(sandbox):
    assert score("code", fenced(ADD), ADD_GT).reward == 1.0  # parent pool is warm
    ctx = mp.get_context("fork")
    parent_end, child_end = ctx.Pipe()
    proc = ctx.Process(target=_child_score, args=(child_end,))
    proc.start()
    reward, child_pid = parent_end.recv()
    proc.join(30)
    assert reward == 1.0 and child_pid != os.getpid() and proc.exitcode == 0
    assert score("code", fenced(ADD), ADD_GT).reward == 1.0  # parent's runners untouched


@pytest.mark.skipif(not shutil.which("unshare"), reason="util-linux unshare is not installed")
def test_unshare_fallback_drops_privileges_and_reaps(sandbox):
    sb = LocalSandbox(slots=1, launcher="unshare")
    try:
        src = "import os\ndef f():\n    return [os.getuid() != 0, os.getpid() != 1]\n"
        res = sb.run(Program(src), TestSuite.call("f", [CallTest([], [True, True])]), Limits())
        assert res.passed == 1, res
        echo = sb.run(Program("print(input())"), TestSuite.stdio([("hi\n", "hi")]), Limits())
        assert echo.passed == 1, echo
    finally:
        sb.close()


def test_stdio_tests_report_peak_memory(sandbox):
    src = "x = bytearray(64 * 2**20)\nprint(len(x) > 0)\n"
    res = sandbox.run(Program(src), TestSuite.stdio([("", "True")]), Limits())
    assert res.passed == 1 and res.tests[0].max_rss_kb > 64 * 1024
    assert res.tests[0].to_dict()["max_rss_kb"] == res.tests[0].max_rss_kb


def test_slot_started_from_a_short_lived_thread_survives_it():
    """bwrap's --die-with-parent follows the forking *thread*; launches use a long-lived one."""
    sb = LocalSandbox(slots=1)
    try:
        out: list[int] = []
        suite = TestSuite.call("add", [CallTest([1, 1], 2)])
        t = threading.Thread(
            target=lambda: out.append(sb.run(Program(ADD), suite, Limits()).passed)
        )
        t.start()
        t.join()
        assert out == [1]
        assert sb.run(Program(ADD), suite, Limits()).passed == 1  # the thread is gone, slot is not
    finally:
        sb.close()


def test_atexit_output_is_flushed_like_a_normal_exit(sandbox):
    src = (
        "import atexit, io, sys\n"
        "buf = io.StringIO()\n"
        "atexit.register(lambda: sys.stdout.write(buf.getvalue()))\n"
        "buf.write('1\\n')\n"
    )
    assert sandbox.run(Program(src), TestSuite.stdio([("", "1")]), Limits()).passed == 1


def test_contest_idioms_work_big_stack_thread_and_multiprocessing(sandbox):
    src = (
        "import sys, threading\n"
        "import multiprocessing as mp\n"
        "threading.stack_size(1 << 27)\n"
        "sys.setrecursionlimit(10**6)\n"
        "def rec(n):\n    return 0 if n == 0 else 1 + rec(n - 1)\n"
        "out = []\n"
        "t = threading.Thread(target=lambda: out.append(rec(100000)))\n"
        "t.start()\nt.join()\n"
        "with mp.Pool(2) as pool:\n    out += pool.map(abs, [-1, -2])\n"
        "print(*out)\n"
    )
    res = sandbox.run(Program(src), TestSuite.stdio([("", "100000 1 2")]), Limits())
    assert res.passed == 1, res
