"""Reward-service throughput on a GRPO-shaped math batch, against single-process Math-Verify.

Workload: 64 MATH-500 problems x 16 rollouts. Each rollout has a `<think>` block and a final
`\\boxed{}`; some rollouts are right (in varied surface forms: `\\dfrac`, `$...$`, spaces,
`x = ...`), the rest wrong. Both sides score the same 1024 items once, fresh:
- baseline: `math_verify.parse` + `verify` in this process, one item after another;
- service: `prorl serve --workers 2` over HTTP (batches of 256 via RewardClient.ascore).
Also: single-item p99 latency, unloaded, over 200 sequential requests.

    python bench/reward_throughput.py [--data DIR] [--workers 2] [--soak 60]

Last line: `ratio=<service items/s / baseline items/s> baseline=math_verify_single_process`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reward_server.client import RewardClient  # noqa: E402
from reward_server.launch import start_server  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("PRORL_SHARED_DATA", REPO.parent / "shared" / "data"))
THINK = "<think>\nLet me work through this carefully. First I set up the problem, then I check the algebra twice.\n</think>\n\n"


def surface(answer: str, k: int) -> str:
    """The same answer written differently, as different rollouts of one prompt would."""
    dfrac = answer.replace("\\frac", "\\dfrac")
    forms = [
        f"The answer is $\\boxed{{{answer}}}$.",
        f"Therefore \\boxed{{ {answer} }}",
        f"So we get $$\\boxed{{{dfrac}}}$$",
        f"Final: $x = \\boxed{{{answer}}}$",
    ]
    return forms[k % len(forms)]


def wrong(answer: str, rng: random.Random, pool: list[str]) -> str:
    try:
        return str(int(answer) + rng.choice([1, -1, 2, 10]))
    except ValueError:
        return rng.choice(pool)


def make_items(
    data: Path, prompts: int = 64, rollouts: int = 16, seed: int = 0, part: int = 0
) -> list[dict[str, Any]]:
    """Round `part` (0-3) uses its own problems, so no cache on either side carries over."""
    rows = [
        json.loads(x) for x in (data / "math" / "test" / "math500.jsonl").read_text().splitlines()
    ]
    rng = random.Random(seed)
    chosen = rng.sample(rows, prompts * 4)[prompts * part : prompts * (part + 1)]
    answers = [r["answer"] for r in rows]
    items = []
    for p, row in enumerate(chosen):
        p_correct = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0])
        for k in range(rollouts):
            ans = row["answer"] if rng.random() < p_correct else wrong(row["answer"], rng, answers)
            items.append(
                {
                    "id": f"{p}-{k}",
                    "verifier": "math",
                    "ground_truth": {"answer": row["answer"]},
                    "response": THINK + surface(ans, k),
                }
            )
    return items


def baseline(items: list[dict[str, Any]]) -> tuple[float, list[bool]]:
    from math_verify import parse, verify

    parse("$1$"), verify(parse("$1$"), parse("$1$"))  # import + grammar warm-up, not timed
    t0 = time.perf_counter()
    verdicts = []
    for it in items:
        gold = parse(f"${it['ground_truth']['answer']}$")
        pred = parse(it["response"])
        verdicts.append(bool(verify(gold, pred)))
    return len(items) / (time.perf_counter() - t0), verdicts


def service_throughput(url: str, items: list[dict[str, Any]]) -> tuple[float, list[dict[str, Any]]]:
    client = RewardClient(url, batch_size=256)
    t0 = time.perf_counter()
    results = asyncio.run(client.ascore(items))
    return len(items) / (time.perf_counter() - t0), results


def p99_latency(url: str, items: list[dict[str, Any]], n: int = 200) -> float:
    times = []
    with httpx.Client(timeout=30) as http:
        for i in range(n):
            it = dict(items[(i * 7) % len(items)], id=str(i))
            t0 = time.perf_counter()
            r = http.post(f"{url}/v1/score", json={"items": [it]})
            times.append(time.perf_counter() - t0)
            r.raise_for_status()
    return statistics.quantiles(times, n=100)[98] * 1000


def tree_rss_kb(port: int) -> int:
    """RSS of the server process listening on `port` plus all its descendants (zygote, workers)."""
    procs: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        procs[int(entry.name)] = (ppid, cmd.decode(errors="replace"))
    roots = {pid for pid, (_, cmd) in procs.items() if f"--port\0{port}\0" in cmd}
    tree = set(roots)
    while True:
        more = {pid for pid, (ppid, _) in procs.items() if ppid in tree} - tree
        if not more:
            break
        tree |= more
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def extra_mix() -> list[dict[str, Any]]:
    """Soak items for the other verifiers: reasoning-gym entries answered right and wrong, and
    small stdio programs (right, wrong, and an endless loop the sandbox must stop)."""
    import reasoning_gym

    out: list[dict[str, Any]] = []
    cfg = {"size": 8, "seed": 3}
    for i, entry in enumerate(reasoning_gym.create_dataset("leg_counting", **cfg)):
        gt = json.loads(
            json.dumps({"task": "leg_counting", "config": cfg, "entry": entry}, default=str)
        )
        answer = entry["answer"] if i % 2 else "0"
        out.append(
            {
                "id": f"rg{i}",
                "verifier": "reasoning_gym",
                "ground_truth": gt,
                "response": f"<think>count</think><answer>{answer}</answer>",
            }
        )
    tests = {
        "style": "stdio",
        "tests": [{"input": "2\n", "output": "4\n"}, {"input": "7\n", "output": "14\n"}],
    }
    programs = ["print(int(input()) * 2)", "print(int(input()) + 2)", "while True: pass"]
    for i, prog in enumerate(programs):
        out.append(
            {
                "id": f"code{i}",
                "verifier": "code",
                "ground_truth": tests,
                "config": {"time_limit_s": 1},
                "response": f"```python\n{prog}\n```",
            }
        )
    return out


def soak(url: str, seconds: float, math_items: list[dict[str, Any]]) -> None:
    from reward_server.demo import load_sample

    mixed: list[dict[str, Any]] = [
        {k: r[k] for k in ("id", "verifier", "ground_truth", "response", "config") if k in r}
        for r in load_sample()
    ]
    mixed += extra_mix()
    names = {v["name"] for v in httpx.get(f"{url}/v1/verifiers").json()["verifiers"]}
    mixed = [m for m in mixed if m["verifier"] in names]
    port = int(url.rsplit(":", 1)[1])
    client = RewardClient(url, batch_size=256, max_retries=2)
    rng = random.Random(1)

    def batch(step: int) -> list[dict[str, Any]]:
        # new surface forms every step so the verdict cache does not answer everything
        out: list[dict[str, Any]] = []
        for i in range(512):
            base: dict[str, Any] = dict(rng.choice(math_items) if i % 4 else rng.choice(mixed))
            if base["verifier"] == "math":
                base["response"] = base["response"].replace("Let me", f"Step {step}.{i}: let me")
            base["id"] = f"{step}-{i}"
            out.append(base)
        return out

    asyncio.run(client.ascore(batch(-1)))  # warm every worker before the RSS baseline
    rss0 = tree_rss_kb(port)
    end = time.monotonic() + seconds
    n = errors = step = 0
    by_status: dict[str, int] = {}
    while time.monotonic() < end:
        for r in asyncio.run(client.ascore(batch(step))):
            by_status[r["status"]] = by_status.get(r["status"], 0) + 1
            errors += r["status"] in ("error", "timeout")
            n += 1
        step += 1
    rss1 = tree_rss_kb(port)
    growth = (rss1 - rss0) / rss0 * 100 if rss0 else float("nan")
    print(
        f"soak: {n} items in {seconds:.0f}s ({n / seconds:.1f} items/s), errors={errors}, status={by_status}"
    )
    print(
        f"soak: RSS server+workers {rss0 / 1024:.1f} MiB -> {rss1 / 1024:.1f} MiB ({growth:+.1f}%)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2, choices=range(1, 4), help="alternating rounds")
    ap.add_argument("--warmup", type=int, default=1, choices=(0, 1), help="untimed warm-up round")
    ap.add_argument("--soak", type=float, default=0.0, help="seconds of mixed load after the bench")
    args = ap.parse_args()
    base_t = svc_t = 0.0
    n = agree = 0
    statuses: dict[str, int] = {}
    with start_server(workers=args.workers) as url:
        # one untimed round on other problems warms both sides alike: ANTLR's prediction cache
        # (most of a first Math-Verify parse) is per process, so two fresh workers pay it twice
        # while the single baseline process pays it once; a long-running service has paid it.
        if args.warmup:
            warm = make_items(args.data, part=3)  # disjoint from the timed rounds' problems
            baseline(warm)
            service_throughput(url, warm)
        # rounds alternate so that a load spike on a shared host hits both sides alike
        for part in range(args.rounds):
            items = make_items(args.data, part=part)
            base_ips, base_verdicts = baseline(items)
            svc_ips, results = service_throughput(url, items)
            print(f"round {part}: baseline {base_ips:.1f} items/s, service {svc_ips:.1f} items/s")
            base_t += len(items) / base_ips
            svc_t += len(items) / svc_ips
            n += len(items)
            agree += sum(
                (r["reward"] == 1.0) == b for r, b in zip(results, base_verdicts, strict=True)
            )
            for r in results:
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        print(f"baseline math_verify single process: {n / base_t:.1f} items/s ({n} items)")
        print(f"service ({args.workers} workers, HTTP batches of 256): {n / svc_t:.1f} items/s")
        print(f"verdict agreement with plain math_verify: {agree / n:.1%}; statuses: {statuses}")
        p99 = p99_latency(url, items)
        print(f"single-item p99 latency (unloaded, 200 sequential requests): {p99:.1f} ms")
        if args.soak:
            soak(url, args.soak, items)
    print(f"ratio={base_t / svc_t:.2f} baseline=math_verify_single_process")


if __name__ == "__main__":
    main()
