"""Applying a list of instructions to a response, in IFEval's strict or loose mode.

Strict: the response as given. Loose (IFEval paper, Sec. 3): an instruction counts as followed
if *any* of eight variants passes -- the response, the response without its first line, without
its last line, without both, and each of those four with every `*` removed -- because markdown
emphasis and "Sure, here is..." / "Let me know..." wrapper lines cause false negatives. In both
modes a response that is empty after stripping follows nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import ValidationError

from reward_server.ifeval.base import CHECKERS, Args

Mode = Literal["strict", "loose"]


class InstructionArgsError(ValueError):
    """kwargs that do not fit an instruction; `field` is the dotted path of the bad value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def parse_args(
    instruction_id: str,
    kwargs: Mapping[str, Any] | None,
    prompt: str | None = None,
    where: str = "",
) -> Args:
    """Validate one instruction's kwargs. Null values are dropped (the HF copy of IFEval pads
    every kwargs dict with every key set to null); `repeat_prompt` may take its text from the
    task prompt when `prompt_to_repeat` is absent."""
    where = where or instruction_id
    if instruction_id not in CHECKERS:
        known = ", ".join(CHECKERS.names())
        raise InstructionArgsError(where, f"unknown instruction {instruction_id!r}; known: {known}")
    spec = CHECKERS.get(instruction_id)
    if kwargs is not None and not isinstance(kwargs, Mapping):
        raise InstructionArgsError(where, f"expected an object, got {type(kwargs).__name__}")
    clean = {k: v for k, v in (kwargs or {}).items() if v is not None}
    if instruction_id == "combination:repeat_prompt" and "prompt_to_repeat" not in clean and prompt:
        clean["prompt_to_repeat"] = prompt
    try:
        return spec.args.model_validate(clean)  # type: ignore[no-any-return]
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InstructionArgsError(f"{where}.{loc}" if loc else where, first["msg"]) from None


def loose_variants(text: str) -> list[str]:
    lines = text.split("\n")
    trimmed = [
        text,
        "\n".join(lines[1:]).strip(),
        "\n".join(lines[:-1]).strip(),
        "\n".join(lines[1:-1]).strip(),
    ]
    return trimmed + [t.replace("*", "") for t in trimmed]


def follows(instruction_id: str, args: Args, text: str, mode: Mode = "strict") -> bool:
    """Whether `text` follows one instruction."""
    fn = CHECKERS.get(instruction_id).fn
    candidates = [text] if mode == "strict" else loose_variants(text)
    return any(c.strip() and fn(c, args) for c in candidates)


def follow_all(
    instruction_ids: Sequence[str], args: Sequence[Args], text: str, mode: Mode = "strict"
) -> list[bool]:
    """One boolean per instruction, in order."""
    return [follows(i, a, text, mode) for i, a in zip(instruction_ids, args, strict=True)]
