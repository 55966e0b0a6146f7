"""`reasoning_gym` verifier: reasoning-gym's own scorer, rebuilt from the stored generator config.

Why rebuild instead of calling a default-configured scorer: several tasks read `self.config` while
scoring (decimal_arithmetic's precision, time_intervals' tolerance, puzzle24's number range,
polynomial_equations' penalties, ARC board formatting), so the same answer can earn different
rewards under different generation configs. The payload carries the config and the full entry;
`reward_server.rg_support` turns both back into the Python values the generator produced.

Exceptions: some scorers raise on malformed answers (prime_factorization on a non-number). That is
the policy's fault, so it is `incorrect` with reward 0. A scorer that also raises on the entry's
own oracle answer means the entry or config is broken: that is `error` (reward None). The oracle
check runs only when the candidate answer raised and is cached per entry. rush_hour, which has
no oracle, treats every exception as the answer's fault.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from prorl.registry import Registry
from reward_server import rg_support
from reward_server.extract import Unparsable, answer_section, last_answer_tag
from reward_server.verdict import Verdict
from reward_server.verifiers import verifier


class RGPayload(BaseModel):
    """Ground truth: `{"task", "config", "entry"}` exactly as the corpus source stores it."""

    model_config = ConfigDict(extra="forbid")

    task: str = Field(description="reasoning-gym task name, e.g. 'zebra_puzzles'")
    config: dict[str, Any] = Field(
        default_factory=dict, description="the generator config (dataclass fields as JSON)"
    )
    entry: dict[str, Any] = Field(description="the generated entry: question, answer, metadata")

    @field_validator("task")
    @classmethod
    def _known_task(cls, value: str) -> str:
        return rg_support.check_task(value)

    @field_validator("entry")
    @classmethod
    def _entry_shape(cls, value: dict[str, Any]) -> dict[str, Any]:
        if "answer" not in value:
            raise ValueError("entry needs an 'answer' key (null for validator-scored tasks)")
        if not isinstance(value.get("metadata"), dict):
            raise ValueError("entry needs a 'metadata' object")
        return value


class RGConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    partial_credit: bool = Field(
        default=True, description="keep the task's fractional scores; false: anything < 1 is 0"
    )
    fallback_to_full_text: bool = Field(
        default=False,
        description="with no <answer> tag, grade the whole answer section instead of 'unparsable'",
    )


_ORACLE_OK: OrderedDict[str, bool] = OrderedDict()
_ORACLE_CACHE_SIZE = 4096


def _oracle_scores(task: str, payload: RGPayload, entry: dict[str, Any], scorer: Any) -> bool:
    """Does the entry's own oracle answer score without raising? Cached per entry digest."""
    key = rg_support.entry_digest(task, payload.config, payload.entry)
    if key in _ORACLE_OK:
        _ORACLE_OK.move_to_end(key)
        return _ORACLE_OK[key]
    oracle = rg_support.reference_answer(task, entry)
    ok = True
    if oracle is not None:
        try:
            scorer.score_answer(oracle, entry)
        except Exception:
            ok = False
    _ORACLE_OK[key] = ok
    if len(_ORACLE_OK) > _ORACLE_CACHE_SIZE:
        _ORACLE_OK.popitem(last=False)
    return ok


UPSTREAM_FIXES: Registry[Callable[[str, dict[str, Any]], float]] = Registry(
    "reasoning-gym scorer fix"
)
"""Tasks whose upstream `score_answer` is wrong in a way a policy would exploit. Each fix is a
replacement scorer; everything else is scored by reasoning-gym itself, unchanged."""


@UPSTREAM_FIXES.register("game_of_life_halting")
def _game_of_life_halting(answer: str, entry: dict[str, Any]) -> float:
    """reasoning-gym 0.1.25 compares `bool(answer) == bool(entry["answer"])`; the stored answer
    is the string "True" or "False", both truthy, so ANY non-empty answer scores 1.0 upstream.
    Compare the words instead."""
    return 1.0 if answer.strip().lower() == str(entry["answer"]).strip().lower() else 0.0


def task_score(task: str, scorer: Any, answer: str, entry: dict[str, Any]) -> float:
    """The score this verifier stands behind: reasoning-gym's own, or the documented fix."""
    fix = UPSTREAM_FIXES.get(task) if task in UPSTREAM_FIXES else None
    return fix(answer, entry) if fix is not None else float(scorer.score_answer(answer, entry))


@verifier("reasoning_gym", payload=RGPayload, config=RGConfig)
def score_reasoning_gym(response: str, gt: RGPayload, cfg: RGConfig) -> Verdict:
    """Reasoning-gym task scorer on the last <answer>...</answer> after </think>."""
    try:
        section = answer_section(response)
    except Unparsable as exc:
        return Verdict.unparsable(str(exc))
    answer = last_answer_tag(section)
    if answer is None:
        if not cfg.fallback_to_full_text:
            return Verdict.unparsable("no <answer>...</answer> after the reasoning")
        answer = section.strip()

    try:
        scorer = rg_support.scorer(gt.task, gt.config)
    except rg_support.RGPayloadError as exc:
        return Verdict.error(f"ground_truth.{exc}")
    entry = rg_support.restore_entry(gt.task, gt.entry)

    try:
        raw = task_score(gt.task, scorer, answer, entry)
    except Exception as exc:
        if _oracle_scores(gt.task, gt, entry, scorer):
            return Verdict.incorrect(
                f"{gt.task} scorer rejected the answer ({type(exc).__name__}: {exc})"[:500],
                task=gt.task,
            )
        return Verdict.error(
            f"ground_truth.entry: {gt.task} cannot score even its own answer "
            f"({type(exc).__name__}: {exc})"[:500]
        )
    try:
        reward = float(raw)
    except (TypeError, ValueError):
        return Verdict.error(f"{gt.task} scorer returned {raw!r}, not a number")
    if not 0.0 <= reward <= 1.0:
        return Verdict.error(f"{gt.task} scorer returned {reward}, outside [0, 1]")
    if not cfg.partial_credit and reward < 1.0:
        reward = 0.0
    return Verdict.scored(reward, f"{gt.task} score {reward:g}", task=gt.task)
