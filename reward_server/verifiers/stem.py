"""The `stem` verifier: multiple choice, numeric with tolerance and units, or an expression.

Extraction order (all after the last `</think>`): every `\\boxed{}` (the last one is the
answer; different boxes = hedging), else the last `<answer>...</answer>`, else the last
"the answer is X" / "Answer: X" phrase, else (multiple choice only) a final line that is just a
letter, like `**B**` or `(B)`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reward_server.extract import (
    MAX_ANSWER_CHARS,
    Unparsable,
    answer_section,
    boxed_answers,
    last_answer_phrase,
    last_answer_tag,
)
from reward_server.mathcheck import equivalent
from reward_server.mathcheck.choices import LETTERS, picked_letters, text_key
from reward_server.mathcheck.numbers import close_enough
from reward_server.mathcheck.units import Quantity, UnknownUnit, parse_quantity
from reward_server.verdict import Verdict
from reward_server.verifiers import verifier

DEFAULT_REL_TOL = 1e-2
"""1%: STEM numeric answers are computed from rounded constants (g = 9.8 vs 9.81, h to 3
figures), so exact comparison would fail correct work; 1% still separates distinct answers
(the usual distractor differs by a factor, a sign or an order of magnitude)."""


class StemPayload(BaseModel):
    """Ground truth of a STEM task."""

    model_config = ConfigDict(extra="forbid")
    answer: str = Field(min_length=1, description="Option letter (mcq), number, or expression.")
    kind: Literal["mcq", "numeric", "expression"]
    choices: list[str] | None = Field(None, description="Option texts, in letter order (mcq).")
    rel_tol: float | None = Field(
        None, gt=0, lt=1, description=f"Relative tolerance (numeric); default {DEFAULT_REL_TOL}."
    )
    unit: str | None = Field(None, description="Unit of `answer` when it is not written in it.")

    @field_validator("answer", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> StemPayload:
        if self.kind == "mcq":
            letter = self.answer.strip().upper()
            n = len(self.choices) if self.choices is not None else len(LETTERS)
            if len(letter) != 1 or letter not in LETTERS[:n]:
                raise ValueError(f"mcq answer must be one of the letters {LETTERS[:n]!r}")
            if self.choices is not None and len(self.choices) < 2:
                raise ValueError("mcq choices must list at least 2 options")
        elif self.kind == "numeric":
            try:
                q = parse_quantity(self.answer)
            except UnknownUnit as exc:
                raise ValueError(f"unknown unit {exc} in numeric answer") from None
            if q is None:
                raise ValueError(f"numeric answer {self.answer!r} is not a number (with a unit)")
        return self


class StemConfig(BaseModel):
    """Per-task options of the `stem` verifier."""

    model_config = ConfigDict(extra="forbid")
    allow_option_text: bool = Field(
        True, description="mcq: accept the text of the correct option as well as its letter."
    )


_FINAL_LETTER = re.compile(r"^\W*\(?([A-J])\)?\W*$")


def _candidates(section: str, mcq: bool) -> tuple[list[str], str]:
    """The answer candidates (last = the answer) and where they came from."""
    boxes = [b.content for b in boxed_answers(section) if b.content.strip()]
    if boxes:
        return boxes, "boxed"
    tag = last_answer_tag(section)
    if tag:
        return [tag], "answer tag"
    phrase = last_answer_phrase(section)
    if phrase:
        return [phrase], "answer phrase"
    if mcq:
        lines = [ln for ln in section.strip().splitlines() if ln.strip()]
        if lines:
            m = _FINAL_LETTER.match(lines[-1])
            if m:
                return [m.group(1)], "final line"
    raise Unparsable("no \\boxed{}, <answer> tag or 'the answer is' phrase")


@verifier("stem", payload=StemPayload, config=StemConfig, version="1")
def verify_stem(response: str, truth: StemPayload, config: StemConfig) -> Verdict:
    """STEM answers: multiple-choice letter (or option text), number with relative tolerance
    and unit conversion, or an expression checked like `math`.

    Extraction: \\boxed{} first, then <answer> tag, then a final "the answer is X"; hedges
    ("A or C", two different boxes) score 0.
    """
    try:
        section = answer_section(response)
        found, source = _candidates(section, truth.kind == "mcq")
    except Unparsable as exc:
        return Verdict.unparsable(str(exc))
    if any(len(c) > MAX_ANSWER_CHARS for c in found):
        return Verdict.unparsable(f"answer longer than {MAX_ANSWER_CHARS} characters")
    if truth.kind == "mcq":
        return _grade_mcq(found, source, truth, config)
    if truth.kind == "numeric":
        return _grade_numeric(found, source, truth)
    return _grade_expression(found, source, truth)


def _grade_mcq(found: list[str], source: str, truth: StemPayload, cfg: StemConfig) -> Verdict:
    gold = truth.answer.strip().upper()
    choices = truth.choices if cfg.allow_option_text else None
    picks: set[str] = set()
    for cand in found:
        read = picked_letters(cand, choices)
        if read is None:
            if cand is found[-1]:
                return Verdict.incorrect(
                    f"{source} answer {cand[:60]!r} is not an option letter or option text"
                )
            continue
        letters, how = read
        if how == "option text" and truth.choices and len(letters) > 1:
            # duplicate option texts: the text is right if it is the gold option's text
            gold_key = text_key(truth.choices[LETTERS.index(gold)])
            letters = {gold} if text_key(cand) == gold_key else letters
        picks |= letters
    if len(picks) > 1:
        return Verdict.incorrect(f"hedging: picked {', '.join(sorted(picks))} ({source})")
    pick = next(iter(picks))
    if pick == gold:
        return Verdict.correct(f"picked {pick} ({source})")
    return Verdict.incorrect(f"picked {pick}, gold {gold} ({source})")


def _grade_numeric(found: list[str], source: str, truth: StemPayload) -> Verdict:
    gold = _gold_quantity(truth)
    tol = truth.rel_tol if truth.rel_tol is not None else DEFAULT_REL_TOL
    verdicts = []
    for cand in found:
        try:
            q = parse_quantity(cand)
        except UnknownUnit as exc:
            return Verdict.incorrect(f"unknown unit {str(exc)!r} in {cand[:60]!r}")
        if q is None:
            verdicts.append((False, f"{cand[:60]!r} is not a number"))
            continue
        verdicts.append(_compare_quantities(q, gold, tol))
    ok, why = verdicts[-1]
    if ok and not all(v[0] for v in verdicts):
        return Verdict.incorrect(f"hedging: boxed answers disagree ({source})")
    return Verdict.correct(f"{why} ({source})") if ok else Verdict.incorrect(f"{why} ({source})")


def _gold_quantity(truth: StemPayload) -> Quantity:
    q = parse_quantity(truth.answer)
    assert q is not None  # the payload validator guarantees a leading number
    if q.dims is None and truth.unit:
        with_unit = parse_quantity(f"{truth.answer} {truth.unit}")
        if with_unit is not None:
            return with_unit
    return q


def _compare_quantities(q: Quantity, gold: Quantity, tol: float) -> tuple[bool, str]:
    if q.dims is not None and gold.dims is not None:
        if q.dims != gold.dims:
            return False, f"unit {q.unit_text!r} does not measure what {gold.unit_text!r} does"
        a, b = q.value, gold.value
    else:  # a unit on one side only: the numbers are taken to be in the same (stated) unit
        a, b = q.number, gold.number
        if (q.dims == () or gold.dims == ()) and close_enough(q.value, gold.value, tol):
            a, b = q.value, gold.value  # `25\%` and `0.25` state the same fraction
    if close_enough(a, b, tol):
        return True, f"{a:.6g} within {tol:g} of {b:.6g}"
    return False, f"{a:.6g} differs from {b:.6g} by more than {tol:g}"


def _grade_expression(found: list[str], source: str, truth: StemPayload) -> Verdict:
    last = found[-1]
    match = equivalent(last, truth.answer)
    if not match.equal:
        return Verdict.incorrect(f"extracted {last[:60]!r}: {match.how} ({source})")
    for other in found[:-1]:
        if not equivalent(other, truth.answer).equal:
            return Verdict.incorrect(f"hedging: boxed {other[:40]!r} and {last[:40]!r}")
    return Verdict.correct(f"extracted {last[:60]!r}: {match.how} ({source})")


def warm_up() -> None:
    """Expression answers go through Math-Verify: pay its import once per worker at start."""
    from reward_server.verifiers.math import warm_up as warm_math

    warm_math()
