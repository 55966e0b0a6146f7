"""`make demo`: the whole job on the embedded default, on a CPU, in a few minutes.

0. build the embedded default corpus `data_manifests/tiny.yaml` with the real pipeline,
1. build the demo RL corpus (trainer.demo_corpus: `n % 5` with a held-out split of unseen n),
2. start a real reward service process (`prorl serve`) on a free 127.0.0.1 port,
3. SFT-warm-start a tiny byte-level Qwen2 on the corpus's reference answers -- deliberately
   brief, so RL has headroom,
4. GRPO with the ProRL recipe against the service for a fixed wall-clock budget, evaluating
   greedy held-out reward before RL, during it and after it,
5. write `runs/demo/`: metrics.jsonl, plots/*.png, report.md, report.json; stop the service.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "configs" / "demo-tiny.yaml"
TINY_MANIFEST = REPO / "data_manifests" / "tiny.yaml"


@contextlib.contextmanager
def reward_service() -> Iterator[str]:
    from reward_server.launch import start_server

    with start_server(workers=1) as url:
        yield url


def run_demo(out: Path, rl_seconds: float, max_steps: int, overrides: list[str]) -> dict[str, Any]:
    from trainer.config import load_config
    from trainer.demo_corpus import build_demo_corpus
    from trainer.loop import Trainer
    from trainer.plot import plot_run
    from trainer.sft import run_sft

    t_start = time.monotonic()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # 1. the embedded default corpus, built by the real pipeline (all five domains, self-checked
    #    through the real verifiers and sandbox, deduplicated, decontaminated, locked)
    tiny = out / "corpus-tiny"
    subprocess.run(
        [sys.executable, "-m", "prorl", "data", "build", str(TINY_MANIFEST), "--out", str(tiny)],
        check=True,
    )
    tiny_lock = json.loads((tiny / "lock.json").read_text())
    print(f"[demo] tiny corpus: {tiny_lock['counts']['train']} (lock {tiny_lock['lock_hash'][:12]})",
          flush=True)  # fmt: skip
    # 2. the RL task: a tiny byte-level model cannot learn the real tasks in minutes on a CPU,
    #    so GRPO runs on a task it can (see trainer/demo_corpus.py), written by the same writers
    corpus = out / "corpus"
    lock = build_demo_corpus(corpus)
    print(f"[demo] corpus: {sum(lock['counts']['train'].values())} train rows, "
          f"{lock['counts']['eval']['heldout']} held-out; lock {lock['lock_hash'][:12]}", flush=True)  # fmt: skip
    with reward_service() as url:
        print(f"[demo] reward service at {url}", flush=True)
        args = [f"--data.corpus={corpus}", f"--reward.urls=[{url}]", *overrides]
        cfg = load_config(CONFIG, args)
        t0 = time.monotonic()
        sft = run_sft(cfg, out / "sft", echo=lambda s: print(f"[demo] {s}", flush=True))
        sft_s = time.monotonic() - t0
        cfg.model.init_from = str(out / "sft")
        cfg.run.max_steps = max_steps
        trainer = Trainer(cfg, out, echo=lambda s: print(f"[demo] {s}", flush=True))
        sft_eval = trainer.evaluate()
        print(f"[demo] held-out reward after SFT: {sft_eval:.3f}", flush=True)
        t0 = time.monotonic()
        rows: list[dict[str, Any]] = []
        scorer = trainer.scorer
        try:
            while trainer.step < max_steps and time.monotonic() - t0 < rl_seconds:
                row = trainer.train_step()
                row["corpus_lock_hash"] = trainer.corpus.lock_hash
                trainer.metrics.log(row)
                print(f"[demo] {_line(row)}", flush=True)
                rows.append(row)
                if row["reference_reset"]:
                    trainer.save()
            trainer.save()
            rl_eval = trainer.evaluate()
        finally:
            trainer.metrics.close()
            scorer.close()
        rl_s = time.monotonic() - t0
    print(f"[demo] held-out reward after RL: {rl_eval:.3f} (SFT: {sft_eval:.3f})", flush=True)
    plots = plot_run(out)
    evals = [(0, sft_eval)] + [(r["step"], r["eval_reward"]) for r in rows if "eval_reward" in r]
    rc = cfg.reset
    decoding = (
        "greedy"
        if rc.eval_greedy
        else f"mean of {rc.eval_samples} samples per prompt, T={cfg.rollout.temperature:g}"
    )
    report = {
        "sft_heldout_reward": sft_eval,
        "rl_heldout_reward": rl_eval,
        "improved": rl_eval > sft_eval,
        "heldout_prompts": len(trainer.eval_records),
        "heldout_decoding": decoding,
        "heldout_curve": evals,
        "rl_steps": trainer.step,
        "rl_seconds": round(rl_s, 1),
        "sft_steps": sft["steps"],
        "sft_seconds": round(sft_s, 1),
        "total_seconds": round(time.monotonic() - t_start, 1),
        "train_reward_first": _mean([r["reward_mean"] for r in rows[:5]]),
        "train_reward_last": _mean([r["reward_mean"] for r in rows[-5:]]),
        "model": cfg.model.name,
        "parameters": sum(p.numel() for p in trainer.base.parameters()),
        "corpus_lock_hash": trainer.corpus.lock_hash,
        "plots": [str(p.relative_to(out)) for p in plots],
    }
    (out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "report.md").write_text(_markdown(report), encoding="utf-8")
    return report


def _mean(vals: list[float]) -> float:
    vals = [v for v in vals if isinstance(v, float) and math.isfinite(v)]
    return sum(vals) / len(vals) if vals else float("nan")


def _line(row: dict[str, Any]) -> str:
    bits = [f"step {row['step']}", f"train reward {row['reward_mean']:.3f}"]
    if "eval_reward" in row:
        bits.append(f"held-out {row['eval_reward']:.3f}")
    if "loss" in row:
        bits.append(f"loss {row['loss']:+.4f} kl {row['kl']:.1e} entropy {row['entropy']:.2f}")
    if row.get("skipped"):
        bits.append(f"skipped: {row['skipped']}")
    bits.append(f"{row['time_step_s']:.1f}s")
    return " | ".join(bits)


def _markdown(r: dict[str, Any]) -> str:
    verdict = "rose above" if r["improved"] else "did NOT rise above"
    lines = [
        "# ProRL Stack demo run",
        "",
        f"Held-out reward {verdict} the SFT starting point: "
        f"**{r['sft_heldout_reward']:.3f} -> {r['rl_heldout_reward']:.3f}** "
        f"({r['heldout_prompts']} held-out prompts never seen in training; "
        f"{r['heldout_decoding']}).",
        "",
        "| | value |",
        "|---|---|",
        f"| model | {r['model']} ({r['parameters']:,} parameters, byte tokenizer) |",
        f"| SFT | {r['sft_steps']} steps, {r['sft_seconds']} s |",
        f"| RL (GRPO, ProRL recipe) | {r['rl_steps']} steps, {r['rl_seconds']} s |",
        f"| train reward (first 5 / last 5 steps) | {r['train_reward_first']:.3f} / "
        f"{r['train_reward_last']:.3f} |",
        f"| corpus lock | `{r['corpus_lock_hash'][:16]}` |",
        f"| total wall time | {r['total_seconds']} s |",
        "",
        "Held-out curve (step, reward): "
        + ", ".join(f"({s}, {v:.3f})" for s, v in r["heldout_curve"]),
        "",
    ]
    lines += [f"![{Path(p).stem}]({p})" for p in r["plots"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="demo", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.environ.get("PRORL_DEMO_OUT", "runs/demo"))
    ap.add_argument("--rl-seconds", type=float, default=240.0)
    ap.add_argument("--max-steps", type=int, default=400)
    ns, overrides = ap.parse_known_args(argv)
    report = run_demo(Path(ns.out), ns.rl_seconds, ns.max_steps, overrides)
    print(f"[demo] wrote {ns.out}/report.md, report.json, metrics.jsonl, plots/", flush=True)
    return 0 if report["improved"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
