"""The benchmark scripts run (at miniature sizes on CPU) and end with their ratio line; the GPU
script is at least valid bash whose every referenced script exists."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

REPO = Path(__file__).resolve().parents[2]
RATIO = re.compile(r"^ratio=(\d+(\.\d+)?) baseline=(\w+)$")


def _run(args: list[str], timeout: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TOKENIZERS_PARALLELISM": "false"}
    res = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return res.stdout


@pytest.mark.timeout(120)
def test_rollout_throughput_ratio_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process (runpy): the script's own torch import would double this test's time."""
    import runpy

    argv = ["rollout_throughput.py", "--preset", "tiny-test", "--prompts", "2", "--n", "2"]
    monkeypatch.setattr(sys, "argv", [*argv, "--new", "6", "--repeats", "1"])
    threads = torch.get_num_threads()
    try:
        runpy.run_path(str(REPO / "bench" / "rollout_throughput.py"), run_name="__main__")
    finally:
        torch.set_num_threads(threads)
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    m = RATIO.match(last)
    assert m and m.group(3) == "hf_generate", last
    assert float(m.group(1)) > 0
    assert "full " in out and "mixed" in out


@pytest.mark.timeout(150)
@pytest.mark.skipif(importlib.util.find_spec("trl") is None, reason="trl not installed")
def test_gpu_step_compare_cpu_miniature(tmp_path: Path) -> None:
    out = _run(
        ["bench/gpu_step_compare.py", "--device", "cpu", "--preset", "tiny-test", "--prompts",
         "2", "--rollouts", "2", "--length", "4", "--steps", "1", "--warmup", "0", "--micro",
         "4", "--out", str(tmp_path)],
        timeout=140,
    )  # fmt: skip
    m = RATIO.match(out.strip().splitlines()[-1])
    assert m and m.group(3) == "trl_grpo_trainer"
    result = json.loads((tmp_path / "step_compare.json").read_text())
    assert result["ours"]["median_s"] > 0 and result["trl"]["median_s"] > 0
    assert result["ratio"] == pytest.approx(result["trl"]["median_s"] / result["ours"]["median_s"])


def test_gpu_train_script_is_valid_bash() -> None:
    script = REPO / "bench" / "gpu_train.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    for ref in re.findall(r"bench/[\w.]+\.py", text):
        assert (REPO / ref).is_file(), ref
