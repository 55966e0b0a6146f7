"""Reward shaping and DAPO dynamic sampling.

Dynamic sampling drops groups whose valid rewards are all equal (every sample right, or every
sample wrong): their group-normalized advantages are all zero, so they add no gradient and only
dilute the token-mean. Dropped groups are refilled from fresh prompts, at most
`max_refill_rounds` times; if nothing survives, the step is skipped with a logged reason
rather than crashing or training on an empty batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from prorl.record import TaskRecord
from trainer.config import SamplingConfig
from trainer.rollout import Rollout


@dataclass
class Sample:
    record: TaskRecord
    rollout: Rollout
    raw_reward: float | None
    """What the verifier said; None = grading failed."""
    status: str
    reward: float | None = None
    """After shaping (termination / overlong penalties); None stays None."""


def overlong_penalty(length: int, max_len: int, buffer: int) -> float:
    """DAPO soft overlong punishment: 0 up to max_len - buffer, then a linear ramp to -1 at
    max_len, and -1 beyond it."""
    if buffer <= 0:
        return 0.0
    start = max_len - buffer
    if length <= start:
        return 0.0
    if length <= max_len:
        return (start - length) / buffer
    return -1.0


def shape(samples: list[Sample], cfg: SamplingConfig, max_len: int) -> None:
    for s in samples:
        if s.raw_reward is None:
            s.reward = None
            continue
        r = float(s.raw_reward)
        if s.rollout.truncated and cfg.termination_penalty is not None:
            r = cfg.termination_penalty
        r += cfg.overlong_penalty * overlong_penalty(
            len(s.rollout.response_ids), max_len, cfg.overlong_buffer
        )
        s.reward = r


def group_verdict(group: list[Sample], dynamic: bool) -> str | None:
    """None if the group trains; otherwise why it is dropped."""
    rewards = [s.reward for s in group if s.reward is not None]
    if len(rewards) < 2 and len(group) > 1:
        return "ungraded"
    if dynamic and len(group) > 1 and max(rewards) - min(rewards) < 1e-9:
        return "all_equal"
    return None


@dataclass
class Selection:
    kept: list[list[Sample]]
    dropped_equal: int
    dropped_ungraded: int
    rounds: int

    @property
    def filtered_frac(self) -> float:
        total = len(self.kept) + self.dropped_equal + self.dropped_ungraded
        return (self.dropped_equal + self.dropped_ungraded) / total if total else 0.0


def select_groups(groups: list[list[Sample]], dynamic: bool, selection: Selection) -> None:
    for g in groups:
        why = group_verdict(g, dynamic)
        if why is None:
            selection.kept.append(g)
        elif why == "all_equal":
            selection.dropped_equal += 1
        else:
            selection.dropped_ungraded += 1
