"""The fast engine must sample the same distribution as HF generate: identical greedy tokens
(early-stopped and compacted rows included), raw log-probs equal to a recomputing forward pass,
and HF's top-p rule."""

from __future__ import annotations

import pytest
import torch
from transformers import Qwen2ForCausalLM
from transformers.generation.logits_process import TopPLogitsWarper

from trainer.config import RolloutConfig
from trainer.fastgen import FastGenerator, FastHFEngine, top_p_filter
from trainer.rollout import make_engine
from trainer.tiny import ByteTokenizer, tiny_config
from trainer.update import token_logprobs

TOK = ByteTokenizer()
PROMPTS = [TOK.prompt_ids(s) for s in ("hi", "what is 2+2?", "a much longer prompt, really")]


@pytest.fixture(scope="module")
def model() -> torch.nn.Module:
    """A random tiny Qwen2 with a wide init, so greedy outputs vary token to token."""
    torch.manual_seed(3)
    cfg = tiny_config("tiny-test")
    cfg.initializer_range = 0.4
    return Qwen2ForCausalLM(cfg).eval()


def _hf_greedy(model: torch.nn.Module, prompts: list[list[int]], new: int, eos: int) -> list:
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), TOK.pad_id)
    attn = torch.zeros_like(ids)
    for i, p in enumerate(prompts):
        ids[i, width - len(p) :] = torch.tensor(p)
        attn[i, width - len(p) :] = 1
    out = model.generate(
        input_ids=ids,
        attention_mask=attn,
        max_new_tokens=new,
        do_sample=False,
        eos_token_id=eos,
        pad_token_id=TOK.pad_id,
    )
    rows = []
    for r in out[:, width:].tolist():
        rows.append(r[: r.index(eos) + 1] if eos in r else r)
    return rows


@pytest.mark.parametrize("sync_every", [1, 4])  # 4: the GPU mode, finished rows ride along
def test_greedy_equals_hf_generate_with_early_stop(model: torch.nn.Module, sync_every: int) -> None:
    gen = FastGenerator(model)
    first = gen.generate(PROMPTS, 20, TOK.eos_id, TOK.pad_id, greedy=True)
    eos = first.tokens[0][4]  # a token row 0 emits early: some rows stop, the rest continue
    prompts = PROMPTS * 3
    ours = gen.generate(prompts, 20, eos, TOK.pad_id, greedy=True, sync_every=sync_every)
    theirs = _hf_greedy(model, prompts, 20, eos)
    assert ours.tokens == theirs
    assert any(len(t) < 20 for t in ours.tokens) and any(len(t) == 20 for t in ours.tokens)
    assert ours.truncated == [t[-1] != eos for t in ours.tokens]


def test_sampled_logprobs_match_forward_pass(model: torch.nn.Module) -> None:
    gen = FastGenerator(model)
    prompts = PROMPTS * 4
    eos = gen.generate(PROMPTS, 8, TOK.eos_id, TOK.pad_id, greedy=True).tokens[1][2]
    g1 = torch.Generator().manual_seed(7)
    out = gen.generate(prompts, 16, eos, TOK.pad_id, temperature=0.6, top_p=0.95, generator=g1)
    lp, _ = token_logprobs(model, prompts, out.tokens, TOK.pad_id, 16)
    for i, toks in enumerate(out.tokens):
        assert torch.allclose(lp[i, : len(toks)], torch.tensor(out.logprobs[i]), atol=1e-4)
    g2 = torch.Generator().manual_seed(7)
    again = gen.generate(prompts, 16, eos, TOK.pad_id, temperature=0.6, top_p=0.95, generator=g2)
    assert again.tokens == out.tokens
    assert len({tuple(t) for t in out.tokens}) > 3  # sampling, not argmax


@pytest.mark.parametrize("top_p", [0.3, 0.9, 0.95, 1.0])
def test_top_p_rule_equals_hf(top_p: float) -> None:
    logits = torch.randn(6, 50, generator=torch.Generator().manual_seed(0)) * 3
    ours = top_p_filter(logits, top_p)
    theirs = TopPLogitsWarper(top_p)(torch.zeros(6, 1, dtype=torch.long), logits.clone())
    assert torch.equal(torch.isinf(ours), torch.isinf(theirs))


def test_hf_fast_engine_through_make_engine(model: torch.nn.Module) -> None:
    cfg = RolloutConfig(engine="hf_fast", n=2, max_response_tokens=6, temperature=0.6)
    engine = make_engine(cfg, model, TOK.pad_id, TOK.eos_id, "tiny-test")
    assert isinstance(engine, FastHFEngine)
    rollouts = engine.generate(PROMPTS[:2], 2)
    assert [r.prompt_ids for r in rollouts] == [PROMPTS[0]] * 2 + [PROMPTS[1]] * 2
    assert all(len(r.response_ids) == len(r.logprobs) <= 6 for r in rollouts)
    assert make_engine(cfg, model, TOK.pad_id, TOK.eos_id, "x").generate([], 2) == []


def test_compiled_decode_step_traces_and_matches(model: torch.nn.Module) -> None:
    """The GPU path compiles the decode step (CUDA graphs); here dynamo traces the same
    function with the eager backend, which must neither break on the static cache nor change
    a single greedy token."""
    plain = FastGenerator(model).generate(PROMPTS, 4, TOK.eos_id, TOK.pad_id, greedy=True)
    compiled = FastGenerator(model, compile_decode=True, backend="eager")
    assert compiled.step is not compiled._forward
    out = compiled.generate(PROMPTS, 4, TOK.eos_id, TOK.pad_id, greedy=True)
    assert out.tokens == plain.tokens


def test_engine_seed_reproducible_and_advancing(model: torch.nn.Module) -> None:
    cfg = RolloutConfig(engine="hf_fast", n=3, max_response_tokens=5, temperature=1.0)
    a = FastHFEngine(model, TOK.pad_id, TOK.eos_id, cfg, seed=11)
    b = FastHFEngine(model, TOK.pad_id, TOK.eos_id, cfg, seed=11)
    first_a, first_b = a.generate(PROMPTS[:1], 3), b.generate(PROMPTS[:1], 3)
    assert [r.response_ids for r in first_a] == [r.response_ids for r in first_b]
    second_a = a.generate(PROMPTS[:1], 3)  # the stream advances: no replay of the first call
    assert [r.response_ids for r in second_a] != [r.response_ids for r in first_a]


@pytest.mark.parametrize("sync_every", [1, 4])
def test_compaction_keeps_live_rows_exact(
    model: torch.nn.Module, sync_every: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three of four rows stop early, so the batch is compacted to the one still running; the
    survivor's tokens must not change (its cache rows, mask and positions move with it)."""
    from transformers import StaticCache

    calls: list[int] = []
    original = StaticCache.reorder_cache

    def spy(self: StaticCache, index: torch.Tensor) -> None:
        calls.append(index.numel())
        original(self, index)  # type: ignore[arg-type]

    monkeypatch.setattr(StaticCache, "reorder_cache", spy)
    gen = FastGenerator(model)
    eos = gen.generate(PROMPTS[:1], 8, TOK.eos_id, TOK.pad_id, greedy=True).tokens[0][2]
    prompts = [PROMPTS[0]] * 3 + [PROMPTS[2]]
    ours = gen.generate(prompts, 16, eos, TOK.pad_id, greedy=True, sync_every=sync_every)
    assert ours.tokens == _hf_greedy(model, prompts, 16, eos)
    assert calls and calls[0] == 1
    assert [len(t) for t in ours.tokens[:3]] == [3, 3, 3]
