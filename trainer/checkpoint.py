"""Checkpoints: everything a resumed run needs to continue bit-for-bit.

Layout of `<run>/checkpoints/step-000042/`: `policy/` (HF save_pretrained + tokenizer, so any
checkpoint loads as a plain model), `reference.pt`, `optimizer.pt` (optimizer + scheduler),
`rng-rank<r>.pt` (python, numpy, torch), `trainer_state.json` (step, data cursor, plateau
tracker, corpus lock hash) and `config.yaml`. The directory is written under a temporary name
and renamed, and `<run>/checkpoints/latest` is written last with an atomic replace: a crash at
any point leaves the previous checkpoint as the one `--resume` picks.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch


def rng_state() -> dict[str, Any]:
    return {
        "python": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
    }


def set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if state.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_checkpoint(
    ckpt_root: Path,
    step: int,
    policy: Any,
    codec: Any,
    reference: torch.nn.Module | None,
    optim_state: dict[str, Any],
    trainer_state: dict[str, Any],
    config_yaml: str,
    keep: int,
) -> Path:
    """Rank-0 only. Returns the final checkpoint directory."""
    ckpt_root.mkdir(parents=True, exist_ok=True)
    final = ckpt_root / f"step-{step:06d}"
    tmp = ckpt_root / f".tmp-step-{step:06d}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    policy.save_pretrained(tmp / "policy")
    codec.save_pretrained(tmp / "policy")
    if reference is not None:
        torch.save(reference.state_dict(), tmp / "reference.pt")
    torch.save(optim_state, tmp / "optimizer.pt")
    torch.save(rng_state(), tmp / "rng-rank0.pt")
    (tmp / "trainer_state.json").write_text(json.dumps(trainer_state, indent=1), encoding="utf-8")
    (tmp / "config.yaml").write_text(config_yaml, encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    _atomic_write(ckpt_root / "latest", final.name + "\n")
    old = sorted(p for p in ckpt_root.glob("step-*") if p.is_dir())
    for stale in old[:-keep]:
        shutil.rmtree(stale, ignore_errors=True)
    return final


def save_rank_rng(ckpt_dir: Path, rank: int) -> None:
    """Non-zero ranks keep their own sampling RNG next to rank 0's checkpoint."""
    torch.save(rng_state(), ckpt_dir / f"rng-rank{rank}.pt")


def latest_checkpoint(ckpt_root: Path) -> Path | None:
    marker = ckpt_root / "latest"
    if not marker.is_file():
        return None
    path = ckpt_root / marker.read_text(encoding="utf-8").strip()
    return path if path.is_dir() else None


def load_policy_weights(model: torch.nn.Module, policy_dir: Path) -> None:
    from transformers import AutoModelForCausalLM

    loaded = AutoModelForCausalLM.from_pretrained(str(policy_dir), dtype=torch.float32)
    model.load_state_dict(loaded.state_dict())


def load_trainer_state(ckpt: Path) -> dict[str, Any]:
    return dict(json.loads((ckpt / "trainer_state.json").read_text(encoding="utf-8")))


def load_rng(ckpt: Path, rank: int) -> None:
    path = ckpt / f"rng-rank{rank}.pt"
    if path.is_file():
        set_rng_state(torch.load(path, weights_only=False))
