"""Rollout throughput with scoring overlapped with generation vs scored after it.

Baseline `sequential-scoring` (reward.overlap=false): each chunk is generated, then scored, then
the next chunk is generated. Candidate (overlap=true): chunk k is scored on a background thread
while chunk k+1 is generated. Same tiny model, same prompts (same seed), same real reward
service process. Prints the speed-up of the candidate's rollout+scoring time; last line
`ratio=<x> baseline=sequential-scoring`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STEPS = 4


def run(url: str, corpus: Path, out: Path, overlap: bool) -> float:
    from trainer.config import load_config
    from trainer.loop import Trainer

    cfg = load_config(
        REPO / "configs" / "demo-tiny.yaml",
        [
            f"--data.corpus={corpus}",
            f"--reward.urls=[{url}]",
            f"--reward.overlap={str(overlap).lower()}",
            "--sampling.dynamic=false",
            "--data.prompts_per_step=16",
            "--rollout.n=8",
            "--rollout.gen_batch_prompts=4",
            "--run.tensorboard=false",
        ],
    )
    trainer = Trainer(cfg, out)
    trainer.train_step()  # warm-up: first generate / first HTTP connection
    t0 = time.perf_counter()
    for _ in range(STEPS):
        row = trainer.train_step()
        assert row["samples"] == 128
    trainer.scorer.close()
    return time.perf_counter() - t0


def main() -> None:
    from reward_server.launch import start_server
    from trainer.demo_corpus import build_demo_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        build_demo_corpus(corpus)
        with start_server(workers=1) as url:
            base = run(url, corpus, Path(tmp) / "seq", overlap=False)
            cand = run(url, corpus, Path(tmp) / "ovl", overlap=True)
    print(f"sequential-scoring: {STEPS} steps in {base:.2f}s")
    print(f"overlapped-scoring: {STEPS} steps in {cand:.2f}s")
    print(f"ratio={base / cand:.2f} baseline=sequential-scoring")


if __name__ == "__main__":
    main()
