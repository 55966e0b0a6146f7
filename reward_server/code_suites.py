"""Turn assert-style suites (HumanEval `check(candidate)`, MBPP `assert f(x) == y` lists,
LeetCode `check(Solution().m)`) into `call` payloads where possible.

Why: in a call suite the return value leaves the untrusted process as plain JSON and is compared
here, so a candidate that patches `==`, `isinstance` or the asserts themselves gains nothing.
An assert suite must run the checking code next to the candidate (same process), which a
determined candidate can subvert; those are kept as the `assert` style fallback and counted.

Recognised statements (anything else makes the whole suite fall back):
`assert C == E` / `assert E == C` / `assert C is E` (C a call of the function with literal
arguments, E a literal), `assert C` (expected True), `assert not C` (expected False),
`assert abs(C - E) < eps` and `<=` (per-test absolute tolerance), with or without a message.
Literals are read with `ast.literal_eval` in this trusted process, never executed. Values must
survive JSON exactly: sets, non-string dict keys and non-finite floats fall back. Tuple
arguments are sent as `{"$tuple": [...]}` and rebuilt as tuples in the sandbox; expected tuples
compare equal to lists (see sandboxes/compare.py).
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import Any

LEETCODE_PRELUDE = '''from typing import *
from collections import *
from functools import *
from itertools import *
from heapq import *
from bisect import *
from math import *
from string import *
import bisect, collections, functools, heapq, itertools, math, operator, random, re, string


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right


def list_node(values):
    head = None
    for v in reversed(list(values)):
        head = ListNode(v, head)
    return head


def is_same_list(a, b):
    while a is not None and b is not None:
        if a.val != b.val:
            return False
        a, b = a.next, b.next
    return a is None and b is None


def tree_node(values):
    """Level-order list (None for a missing child) to a tree, LeetCode's notation."""
    values = list(values)
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    level, i = [root], 1
    while level and i < len(values):
        nxt = []
        for node in level:
            for side in ("left", "right"):
                if i < len(values) and values[i] is not None:
                    child = TreeNode(values[i])
                    setattr(node, side, child)
                    nxt.append(child)
                i += 1
        level = nxt
    return root


def is_same_tree(a, b):
    if a is None or b is None:
        return a is b
    return a.val == b.val and is_same_tree(a.left, b.left) and is_same_tree(a.right, b.right)
