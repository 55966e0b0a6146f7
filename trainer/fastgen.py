"""Fast rollouts for the `hf` engine: static KV cache, static-shape decode loop, early exit.

Why not `model.generate`: for RL rollouts generate spends most of its time outside the model
(logits processors, stopping criteria, a growing DynamicCache that reallocates every step) and
keeps decoding rows that already emitted EOS. Here:

* the KV cache is a transformers `StaticCache` sized once to prompt width + max_new_tokens, and
  the 2-D attention mask is one preallocated buffer, so every decode step has the same shapes
  (the precondition for `torch.compile(mode="reduce-overhead")` / CUDA graphs on a GPU);
* prefill is one batched forward over the left-padded prompts, asking for the last logits only;
* finished rows are dropped from the batch (cache rows gathered away) once at least half of the
  batch is done, and the loop stops as soon as every row has emitted EOS;
* rows are chunked to what fits in free GPU memory (`max_rows`).

Same distribution as HF sampling: temperature then top-p with HF's tie and keep-one rules,
positions from the attention mask exactly as `generate` derives them for left padding. The
returned log-probs are of the *raw* policy (temperature 1, no top-p), which is what the trainer
recomputes; a mismatch between the two is then a real engine/trainer disagreement.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from transformers import StaticCache

from trainer.config import RolloutConfig
from trainer.rollout import Rollout

StepFn = Callable[..., torch.Tensor]


@dataclass
class Generated:
    tokens: list[list[int]]
    """Sampled tokens per row, including the EOS when the row stopped by itself."""
    logprobs: list[list[float]]
    truncated: list[bool]


def top_p_filter(logits: torch.Tensor, top_p: float) -> torch.Tensor:
    """HF's TopPLogitsWarper rule: drop the low tail whose total mass is <= 1 - top_p, always
    keep the most likely token."""
    if top_p >= 1.0:
        return logits
    sorted_logits, order = torch.sort(logits, descending=False, dim=-1)
    cum = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    drop_sorted = cum <= 1 - top_p
    drop_sorted[..., -1] = False
    drop = drop_sorted.scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))


def _pick(
    logits: torch.Tensor,
    greedy: bool,
    temperature: float,
    top_p: float,
    generator: torch.Generator | None,
) -> torch.Tensor:
    if greedy:
        return logits.argmax(dim=-1)
    probs = top_p_filter(logits / temperature, top_p).softmax(dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(1)


def kv_bytes_per_row(model: torch.nn.Module, total_len: int) -> int:
    """KV cache + one row of logits, the memory a generation row needs beyond the weights."""
    cfg: Any = model.config
    heads = getattr(cfg, "num_key_value_heads", None) or cfg.num_attention_heads
    head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
    elem = next(model.parameters()).element_size()
    kv = 2 * cfg.num_hidden_layers * heads * head_dim * total_len * elem
    return int(kv + 4 * cfg.vocab_size * 2)


def max_rows(model: torch.nn.Module, total_len: int, wanted: int, fraction: float = 0.6) -> int:
    """Rows per generation chunk: all of them on CPU, what fits in `fraction` of free memory on
    a GPU (activations of a decode step are tiny next to the cache, so the cache decides)."""
    device = next(model.parameters()).device
    if device.type != "cuda":
        return wanted
    free, _ = torch.cuda.mem_get_info(device)
    fit = int(free * fraction) // max(1, kv_bytes_per_row(model, total_len))
    return max(1, min(wanted, fit))


class FastGenerator:
    """Holds the (optionally compiled) decode step so compilation is paid once per model."""

    def __init__(
        self, model: torch.nn.Module, compile_decode: bool | None = None, backend: str | None = None
    ) -> None:
        self.model = model
        device = next(model.parameters()).device
        if compile_decode is None:
            # opt-in until the compiled path has been timed on a GPU (docs/benchmarks.md)
            flag = os.environ.get("PRORL_FASTGEN_COMPILE", "0")
            compile_decode = flag == "1" and device.type == "cuda"
        self.step: StepFn = self._forward
        self.backend = backend
        # transformers 5.x renamed `past_key_values` to `cache`; accept either release
        params = inspect.signature(type(model).forward).parameters
        self.cache_kw = "cache" if "cache" in params else "past_key_values"
        if compile_decode:
            # CUDA graphs via reduce-overhead; `backend` lets a CPU test trace the same path
            opts: dict[str, Any] = {"backend": backend} if backend else {"mode": "reduce-overhead"}
            self.step = torch.compile(self._forward, dynamic=False, **opts)

    def _forward(
        self,
        ids: torch.Tensor,
        attn: torch.Tensor,
        pos: torch.Tensor,
        cache_pos: torch.Tensor,
        cache: Any,
    ) -> torch.Tensor:
        out = self.model(
            input_ids=ids,
            attention_mask=attn,
            position_ids=pos,
            cache_position=cache_pos,
            use_cache=True,
            logits_to_keep=1,
            **{self.cache_kw: cache},
        )
        return out.logits[:, -1, :]

    @torch.no_grad()
    def generate(
        self,
        prompts: list[list[int]],
        max_new_tokens: int,
        eos_id: int,
        pad_id: int,
        greedy: bool = False,
        temperature: float = 1.0,
        top_p: float = 1.0,
        generator: torch.Generator | None = None,
        compact_min: int = 2,
        sync_every: int | None = None,
    ) -> Generated:
        """`sync_every`: decode steps between host checks for "all done" / compaction
        (default 1 on CPU, where a check is free; 8 on a GPU)."""
        if not prompts:
            return Generated([], [], [])
        if any(not p for p in prompts):
            raise ValueError("prompts: every prompt needs at least one token")
        model = self.model
        device = next(model.parameters()).device
        rows, width = len(prompts), max(len(p) for p in prompts)
        total = width + max_new_tokens
        ids = torch.full((rows, width), pad_id, dtype=torch.long)
        attn = torch.zeros((rows, total), dtype=torch.long)
        for i, p in enumerate(prompts):
            ids[i, width - len(p) :] = torch.tensor(p, dtype=torch.long)
            attn[i, width - len(p) : width] = 1
        ids, attn = ids.to(device), attn.to(device)
        # generate() derives positions from the mask: cumsum - 1, pads pinned to 1
        pos = (attn[:, :width].cumsum(-1) - 1).masked_fill(attn[:, :width] == 0, 1)
        next_pos = attn[:, :width].sum(-1)
        cache = StaticCache(config=model.config, max_cache_len=total)  # type: ignore[arg-type]
        was_training = model.training
        model.eval()
        try:
            logits = self._forward(
                ids, attn, pos, torch.arange(width, device=device), cache
            )  # prefill is never compiled: its shape changes with every batch
            # bookkeeping stays on the device: a host sync per token would stall the GPU queue
            out_tok = torch.full((rows, max_new_tokens), pad_id, dtype=torch.long, device=device)
            out_lp = torch.zeros((rows, max_new_tokens), dtype=torch.float32, device=device)
            finished = torch.zeros(rows, dtype=torch.bool, device=device)  # by original row
            live = torch.arange(rows, device=device)  # batch row -> original row
            every = sync_every or (8 if device.type == "cuda" else 1)
            steps = 0
            for t in range(max_new_tokens):
                tok = _pick(logits.float(), greedy, temperature, top_p, generator)
                lp = torch.log_softmax(logits.float(), dim=-1).gather(1, tok[:, None])[:, 0]
                was_done = finished[live]  # rows kept until compaction: outputs ignored
                tok = tok.masked_fill(was_done, pad_id)
                out_tok[live, t] = tok
                out_lp[live, t] = lp.masked_fill(was_done, 0.0)
                finished[live] = was_done | (tok == eos_id)
                steps = t + 1
                if steps == max_new_tokens:
                    break
                if steps % every == 0:
                    still = (~finished[live]).nonzero().squeeze(1)  # the one host sync
                    if still.numel() == 0:
                        break
                    if still.numel() <= live.numel() // 2 and live.numel() >= compact_min:
                        cache.reorder_cache(still)  # type: ignore[arg-type]
                        live, attn, tok = live[still], attn[still], tok[still]
                        next_pos = next_pos[still]
                attn[:, width + t] = 1
                logits = self.step(
                    tok[:, None],
                    attn,
                    (next_pos + t)[:, None],
                    torch.tensor([width + t], device=device),
                    cache,
                )
        finally:
            if was_training:
                model.train()
        tok_rows = out_tok[:, :steps].tolist()
        lp_rows = out_lp[:, :steps].tolist()
        tokens: list[list[int]] = []
        lps: list[list[float]] = []
        for toks, lp_row in zip(tok_rows, lp_rows, strict=True):
            stop = toks.index(eos_id) + 1 if eos_id in toks else len(toks)
            tokens.append(toks[:stop])
            lps.append(lp_row[:stop])
        truncated = [not (r and r[-1] == eos_id) for r in tokens]
        return Generated(tokens, lps, truncated)


class FastHFEngine:
    """The trainer's `Engine` protocol on top of FastGenerator (rollout.engine: hf_fast)."""

    def __init__(
        self,
        model: torch.nn.Module,
        pad_id: int,
        eos_id: int,
        cfg: RolloutConfig,
        seed: int | None = None,
        compile_decode: bool | None = None,
    ) -> None:
        self.pad_id, self.eos_id, self.cfg = pad_id, eos_id, cfg
        self.compile_decode = compile_decode
        self.seed = seed
        self.generator: torch.Generator | None = None
        self.sync_weights(model)

    def sync_weights(self, model: torch.nn.Module) -> None:
        # the trainer calls this after every update with the same module (weights updated in
        # place); rebuilding the generator would throw away the compiled decode step
        model = getattr(model, "module", model)
        if getattr(self, "model", None) is not model:
            self.model = model
            self.gen = FastGenerator(model, self.compile_decode)

    def generate(self, prompts: list[list[int]], n: int, greedy: bool = False) -> list[Rollout]:
        cfg = self.cfg
        expanded = [p[-cfg.max_prompt_tokens :] for p in prompts for _ in range(n)]
        if not expanded:
            return []
        total = max(len(p) for p in expanded) + cfg.max_response_tokens
        chunk = max_rows(self.model, total, len(expanded))
        device = next(self.model.parameters()).device
        if self.seed is not None and self.generator is None:
            # one stream for the engine's life: chunk 2 must not replay chunk 1's random draws
            self.generator = torch.Generator(device=device)
            self.generator.manual_seed(self.seed)
        generator = self.generator
        out: list[Rollout] = []
        for start in range(0, len(expanded), chunk):
            part = expanded[start : start + chunk]
            g = self.gen.generate(
                part,
                cfg.max_response_tokens,
                self.eos_id,
                self.pad_id,
                greedy=greedy,
                temperature=cfg.temperature,
                top_p=cfg.top_p,
                generator=generator,
            )
            for p, toks, lp, tr in zip(part, g.tokens, g.logprobs, g.truncated, strict=True):
                out.append(Rollout(p, toks, lp, truncated=tr))
        return out
