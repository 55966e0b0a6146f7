"""Rebuild sample_rollouts.jsonl from the public files listed in SAMPLE_ROLLOUTS.md.

    python reward_server/data/build_sample_rollouts.py /path/to/shared/data

Only selection and reshaping into score items happen here; the model outputs are copied as is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

N_IFEVAL = 24


def build(data: Path) -> list[dict]:
    rows: list[dict] = []
    labeled = data / "math" / "labeled"
    for name in ["", "-rs0", "-rs1", "-rs2"]:
        path = labeled / f"nemo_skills_score_rm_output{name}.jsonl"
        for i, line in enumerate(path.read_text().splitlines()):
            r = json.loads(line)
            rows.append(
                {
                    "id": f"nemo-skills{name}-{i}",
                    "verifier": "math",
                    "ground_truth": {"answer": r["expected_answer"]},
                    "response": r["generation"],
                    "upstream_label": 1.0 if r["symbolic_correct"] else 0.0,
                    "source": f"NVIDIA/NeMo-Skills tests/data/score_rm_inputs/output{name}.jsonl#{i}",
                }
            )
    gym = labeled / "nemo_gym_math_with_judge_rollouts.jsonl"
    for i, line in enumerate(gym.read_text().splitlines()):
        r = json.loads(line)
        text = "".join(
            c["text"]
            for out in r["response"]["output"]
            if out.get("type") == "message"
            for c in out["content"]
            if c.get("type") == "output_text"
        )
        rows.append(
            {
                "id": f"nemo-gym-{i}",
                "verifier": "math",
                "ground_truth": {"answer": r["expected_answer"]},
                "response": text,
                "upstream_label": float(r["reward"]),
                "source": f"NVIDIA-NeMo/Gym math_with_judge/data/example_rollouts.jsonl#{i}",
            }
        )
    inst = data / "instruction"
    tasks = {}
    for line in (inst / "ifeval_input_data.jsonl").read_text().splitlines():
        t = json.loads(line)
        tasks[t["prompt"]] = t
    responses = (inst / "ifeval_gpt4_responses_20231107.jsonl").read_text().splitlines()
    for line in responses[:N_IFEVAL]:
        r = json.loads(line)
        t = tasks[r["prompt"]]
        rows.append(
            {
                "id": f"ifeval-{t['key']}",
                "verifier": "ifeval",
                "ground_truth": {
                    "instruction_id_list": t["instruction_id_list"],
                    "kwargs": t["kwargs"],
                    "prompt": t["prompt"],
                },
                "config": {"mode": "strict", "aggregate": "all"},
                "response": r["response"],
                "source": f"google-research instruction_following_eval GPT-4 responses, key {t['key']}",
            }
        )
    return rows


if __name__ == "__main__":
    out = Path(__file__).with_name("sample_rollouts.jsonl")
    rows = build(Path(sys.argv[1]))
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"wrote {len(rows)} rows to {out}")
