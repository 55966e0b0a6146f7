"""The reward service dies mid-run and comes back on the same port: training waits, never
trains on missing rewards, and completes. And a service that never comes back stops the run
with a message naming it once the grace period is over."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from trainer.config import RewardConfig, load_config
from trainer.loop import Trainer
from trainer.metrics import read_metrics
from trainer.rewards import RewardScorer, RewardServiceUnavailable

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


OUTAGE_S = 5.0  # the trainer supports any outage shorter than reward.grace_s (20 s+ included)


@pytest.mark.timeout(300)
def test_training_survives_reward_service_restart(
    tmp_path: Path, tiny_overrides: list[str], service_factory: Any
) -> None:
    port = free_port()
    cfg = load_config(
        REPO / "configs" / "demo-tiny.yaml",
        [
            *tiny_overrides,
            f"--reward.urls=[http://127.0.0.1:{port}]",
            "--reward.timeout_s=5",
            "--reward.max_retries=1",
            "--reward.grace_s=90",
            "--reward.retry_wait_s=0.5",
            "--run.save_every=100",
        ],
    )
    run = tmp_path / "run"
    errors: list[BaseException] = []
    steps = 5
    # orchestration only: the third scoring call (step 2) waits until the service is down, so
    # the outage deterministically hits a running step; scoring itself is the real client
    reached, down = threading.Event(), threading.Event()
    calls = 0

    with service_factory(port=port):
        trainer = Trainer(cfg, run)
        real = trainer.scorer.backend

        def gated(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            nonlocal calls
            calls += 1
            if calls == 3:
                reached.set()
                down.wait(120)
            return real(items)

        trainer.scorer.backend = gated

        def train() -> None:
            try:
                trainer.fit(steps)
            except BaseException as exc:  # surfaced by the assertion below
                errors.append(exc)

        worker = threading.Thread(target=train, daemon=True)
        worker.start()
        assert reached.wait(120), f"training never reached step 2: {errors}"
    # the service is now down (context exited); keep it down, then restart on the same port
    down.set()
    time.sleep(OUTAGE_S)
    assert worker.is_alive(), f"training ended during the outage: {errors}"
    with service_factory(port=port):
        worker.join(timeout=180)
    assert not worker.is_alive() and not errors, errors
    rows = read_metrics(run)
    assert [r["step"] for r in rows] == list(range(1, steps + 1))
    waited = sum(r["reward_wait_s"] for r in rows)
    assert waited >= OUTAGE_S, f"no step waited for the service (waited {waited:.1f}s)"
    for r in rows:  # no step was trained on a batch without rewards
        assert r["reward_none_frac"] < 1.0


def test_unreachable_service_stops_after_grace_period() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    scorer = RewardScorer(
        RewardConfig(urls=[url], timeout_s=1, max_retries=0, grace_s=1.0, retry_wait_s=0.2)
    )
    item = {"id": "a", "verifier": "math", "ground_truth": {"answer": "1"}, "response": "1"}
    start = time.monotonic()
    with pytest.raises(RewardServiceUnavailable, match=url):
        scorer.score([item])
    assert time.monotonic() - start >= 1.0
    scorer.close()


def test_ungraded_samples_are_masked_with_zero_advantage(tmp_path: Path) -> None:
    from prorl.record import TaskRecord
    from trainer.rollout import Rollout
    from trainer.sampling import Sample

    cfg = load_config(None, ["--sampling.mask_truncated=true"])
    rec = TaskRecord("math", "t", "p", "math", {"answer": "1"})
    group = [
        Sample(rec, Rollout([1], [5, 6], [], False), 1.0, "correct", 1.0),
        Sample(rec, Rollout([1], [5, 6], [], False), None, "error", None),
        Sample(rec, Rollout([1], [5], [], False), 0.0, "incorrect", 0.0),
        Sample(rec, Rollout([1], [5, 6], [], True), 0.0, "incorrect", 0.0),
    ]
    holder = type("T", (), {"cfg": cfg})()
    batch = Trainer._batch(holder, [group])  # type: ignore[arg-type]
    assert batch.adv[1].item() == 0.0 and batch.adv[0].item() > 0 > batch.adv[2].item()
    assert batch.mask.tolist() == [[1, 1], [0, 0], [1, 0], [0, 0]]
