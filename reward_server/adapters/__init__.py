"""Glue from other RL frameworks (verl, TRL, OpenRLHF) to the reward service over HTTP.

Shared rule: a framework that cannot carry "could not grade" gets 0.0 for it, and every adapter
says so in a side channel (verl: `ungraded` in the result dict; OpenRLHF: extra_logs), so the
zeros can be told apart from wrong answers in the logs.
"""

from __future__ import annotations

import json
import os
from typing import Any

from reward_server.client import RewardClient

_CLIENTS: dict[str, RewardClient] = {}


def client_for(url: str | None = None) -> RewardClient:
    """One client per URL list per process; URLs from the argument or `PRORL_REWARD_URL`
    (comma-separated for several replicas)."""
    spec = url or os.environ.get("PRORL_REWARD_URL", "")
    if not spec:
        raise RuntimeError("set PRORL_REWARD_URL to the reward service, e.g. http://127.0.0.1:8000")
    if spec not in _CLIENTS:
        _CLIENTS[spec] = RewardClient([u.strip() for u in spec.split(",") if u.strip()])
    return _CLIENTS[spec]


def task_fields(ground_truth: Any, extra_info: Any) -> tuple[str, Any, Any]:
    """(verifier, ground_truth, config) from the corpus export's columns.

    Expected: `extra_info` holds {"verifier", "verifier_config"?, "ground_truth"?} (the corpus
    verl export writes verifier + verifier_config there and the payload JSON in
    reward_model.ground_truth, which verl passes as `ground_truth`); failing that, `ground_truth` itself is a JSON object (or string)
    with "verifier" and "ground_truth" keys.
    """
    if isinstance(extra_info, dict) and isinstance(extra_info.get("verifier"), str):
        gt = extra_info.get("ground_truth", ground_truth)
        cfg = extra_info.get("verifier_config", extra_info.get("config"))
        return extra_info["verifier"], gt, cfg or None  # parquet stores "no config" as ""
    label = ground_truth
    if isinstance(label, str):
        try:
            label = json.loads(label)
        except json.JSONDecodeError:
            label = None
    if (
        isinstance(label, dict)
        and isinstance(label.get("verifier"), str)
        and "ground_truth" in label
    ):
        return (
            label["verifier"],
            label["ground_truth"],
            label.get("verifier_config", label.get("config")),
        )
    raise ValueError(
        "cannot tell which verifier to use: put {'verifier': ..., 'ground_truth': ...} in "
        "extra_info, or make ground_truth a JSON object with those keys"
    )
