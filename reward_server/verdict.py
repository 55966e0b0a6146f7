"""The result of one verification.

`reward is None` means "could not grade" (the grader timed out or broke). It is never folded
into 0: a trainer that treats a crashed grader as a wrong answer learns to avoid whatever made
the grader crash, which is a reward hack with extra steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    PARTIAL = "partial"
    UNPARSABLE = "unparsable"
    TIMEOUT = "timeout"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Verdict:
    reward: float | None
    status: Status
    detail: str = ""
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def correct(cls, detail: str = "", **info: Any) -> Verdict:
        return cls(1.0, Status.CORRECT, detail, info)

    @classmethod
    def incorrect(cls, detail: str = "", **info: Any) -> Verdict:
        return cls(0.0, Status.INCORRECT, detail, info)

    @classmethod
    def unparsable(cls, detail: str, **info: Any) -> Verdict:
        """The response had no gradable answer: the policy's fault, so reward 0, not None."""
        return cls(0.0, Status.UNPARSABLE, detail, info)

    @classmethod
    def scored(cls, reward: float, detail: str = "", **info: Any) -> Verdict:
        """Continuous reward in [0, 1]: 1 -> correct, 0 -> incorrect, else partial."""
        reward = float(reward)
        if not 0.0 <= reward <= 1.0:
            raise ValueError(f"reward must be in [0, 1], got {reward}")
        status = (
            Status.CORRECT
            if reward == 1.0
            else Status.INCORRECT
            if reward == 0.0
            else Status.PARTIAL
        )
        return cls(reward, status, detail, info)

    @classmethod
    def timeout(cls, detail: str = "verification exceeded its deadline") -> Verdict:
        return cls(None, Status.TIMEOUT, detail)

    @classmethod
    def error(cls, detail: str, **info: Any) -> Verdict:
        return cls(None, Status.ERROR, detail, info)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reward": self.reward,
            "status": self.status.value,
            "detail": self.detail,
        }
        if self.info:
            out["info"] = self.info
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            data["reward"], Status(data["status"]), data.get("detail", ""), data.get("info") or {}
        )
