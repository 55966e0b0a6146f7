"""The verifier registry: one module per verifier in this folder, each registering itself.

A verifier is a pure function `(response, ground_truth, config) -> Verdict`. `ground_truth` and
`config` arrive already validated as the pydantic models the verifier declared, so a verifier
never re-checks its inputs and `/v1/verifiers` can publish their JSON schemas.

    from reward_server.verifiers import score
    score("math", "... \\\\boxed{1/2}", {"answer": "\\\\frac12"})
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from prorl.registry import Registry
from reward_server.verdict import Verdict

P = TypeVar("P", bound=BaseModel)
C = TypeVar("C", bound=BaseModel)


class NoConfig(BaseModel):
    """For verifiers without options; unknown keys are rejected like everywhere else."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class VerifierSpec(Generic[P, C]):
    name: str
    fn: Callable[[str, P, C], Verdict]
    payload: type[P]
    config: type[C]
    version: str
    description: str


VERIFIERS: Registry[VerifierSpec[Any, Any]] = Registry(
    "verifier", autoload_packages=("reward_server.verifiers",)
)


def verifier(
    name: str,
    *,
    payload: type[P],
    config: type[C] = NoConfig,  # type: ignore[assignment]
    version: str = "1",
) -> Callable[[Callable[[str, P, C], Verdict]], Callable[[str, P, C], Verdict]]:
    """Register `fn` as verifier `name` with its ground-truth payload and config models."""

    def decorate(fn: Callable[[str, P, C], Verdict]) -> Callable[[str, P, C], Verdict]:
        doc = (fn.__doc__ or "").strip().split("\n\n")[0]
        VERIFIERS.add(name, VerifierSpec(name, fn, payload, config, version, doc))
        return fn

    return decorate


class PayloadError(ValueError):
    """Ground truth or config that does not fit the verifier's model; `field` names where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _validate(model: type[BaseModel], value: Any, where: str) -> BaseModel:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise PayloadError(where, f"not valid JSON ({exc.msg} at char {exc.pos})") from None
    if value is None and where == "config":
        value = {}
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PayloadError(f"{where}.{loc}" if loc else where, first["msg"]) from None


def prepare(
    name: str, ground_truth: Any, config: Any = None
) -> tuple[VerifierSpec[Any, Any], BaseModel, BaseModel]:
    """Look up a verifier and validate its inputs; raises UnknownNameError or PayloadError."""
    spec = VERIFIERS.get(name)
    return (
        spec,
        _validate(spec.payload, ground_truth, "ground_truth"),
        _validate(spec.config, config, "config"),
    )


def score(name: str, response: str, ground_truth: Any, config: Any = None) -> Verdict:
    """Score one response in this process. Bad inputs and verifier crashes become `error`
    verdicts (reward None); nothing here raises for data problems."""
    try:
        spec, gt, cfg = prepare(name, ground_truth, config)
    except (PayloadError, KeyError) as exc:
        return Verdict.error(str(exc))
    if not isinstance(response, str):
        return Verdict.error(f"response: expected a string, got {type(response).__name__}")
    try:
        return spec.fn(response, gt, cfg)
    except Exception as exc:  # a verifier bug must not take down a batch
        return Verdict.error(f"verifier {name!r} raised {type(exc).__name__}: {exc}")
