"""Data parallelism on CPU: 2 gloo processes (DDP). Each rank sees different prompts, the
gradient all-reduce leaves both ranks with identical parameters after a step, and they moved."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import torch
import torch.multiprocessing as mp

REPO = Path(__file__).resolve().parents[2]


def _worker(rank: int, world: int, port: int, overrides: list[str], out: str) -> None:
    os.environ.update(
        RANK=str(rank), WORLD_SIZE=str(world), MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port)
    )
    import torch.distributed as dist

    from trainer.config import load_config
    from trainer.loop import Trainer

    cfg = load_config(REPO / "configs" / "demo-tiny.yaml", overrides)
    trainer = Trainer(cfg, Path(out) / "run")
    seen: list[str] = []
    take = trainer.stream.take

    def spy(k: int) -> Any:
        recs = take(k)
        seen.extend(r.id for r in recs)
        return recs

    trainer.stream.take = spy  # type: ignore[method-assign]
    before = torch.cat([p.detach().flatten() for p in trainer.base.parameters()]).clone()
    trainer.fit(1)
    after = torch.cat([p.detach().flatten() for p in trainer.base.parameters()])
    report = {
        "prompts": seen,
        "moved": float((after - before).abs().max()),
        "params": after.tolist()[:2000] + after.tolist()[-2000:],
        "checksum": float(after.double().sum()),
    }
    Path(out, f"rank{rank}.json").write_text(json.dumps(report))
    dist.destroy_process_group()


@pytest.mark.timeout(180)  # a fork that deadlocks must fail the test, not stall the suite
def test_two_gloo_ranks_shard_data_and_agree(
    tmp_path: Path, parity_corpus: Path, sft_model: Path
) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    overrides = [
        f"--data.corpus={parity_corpus}",
        f"--model.init_from={sft_model}",
        "--data.prompts_per_step=2",
        "--rollout.n=4",
        "--rollout.max_response_tokens=10",
        "--sampling.overlong_buffer=0",
        "--sampling.max_refill_rounds=3",
        "--reward.urls=[local]",  # scoring is not what this test is about
        "--run.tensorboard=false",
    ]
    # fork: the children inherit the imported torch/transformers (spawn re-imports them, ~10 s)
    mp.start_processes(
        _worker, args=(2, port, overrides, str(tmp_path)), nprocs=2, join=True, start_method="fork"
    )
    r0 = json.loads((tmp_path / "rank0.json").read_text())
    r1 = json.loads((tmp_path / "rank1.json").read_text())
    assert r0["prompts"] and r1["prompts"]
    assert not set(r0["prompts"]) & set(r1["prompts"]), "ranks saw the same prompts"
    assert r0["moved"] > 0 and r1["moved"] > 0
    assert r0["params"] == r1["params"] and r0["checksum"] == r1["checksum"]
    assert (tmp_path / "run" / "checkpoints" / "latest").is_file()
