"""Assert-suite conversion and the trusted comparators (pure functions, no sandbox needed)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reward_server.code_suites import (
    LEETCODE_PRELUDE,
    convert_assert_list,
    convert_check,
    leetcode_suite,
)
from sandboxes.compare import stdio_equal, values_equal


def test_check_function_becomes_call_style():
    code = (
        "METADATA = {'author': 'x'}\n\n"
        "def check(candidate):\n"
        "    '''doc'''\n"
        "    assert candidate([1, 2], k=3) == (3, 5), 'msg'\n"
        "    assert 7 == candidate((1, 2))\n"
        "    assert candidate('a')\n"
        "    assert not candidate('')\n"
        "    assert abs(candidate(2.0) - 1.4142) < 1e-3\n"
        "    assert candidate(0) == 3 * 5 * 7\n"
        "    assert True, 'always'\n"
    )
    conv = convert_check(code, "f")
    assert conv.is_call and conv.fallback_reason is None
    tests = conv.payload["tests"]
    assert tests[0] == {"args": [[1, 2]], "kwargs": {"k": 3}, "expected": [3, 5]}
    assert tests[1] == {"args": [{"$tuple": [1, 2]}], "expected": 7}
    assert [t["expected"] for t in tests[2:4]] == [True, False]
    assert tests[4]["abs_tol"] == 1e-3 and tests[4]["expected"] == 1.4142
    assert tests[5]["expected"] == 105 and len(tests) == 6
    assert conv.config == {"python_equality": True}


@pytest.mark.parametrize(
    "body",
    [
        "    for x in range(3):\n        assert candidate(x) == x\n",
        "    assert candidate(1) == {1, 2}\n",
        "    assert candidate(1) == __import__('os').getcwd()\n",
        "    assert candidate(1) == 2 ** 10000\n",
        "    assert candidate(*[1]) == 1\n",
    ],
    ids=["loop", "set", "call-in-expected", "huge-power", "star-args"],
)
def test_unconvertible_suites_fall_back_without_executing(body):
    conv = convert_check(f"def check(candidate):\n{body}", "f")
    assert not conv.is_call and conv.fallback_reason
    assert conv.payload["tests"][0]["code"].rstrip().endswith("check(f)")


def test_mbpp_list_conversion_and_fallbacks():
    conv = convert_assert_list(["assert g(1, 2) == 3", "assert g(2, 2)==4"])
    assert conv.payload == {
        "style": "call",
        "fn_name": "g",
        "tests": [{"args": [1, 2], "expected": 3}, {"args": [2, 2], "expected": 4}],
    }
    mixed = convert_assert_list(["assert g(1) == 1", "assert h(1) == 1"])
    assert mixed.payload["style"] == "assert" and "different functions" in mixed.fallback_reason
    setup = convert_assert_list(["assert g(root) == 1"], "root = Node(1)")
    assert setup.payload["tests"][0]["code"] == "root = Node(1)\nassert g(root) == 1"


def test_leetcode_rows_name_the_method_and_bring_the_prelude():
    row = {
        "solutions": "class Solution:\n    def f(self, x: List[int]) -> int:\n        return 1\n",
        "tests": {
            "functional": "def check(candidate):\n    assert candidate(x = [1]) == 1\n\n\n"
            "check(Solution().f)"
        },
    }
    _, conv = leetcode_suite(row)
    assert conv.payload["fn_name"] == "Solution().f"
    assert conv.payload["setup"] == LEETCODE_PRELUDE
    assert conv.payload["tests"] == [{"args": [], "kwargs": {"x": [1]}, "expected": 1}]


def test_stdio_comparator_rules():
    assert stdio_equal("1 2  \r\n3\r\n\r\n\n", "1 2\n3")
    assert stdio_equal("1  2\n3", "1 2 3")  # token fallback, as contest judges do
    assert not stdio_equal("1 2", "1 2 3")
    assert not stdio_equal("0.333333", "0.3333333")
    assert stdio_equal("0.333333", "0.3333333", float_tol=1e-5)
    assert not stdio_equal("abc", "abd", float_tol=1.0)
    assert not stdio_equal("", "x")
    assert stdio_equal("Yes\nno", "YES\nNO") and not stdio_equal("Yes", "NO")
    assert not stdio_equal("yes", "YES", yes_no_any_case=False)
    assert not stdio_equal("abc", "ABC")  # only yes/no tokens are case-blind


def test_value_comparator_is_strict_by_default():
    assert not values_equal(1, True) and not values_equal(True, 1)
    assert not values_equal(1, 1.0)
    assert values_equal(1, 1.0, python_equality=True) and values_equal(
        0, False, python_equality=True
    )
    assert values_equal([1, (2, 3)], [1, [2, 3]])
    assert not values_equal({"a": 1}, {"a": 1, "b": 2})
    assert values_equal({"a": [1.0]}, {"a": [1.0000001]}, float_tol=1e-6)
    assert not values_equal(None, 0) and values_equal(None, None)
    assert not values_equal("1", 1)


@given(
    lines=st.lists(st.text(alphabet="abc 0123456789.-", max_size=12), min_size=1, max_size=6),
    pad=st.lists(st.sampled_from(["", " ", "\t", "  "]), min_size=6, max_size=6),
    crlf=st.booleans(),
    tail=st.sampled_from(["", "\n", "\n\n", " \n"]),
)
def test_stdio_comparator_ignores_only_layout_noise(lines, pad, crlf, tail):
    expected = "\n".join(lines)
    sep = "\r\n" if crlf else "\n"
    got = sep.join(ln + p for ln, p in zip(lines, pad, strict=False)) + tail
    assert stdio_equal(got, expected)
    assert stdio_equal(expected, expected + "\n")
    if expected.split():  # changing a token is never accepted
        assert not stdio_equal(got + " extra", expected)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
        max_leaves=10,
    )
)
def test_value_comparator_is_reflexive_and_json_stable(value):
    assert values_equal(value, json.loads(json.dumps(value)))
    assert not values_equal(value, ["sentinel", value])
