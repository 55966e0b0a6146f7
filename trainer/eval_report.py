"""pass@k tables from per-sample rewards: `samples.jsonl` -> `passk.json`, `passk.md`, `passk.png`.

Why the report is computed from the saved samples and nothing else: anyone can re-derive every
number in the table from `samples.jsonl` (the test suite does exactly that), and a report can be
regenerated with other k values or another threshold without generating again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from trainer.passk import mean_pass_at_k

Sample = dict[str, Any]


def group_problems(samples: Iterable[Sample]) -> dict[tuple[str, str], list[Sample]]:
    """(set, task_id) -> that problem's samples, in sample order."""
    groups: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for s in samples:
        groups[(s["set"], s["task_id"])].append(s)
    for g in groups.values():
        g.sort(key=lambda s: int(s["sample"]))
    return dict(groups)


def _summary(problems: list[list[Sample]], ks: list[int], threshold: float) -> dict[str, Any]:
    rewards = [[s["reward"] for s in p] for p in problems]
    flat = [r for p in rewards for r in p]
    graded = [r for r in flat if r is not None]
    n_min = min(len(p) for p in rewards)
    return {
        "problems": len(problems),
        "samples": len(flat),
        "ungraded": len(flat) - len(graded),
        "mean_reward": sum(graded) / len(graded) if graded else None,
        "truncated": sum(1 for p in problems for s in p if s.get("truncated")),
        "pass@k": {str(k): mean_pass_at_k(rewards, k, threshold) for k in ks if k <= n_min},
    }


def build_report(
    samples: list[Sample],
    ks: list[int],
    threshold: float = 1.0,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """pass@k per eval set, per domain (problems of all sets pooled) and overall."""
    groups = group_problems(samples)
    if not groups:
        raise ValueError("no samples to report on")
    by_set: dict[str, list[list[Sample]]] = defaultdict(list)
    by_domain: dict[str, list[list[Sample]]] = defaultdict(list)
    for (set_name, _), probs in sorted(groups.items()):
        by_set[set_name].append(probs)
        by_domain[probs[0]["domain"]].append(probs)
    report: dict[str, Any] = {
        "settings": dict(settings or {}),
        "ks": ks,
        "threshold": threshold,
        "sets": {
            name: {"domain": p[0][0]["domain"], **_summary(p, ks, threshold)}
            for name, p in sorted(by_set.items())
        },
        "domains": {d: _summary(p, ks, threshold) for d, p in sorted(by_domain.items())},
        "overall": _summary(list(groups.values()), ks, threshold),
    }
    return report


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def markdown_table(report: dict[str, Any]) -> str:
    ks = [str(k) for k in report["ks"]]
    head = ["set", "domain", "problems", "samples", "ungraded", "mean reward"] + [
        f"pass@{k}" for k in ks
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def row(name: str, domain: str, s: dict[str, Any]) -> str:
        mean = "-" if s["mean_reward"] is None else f"{s['mean_reward']:.3f}"
        cells = [name, domain, str(s["problems"]), str(s["samples"]), str(s["ungraded"]), mean]
        cells += [_fmt(s["pass@k"].get(k)) for k in ks]
        return "| " + " | ".join(cells) + " |"

    for name, s in report["sets"].items():
        lines.append(row(name, s["domain"], s))
    for domain, s in report["domains"].items():
        lines.append(row(f"**{domain}** (all sets)", domain, s))
    lines.append(row("**overall**", "all", report["overall"]))
    st = report.get("settings", {})
    note = ", ".join(f"{k}={v}" for k, v in st.items())
    return (
        "pass@k in percent (unbiased estimator, Chen et al. 2021); a sample counts as solved "
        f"when its reward >= {report['threshold']}; ungraded samples (reward None) count as "
        f"unsolved and are listed.\n\n{note}\n\n" + "\n".join(lines) + "\n"
    )


def plot_curves(report: dict[str, Any], path: Path) -> Path:
    """pass@k against k (log scale), one line per eval set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, s in report["sets"].items():
        ks = [int(k) for k in s["pass@k"]]
        ax.plot(ks, [100 * v for v in s["pass@k"].values()], marker="o", label=name)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("k")
    ax.set_ylabel("pass@k (%)")
    ax.set_title("pass@k per eval set")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def write_report(
    out: Path,
    samples: list[Sample],
    ks: list[int],
    settings: dict[str, Any],
    threshold: float = 1.0,
) -> dict[str, Any]:
    report = build_report(samples, ks, threshold, settings)
    (out / "passk.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "passk.md").write_text(markdown_table(report), encoding="utf-8")
    plot_curves(report, out / "passk.png")
    return report


def read_samples(path: Path) -> list[Sample]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
