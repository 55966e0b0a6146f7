"""Red-team attacks on grading (engineer J): earning reward, or turning a 0 into an ungraded
`error` verdict (reward None, which a trainer may simply drop), or making the trusted side slow
or crash. One test per attack; each says HOLE (found, fixed) or HELD (already stopped).
"""

from __future__ import annotations

import pytest
from sandbox_helpers import healthy, run_both, statuses

from reward_server.verifiers import score
from sandboxes.api import CallTest, Limits, Program, TestSuite
from sandboxes.compare import stdio_equal, values_equal

LIM = Limits(time_s=3.0, memory_mb=512)
VIA = pytest.mark.parametrize("via", ["sandbox", "verifier"])


NESTED_FRAME = """
import os, struct
def f():
    body = b"[" * 200000 + b"]" * 200000
    os.write(3, struct.pack(">I", len(body)) + body)
    return 1
"""


@VIA
def test_deeply_nested_result_frame_is_a_runtime_error(sandbox, via):
    """HOLE (fixed): a frame nested past the runner's recursion limit raised RecursionError in
    the runner, which answered `error` (reward None) and left the program's process running."""
    suite = TestSuite.call("f", [CallTest([], 2), CallTest([], 2)])
    reward, raw = run_both(sandbox, via, NESTED_FRAME, suite, LIM)
    assert reward == 0.0, raw
    assert statuses(raw)[0] == "runtime_error", raw
    healthy(sandbox)


@VIA
def test_int_too_large_for_a_float_is_wrong_not_an_error(sandbox, via):
    """HOLE (fixed): `10**400` against a float expected with a tolerance raised OverflowError in
    the trusted comparator, so the verifier answered `error` instead of 0 (and `Sandbox.run`
    raised). Both tolerance paths: the per-test `abs_tol` and the suite's `float_tol`."""
    src = "def f():\n    return 10**400\n"
    suite = TestSuite.call("f", [CallTest([], 0.5, {}, 1e-6)])
    reward, raw = run_both(sandbox, via, src, suite, LIM)
    assert reward == 0.0 and statuses(raw) == ["wrong_answer"], raw
    if via == "sandbox":
        limits = Limits(time_s=3.0, memory_mb=512, float_tol=1e-6)
        res = sandbox.run(Program(src), TestSuite.call("f", [CallTest([], 0.5)]), limits)
        assert statuses(res) == ["wrong_answer"], res


def test_comparators_reject_huge_and_non_finite_numbers():
    assert values_equal(10**400, 1.0, 1e-6) is False
    assert values_equal(10**400, 10**400, 1e-6) is True
    for got in ("nan", "inf", "-inf", "1e309", "Infinity"):
        assert stdio_equal(got, "1e308", float_tol=1e-6) is False, got
    assert stdio_equal("\uff11", "1") is False  # full-width digit is not the digit


def test_total_output_across_tests_is_capped(sandbox):
    """HOLE (fixed): each test may print up to `output_bytes`, but nothing capped the sum: 100
    stdio tests x 8 MiB made a 600 MB runner response, rejected by the caller (`error`). Now all
    tests of a task share 4 x `output_bytes`; later tests get output_limit."""
    limits = Limits(time_s=10.0, memory_mb=512, output_bytes=1 << 20)
    src = "import sys\nsys.stdout.write('y' * 900_000)\n"
    res = sandbox.run(Program(src), TestSuite.stdio([("", "1")] * 8), limits)
    got = [t.status.value for t in res.tests]
    assert got[:4] == ["wrong_answer"] * 4 and got[5:] == ["output_limit"] * 3, got
    call_src = "def f():\n    return 'y' * 900_000\n"
    suite = TestSuite.call("f", [CallTest([], "y")] * 8)
    got = [t.status.value for t in sandbox.run(Program(call_src), suite, limits).tests]
    assert got[:4] == ["wrong_answer"] * 4 and got[5:] == ["output_limit"] * 3, got
    healthy(sandbox)


