"""A build killed with SIGKILL mid-way resumes from its per-source cache and ends identical."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dataset_builder.manifest import load_manifest
from dataset_builder.pipeline import build
from dataset_builder.verify import verify_corpus

REPO = Path(__file__).resolve().parents[2]


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_sigkill_mid_build_then_resume_matches_uninterrupted(
    small_corpus: Path, small_manifest: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prorl",
            "data",
            "build",
            str(small_manifest),
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if list(out.glob(".cache/math_train-*/seg-00000.arrow")):
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)  # the self-check workers die with their parent (PR_SET_PDEATHSIG)
    leftover = [p for p in Path("/proc").glob("[0-9]*") if str(out) in _cmdline(p)]
    assert not leftover, f"orphaned build workers: {leftover}"
    assert not (out / "lock.json").exists(), "the build finished before it could be killed"
    segments_before = sorted(p.name for p in out.glob(".cache/math_train-*/seg-*.arrow"))
    assert segments_before

    lock = build(load_manifest(small_manifest), out, progress=False)
    expected = json.loads((small_corpus / "lock.json").read_text())
    assert lock["lock_hash"] == expected["lock_hash"]
    assert verify_corpus(out) == []
    for shard in lock["shards"]:
        assert (out / shard["path"]).read_bytes() == (small_corpus / shard["path"]).read_bytes()
    # the resumed build replayed the cached prefix instead of starting over
    after = sorted(p.name for p in out.glob(".cache/math_train-*/seg-*.arrow"))
    assert after[: len(segments_before)] == segments_before
    assert not list(out.rglob("*.tmp"))  # no torn temp files left behind
