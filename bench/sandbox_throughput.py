"""Programs per second: the warm local sandbox vs one fresh interpreter per program.

Workload: the 164 HumanEval reference programs with their own tests. The sandbox runs them with
full isolation (namespaces, slot uid, rlimits, reaping) as converted call/assert suites through a
warm pool with one slot per core, each pinned to its CPU; the baseline runs
`subprocess.run([sys.executable, "-c", program + tests])` per program with no isolation at all.
Both are measured here, in alternating rounds of the same run on the same machine. Also prints
the warm pool's memory (RSS and PSS of the runner processes).

    .venv/bin/python bench/sandbox_throughput.py [--rounds N] [--slots N] [--no-pin]
        [--no-cgroup] [--suite stdio] [--root CHECKOUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# --root CHECKOUT: import `sandboxes` from another tree (parsed here: the imports below use it)
if "--root" in sys.argv[:-1]:
    sys.path.insert(0, sys.argv[sys.argv.index("--root") + 1])

from reward_server.code_suites import humaneval_suite  # noqa: E402
from reward_server.verifiers.code import CodePayload, to_suite  # noqa: E402
from sandboxes.api import Limits, Program, TestSuite  # noqa: E402
from sandboxes.compare import stdio_equal  # noqa: E402
from sandboxes.local import LocalSandbox  # noqa: E402

DATA = Path(os.environ.get("PRORL_SHARED_DATA", ROOT.parent / "shared" / "data"))


def descendants(pids: list[int]) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(name))
    out, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def memory_kib(pids: list[int]) -> tuple[int, int]:
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


Job = tuple[str, TestSuite, str]


def humaneval_jobs() -> list[Job]:
    rows = [json.loads(x) for x in (DATA / "code" / "humaneval.jsonl").read_text().splitlines()]
    jobs = []
    for row in rows:
        program, conv = humaneval_suite(row)
        suite = to_suite(CodePayload.model_validate(conv.payload).root)
        script = f"{program}\n\n{row['test']}\n\ncheck({row['entry_point']})\n"
        jobs.append((program, suite, script))
    return jobs


def stdio_jobs(n: int) -> list[Job]:
    """The corpus's own code tasks: the code_gen source's first n records (reference solution,
    generated stdin/stdout tests), as the builder's self-check runs them."""
    from dataset_builder.sources import SOURCES
    from reward_server.extract import last_fenced_block

    spec = SOURCES.get("code_gen")
    jobs = []
    for record in itertools.islice(spec.fn(spec.params(), 0), n):
        program = last_fenced_block(record.meta["reference"], ("python",)) or ""
        suite = to_suite(CodePayload.model_validate(record.ground_truth).root)
        jobs.append((program, suite, program))
    return jobs


def run_baseline(suite: TestSuite, script: str) -> bool:
    """One fresh interpreter per program (call suites: the program plus its asserts), or per
    test (stdio: the program with that test's input), as a plain grader runs them."""
    if suite.style != "stdio":
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
        return proc.returncode == 0
    ok = True
    for test in suite.tests:
        proc = subprocess.run(
            [sys.executable, "-c", script],
            input=test.input.encode(),
            capture_output=True,
            timeout=60,
        )
        ok &= proc.returncode == 0 and stdio_equal(proc.stdout.decode(), test.output, None, True)
    return ok


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=4, help="alternating sandbox/baseline rounds")
    ap.add_argument("--slots", type=int, default=0, help="warm slots (default: one per core)")
    ap.add_argument("--no-pin", action="store_true", help="let slots float across CPUs")
    ap.add_argument("--no-cgroup", action="store_true", help="slots without memory/CPU cgroups")
    ap.add_argument(
        "--root",
        type=Path,
        help="checkout to import sandboxes from (a tree older than pinning needs --no-pin)",
    )
    ap.add_argument(
        "--suite",
        choices=("humaneval", "stdio"),
        default="humaneval",
        help="stdio: 164 generated contest-style tasks (6-9 stdin/stdout tests each) against a "
        "subprocess per test",
    )
    args = ap.parse_args()
    jobs = humaneval_jobs() if args.suite == "humaneval" else stdio_jobs(164)

    slots = args.slots or (os.cpu_count() or 1)
    options: dict[str, Any] = {} if args.no_pin else {"pin": True}
    if args.no_cgroup:
        options.update(memory_limit_mb=None, cpu_limit=None)
    sb = LocalSandbox(slots=slots, **options)
    sb.warm_up()
    limits = Limits(time_s=10.0, python_equality=True)
    # Alternate: each round the sandbox runs every job, the baseline a 1/rounds slice of them
    # (over all rounds, each program once). Both sides then see the same noise on a shared box.
    warm_s = base_s = 0.0
    warm_n = base_n = warm_ok = base_ok = 0
    per_round = []
    with ThreadPoolExecutor(slots) as pool:
        for r in range(args.rounds):
            t0 = time.perf_counter()
            results = list(pool.map(lambda j: sb.run(Program(j[0]), j[1], limits), jobs))
            w = time.perf_counter() - t0
            warm_ok += sum(res.passed == res.total for res in results)
            chunk = jobs[r :: args.rounds]
            t0 = time.perf_counter()
            for _, suite, script in chunk:
                base_ok += run_baseline(suite, script)
            b = time.perf_counter() - t0
            per_round.append((len(jobs) / w) / (len(chunk) / b))
            warm_s, base_s = warm_s + w, base_s + b
            warm_n, base_n = warm_n + len(jobs), base_n + len(chunk)
    rss, pss = memory_kib(descendants(sb.runner_pids()))
    sb.close()

    warm_rate, base_rate = warm_n / warm_s, base_n / base_s
    pin = "pinned, one CPU each" if not args.no_pin else "unpinned"
    print(
        f"warm sandbox ({slots} slots, {pin}, isolated): {warm_n} programs in {warm_s:.2f}s = "
        f"{warm_rate:.1f} programs/s, {warm_ok}/{warm_n} all-tests-pass"
    )
    print(
        f"baseline subprocess per {'test' if args.suite == 'stdio' else 'program'}: "
        f"{base_n} programs in {base_s:.2f}s = "
        f"{base_rate:.1f} programs/s, {base_ok}/{base_n} pass"
    )
    print(f"per-round ratios: {', '.join(f'{x:.2f}' for x in per_round)}")
    print(
        f"warm pool memory: RSS {rss / 1024:.1f} MiB, PSS {pss / 1024:.1f} MiB "
        f"({slots} slots: launcher + namespace init + runner each)"
    )
    name = "subprocess_per_test" if args.suite == "stdio" else "subprocess_per_program"
    print(f"ratio={warm_rate / base_rate:.2f} baseline={name}")


if __name__ == "__main__":
    main()
