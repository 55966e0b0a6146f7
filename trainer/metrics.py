"""Run metrics: metrics.jsonl (the source of truth), TensorBoard, and wandb when installed.

Timing fields are named `time_*`, `tokens_per_s` and `reward_wait_s` so comparisons between
runs (resume == uninterrupted) can ignore exactly the fields that measure the machine.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `prorl plot` reads metrics without importing torch
    from trainer.sampling import Sample

TIMING_PREFIXES = ("time_", "tokens_per_s", "reward_wait_s")


def is_timing(key: str) -> bool:
    return key.startswith(TIMING_PREFIXES)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class MetricsWriter:
    def __init__(
        self, run_dir: Path, tensorboard: bool, wandb_project: str | None, config: dict[str, Any]
    ) -> None:
        self.path = run_dir / "metrics.jsonl"
        self.tb: Any = None
        self.wandb: Any = None
        if tensorboard:
            from torch.utils.tensorboard import SummaryWriter

            self.tb = SummaryWriter(log_dir=str(run_dir / "tensorboard"))
        if wandb_project and importlib.util.find_spec("wandb") is not None:
            import wandb

            self.wandb = wandb.init(project=wandb_project, dir=str(run_dir), config=config)

    def truncate_after(self, step: int) -> None:
        """On resume, forget lines from steps after the checkpoint (they will be redone)."""
        if not self.path.exists():
            return
        keep = [
            line
            for line in self.path.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("step", 0) <= step
        ]
        self.path.write_text("".join(line + "\n" for line in keep), encoding="utf-8")

    def log(self, row: dict[str, Any]) -> None:
        row = {k: _clean(v) for k, v in row.items()}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, sort_keys=False) + "\n")
        step = int(row["step"])
        if self.tb is not None:
            for key, value in row.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.tb.add_scalar(key, value, step)
            self.tb.flush()
        if self.wandb is not None:
            self.wandb.log({k: v for k, v in row.items() if v is not None}, step=step)

    def close(self) -> None:
        if self.tb is not None:
            self.tb.close()
        if self.wandb is not None:
            self.wandb.finish()


def read_metrics(run_dir: str | Path) -> list[dict[str, Any]]:
    path = Path(run_dir) / "metrics.jsonl"
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
    return rows


def reward_stats(seen: list[Sample]) -> dict[str, Any]:
    graded = [s for s in seen if s.raw_reward is not None]
    vals = [float(s.raw_reward) for s in graded if s.raw_reward is not None]
    out: dict[str, Any] = {
        "reward_mean": sum(vals) / len(vals) if vals else float("nan"),
        "reward_none_frac": 1 - len(graded) / len(seen) if seen else 0.0,
        "response_len_mean": sum(len(s.rollout.response_ids) for s in seen) / max(len(seen), 1),
        "truncated_frac": sum(s.rollout.truncated for s in seen) / max(len(seen), 1),
        "samples": len(seen),
    }
    by_domain: dict[str, list[float]] = defaultdict(list)
    for s in graded:
        assert s.raw_reward is not None
        by_domain[s.record.domain].append(s.raw_reward)
    for d, v in sorted(by_domain.items()):
        out[f"reward/{d}"] = sum(v) / len(v)
    return out


def progress_line(row: dict[str, Any]) -> str:
    parts = [f"step {row['step']}", f"reward {row['reward_mean']:.3f}"]
    if "loss" in row:
        parts.append(f"loss {row['loss']:+.4f}")
    if "kl" in row:
        parts.append(f"kl {row['kl']:.2e}")
    parts.append(f"len {row['response_len_mean']:.1f}")
    parts.append(f"filtered {row['filtered_group_frac']:.2f}")
    if "eval_reward" in row:
        parts.append(f"eval {row['eval_reward']:.3f}")
    if row.get("skipped"):
        parts.append(f"SKIPPED: {row['skipped']}")
    parts.append(f"{row['time_step_s']:.1f}s")
    return " | ".join(parts)
