"""verl custom reward function backed by the reward service.

In a verl config:
    custom_reward_function:
      path: <site-packages>/reward_server/adapters/verl.py
      name: compute_score          # or compute_score_batch with reward_model.reward_manager=batch
and `PRORL_REWARD_URL=http://host:8000` (comma-separate several replicas) in the workers' env.
Rows come from `prorl data export --format verl`: `extra_info` carries verifier, ground_truth and
verifier_config (see reward_server.adapters.task_fields).

The result is a dict: `score` (what verl trains on; 0.0 when the service could not grade),
`acc` (1.0 only when correct) and `ungraded` (1.0 where that 0.0 is not a real grade).
"""

from __future__ import annotations

from typing import Any

from reward_server.adapters import client_for, task_fields


def _to_result(r: dict[str, Any]) -> dict[str, Any]:
    reward = r.get("reward")
    return {
        "score": float(reward) if reward is not None else 0.0,
        "acc": 1.0 if r.get("status") == "correct" else 0.0,
        "ungraded": 1.0 if reward is None else 0.0,
    }


def compute_score(
    data_source: str, solution_str: str, ground_truth: Any, extra_info: Any = None
) -> dict[str, Any]:
    """verl's per-sample signature; one HTTP round trip per call (prefer the batch form)."""
    verifier, gt, cfg = task_fields(ground_truth, extra_info)
    item = {
        "id": str(data_source),
        "verifier": verifier,
        "ground_truth": gt,
        "response": solution_str,
    }
    if cfg is not None:
        item["config"] = cfg
    return _to_result(client_for().score([item])[0])


def compute_score_batch(
    data_sources: list[str],
    solution_strs: list[str],
    ground_truths: list[Any],
    extra_infos: list[Any] | None = None,
) -> list[dict[str, Any]]:
    """verl's BatchRewardManager signature: one request for the whole batch."""
    infos = extra_infos if extra_infos is not None else [None] * len(solution_strs)
    items = []
    for i, (resp, gt_col, info) in enumerate(zip(solution_strs, ground_truths, infos, strict=True)):
        verifier, gt, cfg = task_fields(gt_col, info)
        item = {"id": str(i), "verifier": verifier, "ground_truth": gt, "response": resp}
        if cfg is not None:
            item["config"] = cfg
        items.append(item)
    return [_to_result(r) for r in client_for().score(items)]
