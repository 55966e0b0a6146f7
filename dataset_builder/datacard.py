"""The data card: README.md beside the shards, with PNG plots of the domain, source and
difficulty mix, so a reviewer sees what a corpus is without opening Arrow files."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa

from dataset_builder.shards import atomic_write_bytes


def _bar_png(counts: dict[str, int], title: str, horizontal: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(counts)
    values = [counts[k] for k in labels]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(labels)) if horizontal else 4))
    if horizontal:
        ax.barh(labels[::-1], values[::-1])
        ax.set_xlabel("tasks")
    else:
        ax.bar(labels, values)
        ax.set_ylabel("tasks")
    ax.set_title(title)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _difficulty_png(values: list[float], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist(values or [0.0], bins=20)
    ax.set_title(title)
    ax.set_xlabel("difficulty (source scale)")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def write_datacard(out: Path, lock: dict[str, Any], train: pa.Table) -> None:
    domains = {k: v for k, v in lock["counts"]["train"].items()}
    sources = Counter(train.column("source").to_pylist()) if train.num_rows else Counter()
    top = dict(sources.most_common(30))
    difficulty = (
        [d for d in train.column("difficulty").to_pylist() if d is not None]
        if train.num_rows
        else []
    )
    atomic_write_bytes(out / "domains.png", _bar_png(domains, "train tasks per domain"))
    atomic_write_bytes(
        out / "sources.png", _bar_png(top, "train tasks per source (top 30)", horizontal=True)
    )
    atomic_write_bytes(
        out / "difficulty.png",
        _difficulty_png(difficulty, f"difficulty ({len(difficulty)} rated tasks)"),
    )
    total = sum(domains.values())
    lines = [
        f"# {lock['name']} {lock['version']}",
        "",
        f"Built by `prorl data build`; lock_hash `{lock['lock_hash']}`. {total:,} train tasks, "
        f"{sum(lock['counts']['eval'].values()):,} eval tasks in {len(lock['counts']['eval'])} sets.",
        "",
        "## Domains",
        "",
        "| domain | tasks | share |",
        "|---|---:|---:|",
        *[f"| {d} | {n:,} | {n / total:.1%} |" for d, n in domains.items() if total],
        "",
        "![domains](domains.png)",
        "",
        "## Sources",
        "",
        "| source entry | domain | revision | seed | taken | self-check rejects | dups (exact/near) | contaminated |",
        "|---|---|---|---:|---:|---:|---:|---:|",
        *[
            f"| {s['source']} | {s['domain']} | `{s['revision']}` | {s['seed']} | {s['taken']:,} | "
            f"{sum(s['selfcheck_rejects'].values())} | {s['duplicates']['exact']}/{s['duplicates']['near']} | "
            f"{s['contaminated']} |"
            for s in lock["sources"]
        ],
        "",
        "![sources](sources.png)",
        "",
        "## Difficulty",
        "",
        "![difficulty](difficulty.png)",
        "",
        "## Eval sets",
        "",
        "| set | source | rows | reference self-check failures |",
        "|---|---|---:|---|",
        *[
            f"| {e['name']} | {e['source']} | {e['rows']} | {e['selfcheck']['failed'] or '-'} |"
            for e in lock["eval"]
        ],
        "",
        "## Cleaning",
        "",
        f"- dedup: {lock['dedup']['exact']} exact and {lock['dedup']['near']} near duplicates dropped "
        f"(near-dup rate {lock['dedup']['near_rate']:.3%}; {lock['dedup']['definition']})",
        f"- decontamination: {lock['decontam']['dropped']} train prompts dropped for sharing a "
        f"{lock['decontam']['ngram']}-gram (or the whole normalized prompt) with an eval prompt; "
        "listed in `decontamination.jsonl`",
        f"- self-check: {lock['selfcheck']['rejected']} generated records whose reference answer did not "
        "score 1.0 were rejected (examples in `rejects.jsonl`)",
        "",
        "Licences and provenance of every record are in its `meta` column (`license`, `upstream_id`).",
        "",
    ]
    atomic_write_bytes(out / "README.md", "\n".join(lines).encode())
