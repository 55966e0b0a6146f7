"""Every reasoning-gym task, scored through JSON -> Arrow -> the verifier, must get exactly the
reward reasoning-gym gives in-process with the original Python entry and generation config."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.ipc as ipc
import pytest
import reasoning_gym

from prorl.record import canonical_json
from reward_server import rg_support
from reward_server.verifiers import score
from reward_server.verifiers.reasoning_gym import task_score

SLOW = {
    "knight_swap": 8,
    "zebra_puzzles": 12,
    "puzzle24": 12,
    "futoshiki": 5,
    "intermediate_integration": 0,
}
"""Tasks costing 0.3-3 s per entry to generate and score (sympy, puzzle solvers): 3 entries in the
default test, these many more (other seed) in the `slow` test, sized to the 75 s test budget.
intermediate_integration gets none: sympy needs 10+ s on some perturbed integrals."""


def _perturb(answer: str) -> str:
    """Change the last digit or letter: a near miss that partial-credit scorers grade."""
    chars = list(answer)
    for i in range(len(chars) - 1, -1, -1):
        c = chars[i]
        if c.isdigit():
            chars[i] = str((int(c) + 1) % 10)
            return "".join(chars)
        if c.isalpha():
            chars[i] = "b" if c != "b" else "c"
            return "".join(chars)
    return answer + " x"


def _in_process(ds: object, answer: str, entry: dict) -> float:
    """reasoning-gym's own score, except where the verifier documents an upstream fix."""
    task = type(ds).__module__.rsplit(".", 1)[-1]
    try:
        return task_score(task, ds, answer, entry)
    except Exception:
        return 0.0  # the verifier's rule: a scorer raising on an answer is the answer's fault


def _through_arrow(payloads: list[dict]) -> list[str]:
    table = pa.table({"ground_truth": pa.array([canonical_json(p) for p in payloads], pa.string())})
    sink = io.BytesIO()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return ipc.open_file(pa.BufferReader(sink.getvalue())).read_all().column(0).to_pylist()


def check_task(task: str, n: int, seed: int = 1234) -> None:
    ds = reasoning_gym.create_dataset(task, seed=seed, size=n)
    entries = [ds[i] for i in range(n)]
    config = rg_support.config_to_json(ds.config)
    stored = _through_arrow(
        [{"task": task, "config": config, "entry": rg_support.to_json(e)} for e in entries]
    )
    refs = [rg_support.reference_answer(task, e) for e in entries]
    mismatches = []
    for k, (entry, gt) in enumerate(zip(entries, stored, strict=True)):
        oracle = refs[k]
        other = refs[(k + 1) % n]
        cases = {"wrong": other if other not in (None, oracle) else "0", "garbage": "no idea"}
        if oracle is not None:
            cases["oracle"] = oracle
            cases["perturbed"] = _perturb(oracle)
        for kind, answer in cases.items():
            verdict = score("reasoning_gym", f"<think>hmm</think><answer>{answer}</answer>", gt)
            expected = _in_process(ds, answer.strip(), entry)
            if verdict.reward is None or abs(verdict.reward - expected) > 1e-9:
                mismatches.append((k, kind, answer[:40], expected, verdict.reward, verdict.detail))
        if oracle is not None:
            got = score("reasoning_gym", f"<answer>{oracle}</answer>", gt).reward
            if got != 1.0:
                mismatches.append((k, "oracle<1", oracle[:40], 1.0, got, ""))
    for m in mismatches:
        print(task, *m)
    assert not mismatches, f"{task}: {len(mismatches)} mismatches (printed above)"


@pytest.mark.parametrize("task", rg_support.task_names())
def test_task_roundtrip_scores_match(task: str) -> None:
    check_task(task, 3 if task in SLOW else 20)


@pytest.mark.slow
@pytest.mark.parametrize("task", sorted(t for t, n in SLOW.items() if n))
def test_slow_task_roundtrip_more(task: str) -> None:
    check_task(task, SLOW[task], seed=99)


def test_unsupported_tasks_are_listed_with_a_reason() -> None:
    assert set(reasoning_gym.factory.DATASETS) - set(rg_support.task_names()) == {"composite"}
    verdict = score("reasoning_gym", "<answer>1</answer>", {"task": "composite", "entry": {}})
    assert verdict.reward is None and "meta-dataset" in verdict.detail
