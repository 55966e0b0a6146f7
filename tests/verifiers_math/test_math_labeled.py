"""Real model generations with correctness labels (NeMo-Skills, NeMo-Gym) must get the label."""

from __future__ import annotations

import json
from pathlib import Path

from reward_server.verifiers import score


def _gym_text(row: dict[str, object]) -> str:
    parts = []
    for item in row["response"]["output"]:  # type: ignore[index]
        if item.get("type") == "message":
            parts.extend(c.get("text", "") for c in item["content"])
    return "".join(parts)


def test_nemo_skills_generations_match_symbolic_correct(shared_data: Path) -> None:
    rows = []
    for path in sorted((shared_data / "math" / "labeled").glob("nemo_skills_*.jsonl")):
        rows += [(path.name, json.loads(line)) for line in path.open()]
    assert len(rows) == 20
    wrong = []
    for name, row in rows:
        v = score("math", row["generation"], {"answer": row["expected_answer"]})
        if (v.reward == 1.0) != row["symbolic_correct"]:
            wrong.append(
                f"{name} id={row['id']} label={row['symbolic_correct']} -> {v.status} {v.detail}"
            )
    assert not wrong, "\n".join(wrong)


def test_nemo_gym_rollouts_match_reward(shared_data: Path) -> None:
    path = shared_data / "math" / "labeled" / "nemo_gym_math_with_judge_rollouts.jsonl"
    rows = [json.loads(line) for line in path.open()]
    assert [r["reward"] for r in rows] == [0.0, 1.0, 1.0, 1.0, 0.0]
    wrong = []
    for i, row in enumerate(rows):
        v = score("math", _gym_text(row), {"answer": row["expected_answer"]})
        if v.reward != row["reward"]:
            wrong.append(
                f"#{i} expected={row['expected_answer']!r} label={row['reward']} -> {v.detail}"
            )
    assert not wrong, "\n".join(wrong)
