"""How a test suite is driven: what goes into the sandbox (inputs only) and how the runner's
answer is judged (strictly parsed, then compared in this trusted process).

Every backend speaks to the same in-sandbox runner (`sandboxes/runner.py`), so this module is
shared: `build_request` strips the expected values out of the suite, `judge` turns the runner's
raw observations into per-test statuses. The runner's answer is parsed as untrusted data: wrong
shapes raise SandboxError (the sandbox broke) rather than producing a score.
"""

from __future__ import annotations

import json
from typing import Any

from sandboxes.api import (
    AssertTest,
    CallTest,
    Limits,
    Program,
    RunResult,
    SandboxError,
    StdioTest,
    TestResult,
    TestStatus,
    TestSuite,
    UnsupportedLanguage,
)
from sandboxes.compare import stdio_equal, values_equal

LANGUAGES = ("python",)
_RAW_STATUS = {
    "runtime_error": TestStatus.RUNTIME_ERROR,
    "time_limit": TestStatus.TIME_LIMIT,
    "memory_limit": TestStatus.MEMORY_LIMIT,
    "output_limit": TestStatus.OUTPUT_LIMIT,
}
MAX_VALUE_CHARS = 16 << 20
MAX_SOURCE_CHARS = 1 << 20
"""A 16K-token response is ~64 KB, so 1 MiB of source is far beyond any real answer. (The compile
used to run here, in the trusted process, where a 6 MB chain `x = a and a and ...` took ~7 s
(red team); it now runs in the sandbox under the program's limits, and this cap stays.)"""


def precheck(program: Program) -> str | None:
    """What the trusted caller checks before a program goes in: a language the runner speaks
    (else UnsupportedLanguage) and a bounded size (else a compile error: the program scores 0).
    The compile itself happens in the sandbox (runner_child.compile_program)."""
    if program.language not in LANGUAGES:
        raise UnsupportedLanguage(f"language {program.language!r} is not supported: {LANGUAGES}")
    if len(program.source) > MAX_SOURCE_CHARS:
        return f"program too large: {len(program.source)} characters (limit {MAX_SOURCE_CHARS})"
    return None


def build_request(program: Program, suite: TestSuite, limits: Limits) -> dict[str, Any]:
    inputs: list[Any] = []
    for t in suite.tests:
        if suite.style == "stdio" and isinstance(t, StdioTest):
            inputs.append(t.input)
        elif suite.style == "call" and isinstance(t, CallTest):
            inputs.append({"args": list(t.args), "kwargs": dict(t.kwargs)})
        elif suite.style == "assert" and isinstance(t, AssertTest):
            inputs.append(t.code)
        else:
            raise ValueError(f"test {type(t).__name__} does not fit style {suite.style!r}")
    if suite.style == "call" and not suite.fn_name:
        raise ValueError("call-style suites need fn_name")
    return {
        "op": "run",
        "language": program.language,
        "style": suite.style,
        "program": program.source,
        "setup": suite.setup,
        "fn_name": suite.fn_name,
        "inputs": inputs,
        "limits": {
            "time_s": limits.time_s,
            "per_test_s": limits.per_test_s,
            "memory_mb": limits.memory_mb,
            "output_bytes": limits.output_bytes,
            "nproc": limits.nproc,
            "file_size_mb": limits.file_size_mb,
            "open_files": limits.open_files,
        },
    }


def _judge_one(suite: TestSuite, test: Any, raw: dict[str, Any], limits: Limits) -> TestResult:
    status, time_s, err = raw.get("status"), raw.get("time_s"), raw.get("error", "")
    if not isinstance(time_s, int | float) or not isinstance(err, str):
        raise SandboxError("runner sent a malformed test result")
    rss = raw.get("max_rss_kb")
    rss = rss if type(rss) is int else None
    if status in _RAW_STATUS:
        return TestResult(_RAW_STATUS[status], float(time_s), _printable(err[:500]), rss)
    if status != "ok":
        raise SandboxError(f"runner sent unknown status {status!r}")
    if suite.style == "stdio":
        out = raw.get("stdout")
        if not isinstance(out, str):
            raise SandboxError("runner sent a stdio result without stdout")
        ok = stdio_equal(out, test.output, limits.float_tol, limits.yes_no_any_case)
        detail = "" if ok else _printable(f"got {out[:200]!r}")
    elif suite.style == "call":
        text = raw.get("value")
        if not isinstance(text, str):
            raise SandboxError("runner sent a call result without a value")
        try:
            if len(text) > MAX_VALUE_CHARS:
                raise ValueError("return value too large")
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:
            return TestResult(TestStatus.WRONG_ANSWER, float(time_s), f"unreadable value: {exc}")
        tol = test.abs_tol if test.abs_tol is not None else limits.float_tol
        if test.abs_tol is not None:
            ok = _abs_close(value, test.expected, test.abs_tol)
        else:
            ok = values_equal(value, test.expected, tol, limits.python_equality)
        detail = "" if ok else _printable(f"got {text[:200]}")
    else:
        ok, detail = True, ""  # the runner already checked the completion token
    status_out = TestStatus.ACCEPTED if ok else TestStatus.WRONG_ANSWER
    return TestResult(status_out, float(time_s), detail, rss)


def _printable(text: str) -> str:
    """Details quote the program's own text, bound for logs and JSON responses: a lone surrogate
    (a program can raise `ValueError("\\ud800")`) is not UTF-8, and orjson and starlette refuse
    it, so a wrong program could break whoever serialises its verdict (red team)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _abs_close(value: Any, expected: Any, tol: float) -> bool:
    """`abs(f(x) - y) < tol`, the HumanEval float assert, as the upstream test meant it."""
    if type(value) not in (int, float) or type(expected) not in (int, float):
        return False
    try:
        return bool(abs(value - expected) < tol)
    except OverflowError:  # an int too large for a float: wrong, not a grader crash
        return False


def judge(suite: TestSuite, response: Any, limits: Limits) -> RunResult:
    if not isinstance(response, dict) or response.get("ok") is not True:
        why = response.get("error") if isinstance(response, dict) else None
        raise SandboxError(f"runner failed: {why or 'malformed response'}")
    compile_error = response.get("compile_error")
    if compile_error is not None:
        if not isinstance(compile_error, str):
            raise SandboxError("runner sent a malformed compile error")
        return RunResult([], compile_error=_printable(compile_error))
    raw = response.get("results")
    if not isinstance(raw, list) or len(raw) != len(suite.tests):
        raise SandboxError("runner returned the wrong number of results")
    out = []
    for test, r in zip(suite.tests, raw, strict=True):
        if not isinstance(r, dict):
            raise SandboxError("runner sent a malformed test result")
        out.append(_judge_one(suite, test, r, limits))
    return RunResult(out)
