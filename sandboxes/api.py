"""The sandbox interface: what a backend is asked to do and what it must answer.

Why this split: a backend only *executes*. It receives the program and the test *inputs*, and
hands back raw observations (stdout, return values as JSON text, exit status). Expected outputs
never enter the sandbox, and the comparison (`sandboxes.compare`) runs here, in the trusted
caller's process. So faking a pass requires computing the right answer, which is solving the task.

    from sandboxes.api import get_sandbox, Program, TestSuite, Limits
    sb = get_sandbox("local")
    res = sb.run(Program("print(input())"), TestSuite.stdio([("1\\n", "1")]), Limits())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, Protocol

from prorl.registry import Registry

Style = Literal["stdio", "call", "assert"]


class TestStatus(StrEnum):
    __test__ = False  # tell pytest this is not a test class

    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    RUNTIME_ERROR = "runtime_error"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"


class SandboxError(RuntimeError):
    """The sandbox itself failed (could not start, runner crashed or spoke garbage). Callers
    must turn this into "could not grade", never into a score."""


class UnsupportedLanguage(ValueError):
    pass


@dataclass(frozen=True)
class Program:
    """Untrusted source. `language` picks the compile step (python: `compile()`); a C++ entry
    would add a compiler invocation inside the sandbox before the tests run."""

    source: str
    language: str = "python"


@dataclass(frozen=True)
class CallTest:
    args: list[Any]
    expected: Any
    kwargs: dict[str, Any] = field(default_factory=dict)
    abs_tol: float | None = None
    """Per-test float tolerance (from `abs(f(x) - y) < eps` asserts); None: the suite's rule."""


@dataclass(frozen=True)
class StdioTest:
    input: str
    output: str


@dataclass(frozen=True)
class AssertTest:
    """Original assert code run next to the candidate (the weak fallback, see docs/sandbox.md):
    passes when the code finishes and the harness's completion token comes back."""

    code: str


@dataclass(frozen=True)
class TestSuite:
    __test__ = False  # tell pytest this is not a test class

    style: Style
    tests: list[Any]
    fn_name: str | None = None
    setup: str = ""
    """Trusted code run before the program (imports LeetCode programs assume, MBPP setup)."""

    @classmethod
    def stdio(cls, pairs: list[tuple[str, str]]) -> TestSuite:
        return cls("stdio", [StdioTest(i, o) for i, o in pairs])

    @classmethod
    def call(cls, fn_name: str, tests: list[CallTest], setup: str = "") -> TestSuite:
        return cls("call", list(tests), fn_name=fn_name, setup=setup)

    @classmethod
    def asserts(cls, codes: list[str], setup: str = "") -> TestSuite:
        return cls("assert", [AssertTest(c) for c in codes], setup=setup)


@dataclass(frozen=True)
class Limits:
    time_s: float = 5.0
    """Wall-clock budget for the whole task (all tests), as in ProRL."""
    per_test_s: float | None = None
    """Wall-clock limit per test; None means whatever is left of `time_s`."""
    memory_mb: int = 1024
    output_bytes: int = 8 << 20
    nproc: int = 32
    file_size_mb: int = 64
    open_files: int = 64
    float_tol: float | None = None
    """Relative/absolute float tolerance for stdio tokens and call return values."""
    yes_no_any_case: bool = True
    """stdio: a YES/NO token matches in any letter case (the usual contest rule)."""
    python_equality: bool = False
    """Strict by default: 1 != 1.0 and 1 != True, as JSON types say. True: numbers compare by
    value like Python's `==` (converted assert suites set it: it is what their asserts meant)."""


@dataclass
class TestResult:
    __test__ = False

    status: TestStatus
    time_s: float = 0.0
    detail: str = ""
    max_rss_kb: int | None = None
    """Peak resident memory of the process that ran the test (stdio tests, from wait4)."""

    @property
    def passed(self) -> bool:
        return self.status is TestStatus.ACCEPTED

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status.value, "time_s": round(self.time_s, 4)}
        if self.detail:
            out["detail"] = self.detail
        if self.max_rss_kb is not None:
            out["max_rss_kb"] = self.max_rss_kb
        return out


@dataclass
class RunResult:
    tests: list[TestResult]
    compile_error: str | None = None

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def total(self) -> int:
        return len(self.tests)


class Sandbox(Protocol):
    """A backend with warm slots. `run` is thread-safe; `close` ends every process it started."""

    def run(self, program: Program, tests: TestSuite, limits: Limits) -> RunResult: ...

    def close(self) -> None: ...


BACKENDS: Registry[Any] = Registry(
    "sandbox backend", autoload=("sandboxes.local", "sandboxes.docker_backend")
)


def get_sandbox(name: str = "local", **options: Any) -> Sandbox:
    """Build backend `name` (registered factories take keyword options such as `slots`)."""
    factory = BACKENDS.get(name)
    sandbox: Sandbox = factory(**options)
    return sandbox
