"""Part (a) of bench/gpu_train.sh: does RL raise held-out reward *and* pass@k above the SFT
start, on a real reward service?

Steps: trainer.demo.run_demo (demo corpus `n % 5` graded by the math verifier, a real
`prorl serve` process, brief SFT warm start, GRPO with the ProRL recipe for `--rl-seconds`),
then `prorl eval`'s run_eval on the held-out split for the SFT model and for the final RL
checkpoint, at the paper's evaluation settings (temperature 0.6, top-p 0.95, n samples).
Writes `<out>/rl_check.json` and prints one comparison line per figure.

    python bench/gpu_rl_check.py --out runs/gpu-rl [--rl-seconds 150] [--n 16]
    python bench/gpu_rl_check.py --out /tmp/rl --rl-seconds 20 --max-steps 3 --n 4   # CPU

Last line: `ratio=<RL pass@1 / SFT pass@1> baseline=sft_start`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--rl-seconds", type=float, default=150.0)
    ap.add_argument("--max-steps", type=int, default=400)
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--limit", type=int, default=40, help="held-out problems evaluated")
    ns, overrides = ap.parse_known_args()
    from trainer.demo import run_demo
    from trainer.evaluate import EvalSettings, run_eval

    out = Path(ns.out)
    report = run_demo(out, ns.rl_seconds, ns.max_steps, ["--rollout.engine=hf_fast", *overrides])
    ks = sorted({1, min(4, ns.n), ns.n})
    evals = {}
    for name, model in (("sft", out / "sft"), ("rl", out)):
        st = EvalSettings(n=ns.n, ks=ks, max_new_tokens=16, max_prompt_tokens=64, limit=ns.limit)
        rep = run_eval(str(model), str(out / "corpus"), ["heldout"], str(out / f"eval-{name}"), st)
        evals[name] = rep["sets"]["heldout"]
    result = {
        "heldout_reward": {"sft": report["sft_heldout_reward"], "rl": report["rl_heldout_reward"]},
        "pass@k": {name: e["pass@k"] for name, e in evals.items()},
        "rl_steps": report["rl_steps"],
        "rl_seconds": report["rl_seconds"],
        "parameters": report["parameters"],
    }
    (out / "rl_check.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"held-out reward (demo evaluator): SFT {report['sft_heldout_reward']:.3f} -> "
          f"RL {report['rl_heldout_reward']:.3f} after {report['rl_steps']} steps")  # fmt: skip
    for k in ks:
        sft, rl = evals["sft"]["pass@k"][str(k)], evals["rl"]["pass@k"][str(k)]
        print(f"pass@{k}: SFT {sft:.3f} -> RL {rl:.3f} ({'up' if rl > sft else 'NOT up'})")
    sft1, rl1 = evals["sft"]["pass@k"]["1"], evals["rl"]["pass@k"]["1"]
    print(f"ratio={rl1 / max(sft1, 1e-9):.2f} baseline=sft_start")
    return 0 if rl1 > sft1 else 1


if __name__ == "__main__":
    sys.exit(main())
