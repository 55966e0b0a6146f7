"""The code verifier against real public data: every reference solution scores 1.0 except the
checked-in exclusions (which must be exactly the failing set), and deliberately wrong
solutions score below 1."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from reward_server import code_suites
from reward_server.verifiers import score

EXCLUSIONS = Path(__file__).resolve().parents[2] / "reward_server" / "data" / "code_exclusions.json"
FIXTURES = Path(__file__).parent / "fixtures" / "contest"
CONFIG = {"time_limit_s": 20.0}  # generous: correctness here, not speed on a loaded 2-core box

Row = tuple[str, str, code_suites.Converted]


def _load(shared: Path) -> list[Row]:
    makers: list[tuple[str, str, Callable[[dict[str, Any]], tuple[str, Any]]]] = [
        ("humaneval", "humaneval.jsonl", code_suites.humaneval_suite),
        ("mbpp", "mbpp.jsonl", code_suites.mbpp_suite),
        ("leetcode", "leetcode_test_rllm.jsonl", code_suites.leetcode_suite),
    ]
    rows: list[Row] = []
    for name, fname, make in makers:
        with open(shared / "code" / fname) as f:
            for i, line in enumerate(f):
                row = json.loads(line)
                program, conv = make(row)
                rid = row["task_id"] if name != "leetcode" else i
                rows.append((f"{name}/{rid}", program, conv))
    return rows


def _score(program: str, conv: code_suites.Converted) -> Any:
    return score("code", f"```python\n{program}\n```", conv.payload, {**conv.config, **CONFIG})


@pytest.fixture(scope="module")
def rows(shared_data: Path) -> list[Row]:
    return _load(shared_data)


def test_reference_solutions_score_one(sandbox, rows):
    assert len(rows) == 164 + 974 + 200
    with ThreadPoolExecutor(sandbox.slots) as pool:
        verdicts = list(pool.map(lambda r: _score(r[1], r[2]), rows))
    failing = {rid: v for (rid, _, _), v in zip(rows, verdicts, strict=True) if v.reward != 1.0}
    excluded = json.loads(EXCLUSIONS.read_text())
    assert all(v.reward is not None for v in verdicts), "a sandbox failure is not a score"
    assert set(failing) == set(excluded), {k: v.to_dict() for k, v in failing.items()}
    assert len(failing) <= 0.01 * len(rows)
    fallbacks = sum(not conv.is_call for _, _, conv in rows)
    assert fallbacks < 0.1 * len(rows)  # most suites run as call style (see docs/sandbox.md)


def _wrapped(program: str, fn: str) -> str:
    """An off-by-one / flipped variant of a correct program: same function, wrong answers."""
    return (
        f"{program}\n\n_real = {fn}\n\n"
        f"def {fn}(*a, **k):\n"
        "    r = _real(*a, **k)\n"
        "    if isinstance(r, bool):\n"
        "        return not r\n"
        "    if isinstance(r, (int, float)):\n"
        "        return r + 1\n"
        "    return None\n"
    )


def test_wrong_solutions_score_below_one(sandbox, rows):
    picked = [r for r in rows if r[2].is_call and "()." not in r[2].payload["fn_name"]][::6]
    programs: list[tuple[str, str, code_suites.Converted]] = []
    for rid, program, conv in picked:
        programs.append((rid, _wrapped(program, conv.payload["fn_name"]), conv))
    for rid, program, conv in rows[:164:8]:  # HumanEval functions replaced by `return None`
        programs.append((rid + "/none", _return_none(program, conv), conv))
    with ThreadPoolExecutor(sandbox.slots) as pool:
        verdicts = list(pool.map(lambda r: _score(r[1], r[2]), programs))
    too_good = [rid for (rid, _, _), v in zip(programs, verdicts, strict=True) if v.reward != 0.0]
    assert all(v.reward is not None for v in verdicts)
    # a wrong program may still pass a test by coincidence, but never all of them
    assert not [rid for (rid, _, _), v in zip(programs, verdicts, strict=True) if v.reward == 1.0]
    assert len(too_good) <= 0.2 * len(programs), too_good


def _return_none(program: str, conv: code_suites.Converted) -> str:
    fn = conv.payload.get("fn_name")
    if fn is None:  # assert style: the suite's code ends with `check(<entry point>)`
        fn = re.search(r"check\((\w+)\)\s*$", conv.payload["tests"][0]["code"]).group(1)
    return f"{program}\n\ndef {fn}(*a, **k):\n    return None\n"


def _contest_tests(shared: Path, fixture: Path) -> list[dict[str, str]]:
    kind, idx = fixture.stem.split("_")
    if kind == "cf":
        rows = (shared / "code" / "codeforces_test_rllm.jsonl").read_text().splitlines()
        return list(json.loads(rows[int(idx)])["tests"])
    rows = (shared / "code" / "code_contests_test_rllm.jsonl").read_text().splitlines()
    t = json.loads(rows[int(idx)])["tests"]
    return [{"input": i, "output": o} for i, o in zip(t["inputs"], t["outputs"], strict=True)]


CONTEST = sorted(FIXTURES.glob("c*_*.py"))


@pytest.mark.parametrize("fixture", CONTEST, ids=[p.stem for p in CONTEST])
def test_contest_reference_solutions_pass_stdio(sandbox, shared_data, fixture):
    tests = _contest_tests(shared_data, fixture)
    payload = {"style": "stdio", "tests": tests}
    good = score("code", f"```python\n{fixture.read_text()}\n```", payload, CONFIG)
    assert good.reward == 1.0, good.to_dict()
    wrong = score("code", "```python\nprint(0)\n```", payload | {"tests": tests[:5]}, CONFIG)
    assert wrong.reward is not None and wrong.reward < 1.0


def test_stdio_comparator_tolerates_line_endings_and_trailing_space(sandbox, shared_data):
    tests = _contest_tests(shared_data, FIXTURES / "cf_0000.py")
    src = (
        "import sys\n"
        "d = sys.stdin.read().split()\n"
        "for i in range(int(d[0])):\n"
        "    x, y = sorted((int(d[1 + 2 * i]), int(d[2 + 2 * i])))\n"
        "    sys.stdout.write(f'{x} {y}   \\r\\n')\n"
        "sys.stdout.write('\\n\\n')\n"
    )
    v = score("code", f"```python\n{src}\n```", {"style": "stdio", "tests": tests}, CONFIG)
    assert v.reward == 1.0, v.to_dict()


def test_yes_no_in_any_case_is_accepted(sandbox, shared_data):
    """Codeforces row 88 says "you can output YES and NO in any case"."""
    tests = _contest_tests(shared_data, FIXTURES / "cf_0088.py")
    src = (
        (FIXTURES / "cf_0088.py")
        .read_text()
        .replace('"YES" if ok else "NO"', '"yEs" if ok else "no"')
    )
    assert '"yEs"' in src
    v = score("code", f"```python\n{src}\n```", {"style": "stdio", "tests": tests}, CONFIG)
    assert v.reward == 1.0, v.to_dict()


def test_answers_with_only_the_entry_point_still_pass(sandbox, shared_data):
    """Models often answer with just the function; HumanEval's prompt (imports, helpers) is the
    suite's setup, as in the upstream harness where the completion follows the prompt."""
    rows = [json.loads(x) for x in (shared_data / "code" / "humaneval.jsonl").open()][::4]
    jobs = []
    for row in rows:
        sig = next(
            ln for ln in row["prompt"].splitlines() if ln.startswith(f"def {row['entry_point']}(")
        )
        _, conv = code_suites.humaneval_suite(row)
        jobs.append((sig + "\n" + row["canonical_solution"], conv))
    with ThreadPoolExecutor(sandbox.slots) as pool:
        verdicts = list(pool.map(lambda j: _score(j[0], j[1]), jobs))
    assert [v.reward for v in verdicts] == [1.0] * len(jobs)
