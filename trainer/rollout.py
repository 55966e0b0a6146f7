"""Rollout engines: turn prompts into n sampled responses each.

The engine's log-probs are informational (metrics, a vLLM/trainer mismatch check); the train
step recomputes log-probs of the sampled tokens with the policy and the reference, because
sampling kernels (and vLLM especially) do not produce the numbers the gradient needs.
"""

from __future__ import annotations

import contextlib
import importlib.util
from dataclasses import dataclass
from typing import Any, Protocol

import torch

from trainer.config import ConfigError, RolloutConfig


@dataclass
class Rollout:
    prompt_ids: list[int]
    response_ids: list[int]
    """Sampled tokens, including the final EOS when the model stopped by itself."""
    logprobs: list[float]
    truncated: bool
    """True when the response hit max_response_tokens without an EOS."""


class Engine(Protocol):
    def generate(self, prompts: list[list[int]], n: int, greedy: bool = False) -> list[Rollout]:
        """n samples per prompt, group-major: prompt 0's n samples first."""
        ...

    def sync_weights(self, model: torch.nn.Module) -> None: ...


def _unwrap(model: torch.nn.Module) -> Any:
    return getattr(model, "module", model)


def _full_params(model: torch.nn.Module) -> Any:
    """FSDP shards parameters between forwards; generation needs them gathered."""
    from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

    if isinstance(model, FSDP):
        return FSDP.summon_full_params(model, writeback=False, recurse=True)
    return contextlib.nullcontext()


class HFEngine:
    """transformers `generate`: batched, left-padded, KV cache, temperature / top-p sampling.
    It samples with the training policy itself, so there are no weights to sync."""

    def __init__(self, model: torch.nn.Module, pad_id: int, eos_id: int, cfg: RolloutConfig):
        self.model = model
        self.pad_id = pad_id
        self.eos_id = eos_id
        self.cfg = cfg

    def sync_weights(self, model: torch.nn.Module) -> None:
        """Nothing to copy: this engine samples with the training module itself."""

    @torch.no_grad()
    def generate(self, prompts: list[list[int]], n: int, greedy: bool = False) -> list[Rollout]:
        cfg = self.cfg
        expanded = [p[-cfg.max_prompt_tokens :] for p in prompts for _ in range(n)]
        if not expanded:
            return []
        width = max(len(p) for p in expanded)
        ids = torch.full((len(expanded), width), self.pad_id, dtype=torch.long)
        attn = torch.zeros_like(ids)
        for i, p in enumerate(expanded):
            ids[i, width - len(p) :] = torch.tensor(p, dtype=torch.long)
            attn[i, width - len(p) :] = 1
        model = _unwrap(self.model)
        was_training = model.training
        model.eval()
        device = next(model.parameters()).device
        kwargs: dict[str, Any] = {"do_sample": not greedy}
        if not greedy:
            kwargs.update(temperature=cfg.temperature, top_p=cfg.top_p, top_k=0)
        with _full_params(self.model):
            out = self._generate(model, ids.to(device), attn.to(device), kwargs)
        if was_training:
            model.train()
        return self._unpack(expanded, width, out)

    def _generate(
        self, model: Any, ids: torch.Tensor, attn: torch.Tensor, kwargs: dict[str, Any]
    ) -> Any:
        return model.generate(
            input_ids=ids,
            attention_mask=attn,
            max_new_tokens=self.cfg.max_response_tokens,
            eos_token_id=self.eos_id,
            pad_token_id=self.pad_id,
            use_cache=True,
            return_dict_in_generate=True,
            output_scores=True,
            **kwargs,
        )

    def _unpack(self, expanded: list[list[int]], width: int, out: Any) -> list[Rollout]:
        gen = out.sequences[:, width:].cpu()
        scores = torch.stack(out.scores, dim=1).float().cpu() if out.scores else None
        results: list[Rollout] = []
        for i, p in enumerate(expanded):
            row = gen[i].tolist()
            stop = row.index(self.eos_id) + 1 if self.eos_id in row else len(row)
            resp = row[:stop]
            lps: list[float] = []
            if scores is not None and resp:
                step_lp = torch.log_softmax(scores[i, : len(resp)], dim=-1)
                lps = step_lp.gather(1, torch.tensor(resp).unsqueeze(1)).squeeze(1).tolist()
            results.append(Rollout(p, resp, lps, truncated=self.eos_id not in resp))
        return results


class VLLMEngine:
    """vLLM sampling, weights pushed from the trainer after each update. Import-guarded and
    untested in CI (needs a GPU); the shape of the code follows vLLM's offline LLM API."""

    def __init__(self, model_path: str, eos_id: int, cfg: RolloutConfig) -> None:
        from vllm import LLM  # type: ignore[import-not-found]

        self.llm = LLM(model=model_path, gpu_memory_utilization=0.4, enable_prefix_caching=True)
        self.eos_id = eos_id
        self.cfg = cfg

    def sync_weights(self, model: torch.nn.Module) -> None:
        state = _unwrap(model).state_dict()
        runner = self.llm.llm_engine.model_executor.driver_worker.model_runner
        runner.model.load_weights(state.items())

    def generate(self, prompts: list[list[int]], n: int, greedy: bool = False) -> list[Rollout]:
        from vllm import SamplingParams, TokensPrompt  # type: ignore[import-not-found]

        params = SamplingParams(
            n=n,
            temperature=0.0 if greedy else self.cfg.temperature,
            top_p=self.cfg.top_p,
            max_tokens=self.cfg.max_response_tokens,
            logprobs=0,
        )
        outs = self.llm.generate([TokensPrompt(prompt_token_ids=p) for p in prompts], params)
        results: list[Rollout] = []
        for p, out in zip(prompts, outs, strict=True):
            for c in out.outputs:
                resp = list(c.token_ids)
                lps = [next(iter(d.values())).logprob for d in (c.logprobs or [])]
                results.append(Rollout(p, resp, lps, truncated=c.finish_reason == "length"))
        return results


def make_engine(
    cfg: RolloutConfig, model: torch.nn.Module, pad_id: int, eos_id: int, model_path: str
) -> Engine:
    if cfg.engine == "hf_fast":
        from trainer.fastgen import FastHFEngine

        return FastHFEngine(model, pad_id, eos_id, cfg)
    if cfg.engine == "vllm":
        if importlib.util.find_spec("vllm") is None:
            raise ConfigError("rollout.engine: 'vllm' is not installed (pip install vllm)")
        return VLLMEngine(model_path, eos_id, cfg)
    return HFEngine(model, pad_id, eos_id, cfg)
