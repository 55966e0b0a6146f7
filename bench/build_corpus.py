"""Benchmark: a full corpus build against a no-change rebuild of the same manifest.

Runs `prorl data build` as a subprocess three times on one output folder:
  1. full build from scratch (`--force`, empty folder): wall time and peak RSS of the whole
     process tree (builder + self-check workers + sandboxes), sampled from /proc;
  2. no-change rebuild: the lock file matches the recipe, shards are re-hashed, nothing rebuilt;
  3. cached rebuild (`--force`): every record replayed from the per-source cache, dedup,
     decontamination and shards redone; its lock_hash must equal the full build's.
Last line: `ratio=<full/no-change> baseline=full_build`.

    .venv/bin/python bench/build_corpus.py [--manifest data_manifests/offline-136k.yaml]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_build(manifest: Path, out: Path, force: bool) -> tuple[float, int]:
    cmd = [
        sys.executable,
        "-m",
        "prorl",
        "data",
        "build",
        str(manifest),
        "--out",
        str(out),
        "--quiet",
    ]
    if force:
        cmd.append("--force")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.25)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed with exit code {proc.returncode}")
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--manifest", type=Path, default=REPO / "data_manifests" / "offline-136k.yaml"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="Output folder (default: a temp dir)."
    )
    args = parser.parse_args()
    tmp = None
    if args.out is None:
        tmp = Path(tempfile.mkdtemp(prefix="prorl-bench-"))
        args.out = tmp / "corpus"
    try:
        shutil.rmtree(args.out, ignore_errors=True)
        full, peak = run_build(args.manifest, args.out, force=True)
        lock = json.loads((args.out / "lock.json").read_text())
        counts = lock["counts"]["train"]
        print(
            f"full build:       {full:8.1f} s wall, peak RSS {peak / 2**30:.2f} GiB (process tree)"
        )
        print(
            f"  train {counts} total {sum(counts.values())}, near-dup rate {lock['dedup']['near_rate']:.4%}, "
            f"decontaminated {lock['decontam']['dropped']}, self-check rejects {lock['selfcheck']['rejected']}"
        )
        nochange, _ = run_build(args.manifest, args.out, force=False)
        print(f"no-change rebuild: {nochange:7.1f} s wall (lock matches recipe; shards re-hashed)")
        cached, cpeak = run_build(args.manifest, args.out, force=True)
        again = json.loads((args.out / "lock.json").read_text())["lock_hash"]
        same = "same" if again == lock["lock_hash"] else "DIFFERENT"
        print(
            f"cached rebuild:   {cached:8.1f} s wall, peak RSS {cpeak / 2**30:.2f} GiB, lock_hash {same}"
        )
        print(f"ratio={full / nochange:.2f} baseline=full_build")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
