"""The `math` verifier: final `\\boxed{}` answer against a LaTeX or plain gold.

Rules (docs/verifiers-math-stem.md has the long form):
- only the text after the last `</think>` is graded; an unclosed `<think>` is `unparsable`;
- the answer is the last `\\boxed{}`; with no box the response is `unparsable` (ProRL and
  DeepScaleR require a box; `require_box: false` falls back to a final "the answer is X");
- every box in the graded text must hold the same answer: a correct box next to a different one
  is hedging and scores 0 (`allow_hedging: true` grades only the last box);
- two answers are equal if the project's normalizer OR Math-Verify says so.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reward_server.extract import (
    MAX_ANSWER_CHARS,
    Unparsable,
    answer_section,
    boxed_answers,
    last_answer_phrase,
)
from reward_server.mathcheck import equivalent
from reward_server.mathcheck import warm_up as _warm_up_mathcheck
from reward_server.mathcheck.normalize import canonical
from reward_server.verdict import Verdict
from reward_server.verifiers import verifier

_SHOW = 80


class MathPayload(BaseModel):
    """Ground truth of a math task."""

    model_config = ConfigDict(extra="forbid")
    answer: str = Field(min_length=1, description="Gold final answer, LaTeX or plain text.")

    @field_validator("answer", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        # AMC-style golds arrive as JSON numbers (142.0); a bool is a data bug, not a number
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value


class MathConfig(BaseModel):
    """Per-task options of the `math` verifier."""

    model_config = ConfigDict(extra="forbid")
    allow_hedging: bool = Field(
        False, description="Grade only the last box even if other boxes disagree with it."
    )
    require_box: bool = Field(
        True,
        description="If false, a response without a box is graded on its final "
        "'the answer is X' / 'Answer: X' phrase instead of being unparsable.",
    )


def _short(text: str) -> str:
    return text if len(text) <= _SHOW else text[: _SHOW - 3] + "..."


def extract_final_answers(response: str, require_box: bool = True) -> list[str]:
    """The candidate final answers of a response, last one last; raises Unparsable."""
    section = answer_section(response)
    boxes = [b.content for b in boxed_answers(section) if b.content.strip()]
    if not boxes and not require_box:
        phrase = last_answer_phrase(section)
        if phrase:
            boxes = [phrase]
    if not boxes:
        raise Unparsable("no \\boxed{} answer after the reasoning")
    return boxes


@verifier("math", payload=MathPayload, config=MathConfig, version="1")
def verify_math(response: str, truth: MathPayload, config: MathConfig) -> Verdict:
    """Final \\boxed{} answer (after the last </think>) equal to the gold by the project's
    normalizer or by Math-Verify; several different boxed answers count as hedging (0).

    Statuses: `correct` 1.0, `incorrect` 0.0 (wrong, hedged, or too large to evaluate),
    `unparsable` 0.0 (no box, or an unclosed <think>).
    """
    try:
        answers = extract_final_answers(response, config.require_box)
    except Unparsable as exc:
        return Verdict.unparsable(str(exc))
    last = answers[-1]
    if len(last) > MAX_ANSWER_CHARS:
        return Verdict.unparsable(
            f"boxed answer is {len(last)} characters (limit {MAX_ANSWER_CHARS})"
        )
    match = equivalent(last, truth.answer)
    others = [] if config.allow_hedging else _distinct_others(answers)
    if not match.equal:
        hedged = f"hedging ({len(others) + 1} different boxes); " if others else ""
        return Verdict.incorrect(
            f"{hedged}extracted {_short(last)!r}; gold {_short(truth.answer)!r}: {match.how}",
            extracted=_short(last),
        )
    if others:
        for other in others:
            if len(other) > MAX_ANSWER_CHARS or not equivalent(other, truth.answer).equal:
                return Verdict.incorrect(
                    f"hedging: boxed both {_short(other)!r} and {_short(last)!r}",
                    extracted=_short(last),
                )
    return Verdict.correct(f"extracted {_short(last)!r}: {match.how}", extracted=_short(last))


def _distinct_others(answers: list[str]) -> list[str]:
    """Boxes before the last one that are not written identically to it (cheap text check
    first, so the usual "same answer boxed twice" costs nothing)."""
    seen = {canonical(answers[-1][:MAX_ANSWER_CHARS])}
    out: list[str] = []
    for a in answers[:-1]:
        key = canonical(a[:MAX_ANSWER_CHARS]) if len(a) <= MAX_ANSWER_CHARS else a
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def warm_up() -> None:
    """Pay Math-Verify's import and grammar load now (call once per worker at start)."""
    _warm_up_mathcheck()
