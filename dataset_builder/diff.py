"""`prorl data diff`: what changed between two versions of a corpus, by task id.

Ids hash the normalized prompt and ground truth, so "removed + added" under one source means the
task content changed, and a moved row (different shard, same id) is no change at all.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from dataset_builder.shards import Corpus, open_corpus


def _index(corpus: Corpus) -> dict[str, tuple[str, str, str]]:
    """id -> (split/eval set, domain, source)."""
    out: dict[str, tuple[str, str, str]] = {}
    groups = [("train", None)] + [("eval", name) for name in corpus.eval_sets()]
    for split, name in groups:
        table = corpus.read_table(split, name)
        label = name and f"eval/{name}" or "train"
        for rid, domain, src in zip(
            table.column("id").to_pylist(),
            table.column("domain").to_pylist(),
            table.column("source").to_pylist(),
            strict=True,
        ):
            out[f"{label}:{rid}"] = (label, domain, src)
    return out


def _entries(lock: dict[str, Any]) -> dict[str, dict[str, Any]]:
    keyed: dict[str, dict[str, Any]] = {}
    seen: Counter[str] = Counter()
    for entry in lock.get("sources", []):
        seen[entry["source"]] += 1
        keyed[f"{entry['source']}#{seen[entry['source']]}"] = entry
    for entry in lock.get("eval", []):
        keyed[f"eval:{entry['name']}"] = entry
    return keyed


def diff_corpora(old: Path | str, new: Path | str) -> dict[str, Any]:
    a, b = open_corpus(old), open_corpus(new)
    ia, ib = _index(a), _index(b)
    added, removed = ib.keys() - ia.keys(), ia.keys() - ib.keys()

    def tally(keys: set[str], index: dict[str, tuple[str, str, str]]) -> dict[str, dict[str, int]]:
        by_domain: Counter[str] = Counter()
        by_source: Counter[str] = Counter()
        for key in keys:
            label, domain, src = index[key]
            by_domain[f"{label}/{domain}" if label != "train" else domain] += 1
            by_source[src] += 1
        return {
            "by_domain": dict(sorted(by_domain.items())),
            "by_source": dict(sorted(by_source.items())),
        }

    ea, eb = _entries(a.lock), _entries(b.lock)
    changed: list[dict[str, Any]] = []
    for key in sorted(ea.keys() | eb.keys()):
        before, after = ea.get(key), eb.get(key)
        if before is None or after is None:
            changed.append({"entry": key, "change": "added" if before is None else "removed"})
            continue
        fields = {
            f: {"old": before.get(f), "new": after.get(f)}
            for f in ("revision", "seed", "params", "count", "source")
            if before.get(f) != after.get(f)
        }
        if fields:
            changed.append({"entry": key, "change": "modified", "fields": fields})
    return {
        "old": {
            "lock_hash": a.lock_hash,
            "name": a.lock.get("name"),
            "version": a.lock.get("version"),
        },
        "new": {
            "lock_hash": b.lock_hash,
            "name": b.lock.get("name"),
            "version": b.lock.get("version"),
        },
        "identical": a.lock_hash == b.lock_hash,
        "rows": {
            "added": len(added),
            "removed": len(removed),
            "unchanged": len(ia.keys() & ib.keys()),
        },
        "added": tally(added, ib),
        "removed": tally(removed, ia),
        "sources": changed,
    }


def format_diff(result: dict[str, Any]) -> str:
    old, new = result["old"], result["new"]
    lines = [
        f"old: {old['name']} {old['version']} ({old['lock_hash'][:12]})",
        f"new: {new['name']} {new['version']} ({new['lock_hash'][:12]})",
    ]
    if result["identical"]:
        lines.append("identical (same lock_hash)")
        return "\n".join(lines)
    rows = result["rows"]
    lines.append(f"rows: +{rows['added']} -{rows['removed']} ={rows['unchanged']}")
    for kind in ("added", "removed"):
        for group in ("by_domain", "by_source"):
            for name, count in result[kind][group].items():
                lines.append(f"  {'+' if kind == 'added' else '-'}{count:<7} {group[3:]:<7} {name}")
    for change in result["sources"]:
        detail = ", ".join(
            f"{f}: {v['old']!r} -> {v['new']!r}" for f, v in change.get("fields", {}).items()
        )
        lines.append(f"  source {change['entry']}: {change['change']} {detail}".rstrip())
    return "\n".join(lines)