'''
"""What LeetCode's own harness makes available to solutions (imports, ListNode, TreeNode and the
helpers its `check` functions call); written for this project."""


PYTHON_EQ_CONFIG: dict[str, Any] = {"python_equality": True}
"""Verifier config for converted suites: their asserts used Python's `==`, where 240 == 240.0
and 0 == False, and strict JSON typing would fail correct upstream solutions."""


@dataclass
class Converted:
    payload: dict[str, Any]
    fallback_reason: str | None = None
    config: dict[str, Any] = field(default_factory=lambda: dict(PYTHON_EQ_CONFIG))

    @property
    def is_call(self) -> bool:
        return self.payload["style"] == "call"


class _NotConvertible(Exception):
    pass


def to_json_exact(value: Any, *, args: bool = False) -> Any:
    """JSON form of a literal, or _NotConvertible when JSON would change its meaning."""
    t = type(value)
    if value is None or t in (bool, int, str):
        return value
    if t is float:
        if not math.isfinite(value):
            raise _NotConvertible("non-finite float")
        return value
    if t is list:
        return [to_json_exact(v, args=args) for v in value]
    if t is tuple:
        items = [to_json_exact(v, args=args) for v in value]
        return {"$tuple": items} if args else items
    if t is dict and all(type(k) is str for k in value):
        if args and list(value) == ["$tuple"]:
            raise _NotConvertible("dict argument collides with the tuple tag")
        return {k: to_json_exact(v, args=args) for k, v in value.items()}
    raise _NotConvertible(f"{t.__name__} does not survive JSON")


_ARITH = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
}


def _literal(node: ast.expr) -> Any:
    """A literal, or constant arithmetic over literals (`3 * 5 * 7`, `2.0 / 3`, `'ab' + 'c'`,
    `0 ** 0`), which upstream tests use as expected values. Evaluated by walking the tree with
    size bounds; nothing is executed."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        return _arith(node, 0)
    except (_NotConvertible, ArithmeticError, TypeError, ValueError):
        raise _NotConvertible(f"not a literal: {ast.unparse(node)[:80]}") from None


def _arith(node: ast.expr, depth: int) -> Any:
    if depth > 20:
        raise _NotConvertible("expression too deep")
    if isinstance(node, ast.Constant) and type(node.value) in (int, float, str, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        v = _arith(node.operand, depth + 1)
        if type(v) not in (int, float):
            raise _NotConvertible("sign of a non-number")
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.List | ast.Tuple):
        items = [_arith(e, depth + 1) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.BinOp):
        a, b = _arith(node.left, depth + 1), _arith(node.right, depth + 1)
        if isinstance(node.op, ast.Pow):
            if type(a) not in (int, float) or type(b) not in (int, float) or abs(b) > 64:
                raise _NotConvertible("power out of bounds")
            return a**b
        op = _ARITH.get(type(node.op))
        if (
            op is None
            or type(a) is str
            and type(b) is not str
            or isinstance(b, str)
            and len(b) > 1e5
        ):
            raise _NotConvertible("operator")
        if type(a) is str and type(b) is str and len(a) + len(b) > 100_000:
            raise _NotConvertible("string too long")
        if type(a) not in (int, float, str) or type(b) not in (int, float, str):
            raise _NotConvertible("operand type")
        return op(a, b)
    raise _NotConvertible("not constant arithmetic")


def _call_of(node: ast.expr, fn: str) -> ast.Call | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == fn:
        return node
    return None


def _test_from_call(call: ast.Call, expected: Any, abs_tol: float | None = None) -> dict[str, Any]:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise _NotConvertible("star arguments")
    test: dict[str, Any] = {
        "args": [to_json_exact(_literal(a), args=True) for a in call.args],
        "expected": to_json_exact(expected),
    }
    if call.keywords:
        test["kwargs"] = {
            str(k.arg): to_json_exact(_literal(k.value), args=True) for k in call.keywords
        }
    if abs_tol is not None:
        test["abs_tol"] = abs_tol
    return test


def _assert_to_test(stmt: ast.stmt, fn: str) -> dict[str, Any]:
    if not isinstance(stmt, ast.Assert):
        raise _NotConvertible(f"statement {type(stmt).__name__}")
    t = stmt.test
    if (call := _call_of(t, fn)) is not None:
        return _test_from_call(call, True)
    if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
        if (call := _call_of(t.operand, fn)) is not None:
            return _test_from_call(call, False)
    if isinstance(t, ast.Compare) and len(t.ops) == 1:
        left, op, right = t.left, t.ops[0], t.comparators[0]
        if isinstance(op, ast.Eq | ast.Is):
            if (call := _call_of(left, fn)) is not None:
                return _test_from_call(call, _literal(right))
            if (call := _call_of(right, fn)) is not None:
                return _test_from_call(call, _literal(left))
        if (
            isinstance(op, ast.Lt | ast.LtE)
            and isinstance(left, ast.Call)
            and isinstance(left.func, ast.Name)
            and left.func.id == "abs"
            and len(left.args) == 1
            and isinstance(left.args[0], ast.BinOp)
            and isinstance(left.args[0].op, ast.Sub)
        ):
            diff = left.args[0]
            eps = _literal(right)
            call = _call_of(diff.left, fn)
            if call is not None and type(eps) in (int, float):
                tol = float(eps) if isinstance(op, ast.Lt) else math.nextafter(float(eps), math.inf)
                return _test_from_call(call, _literal(diff.right), tol)
    raise _NotConvertible(f"assert form: {ast.unparse(t)[:80]}")


def _is_ignorable(stmt: ast.stmt) -> bool:
    """Docstrings, `pass` and `assert True` (HumanEval's "this prints if..." lines)."""
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Constant):
        return stmt.test.value is True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def convert_check(test_code: str, fn_name: str, setup: str = "") -> Converted:
    """A `def check(candidate): ...` suite: call style if every statement is a plain assert."""
    runs_check = "\ncheck(" in test_code  # LeetCode's code already ends with the call
    code = test_code if runs_check else f"{test_code}\n\ncheck({fn_name})\n"
    fallback: dict[str, Any] = {"style": "assert", "tests": [{"code": code}]}
    try:
        tree = ast.parse(test_code)
        check = None
        for stmt in tree.body:
            if isinstance(stmt, ast.FunctionDef) and stmt.name == "check":
                check = stmt
            elif isinstance(stmt, ast.Assign) and all(
                isinstance(t, ast.Name) and t.id.isupper() for t in stmt.targets
            ):
                continue
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                continue  # the trailing `check(...)` call
            elif not _is_ignorable(stmt):
                raise _NotConvertible(f"top-level {type(stmt).__name__}")
        if check is None or len(check.args.args) != 1:
            raise _NotConvertible("no check(candidate) function")
        param = check.args.args[0].arg
        tests = [_assert_to_test(s, param) for s in check.body if not _is_ignorable(s)]
        if not tests:
            raise _NotConvertible("no asserts")
    except (_NotConvertible, SyntaxError) as exc:
        if setup:
            fallback["setup"] = setup
        return Converted(fallback, str(exc))
    payload: dict[str, Any] = {"style": "call", "fn_name": fn_name, "tests": tests}
    if setup:
        payload["setup"] = setup
    return Converted(payload)


def convert_assert_list(asserts: list[str], setup_code: str = "") -> Converted:
    """MBPP: a list of `assert f(...) == y` lines (setup code, when present, runs after the
    program, so those suites keep the assert style)."""
    fallback: dict[str, Any] = {
        "style": "assert",
        "tests": [{"code": (setup_code + "\n" if setup_code else "") + a} for a in asserts],
    }
    try:
        if setup_code.strip():
            raise _NotConvertible("suite has setup code that needs the program")
        fn: str | None = None
        tests = []
        for line in asserts:
            stmts = ast.parse(line).body
            if len(stmts) != 1 or not isinstance(stmts[0], ast.Assert):
                raise _NotConvertible("not a single assert")
            name = _first_called_name(stmts[0])
            if fn is not None and name != fn:
                raise _NotConvertible("asserts call different functions")
            fn = name
            tests.append(_assert_to_test(stmts[0], name))
        if fn is None:
            raise _NotConvertible("no asserts")
    except (_NotConvertible, SyntaxError) as exc:
        return Converted(fallback, str(exc))
    return Converted({"style": "call", "fn_name": fn, "tests": tests})


def _first_called_name(stmt: ast.Assert) -> str:
    t = stmt.test
    node = t.operand if isinstance(t, ast.UnaryOp) else t
    for cand in (node, getattr(node, "left", None), *getattr(node, "comparators", [])):
        if isinstance(cand, ast.Call) and isinstance(cand.func, ast.Name):
            if cand.func.id == "abs" and cand.args and isinstance(cand.args[0], ast.BinOp):
                inner = cand.args[0].left
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                    return inner.func.id
                continue
            return cand.func.id
    raise _NotConvertible("no function call in assert")


def humaneval_suite(row: dict[str, Any]) -> tuple[str, Converted]:
    """(reference program, payload) for a HumanEval row. The prompt (imports, helper functions
    such as `is_palindrome` or `poly`, the stub) runs as setup, as in HumanEval's own harness
    where the completion is appended to the prompt: an answer that only defines the entry
    point still finds `List` and the helpers."""
    program = row["prompt"] + row["canonical_solution"]
    return program, convert_check(row["test"], row["entry_point"], setup=row["prompt"])


def mbpp_suite(row: dict[str, Any]) -> tuple[str, Converted]:
    asserts = list(row["test_list"]) + list(row.get("challenge_test_list") or [])
    return row["code"], convert_assert_list(asserts, row.get("test_setup_code") or "")


def leetcode_suite(row: dict[str, Any]) -> tuple[str, Converted]:
    """LeetCode rows end their check code with `check(Solution().method)`: that names the
    function; the prelude supplies the imports and node helpers the harness would."""
    code = row["tests"]["functional"]
    target = _leetcode_target(code)
    return row["solutions"], convert_check(code, target, setup=LEETCODE_PRELUDE)


def _leetcode_target(code: str) -> str:
    for stmt in reversed(ast.parse(code).body):
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if isinstance(call.func, ast.Name) and call.func.id == "check" and call.args:
                return ast.unparse(call.args[0])
    raise ValueError("LeetCode check code has no trailing check(...) call")
