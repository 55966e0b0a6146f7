"""Contracts 4 and 5: user mistakes get a clear answer naming the field, file or line.

Against the live server: one bad item fails alone (200, that item `error`), an unknown verifier
is a 422 naming `items.N.verifier`, malformed JSON and oversized bodies are 4xx JSON; never a
5xx. The `prorl score` / `prorl score-file` CLIs: a malformed input names the file and line (or
the option), exits non-zero and prints no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

MATH_GT = {"answer": "42"}


def _item(i: int, **kw: Any) -> dict[str, Any]:
    base = {"id": f"i{i}", "verifier": "math", "ground_truth": MATH_GT, "response": "\\boxed{42}"}
    return {**base, **kw}


def test_one_bad_ground_truth_fails_only_its_item(contract_server: str) -> None:
    items = [
        _item(0),
        _item(1, ground_truth={"answr": "42"}),
        _item(2, verifier="reasoning_gym", ground_truth={"task": "leg_counting", "entry": {}}),
        _item(3, response="\\boxed{41}"),
    ]
    resp = httpx.post(f"{contract_server}/v1/score", json={"items": items}, timeout=60)
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [r["status"] for r in results] == ["correct", "error", "error", "incorrect"]
    assert [r["reward"] for r in results] == [1.0, None, None, 0.0]
    assert "answer" in results[1]["detail"]  # names the missing field
    assert "config" in results[2]["detail"] or "entry" in results[2]["detail"]


def test_unknown_verifier_is_422_naming_the_item(contract_server: str) -> None:
    items = [_item(0), _item(1), _item(2, verifier="maths")]
    resp = httpx.post(f"{contract_server}/v1/score", json={"items": items}, timeout=60)
    assert resp.status_code == 422
    body = resp.json()
    assert body["errors"][0]["field"] == "items.2.verifier"
    assert "maths" in body["errors"][0]["message"] and "math" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b'{"items": [', 422),
        (b"\xff\xfe not utf8", 400),
        (b'{"items": {"id": 1}}', 422),
        (b'{"items": [{"id": "a", "verifier": "math", "response": "x"}]}', 422),
        (b"[]", 422),
    ],
)
def test_malformed_bodies_are_4xx_json(contract_server: str, content: bytes, expect: int) -> None:
    resp = httpx.post(
        f"{contract_server}/v1/score",
        content=content,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert 400 <= resp.status_code < 500, resp.text
    assert resp.status_code == expect
    body = resp.json()
    assert isinstance(body["error"], str) and body["error"]


def test_missing_ground_truth_names_the_field(contract_server: str) -> None:
    items = [{"id": "a", "verifier": "math", "response": "x"}]
    resp = httpx.post(f"{contract_server}/v1/score", json={"items": items}, timeout=30)
    assert resp.status_code == 422
    assert "items.0.ground_truth" in {e["field"] for e in resp.json()["errors"]}


def test_oversized_body_is_413(contract_server: str, contract_max_body: int) -> None:
    items = [_item(0, response="x" * (contract_max_body + 10))]
    resp = httpx.post(f"{contract_server}/v1/score", json={"items": items}, timeout=60)
    assert resp.status_code == 413
    assert resp.json()["error"]
    # and the server still scores afterwards
    ok = httpx.post(f"{contract_server}/v1/score", json={"items": [_item(0)]}, timeout=60)
    assert ok.json()["results"][0]["reward"] == 1.0


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


GOOD_LINE = json.dumps(_item(0))


UNKNOWN_VERIFIER_LINE = '{"verifier": "maths", "ground_truth": {"answer": "1"}, "response": "x"}'


@pytest.mark.parametrize(
    ("bad_line", "words", "through_server"),
    [
        ('{"verifier": "math", "response": ', "not valid JSON", False),
        ('["not", "an", "object"]', "object", False),
        ('{"verifier": "math", "response": "x"}', "ground_truth", False),
        # parse errors are caught before the in-process and server paths split; this is not
        (UNKNOWN_VERIFIER_LINE, "maths", False),
        (UNKNOWN_VERIFIER_LINE, "maths", True),
    ],
)
def test_score_file_names_file_and_line(
    tmp_path: Path,
    run_prorl: Any,
    contract_server: str,
    bad_line: str,
    words: str,
    through_server: bool,
) -> None:
    # a blank line first, so "line" must count physical lines, not items
    path = _write_jsonl(tmp_path / "items.jsonl", [GOOD_LINE, "", bad_line, GOOD_LINE])
    args: list[Any] = ["score-file", path, "--out", tmp_path / "out.jsonl"]
    if through_server:
        args += ["--url", contract_server]
    proc = run_prorl(*args, timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert f"{path}:3" in proc.stderr, proc.stderr
    assert words in proc.stderr, proc.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--ground-truth", '{"answer": '], "--ground-truth"),
        (["--ground-truth", '{"answer": "1"}', "--config", "[1"], "--config"),
        (["--ground-truth", '{"answer": "1"}', "--verifier", "maths"], "maths"),
    ],
)
def test_score_cli_bad_option_names_it(run_prorl: Any, args: list[str], words: str) -> None:
    base = ["score", "--response", "\\boxed{1}"]
    if "--verifier" not in args:
        base += ["--verifier", "math"]
    proc = run_prorl(*base, *args, timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert words in proc.stderr, proc.stderr


def test_score_cli_bad_payload_is_an_error_verdict(run_prorl: Any) -> None:
    proc = run_prorl(
        "score", "--verifier", "math", "--ground-truth", '{"answr": "1"}', "--response", "1"
    )
    assert "Traceback" not in proc.stderr
    verdict = json.loads(proc.stdout) if proc.returncode == 0 else None
    if verdict is not None:
        assert verdict["status"] == "error" and verdict["reward"] is None
        assert "answer" in verdict["detail"]
    else:
        assert "answer" in proc.stderr
