"""The scoring demo: start the service, score real rollouts, print a per-verifier summary.

    python -m reward_server.demo            # starts a 2-worker service on a free port
    python -m reward_server.demo --url URL  # or uses a running one

The rollouts are real model outputs (see reward_server/data/SAMPLE_ROLLOUTS.md). For math rows
with an upstream correctness label, the table also shows how often our verdict agrees.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from reward_server.client import RewardClient
from reward_server.launch import start_server

SAMPLE = Path(__file__).with_name("data") / "sample_rollouts.jsonl"


def load_sample(path: Path = SAMPLE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def summarize(
    rows: list[dict[str, Any]], results: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per verifier: n, mean reward over graded items, status counts, latency, label agreement."""
    out: dict[str, dict[str, Any]] = {}
    for row, res in zip(rows, results, strict=True):
        s = out.setdefault(
            row["verifier"],
            {"n": 0, "rewards": [], "status": {}, "ms": [], "agree": [], "labels": 0},
        )
        s["n"] += 1
        s["status"][res["status"]] = s["status"].get(res["status"], 0) + 1
        s["ms"].append(res["elapsed_ms"])
        if res["reward"] is not None:
            s["rewards"].append(res["reward"])
        if "upstream_label" in row:
            s["labels"] += 1
            s["agree"].append(res["reward"] == row["upstream_label"])
    for s in out.values():
        s["mean_reward"] = statistics.fmean(s["rewards"]) if s["rewards"] else None
        s["p50_ms"] = statistics.median(s["ms"])
        s["max_ms"] = max(s["ms"])
        s["agreement"] = sum(s["agree"]) / len(s["agree"]) if s["agree"] else None
    return out


def render(summary: dict[str, dict[str, Any]]) -> str:
    head = f"{'verifier':<10} {'n':>3} {'mean':>6} {'p50 ms':>7} {'max ms':>7} {'agree':>6}  status"
    lines = [head, "-" * len(head)]
    for name, s in sorted(summary.items()):
        mean = f"{s['mean_reward']:.3f}" if s["mean_reward"] is not None else "-"
        agree = f"{s['agreement']:.0%}" if s["agreement"] is not None else "-"
        status = ", ".join(f"{k}={v}" for k, v in sorted(s["status"].items()))
        lines.append(
            f"{name:<10} {s['n']:>3} {mean:>6} {s['p50_ms']:>7.1f} {s['max_ms']:>7.1f} {agree:>6}  {status}"
        )
    return "\n".join(lines)


def run_demo(url: str) -> dict[str, dict[str, Any]]:
    rows = load_sample()
    items: list[dict[str, Any]] = [
        {k: row[k] for k in ("id", "verifier", "ground_truth", "response", "config") if k in row}
        for row in rows
    ]
    t0 = time.perf_counter()
    results = RewardClient(url).score(items)
    took = time.perf_counter() - t0
    summary = summarize(rows, results)
    print(render(summary))
    print(f"\n{len(items)} real rollouts scored in {took:.2f}s via {url}")
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="use a running service instead of starting one")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.url:
        run_demo(args.url)
        return
    print(f"starting the reward service ({args.workers} workers)...", flush=True)
    with start_server(workers=args.workers) as url:
        run_demo(url)


if __name__ == "__main__":
    main()
