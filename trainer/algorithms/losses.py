"""Policy losses (registry), KL estimators and loss aggregation.

Shapes: every tensor is `[B, T]` over response tokens; `mask` is 1 on tokens that train.
A loss returns per-token values; `aggregate` turns them into a scalar. Aggregation divides by
*global* counts passed in by the caller (tokens or sequences of the whole mini-batch, across
micro-batches and ranks), so gradient accumulation and data parallelism give the same update
as one big batch -- the "token-mean over the global token count" of the ProRL/DAPO recipe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from prorl.registry import Registry

KL_CLAMP = 10.0


@dataclass(frozen=True)
class LossInputs:
    logp: torch.Tensor
    old_logp: torch.Tensor
    adv: torch.Tensor
    """Per-sequence advantages [B] (broadcast over tokens by the loss)."""
    mask: torch.Tensor
    clip_low: float = 0.2
    clip_high: float = 0.28
    tau: float = 0.1


@dataclass
class LossOut:
    per_token: torch.Tensor
    clip_low_frac: torch.Tensor
    clip_high_frac: torch.Tensor
    seq_level: bool = False
    """True when `per_token` holds one value per sequence in column 0 (MDPO)."""


Loss = Callable[[LossInputs], LossOut]
LOSSES: Registry[Loss] = Registry("loss")


def _masked_frac(flags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return (flags.to(mask.dtype) * mask).sum() / mask.sum().clamp(min=1)


@LOSSES.register("ppo_clip")
def ppo_clip(x: LossInputs) -> LossOut:
    """PPO clipped surrogate with decoupled bounds (DAPO clip-higher):
    -min(ratio * A, clip(ratio, 1 - eps_low, 1 + eps_high) * A)."""
    ratio = torch.exp(x.logp - x.old_logp)
    adv = x.adv.unsqueeze(-1)
    clipped = torch.clamp(ratio, 1.0 - x.clip_low, 1.0 + x.clip_high)
    per_token = -torch.minimum(ratio * adv, clipped * adv)
    low = (ratio < 1.0 - x.clip_low) & (adv < 0)
    high = (ratio > 1.0 + x.clip_high) & (adv > 0)
    return LossOut(per_token, _masked_frac(low, x.mask), _masked_frac(high, x.mask))


@LOSSES.register("mdpo")
def mdpo(x: LossInputs) -> LossOut:
    """Kimi k1.5 online mirror descent (arXiv 2501.12599, sec. 2.3.2): the squared loss
    (r - tau log Z - tau log(pi_theta(y|x) / pi_old(y|x)))^2 per sampled response, with
    tau log Z approximated by the group's mean reward -- i.e. `adv` must be r - mean(r)
    (advantage `dr_grpo`). The log ratio is over the whole response (sum over its tokens)."""
    log_ratio = ((x.logp - x.old_logp) * x.mask).sum(dim=-1)
    per_seq = (x.adv - x.tau * log_ratio) ** 2
    per_token = torch.zeros_like(x.logp)
    per_token[:, 0] = per_seq
    zero = torch.zeros((), dtype=x.logp.dtype)
    return LossOut(per_token, zero, zero, seq_level=True)


def kl_penalty(logp: torch.Tensor, ref_logp: torch.Tensor, kind: str) -> torch.Tensor:
    """Per-token KL(pi || ref) estimators on samples from pi (Schulman's k1/k2/k3), clamped
    to +-10 so one token with a vanishing reference probability cannot blow up the step."""
    log_r = ref_logp - logp
    if kind == "k1":
        kl = -log_r
    elif kind == "k2":
        kl = 0.5 * log_r**2
    elif kind == "k3":
        kl = torch.exp(log_r) - log_r - 1.0
    else:
        raise ValueError(f"algorithm.kl_type: unknown KL estimator {kind!r}; known: k1, k2, k3")
    return torch.clamp(kl, -KL_CLAMP, KL_CLAMP)


def aggregate(
    per_token: torch.Tensor,
    mask: torch.Tensor,
    mode: str,
    total_tokens: float,
    total_seqs: float,
    max_len: int,
) -> torch.Tensor:
    """Scalar loss for this micro-batch, normalized by global counts (see module doc).

    token-mean: sum over all tokens / global tokens. seq-mean-token-mean: each sequence's
    token mean, summed / global sequences. seq-mean-token-sum: each sequence's token sum /
    global sequences. seq-mean-token-sum-norm (Dr. GRPO): token sums / max_len / sequences.
    """
    masked = per_token * mask
    if mode == "token-mean":
        return masked.sum() / max(total_tokens, 1.0)
    seq_sum = masked.sum(dim=-1)
    if mode == "seq-mean-token-mean":
        return (seq_sum / mask.sum(dim=-1).clamp(min=1)).sum() / max(total_seqs, 1.0)
    if mode == "seq-mean-token-sum":
        return seq_sum.sum() / max(total_seqs, 1.0)
    if mode == "seq-mean-token-sum-norm":
        return (seq_sum / max_len).sum() / max(total_seqs, 1.0)
    raise ValueError(f"algorithm.loss_agg: unknown mode {mode!r}")


def entropy_from_logits(logits: torch.Tensor) -> torch.Tensor:
    logp = torch.log_softmax(logits.float(), dim=-1)
    return -(logp.exp() * logp).sum(dim=-1)
