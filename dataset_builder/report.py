"""Human-facing outputs of a build: the summary table, reject examples, the data card.

None of these feed the lock hash (they may carry timings); the lock file is the record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from dataset_builder.shards import atomic_write_bytes
from prorl.record import canonical_json


def summary_table(lock: dict[str, Any]) -> str:
    """Plain-text table: per source pulled / rejected / dups / contaminated / taken, then totals."""
    head = f"{'source':<28}{'domain':<12}{'pulled':>9}{'rejected':>10}{'exact':>8}{'near':>7}{'contam':>8}{'taken':>9}"
    lines = [head, "-" * len(head)]
    for s in lock["sources"]:
        lines.append(
            f"{s['source'][:27]:<28}{s['domain']:<12}{s['pulled']:>9}{sum(s['selfcheck_rejects'].values()):>10}"
            f"{s['duplicates']['exact']:>8}{s['duplicates']['near']:>7}{s['contaminated']:>8}{s['taken']:>9}"
        )
    lines.append("-" * len(head))
    train = lock["counts"]["train"]
    lines.append(
        "train: "
        + ", ".join(f"{d} {n:,}" for d, n in train.items())
        + f"  (total {sum(train.values()):,})"
    )
    ev = lock["counts"]["eval"]
    if ev:
        lines.append("eval: " + ", ".join(f"{k} {v}" for k, v in ev.items()))
    d = lock["dedup"]
    lines.append(
        f"dedup: exact {d['exact']}, near {d['near']} (near-dup rate {d['near_rate']:.4%})"
    )
    lines.append(
        f"decontamination: dropped {lock['decontam']['dropped']} {lock['decontam']['by_eval_set']}"
    )
    lines.append(f"lock_hash: {lock['lock_hash']}")
    return "\n".join(lines)


def write_reports(
    out: Path, lock: dict[str, Any], train: pa.Table, rejects: list[dict[str, Any]]
) -> None:
    atomic_write_bytes(
        out / "rejects.jsonl", "".join(canonical_json(r) + "\n" for r in rejects).encode()
    )
    from dataset_builder.datacard import write_datacard

    write_datacard(out, lock, train)
