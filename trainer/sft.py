"""Supervised warm start on the corpus's reference answers (`meta.reference`).

Why: a randomly initialised tiny model never emits `\\boxed{...}` or `<answer>`, so every
reward is 0, every group is filtered by dynamic sampling and RL has nothing to learn from. A
short SFT pass on the references (responses the verifier scores 1.0 by construction) gives RL
a policy that sometimes succeeds -- the same role R1-distillation plays for the paper's
1.5B starting point. The loss covers response tokens only, EOS included, so the model learns
to stop.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from pydantic import BaseModel, ConfigDict, Field

from trainer.config import TrainConfig
from trainer.data import CorpusError, open_corpus
from trainer.tiny import load_codec, load_policy


class SFTConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    steps: int = Field(default=100, ge=1)
    batch_size: int = Field(default=32, ge=1)
    lr: float = Field(default=1e-3, gt=0)
    weight_decay: float = Field(default=0.0, ge=0)
    max_examples: int | None = Field(default=None, ge=1)
    seed: int = 0


def sft_examples(cfg: TrainConfig, codec: Any) -> list[tuple[list[int], list[int]]]:
    corpus = open_corpus(cfg.data.corpus)
    out = []
    for rec in corpus.train:
        ref = rec.meta.get("reference")
        if not isinstance(ref, str) or not ref:
            continue
        prompt = codec.prompt_ids(rec.prompt, cfg.data.system_prompt)[
            -cfg.rollout.max_prompt_tokens :
        ]
        out.append((prompt, codec.encode(ref) + [codec.eos_id]))
    if not out:
        raise CorpusError(
            f"{cfg.data.corpus}: no training row carries meta.reference to learn from"
        )
    return out


def run_sft(
    cfg: TrainConfig, out_dir: str | Path, echo: Callable[[str], None] = lambda s: None
) -> dict[str, Any]:
    """Train, save (HF format + tokenizer) to out_dir, return a summary."""
    sc = SFTConfig.model_validate(cfg.sft)
    torch.manual_seed(sc.seed)
    if cfg.run.cpu_threads and not torch.cuda.is_available():
        torch.set_num_threads(cfg.run.cpu_threads)
    rng = random.Random(sc.seed)
    src = cfg.model.init_from or cfg.model.name
    codec = load_codec(src)
    model = load_policy(cfg.model.name, cfg.model.init_from, cfg.run.seed, cfg.model.dtype)
    examples = sft_examples(cfg, codec)
    if sc.max_examples:
        examples = examples[: sc.max_examples]
    opt = torch.optim.AdamW(model.parameters(), lr=sc.lr, weight_decay=sc.weight_decay)
    model.train()
    losses: list[float] = []
    for step in range(1, sc.steps + 1):
        batch = [examples[rng.randrange(len(examples))] for _ in range(sc.batch_size)]
        loss = _nll(model, batch, codec.pad_id)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        if step % max(1, sc.steps // 10) == 0 or step == sc.steps:
            echo(f"sft step {step}/{sc.steps} | loss {sum(losses[-10:]) / len(losses[-10:]):.4f}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)  # type: ignore[operator]
    codec.save_pretrained(out)
    (out / "sft_config.json").write_text(sc.model_dump_json(indent=1), encoding="utf-8")
    return {
        "steps": sc.steps,
        "final_loss": losses[-1],
        "first_loss": losses[0],
        "examples": len(examples),
    }


def _nll(
    model: torch.nn.Module, batch: list[tuple[list[int], list[int]]], pad_id: int
) -> torch.Tensor:
    length = max(len(p) + len(r) for p, r in batch)
    ids = torch.full((len(batch), length), pad_id, dtype=torch.long)
    labels = torch.full_like(ids, -100)
    attn = torch.zeros_like(ids)
    for i, (p, r) in enumerate(batch):
        seq = p + r
        ids[i, : len(seq)] = torch.tensor(seq)
        attn[i, : len(seq)] = 1
        labels[i, len(p) : len(seq)] = torch.tensor(r)
    device = next(model.parameters()).device
    logits = model(input_ids=ids.to(device), attention_mask=attn.to(device)).logits[:, :-1]
    return torch.nn.functional.cross_entropy(
        logits.reshape(-1, logits.size(-1)).float(),
        labels[:, 1:].reshape(-1).to(device),
        ignore_index=-100,
    )
