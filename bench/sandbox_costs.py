"""Where a warm slot's CPU goes, per program, read from /proc (no instrumentation in the runner).

One unpinned slot runs the HumanEval references one after another. Per program it reports the
programs' own processes (CPU and minor page faults, from the zygote's counters of its reaped
children: `cutime`/`cstime`/`cminflt`), the zygote, the supervisor and the caller. The baseline
is a bare `fork(); _exit()` of the same interpreter with the runner's modules loaded and frozen:
what a child costs before it does anything. Last line: `ratio=<faults per program child / faults
per bare fork> baseline=bare_fork_exit`.

    .venv/bin/python bench/sandbox_costs.py [--root CHECKOUT] [--passes N]

`--root` imports `sandboxes` from another checkout (`git worktree add /tmp/old <rev>`), so two
trees can be compared on the same machine in the same minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PRORL_SHARED_DATA", ROOT.parent / "shared" / "data"))
TICK = os.sysconf("SC_CLK_TCK")

BARE_FORK = """
import gc, importlib.util, os, sys, time
spec = importlib.util.spec_from_file_location("runner", sys.argv[1])
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)
gc.collect()
gc.freeze()
n, faults, cpu = 400, 0, 0.0
for _ in range(n):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    _, _, usage = os.wait4(pid, 0)
    faults += usage.ru_minflt
    cpu += usage.ru_utime + usage.ru_stime
print(faults / n, 1000 * cpu / n)
"""


def stat(pid: int) -> dict[str, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return {
        "ppid": int(fields[1]),
        "minflt": int(fields[7]),
        "cminflt": int(fields[8]),
        "cpu": int(fields[11]) + int(fields[12]),
        "ccpu": int(fields[13]) + int(fields[14]),
    }


def runner_processes(launcher: int) -> tuple[int, int]:
    """(zygote, supervisor): the long-lived Python processes of a slot."""
    from sandbox_throughput import descendants

    py = [p for p in descendants([launcher]) if "python" in Path(f"/proc/{p}/comm").read_text()]
    zygote = next(p for p in py if stat(p)["ppid"] not in py)
    supervisor = min(p for p in py if stat(p)["ppid"] == zygote)  # forked before any child
    return zygote, supervisor


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout to import sandboxes from")
    ap.add_argument("--passes", type=int, default=3, help="passes over HumanEval")
    args = ap.parse_args()
    sys.path[:0] = [str(args.root), str(ROOT / "bench"), str(ROOT)]
    from reward_server.code_suites import humaneval_suite
    from reward_server.verifiers.code import CodePayload, to_suite
    from sandboxes.api import Limits, Program
    from sandboxes.local import LocalSandbox, base_python

    rows = [json.loads(x) for x in (DATA / "code" / "humaneval.jsonl").read_text().splitlines()]
    jobs = []
    for row in rows:
        program, conv = humaneval_suite(row)
        jobs.append((program, to_suite(CodePayload.model_validate(conv.payload).root)))
    limits = Limits(time_s=10.0, python_equality=True)
    sb = LocalSandbox(slots=1)
    sb.warm_up()
    try:
        for program, suite in jobs[:20]:  # warm
            sb.run(Program(program), suite, limits)
        zygote, supervisor = runner_processes(sb.runner_pids()[0])
        z0, s0, c0 = stat(zygote), stat(supervisor), time.process_time()
        n = 0
        for _ in range(args.passes):
            for program, suite in jobs:
                sb.run(Program(program), suite, limits)
                n += 1
        z1, s1, c1 = stat(zygote), stat(supervisor), time.process_time()
    finally:
        sb.close()

    def ms(ticks: int) -> float:
        return 1000 * ticks / TICK / n

    runner = str(args.root / "sandboxes" / "runner.py")
    out = subprocess.run(
        [base_python(), "-I", "-S", "-B", "-c", BARE_FORK, runner],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    ).stdout.split()
    bare_faults, bare_ms = float(out[0]), float(out[1])
    child_faults = (z1["cminflt"] - z0["cminflt"]) / n
    print(f"tree: {args.root} ({n} HumanEval programs, one slot)")
    print(
        f"program's processes: {ms(z1['ccpu'] - z0['ccpu']):.2f} ms CPU, "
        f"{child_faults:.0f} minor faults per program"
    )
    print(
        f"zygote:     {ms(z1['cpu'] - z0['cpu']):.2f} ms CPU, "
        f"{(z1['minflt'] - z0['minflt']) / n:.0f} faults per program"
    )
    print(f"supervisor: {ms(s1['cpu'] - s0['cpu']):.2f} ms CPU per program")
    print(f"caller:     {1000 * (c1 - c0) / n:.2f} ms CPU per program")
    print(f"bare fork(); _exit(): {bare_ms:.2f} ms CPU, {bare_faults:.0f} faults")
    print(f"ratio={child_faults / bare_faults:.2f} baseline=bare_fork_exit")


if __name__ == "__main__":
    main()