@VIA
@pytest.mark.parametrize(
    "src",
    [
        "import ctypes\ndef f():\n    return ctypes.string_at(0)\n",  # segfault
        "class E(BaseException):\n    def __str__(self):\n        raise E()\n"
        "def f():\n    raise E()\n",  # the error message itself raises
        "def f():\n    yield 2\n",  # a generator, not a value
        "import sys\nsys.set_int_max_str_digits(0)\ndef f():\n    return 10**20000\n",
    ],
    ids=["segfault", "raising_str", "generator", "huge_int"],
)
def test_crashing_or_odd_returns_earn_nothing(sandbox, via, src):
    """HELD: a C-level crash, an exception whose message raises, a generator and an int too long
    for the trusted side's JSON reader are all failures of that test; the next test still runs
    and the pool stays healthy."""
    suite = TestSuite.call("f", [CallTest([], 2), CallTest([], 2)])
    reward, raw = run_both(sandbox, via, src, suite, LIM)
    assert reward == 0.0, raw
    assert len(statuses(raw)) == 2
    healthy(sandbox)


def test_reading_stdin_forever_after_eof_ends(sandbox):
    """HELD: stdin is a memfd, so reads past its end return EOF at once (no hang until the
    deadline); `input()` then raises EOFError, a runtime error."""
    src = "while True:\n    input()\n"
    res = sandbox.run(Program(src), TestSuite.stdio([("1\n2\n", "")]), LIM)
    assert [t.status.value for t in res.tests] == ["runtime_error"]


@pytest.mark.parametrize(
    "src",
    ['def f():\n    raise ValueError("\\ud800")\n', 'raise ValueError("\\udfff")\n'],
    ids=["in_test", "at_import"],
)
def test_lone_surrogates_in_messages_cannot_break_serialisation(sandbox, src):
    """HOLE (fixed): an exception message with a lone surrogate reached `info.tests[].detail`
    verbatim; orjson (the service's renderer and the CLI's writer) refuses such strings."""
    import orjson

    verdict = score(
        "code",
        f"```python\n{src}```",
        {"style": "call", "fn_name": "f", "tests": [{"args": [], "expected": 0}]},
    )
    assert verdict.reward == 0.0, verdict
    orjson.dumps(verdict.info)
    assert "?" in verdict.info["tests"][0]["detail"]


def test_oversized_source_is_refused_before_compiling(sandbox):
    """HOLE (fixed): `compile()` runs in the trusted process under a process-wide lock; a 6 MB
    `a and a and ...` chain kept it busy for seconds. Sources over 1 Mi characters are now a
    compile error (reward 0) without being compiled."""
    src = "x = a" + " and a" * 200_000 + "\ndef f():\n    return 1\n"
    res = sandbox.run(Program(src), TestSuite.call("f", [CallTest([], 1)]), LIM)
    assert res.compile_error is not None and "too large" in res.compile_error, res
    verdict = score(
        "code",
        f"```python\n{src}```",
        {"style": "call", "fn_name": "f", "tests": [{"args": [], "expected": 1}]},
    )
    assert verdict.reward == 0.0, verdict  # (the extractor may refuse it even earlier)


ALWAYS_EQUAL = """
class Always:
    def __eq__(self, other):
        return True
def add(a, b):
    return Always()
"""


@pytest.mark.xfail(strict=True, reason="known, documented: assert-style checks run in-process")
def test_always_equal_object_in_the_assert_fallback(sandbox):
    """NOT FIXED (documented in docs/sandbox.md): the `assert` fallback (39 of 1,338 suites)
    evaluates `add(1, 2) == 3` inside the program's process, so an object whose `__eq__` is
    always True passes. Call style is immune (values cross as JSON). Strict xfail: this test
    starts failing the day the fallback is hardened, so the docs get updated with it."""
    suite = TestSuite.asserts(["assert add(1, 2) == 3", "assert add(2, 2) == 4"])
    res = sandbox.run(Program(ALWAYS_EQUAL), suite, LIM)
    assert res.passed == 0, res
