"""configs/demo-tiny.yaml against a real reward service: parameters move, losses are finite,
metrics are written, checkpoints reload, and a resumed run equals an uninterrupted one."""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM

from trainer.config import load_config
from trainer.loop import Trainer
from trainer.metrics import is_timing, read_metrics
from trainer.plot import plot_run

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "configs" / "demo-tiny.yaml"
REQUIRED = {
    "step", "loss", "reward_mean", "reward/math", "response_len_mean", "entropy", "kl",
    "clip_frac_low", "clip_frac_high", "filtered_group_frac", "tokens_per_s",
    "time_generate_s", "time_score_s", "time_train_s", "corpus_lock_hash",
}  # fmt: skip


def test_demo_config_trains_against_real_service(
    tmp_path: Path, reward_url: str, sft_model: Path, tiny_overrides: list[str]
) -> None:
    cfg = load_config(
        DEMO, [*tiny_overrides, f"--reward.urls=[{reward_url}]", "--run.tensorboard=true"]
    )
    start = AutoModelForCausalLM.from_pretrained(sft_model).state_dict()
    trainer = Trainer(cfg, tmp_path / "run")
    rows = trainer.fit(3)
    assert [r["step"] for r in read_metrics(tmp_path / "run")] == [1, 2, 3]
    trained = [r for r in rows if "loss" in r]
    assert trained, f"every step was skipped: {[r.get('skipped') for r in rows]}"
    for row in trained:
        assert REQUIRED <= set(row), REQUIRED - set(row)
        assert math.isfinite(row["loss"]) and math.isfinite(row["kl"])
        assert 0.0 <= row["reward_mean"] <= 1.0 and row["reward_none_frac"] == 0.0
    final = trainer.base.state_dict()
    unchanged = [k for k, v in start.items() if torch.equal(v, final[k])]
    assert not unchanged, f"parameters that did not change: {unchanged}"
    # the checkpoint is a plain HF model + tokenizer, and the marker points at the last step
    ckpt = tmp_path / "run" / "checkpoints"
    assert (ckpt / "latest").read_text().strip() == "step-000003"
    reloaded = AutoModelForCausalLM.from_pretrained(ckpt / "step-000003" / "policy")
    assert torch.equal(reloaded.state_dict()["model.norm.weight"], final["model.norm.weight"])
    saved = (ckpt / "step-000003" / "config.yaml").read_text()
    assert reward_url in saved and "init_from" in saved
    state = json.loads((ckpt / "step-000003" / "trainer_state.json").read_text())
    assert state["corpus_lock_hash"] == rows[0]["corpus_lock_hash"] != ""
    assert list((tmp_path / "run" / "tensorboard").glob("events.out.tfevents.*"))
    pngs = plot_run(tmp_path / "run")
    assert {p.name for p in pngs} >= {"reward.png", "loss.png", "kl.png"}


def test_resume_matches_uninterrupted_run(
    tmp_path: Path, reward_url: str, tiny_overrides: list[str]
) -> None:
    cfg = load_config(
        DEMO, [*tiny_overrides, f"--reward.urls=[{reward_url}]", "--run.save_every=2"]
    )
    Trainer(cfg, tmp_path / "straight").fit(4)
    Trainer(cfg, tmp_path / "split").fit(2)
    resumed = Trainer(cfg, tmp_path / "split", resume=True)
    assert resumed.step == 2
    resumed.fit(4)

    def strip(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if not is_timing(k)} for r in rows]

    straight = strip(read_metrics(tmp_path / "straight"))
    split = strip(read_metrics(tmp_path / "split"))
    assert [r["step"] for r in split] == [1, 2, 3, 4]
    assert split == straight


def test_reference_reset_on_plateau_and_schedule() -> None:
    """Held-out rewards 0.5, 0.4, 0.5 with patience 2: the third evaluation is the second
    without improvement -> reset (policy copied into the reference, optimizer state cleared)."""
    policy = torch.nn.Linear(2, 1)
    reference = torch.nn.Linear(2, 1)
    opt = torch.optim.AdamW(policy.parameters(), lr=0.1)
    policy(torch.ones(1, 2)).sum().backward()
    opt.step()
    t = Trainer.__new__(Trainer)
    t.cfg = load_config(None, ["--reset.eval_every=1", "--reset.plateau_patience=2"])
    t.policy, t.reference, t.optimizer = policy, reference, opt
    t.eval_records, t.best_eval, t.bad_evals, t.step = [object()], None, 0, 0
    t.echo = lambda s: None
    scores = iter([0.5, 0.4, 0.5])
    t.evaluate = lambda records=None: next(scores)  # type: ignore[method-assign]
    resets = []
    for _ in range(3):
        t.step += 1
        row: dict = {}
        resets.append(t._maybe_reset(row))
    assert resets == [False, False, True] and "improved" in row["reset_reason"]
    assert torch.equal(reference.weight, policy.weight) and not opt.state
    t.cfg = load_config(None, ["--reset.every=4"])
    t.step = 4
    row = {}
    assert t._maybe_reset(row) and row["reset_reason"] == "scheduled every 4 steps"


def test_scoring_overlaps_next_generation(
    tmp_path: Path, reward_url: str, tiny_overrides: list[str]
) -> None:
    """Chunk 0's scoring is still running when chunk 1's generation starts (ordering, not
    timing: chunk 0's scoring waits for chunk 1's generation to begin, up to 60 s)."""
    import threading

    cfg = load_config(DEMO, [*tiny_overrides, f"--reward.urls=[{reward_url}]"])
    trainer = Trainer(cfg, tmp_path / "run")
    gen_calls, overlapped = [], []
    second_gen = threading.Event()
    real_gen, real_score = trainer.engine.generate, trainer.scorer.backend

    def generate(prompts: list[list[int]], n: int, greedy: bool = False) -> list:
        gen_calls.append(len(prompts))
        if len(gen_calls) == 2:
            second_gen.set()
        return real_gen(prompts, n, greedy)

    def score(items: list[dict]) -> list[dict]:
        if not overlapped:
            overlapped.append(second_gen.wait(60))
        return real_score(items)

    trainer.engine.generate = generate  # type: ignore[method-assign]
    trainer.scorer.backend = score
    trainer.fit(1)
    assert overlapped == [True] and len(gen_calls) >= 2


def test_vllm_engine_is_import_guarded() -> None:
    import importlib.util

    import pytest

    from trainer.config import ConfigError, RolloutConfig
    from trainer.rollout import make_engine

    if importlib.util.find_spec("vllm") is not None:
        pytest.skip("vllm is installed here")
    with pytest.raises(ConfigError, match="rollout.engine"):
        make_engine(RolloutConfig(engine="vllm"), torch.nn.Linear(1, 1), 0, 1, "x")
