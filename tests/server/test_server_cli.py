"""`prorl score` and `prorl score-file`: results, and user mistakes as one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prorl.cli import main

pytestmark = pytest.mark.timeout(120)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_score_prints_the_verdict() -> None:
    from reward_server.verifiers import VERIFIERS

    if "math" not in VERIFIERS:
        pytest.skip("math verifier not registered yet")
    code, out = run(
        "score",
        "--verifier",
        "math",
        "--ground-truth",
        '{"answer": "1/2"}',
        "--response",
        "so \\boxed{0.5}",
    )
    assert code == 0, out
    assert json.loads(out)["reward"] == 1.0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--ground-truth", "{bad", "--verifier", "math"], "--ground-truth"),
        (["--ground-truth", "{}", "--config", "[", "--verifier", "math"], "--config"),
        (["--ground-truth", "{}", "--verifier", "no_such"], "--verifier"),
    ],
)
def test_score_bad_options_name_the_option(args: list[str], needle: str) -> None:
    code, out = run("score", "--response", "x", *args)
    assert code == 2 and needle in out


def test_score_file_through_the_service(reward_server_url: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "verifier": "t_echo", "ground_truth": {"answer": "yes"}, "response": "yes"},
        {"verifier": "t_echo", "ground_truth": '{"answer": "yes"}', "response": "no"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    out = tmp_path / "out.jsonl"
    code, text = run("score-file", str(src), "--out", str(out), "--url", reward_server_url)
    assert code == 0, text
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(g["id"], g["reward"], g["status"]) for g in got] == [
        ("a", 1.0, "correct"),
        ("2", 0.0, "incorrect"),
    ]
    summary = text[text.index('{"scored"') :].splitlines()[0]  # stderr (tqdm) is mixed in
    assert json.loads(summary)["status"] == {"correct": 1, "incorrect": 1}


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"verifier": "t_echo", "response": "x"}', "'ground_truth' is missing"),
        ('{"verifier": 3, "response": "x", "ground_truth": {}}', "'verifier' must be a string"),
    ],
)
def test_score_file_bad_line_names_file_and_line(tmp_path: Path, line: str, needle: str) -> None:
    src = tmp_path / "bad.jsonl"
    good = json.dumps({"verifier": "t_echo", "ground_truth": {}, "response": "x"})
    src.write_text(good + "\n" + line + "\n")
    code, out = run("score-file", str(src), "--out", str(tmp_path / "o.jsonl"))
    assert code == 2
    assert f"{src}:2" in out and needle in out


def test_score_file_in_process_pool(tmp_path: Path) -> None:
    from reward_server.verifiers import VERIFIERS

    if "math" not in VERIFIERS:
        pytest.skip("math verifier not registered yet")
    src = tmp_path / "in.jsonl"
    rows = [
        {"verifier": "math", "ground_truth": {"answer": "1/2"}, "response": "\\boxed{0.5}"},
        {"verifier": "math", "ground_truth": {"answer": "1/2"}, "response": "no box"},
        {"verifier": "math", "ground_truth": {"answr": "1/2"}, "response": "\\boxed{1}"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows))
    out = tmp_path / "out.jsonl"
    code, text = run("score-file", str(src), "--out", str(out), "--workers", "1")
    assert code == 0, text
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["status"] for g in got] == ["correct", "unparsable", "error"]
    assert "ground_truth.answer" in got[2]["detail"]
