"""The policy update of one step: log-prob recomputation, loss, gradient, optimizer step.

Sequences are re-packed right-padded (prompt + response, no left padding), so positions are
plain 0..L-1 exactly as during generation after the left pad is dropped, and the causal mask
makes trailing pads harmless.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.distributed as dist

from trainer.algorithms.losses import (
    LOSSES,
    LossInputs,
    aggregate,
    entropy_from_logits,
    kl_penalty,
)
from trainer.config import TrainConfig


@dataclass
class Batch:
    """Flattened samples of the kept groups; tensors are [B, T] over response tokens."""

    prompts: list[list[int]]
    responses: list[list[int]]
    adv: torch.Tensor
    mask: torch.Tensor
    old_logp: torch.Tensor | None = None
    ref_logp: torch.Tensor | None = None

    def select(self, idx: list[int]) -> Batch:
        return Batch(
            [self.prompts[i] for i in idx],
            [self.responses[i] for i in idx],
            self.adv[idx],
            self.mask[idx],
            None if self.old_logp is None else self.old_logp[idx],
            None if self.ref_logp is None else self.ref_logp[idx],
        )


def response_mask(responses: list[list[int]], keep: list[bool]) -> torch.Tensor:
    width = max(1, max(len(r) for r in responses))
    mask = torch.zeros(len(responses), width)
    for i, r in enumerate(responses):
        if keep[i]:
            mask[i, : len(r)] = 1.0
    return mask


def token_logprobs(
    model: torch.nn.Module,
    prompts: list[list[int]],
    responses: list[list[int]],
    pad_id: int,
    width: int,
    with_entropy: bool = False,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """log pi(response token | prefix) as [B, width] (0 beyond each response), and entropy."""
    device = next(model.parameters()).device
    seqs = [p + r for p, r in zip(prompts, responses, strict=True)]
    length = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), length), pad_id, dtype=torch.long)
    attn = torch.zeros_like(ids)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        attn[i, : len(s)] = 1
    logits = model(input_ids=ids.to(device), attention_mask=attn.to(device)).logits
    # response token k of sample i sits at position len(prompt_i) + k and is predicted there - 1
    offs = torch.tensor([len(p) - 1 for p in prompts], device=device)
    pos = (offs.unsqueeze(1) + torch.arange(width, device=device)).clamp(max=length - 1)
    picked = logits.gather(1, pos.unsqueeze(-1).expand(-1, -1, logits.size(-1))).float()
    targets = torch.full((len(seqs), width), 0, dtype=torch.long)
    for i, r in enumerate(responses):
        targets[i, : len(r)] = torch.tensor(r, dtype=torch.long)
    logp_all = torch.log_softmax(picked, dim=-1)
    logp = logp_all.gather(-1, targets.to(device).unsqueeze(-1)).squeeze(-1)
    ent = entropy_from_logits(picked) if with_entropy else None
    return logp.cpu(), None if ent is None else ent.cpu()


def _allreduce_sum(value: float, world: int) -> float:
    if world <= 1:
        return value
    t = torch.tensor([value], dtype=torch.float64)
    dist.all_reduce(t)
    return float(t.item())


@dataclass
class UpdateStats:
    loss: list[float] = field(default_factory=list)
    kl_sum: float = 0.0
    ent_sum: float = 0.0
    clip_low_sum: float = 0.0
    clip_high_sum: float = 0.0
    tokens: float = 0.0
    grad_norm: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        t = max(self.tokens, 1.0)
        return {
            "loss": sum(self.loss) / max(len(self.loss), 1),
            "kl": self.kl_sum / t,
            "entropy": self.ent_sum / t,
            "clip_frac_low": self.clip_low_sum / t,
            "clip_frac_high": self.clip_high_sum / t,
            "grad_norm": sum(self.grad_norm) / max(len(self.grad_norm), 1),
            "optimizer_steps": len(self.grad_norm),
        }


def run_update(
    cfg: TrainConfig,
    policy: torch.nn.Module,
    reference: torch.nn.Module | None,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    batch: Batch,
    group_size: int,
    pad_id: int,
    world: int,
) -> UpdateStats:
    alg = cfg.algorithm
    width = batch.mask.size(1)
    n_groups = len(batch.prompts) // group_size
    n_mb = max(1, -(-n_groups // alg.mini_batch_prompts))
    use_kl = alg.kl_type != "none" and alg.kl_coef > 0 and reference is not None
    with torch.no_grad():
        if use_kl:
            assert reference is not None
            batch.ref_logp = _chunked(reference, batch, pad_id, width, alg.micro_batch_seqs)
        if alg.ppo_epochs > 1 or n_mb > 1:
            batch.old_logp = _chunked(policy, batch, pad_id, width, alg.micro_batch_seqs)
    loss_fn = LOSSES.get(alg.loss)
    stats = UpdateStats()
    policy.train()
    for _epoch in range(alg.ppo_epochs):
        for m in range(n_mb):
            g = range(m * alg.mini_batch_prompts, min(n_groups, (m + 1) * alg.mini_batch_prompts))
            idx = [gi * group_size + j for gi in g for j in range(group_size)]
            mb = batch.select(idx)
            total_tokens = _allreduce_sum(float(mb.mask.sum()), world)
            total_seqs = _allreduce_sum(float((mb.mask.sum(-1) > 0).sum()), world)
            optimizer.zero_grad(set_to_none=True)
            micro = [
                list(range(i, min(len(idx), i + alg.micro_batch_seqs)))
                for i in range(0, len(idx), alg.micro_batch_seqs)
            ]
            mb_loss = 0.0
            for k, mi in enumerate(micro):
                part = mb.select(mi)
                sync = k == len(micro) - 1 or not hasattr(policy, "no_sync")
                ctx = contextlib.nullcontext() if sync else policy.no_sync()  # type: ignore[operator]
                with ctx:
                    loss, parts = _micro_loss(
                        cfg, policy, part, loss_fn, pad_id, width, total_tokens, total_seqs
                    )
                    (loss * world).backward()  # DDP averages gradients; the loss is global
                mb_loss += float(loss.detach())
                stats.kl_sum += parts["kl"]
                stats.ent_sum += parts["entropy"]
                stats.clip_low_sum += parts["clip_low"]
                stats.clip_high_sum += parts["clip_high"]
                stats.tokens += parts["tokens"]
            norm = torch.nn.utils.clip_grad_norm_(policy.parameters(), cfg.optim.grad_clip)
            optimizer.step()
            scheduler.step()
            stats.grad_norm.append(float(norm))
            stats.loss.append(_allreduce_sum(mb_loss, world))
    return stats


def _chunked(
    model: torch.nn.Module, batch: Batch, pad_id: int, width: int, chunk: int
) -> torch.Tensor:
    out = []
    for i in range(0, len(batch.prompts), chunk):
        lp, _ = token_logprobs(
            model, batch.prompts[i : i + chunk], batch.responses[i : i + chunk], pad_id, width
        )
        out.append(lp)
    return torch.cat(out)


def _micro_loss(
    cfg: TrainConfig,
    policy: torch.nn.Module,
    part: Batch,
    loss_fn: Any,
    pad_id: int,
    width: int,
    total_tokens: float,
    total_seqs: float,
) -> tuple[torch.Tensor, dict[str, float]]:
    alg = cfg.algorithm
    need_ent_grad = alg.entropy_coef != 0
    logp, ent = _logp_with_grad(policy, part, pad_id, width, need_ent_grad)
    old = part.old_logp if part.old_logp is not None else logp.detach()
    out = loss_fn(
        LossInputs(logp, old, part.adv, part.mask, alg.clip_low, alg.clip_high, alg.mdpo_tau)
    )
    if out.seq_level:
        seq_ok = (part.mask.sum(-1) > 0).to(logp.dtype)
        loss = (out.per_token[:, 0] * seq_ok).sum() / max(total_seqs, 1.0)
    else:
        loss = aggregate(
            out.per_token,
            part.mask,
            alg.loss_agg,
            total_tokens,
            total_seqs,
            cfg.rollout.max_response_tokens,
        )
    tokens = float(part.mask.sum())
    kl_sum = 0.0
    if part.ref_logp is not None:
        kl = kl_penalty(logp, part.ref_logp, alg.kl_type)
        loss = loss + alg.kl_coef * aggregate(
            kl, part.mask, alg.loss_agg, total_tokens, total_seqs, cfg.rollout.max_response_tokens
        )
        kl_sum = float((kl.detach() * part.mask).sum())
    assert ent is not None
    if need_ent_grad:
        loss = loss - alg.entropy_coef * aggregate(
            ent, part.mask, alg.loss_agg, total_tokens, total_seqs, cfg.rollout.max_response_tokens
        )
    return loss, {
        "kl": kl_sum,
        "entropy": float((ent.detach() * part.mask).sum()),
        "clip_low": float(out.clip_low_frac) * tokens,
        "clip_high": float(out.clip_high_frac) * tokens,
        "tokens": tokens,
    }


def _logp_with_grad(
    policy: torch.nn.Module, part: Batch, pad_id: int, width: int, ent_grad: bool
) -> tuple[torch.Tensor, torch.Tensor]:
    logp, ent = token_logprobs(policy, part.prompts, part.responses, pad_id, width, True)
    assert ent is not None
    return logp, ent if ent_grad else ent.detach()
