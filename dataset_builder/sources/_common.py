"""Record builders shared by the file, eval and Hub sources.

Why one place: every math source must phrase its prompt and its reference answer the same way,
or the policy learns source-specific formatting instead of math. The reference answer convention
(meta["reference"] scores 1.0 through the record's verifier) is applied here once.
"""

from __future__ import annotations

import math
from typing import Any

from prorl.record import TaskRecord

MATH_INSTRUCTION = "Let's think step by step and output the final answer within \\boxed{}."
CODE_INSTRUCTION = "Write your solution in Python 3 and return it in a single ```python code block."
STDIO_INSTRUCTION = "Read from standard input and write to standard output."
MCQ_INSTRUCTION = "Answer with the letter of the correct option within \\boxed{}."
RG_INSTRUCTION = (
    "Give your final answer inside <answer></answer> tags, e.g. <answer>your answer</answer>."
)
TEMPLATES = (MATH_INSTRUCTION, CODE_INSTRUCTION, STDIO_INSTRUCTION, MCQ_INSTRUCTION, RG_INSTRUCTION)
"""Instruction text this package appends to prompts; decontamination ignores it, since it is
shared by train and eval prompts by construction."""


def math_reference(answer: str) -> str:
    return f"Working through the problem carefully gives the final result.\n\n\\boxed{{{answer}}}"


def clean_answer(value: Any) -> str | None:
    """Upstream answers arrive as str, float (AMC: 142.0) or list (OlympiadBench); None if empty."""
    if value is None:
        return None
    if isinstance(value, list):
        parts = [clean_answer(v) for v in value]
        kept = [p for p in parts if p]
        return ", ".join(kept) if kept else None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    if text.startswith("$") and text.endswith("$") and len(text) > 1:
        text = text.strip("$").strip()
    return text or None


def math_record(
    *,
    problem: str,
    answer: str,
    source: str,
    upstream_id: str,
    license: str,
    split: str = "train",
    difficulty: float | None = None,
    extra: dict[str, Any] | None = None,
) -> TaskRecord:
    meta: dict[str, Any] = {
        "reference": math_reference(answer),
        "upstream_id": upstream_id,
        "license": license,
    }
    meta.update(extra or {})
    return TaskRecord(
        domain="math",
        source=source,
        prompt=f"{problem.strip()}\n\n{MATH_INSTRUCTION}",
        verifier="math",
        ground_truth={"answer": answer},
        split=split,
        difficulty=difficulty if difficulty is None or difficulty >= 0 else None,
        meta=meta,
    )


def fenced(code: str) -> str:
    return f"```python\n{code.strip()}\n```"


def code_record(
    *,
    prompt: str,
    payload: dict[str, Any],
    config: dict[str, Any],
    solution: str,
    source: str,
    upstream_id: str,
    license: str,
    split: str = "train",
    difficulty: float | None = None,
) -> TaskRecord:
    return TaskRecord(
        domain="code",
        source=source,
        prompt=prompt,
        verifier="code",
        ground_truth=payload,
        verifier_config=config,
        split=split,
        difficulty=difficulty,
        meta={"reference": fenced(solution), "upstream_id": upstream_id, "license": license},
    )


def code_stdio_record(
    *,
    problem: str,
    tests: list[dict[str, str]],
    source: str,
    upstream_id: str,
    license: str,
    split: str = "train",
    solution: str | None = None,
) -> TaskRecord:
    meta: dict[str, Any] = {"upstream_id": upstream_id, "license": license}
    if solution:
        meta["reference"] = fenced(solution)
    return TaskRecord(
        domain="code",
        source=source,
        prompt=f"{problem.strip()}\n\n{CODE_INSTRUCTION} {STDIO_INSTRUCTION}",
        verifier="code",
        ground_truth={"style": "stdio", "tests": tests},
        split=split,
        meta=meta,
    )
