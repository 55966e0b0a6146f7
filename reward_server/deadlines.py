"""Per-item deadlines: how long the pool lets one verification run before killing its worker.

Why not one number: the code verifier has its own time budget (enforced inside the sandbox, which
then reports `time_limit` per test); the pool's kill must come *after* that, or a slow-but-legal
program becomes a `timeout` (reward None) instead of a graded `incorrect`.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from reward_server.settings import Settings


def _time_limit(value: Any) -> float | None:
    """An explicit `time_limit_s` in a ground truth or config (object or JSON string)."""
    if isinstance(value, str):
        if "time_limit_s" not in value:
            return None
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    limit = value.get("time_limit_s")
    if isinstance(limit, int | float) and not isinstance(limit, bool) and limit > 0:
        return float(limit)
    return None


@functools.cache
def _default_time_limit(verifier: str) -> float | None:
    """The default `time_limit_s` of a verifier's config model (the code verifier has one)."""
    from reward_server.verifiers import VERIFIERS

    if verifier not in VERIFIERS:
        return None
    field = VERIFIERS.get(verifier).config.model_fields.get("time_limit_s")
    default = getattr(field, "default", None)
    return float(default) if isinstance(default, int | float) else None


def item_deadline(settings: Settings, verifier: str, ground_truth: Any, config: Any) -> float:
    """The default deadline, or, for verifiers with their own time budget (`time_limit_s` in
    the config, the ground truth, or the config model's default: code), that budget plus a
    margin for sandbox start-up, so the sandbox reports its own timeout before we kill it."""
    budget = _time_limit(config) or _time_limit(ground_truth) or _default_time_limit(verifier)
    deadline = settings.deadline_s
    if budget is not None:
        deadline = max(deadline, budget + settings.deadline_margin_s)
    return min(deadline, settings.max_deadline_s)
