"""The `ifeval` verifier: IFEval instruction following as a reward.

ProRL rewards instruction following continuously: the fraction of a prompt's instructions the
response follows (`aggregate="fraction"`, the default), so a response that satisfies two of three
constraints is better than one that satisfies none. `aggregate="all"` is IFEval's prompt-level
accuracy (1 only if every instruction is followed). Only the text after the last `</think>` is
graded; reasoning is free to mention commas, capitals or forbidden words.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reward_server.extract import Unparsable, answer_section
from reward_server.ifeval import CHECKERS, follow_all, parse_args
from reward_server.verdict import Verdict
from reward_server.verifiers import verifier


class IFEvalPayload(BaseModel):
    """IFEval's schema: `kwargs[i]` holds the arguments of `instruction_id_list[i]`."""

    model_config = ConfigDict(extra="forbid")

    instruction_id_list: list[str] = Field(min_length=1)
    kwargs: list[dict[str, Any] | None] | None = None
    prompt: str | None = Field(
        default=None, description="the task prompt; fallback text for combination:repeat_prompt"
    )

    @model_validator(mode="after")
    def _check_instructions(self) -> IFEvalPayload:
        if self.kwargs is None:
            self.kwargs = [{} for _ in self.instruction_id_list]
        if len(self.kwargs) != len(self.instruction_id_list):
            raise ValueError(
                f"kwargs has {len(self.kwargs)} entries but instruction_id_list has "
                f"{len(self.instruction_id_list)}; they must be aligned"
            )
        for i, (iid, kw) in enumerate(zip(self.instruction_id_list, self.kwargs, strict=True)):
            if iid not in CHECKERS:
                known = ", ".join(CHECKERS.names())
                raise ValueError(
                    f"instruction_id_list.{i}: unknown instruction {iid!r}; known: {known}"
                )
            parse_args(iid, kw, self.prompt, where=f"kwargs.{i}")
        return self


class IFEvalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["strict", "loose"] = "strict"
    aggregate: Literal["all", "fraction"] = "fraction"


@verifier("ifeval", payload=IFEvalPayload, config=IFEvalConfig)
def score_ifeval(response: str, payload: IFEvalPayload, config: IFEvalConfig) -> Verdict:
    """IFEval instruction checks (25 types), strict or loose, fraction or all-or-nothing."""
    try:
        text = answer_section(response)
    except Unparsable as exc:
        return Verdict.unparsable(str(exc))
    ids = payload.instruction_id_list
    kwargs = payload.kwargs or [{} for _ in ids]
    args = [parse_args(i, kw, payload.prompt) for i, kw in zip(ids, kwargs, strict=True)]
    followed = follow_all(ids, args, text, config.mode)
    n_ok = sum(followed)
    failed = [i for i, ok in zip(ids, followed, strict=True) if not ok]
    detail = f"followed {n_ok}/{len(ids)} instructions ({config.mode})"
    if failed:
        detail += "; not followed: " + ", ".join(failed)
    reward = n_ok / len(ids) if config.aggregate == "fraction" else float(n_ok == len(ids))
    return Verdict.scored(reward, detail, followed=followed)
