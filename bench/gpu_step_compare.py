"""One GRPO step, ours (trainer.loop.Trainer, `hf_fast` rollouts) against TRL's GRPOTrainer,
same model, same prompts, same batch, same completion cap, side by side.

Model: a 22.6M-parameter random Qwen2 (hidden 512, 6 layers, 8 heads / 4 KV heads, MLP 1920)
with the 260-token byte/char vocabulary, built identically (same seed) for both sides; bf16 on a
GPU, fp32 on CPU. Batch: `--prompts` prompts x `--rollouts` samples, up to `--length` new
tokens, temperature 1.0, one optimizer step per GRPO step, KL to a reference (beta 0.001).
Prompts: the demo corpus's `n % 5` questions in ChatML. Reward: the fraction of digits in the
completion, in-process for both sides: a cheap function with variance inside every group (a
random model never answers the task, so a verifier would give all-zero groups and no
gradient); the reward is not what is being timed.

Timed: wall time of a full step (generate + score + loss/backward/optimizer) after `--warmup`
untimed steps; median over `--steps`. Figures go to `--out` (step_compare.json).

    python bench/gpu_step_compare.py                       # GPU card: 64 x 8 x 256
    python bench/gpu_step_compare.py --device cpu --prompts 4 --rollouts 2 --length 16

Last line: `ratio=<TRL step s / our step s> baseline=trl_grpo_trainer`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from trainer import tiny  # noqa: E402

PRESET = "bench-22m"
tiny.PRESETS[PRESET] = tiny.Preset(hidden=512, layers=6, heads=8, kv_heads=4, intermediate=1920)
TOK = tiny.ByteTokenizer()


def digit_fraction(text: str) -> float:
    return sum(c.isdigit() for c in text) / max(1, len(text))


def chatml(prompt: str) -> str:
    return f"<bos><|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"


def build_model(preset: str, dtype: torch.dtype) -> torch.nn.Module:
    return tiny.build_tiny(preset, seed=0).to(dtype)


# -- ours ---------------------------------------------------------------------------------
def run_ours(args: argparse.Namespace, corpus: Path, work: Path) -> dict[str, Any]:
    from trainer.config import load_config
    from trainer.loop import Trainer
    from trainer.rewards import RewardScorer

    gpu = args.device == "cuda"
    overrides = [
        f"--data.corpus={corpus}",
        f"--model.name={args.preset}",
        f"--model.dtype={'bfloat16' if gpu else 'float32'}",
        f"--data.prompts_per_step={args.prompts}",
        "--data.eval_set=null",
        "--rollout.engine=hf_fast",
        f"--rollout.n={args.rollouts}",
        f"--rollout.max_response_tokens={args.length}",
        "--rollout.temperature=1.0",
        f"--rollout.gen_batch_prompts={args.prompts}",
        f"--algorithm.mini_batch_prompts={args.prompts}",
        f"--algorithm.micro_batch_seqs={args.micro}",
        "--algorithm.kl_coef=0.001",
        "--sampling.dynamic=false",
        "--sampling.overlong_buffer=0",
        "--reset.every=null",
        "--reset.eval_every=0",
        "--run.tensorboard=false",
        f"--run.max_steps={args.warmup + args.steps}",
        "--optim.lr=1e-5",
    ]
    cfg = load_config(REPO / "configs" / "demo-tiny.yaml", overrides)
    cfg.run.cpu_threads = args.threads if not gpu else None

    def backend(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"id": it["id"], "reward": digit_fraction(it["response"]), "status": "correct"}
            for it in items
        ]

    scorer = RewardScorer(cfg.reward, backend=backend)
    trainer = Trainer(cfg, work / "ours", scorer=scorer)
    times: list[float] = []
    try:
        for i in range(args.warmup + args.steps):
            if gpu:
                torch.cuda.synchronize()
            row = trainer.train_step()
            if gpu:
                torch.cuda.synchronize()
            parts = {
                k: round(row[k], 3) for k in ("time_generate_s", "time_score_s", "time_train_s")
            }
            print(f"ours step {i + 1}: {row['time_step_s']:.3f}s {parts}", flush=True)
            if i >= args.warmup:
                times.append(row["time_step_s"])
    finally:
        trainer.metrics.close()
        scorer.close()
    params = sum(p.numel() for p in trainer.base.parameters())
    return {"step_s": times, "median_s": statistics.median(times), "params": params}


# -- TRL ----------------------------------------------------------------------------------
def char_tokenizer() -> Any:
    """An HF fast tokenizer with the same ids as trainer.tiny.ByteTokenizer for Latin-1 text."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {chr(i): i for i in range(256)}
    vocab.update({s: 256 + i for i, s in enumerate(tiny.SPECIALS)})
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<pad>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tok.decoder = decoders.Fuse()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="<|im_end|>", bos_token="<bos>"
    )
    fast.add_special_tokens({"additional_special_tokens": ["<|im_start|>"]})
    fast.padding_side = "left"
    return fast


