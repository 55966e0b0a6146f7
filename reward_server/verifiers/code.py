"""`code`: run the response's last fenced Python block against the task's tests in a sandbox.

Reward = passed / total over ALL tests (every test runs; a slow first test does not hide the
rest), 0 on a syntax error (checked with `compile()` here first, which is cheap), and `error`
with reward None when the sandbox itself fails, so a broken grader never looks like a wrong
program. The verdict is decided in this process: the sandbox only reports what the program did.

Each verification runs inside a reward-service worker process, so the sandbox pool is per
process: started lazily on first use, closed at exit, and forgotten (not killed) in a forked
child, which starts its own.
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from reward_server.extract import Unparsable, answer_section, last_fenced_block
from reward_server.verdict import Verdict
from reward_server.verifiers import verifier
from sandboxes.api import (
    AssertTest,
    CallTest,
    Limits,
    Program,
    Sandbox,
    SandboxError,
    TestSuite,
    get_sandbox,
)

MAX_TESTS = 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StdioCase(_Strict):
    input: str
    output: str


class CallCase(_Strict):
    args: list[Any]
    kwargs: dict[str, Any] = Field(default_factory=dict)
    expected: Any
    abs_tol: float | None = Field(default=None, gt=0)


class AssertCase(_Strict):
    code: str


class StdioPayload(_Strict):
    style: Literal["stdio"]
    tests: list[StdioCase] = Field(min_length=1, max_length=MAX_TESTS)
    time_limit_s: float | None = Field(default=None, gt=0, le=600)


class CallPayload(_Strict):
    style: Literal["call"]
    fn_name: str = Field(min_length=1, max_length=200)
    tests: list[CallCase] = Field(min_length=1, max_length=MAX_TESTS)
    setup: str = ""
    time_limit_s: float | None = Field(default=None, gt=0, le=600)


class AssertPayload(_Strict):
    """The fallback for suites that could not become call style (reward_server.code_suites)."""

    style: Literal["assert"]
    tests: list[AssertCase] = Field(min_length=1, max_length=MAX_TESTS)
    setup: str = ""
    time_limit_s: float | None = Field(default=None, gt=0, le=600)


class CodePayload(
    RootModel[Annotated[StdioPayload | CallPayload | AssertPayload, Field(discriminator="style")]]
):
    pass


class CodeConfig(_Strict):
    time_limit_s: float = Field(default=5.0, gt=0, le=600, description="total budget per task")
    per_test_time_limit_s: float | None = Field(default=None, gt=0, le=600)
    memory_mb: int = Field(default=1024, ge=128, le=16384)
    float_tol: float | None = Field(default=None, ge=0)
    python_equality: bool = False
    yes_no_any_case: bool = True
    partial_credit: bool = True


def to_suite(gt: StdioPayload | CallPayload | AssertPayload) -> TestSuite:
    if isinstance(gt, StdioPayload):
        return TestSuite.stdio([(t.input, t.output) for t in gt.tests])
    if isinstance(gt, CallPayload):
        tests = [CallTest(t.args, t.expected, t.kwargs, t.abs_tol) for t in gt.tests]
        return TestSuite("call", tests, fn_name=gt.fn_name, setup=gt.setup)
    return TestSuite("assert", [AssertTest(t.code) for t in gt.tests], setup=gt.setup)


_lock = threading.Lock()
_sandbox: Sandbox | None = None
_pid = -1


def sandbox() -> Sandbox:
    """This process's warm pool (backend and size from PRORL_SANDBOX_BACKEND / _SLOTS)."""
    global _sandbox, _pid
    with _lock:
        if _sandbox is None or _pid != os.getpid():
            backend = os.environ.get("PRORL_SANDBOX_BACKEND", "local")
            slots = int(os.environ.get("PRORL_SANDBOX_SLOTS", "1"))
            _sandbox, _pid = get_sandbox(backend, slots=slots), os.getpid()
        return _sandbox


def use_sandbox(sb: Sandbox | None) -> Sandbox | None:
    """Install `sb` as this process's pool (a service picking its backend, tests sharing one);
    returns the previous pool, which the caller owns again. None: back to lazy start."""
    global _sandbox, _pid
    with _lock:
        previous, _sandbox, _pid = _sandbox, sb, os.getpid()
        return previous


def _close() -> None:
    if _sandbox is not None and _pid == os.getpid():
        _sandbox.close()


def _after_fork() -> None:
    global _lock
    _lock = threading.Lock()  # a fork while another thread held it must not deadlock the child


atexit.register(_close)
os.register_at_fork(after_in_child=_after_fork)


@verifier("code", payload=CodePayload, config=CodeConfig)
def verify_code(response: str, gt: CodePayload, cfg: CodeConfig) -> Verdict:
    """Fraction of tests the last fenced Python block passes, judged outside the sandbox."""
    try:
        section = answer_section(response)
    except Unparsable as exc:
        return Verdict.unparsable(str(exc))
    source = last_fenced_block(section, languages=("python", "py", "python3"))
    if source is None or not source.strip():
        return Verdict.unparsable("no fenced Python code block in the answer")
    payload = gt.root
    limits = Limits(
        time_s=payload.time_limit_s or cfg.time_limit_s,
        per_test_s=cfg.per_test_time_limit_s,
        memory_mb=cfg.memory_mb,
        float_tol=cfg.float_tol,
        python_equality=cfg.python_equality,
        yes_no_any_case=cfg.yes_no_any_case,
    )
    try:
        result = sandbox().run(Program(source), to_suite(payload), limits)
    except SandboxError as exc:
        return Verdict.error(f"sandbox failure: {exc}")
    if result.compile_error is not None:
        return Verdict.scored(0.0, f"compile error: {result.compile_error}", style=payload.style)
    total, passed = result.total, result.passed
    reward = passed / total if cfg.partial_credit else float(passed == total)
    info: dict[str, Any] = {
        "style": payload.style,
        "passed": passed,
        "total": total,
        "tests": [t.to_dict() for t in result.tests],
    }
    return Verdict.scored(reward, f"{passed}/{total} tests passed", **info)
