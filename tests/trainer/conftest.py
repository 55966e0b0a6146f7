"""Fixtures for the trainer tests: a tiny corpus, a briefly SFT-ed tiny model, and real reward
service processes on free 127.0.0.1 ports."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def reward_service(port: int | None = None) -> Iterator[str]:
    """A real `prorl serve` process (one verifier worker) on 127.0.0.1."""
    from reward_server.launch import start_server

    with start_server(port=port or 0, workers=1) as url:
        yield url


@pytest.fixture(scope="session")
def service_factory() -> Callable[..., Any]:
    return reward_service


@pytest.fixture(scope="session")
def reward_url() -> Iterator[str]:
    with reward_service() as url:
        yield url


@pytest.fixture(scope="session")
def parity_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """n%2 -- a tiny model gets it right about half the time after a brief SFT, so GRPO
    groups have mixed rewards from the first step."""
    from trainer.demo_corpus import build_demo_corpus

    out = tmp_path_factory.mktemp("corpus") / "parity"
    build_demo_corpus(out, low=10, high=999, modulus=2, heldout=16, train_rows=200)
    return out


@pytest.fixture(scope="session")
def sft_model(parity_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from trainer.config import load_config
    from trainer.sft import run_sft

    out = tmp_path_factory.mktemp("sft") / "model"
    cfg = load_config(
        REPO / "configs" / "demo-tiny.yaml",
        [f"--data.corpus={parity_corpus}", "--sft.steps=40", "--sft.batch_size=16"],
    )
    run_sft(cfg, out)
    return out


@pytest.fixture()
def tiny_overrides(parity_corpus: Path, sft_model: Path) -> list[str]:
    """demo-tiny.yaml made smaller still: 4 prompts x 4 samples, 8-token responses."""
    return [
        f"--data.corpus={parity_corpus}",
        f"--model.init_from={sft_model}",
        "--data.prompts_per_step=4",
        "--data.eval_size=8",
        "--rollout.n=4",
        "--rollout.gen_batch_prompts=2",
        "--rollout.max_response_tokens=10",
        "--sampling.overlong_buffer=0",
        "--sampling.max_refill_rounds=2",
        "--run.tensorboard=false",
    ]