def run_trl(args: argparse.Namespace, prompts: list[str], work: Path) -> dict[str, Any]:
    from datasets import Dataset
    from transformers import TrainerCallback
    from trl import GRPOConfig, GRPOTrainer

    gpu = args.device == "cuda"
    total = args.prompts * args.rollouts
    micro = min(args.micro, total)
    while total % micro:
        micro -= 1
    steps = args.warmup + args.steps
    data = Dataset.from_list([{"prompt": chatml(p)} for p in prompts[: args.prompts * steps]])

    def reward(completions: list[str], **_: Any) -> list[float | None]:
        return [digit_fraction(c) for c in completions]

    config = GRPOConfig(
        output_dir=str(work / "trl"),
        per_device_train_batch_size=micro,
        gradient_accumulation_steps=total // micro,
        num_generations=args.rollouts,
        max_completion_length=args.length,
        temperature=1.0,
        top_p=1.0,
        beta=0.001,
        learning_rate=1e-5,
        max_steps=steps,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        bf16=gpu,
        use_cpu=not gpu,
        seed=0,
        shuffle_dataset=False,
        model_init_kwargs={"dtype": torch.bfloat16 if gpu else torch.float32},
    )

    class Clock(TrainerCallback):  # type: ignore[misc]
        def __init__(self) -> None:
            self.t0 = 0.0
            self.times: list[float] = []

        def on_step_begin(self, *a: Any, **k: Any) -> None:
            if gpu:
                torch.cuda.synchronize()
            self.t0 = time.perf_counter()

        def on_step_end(self, *a: Any, **k: Any) -> None:
            if gpu:
                torch.cuda.synchronize()
            self.times.append(time.perf_counter() - self.t0)

    clock = Clock()
    # TRL builds its reference model from a path, so the same random weights go through disk
    model_dir = work / "trl-model"
    build_model(args.preset, torch.float32).save_pretrained(model_dir)  # type: ignore[operator]
    trainer = GRPOTrainer(
        model=str(model_dir),
        reward_funcs=reward,
        args=config,
        train_dataset=data,
        processing_class=char_tokenizer(),
        callbacks=[clock],
    )
    trainer.train()
    times = clock.times[args.warmup :]
    return {"step_s": times, "median_s": statistics.median(times)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--preset", default=PRESET, help="model size (tests: tiny-test)")
    ap.add_argument("--prompts", type=int, default=64)
    ap.add_argument("--rollouts", type=int, default=8)
    ap.add_argument("--length", type=int, default=256)
    ap.add_argument("--micro", type=int, default=128, help="sequences per backward pass")
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--out", default=None)
    ap.add_argument("--skip-trl", action="store_true")
    ap.add_argument("--threads", type=int, default=1, help="CPU only: torch threads, both sides")
    args = ap.parse_args()
    if args.device == "cpu":
        torch.set_num_threads(args.threads)  # shared small machines: 1 thread is fastest
    from trainer.demo_corpus import build_demo_corpus

    with tempfile.TemporaryDirectory(prefix="step-compare-") as tmp:
        work = Path(tmp)
        steps = args.warmup + args.steps
        build_demo_corpus(work / "corpus", train_rows=max(64, args.prompts * steps))
        from trainer.data import open_corpus

        prompts = [r.prompt for r in open_corpus(str(work / "corpus")).train]
        print(f"device={args.device} batch={args.prompts}x{args.rollouts} length={args.length}")
        ours = run_ours(args, work / "corpus", work)
        print(f"ours: {ours['params'] / 1e6:.1f}M params, step {ours['median_s']:.3f}s "
              f"(median of {ours['step_s']})", flush=True)  # fmt: skip
        result: dict[str, Any] = {"args": vars(args), "ours": ours}
        if not args.skip_trl:
            trl = run_trl(args, prompts, work)
            print(f"trl:  step {trl['median_s']:.3f}s (median of {trl['step_s']})")
            result["trl"] = trl
            result["ratio"] = trl["median_s"] / ours["median_s"]
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / "step_compare.json").write_text(json.dumps(result, indent=1))
    if "ratio" in result:
        print(f"ratio={result['ratio']:.2f} baseline=trl_grpo_trainer")


if __name__ == "__main__":
    main()
