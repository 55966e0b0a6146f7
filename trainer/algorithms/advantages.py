"""Advantage estimators over groups of rollouts (one group = n samples of one prompt).

Every estimator takes `rewards [G, n]` and `valid [G, n]` (False where grading failed, i.e. the
reward service returned None) and returns per-sample advantages `[G, n]`. Invalid samples are
left out of every statistic and get advantage 0: a missing reward must not be read as 0, which
would push the policy away from whatever it did while the service was down.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from prorl.registry import Registry

Estimator = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
ADVANTAGES: Registry[Estimator] = Registry("advantage estimator")
EPS = 1e-6


def _group_mean(rewards: torch.Tensor, valid: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    w = valid.to(rewards.dtype)
    count = w.sum(dim=1, keepdim=True)
    mean = (rewards * w).sum(dim=1, keepdim=True) / count.clamp(min=1)
    return mean, count


@ADVANTAGES.register("grpo")
def grpo(rewards: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """(r - mean) / (std + eps) within the group; std is the unbiased (n-1) estimate."""
    w = valid.to(rewards.dtype)
    mean, count = _group_mean(rewards, valid)
    var = (((rewards - mean) ** 2) * w).sum(dim=1, keepdim=True) / (count - 1).clamp(min=1)
    return (rewards - mean) / (var.sqrt() + EPS) * w


@ADVANTAGES.register("dr_grpo")
def dr_grpo(rewards: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Dr. GRPO: r - mean, no std division (pair with loss_agg seq-mean-token-sum-norm to also
    drop the per-response length normalization)."""
    mean, _ = _group_mean(rewards, valid)
    return (rewards - mean) * valid.to(rewards.dtype)


@ADVANTAGES.register("rloo")
def rloo(rewards: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Leave-one-out baseline: r_i - mean of the other valid samples of the group."""
    w = valid.to(rewards.dtype)
    total = (rewards * w).sum(dim=1, keepdim=True)
    count = w.sum(dim=1, keepdim=True)
    others = (count - 1).clamp(min=1)
    adv = rewards - (total - rewards) / others
    return torch.where(count > 1, adv, torch.zeros_like(adv)) * w


@ADVANTAGES.register("reinforce_pp_baseline")
def reinforce_pp_baseline(rewards: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """REINFORCE++-baseline: subtract the group mean, then normalize over the whole batch
    (mean and unbiased std of all valid samples), which keeps the scale stable when groups
    have very different spreads."""
    w = valid.to(rewards.dtype)
    mean, _ = _group_mean(rewards, valid)
    centered = (rewards - mean) * w
    n = w.sum().clamp(min=1)
    bmean = centered.sum() / n
    bvar = (((centered - bmean) ** 2) * w).sum() / (n - 1).clamp(min=1)
    return (centered - bmean) / (bvar.sqrt() + EPS) * w


def compute_advantages(name: str, rewards: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    return ADVANTAGES.get(name)(rewards, valid)
