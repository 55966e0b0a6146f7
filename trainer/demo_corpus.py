"""The demo's own tiny corpus: `n % m` for unseen n, graded by the `math` verifier.

Why this task: the demo must show RL raising *held-out* reward above the SFT start within
minutes on a CPU, with a byte-level model of ~100K parameters. `48213%5=?` has a one-byte
answer (`\\boxed{3}`) that depends only on the last digit: a 10-entry map every held-out
prompt shares with training, although the held-out numbers never occur in training. So what RL
sharpens on training prompts transfers to the held-out split, and after a brief SFT the model
is right part of the time -- GRPO groups have mixed rewards and a real gradient. (Tasks whose
answer needs a table the held-out split never shows, like addition with held-out operand
pairs, fail this: a tiny model memorizes instead of generalizing, so held-out reward stays
flat.) `modulus=2` (parity) is the easier variant the tests use.
Shards and lock file are written with the builder's own writers, so the trainer reads this
corpus exactly like a built one.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow as pa

from dataset_builder.lock import write_lock
from dataset_builder.shards import write_shards
from prorl.record import ARROW_SCHEMA, TaskRecord

SOURCE = "synthetic/demo/mod"


def _record(n: int, modulus: int, split: str) -> TaskRecord:
    answer = n % modulus
    return TaskRecord(
        domain="math",
        source=SOURCE,
        prompt=f"{n}%{modulus}=?",
        verifier="math",
        ground_truth={"answer": str(answer)},
        split=split,
        meta={
            "reference": f"\\boxed{{{answer}}}",
            "provenance": {"generator": "trainer.demo_corpus", "n": n, "mod": modulus},
            "license": "CC0-1.0 (generated)",
        },
    )


def build_demo_corpus(
    out: str | Path,
    low: int = 1000,
    high: int = 99999,
    modulus: int = 5,
    heldout: int = 40,
    train_rows: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Write `out/train/shard-*.arrow`, `out/eval/heldout/shard-*.arrow` and `out/lock.json`.
    n ranges over [low, high]; `heldout` numbers are held out, `train_rows` (default 2000)
    others are the training split."""
    folder = Path(out)
    rng = random.Random(seed)
    rows = 2000 if train_rows is None else train_rows
    numbers = rng.sample(range(low, high + 1), heldout + rows)
    evals = [_record(n, modulus, "eval") for n in numbers[:heldout]]
    train = [_record(n, modulus, "train") for n in numbers[heldout:]]

    def table(recs: list[TaskRecord]) -> pa.Table:
        return pa.Table.from_pylist([r.to_row() for r in recs], schema=ARROW_SCHEMA)

    entries = write_shards(table(train), folder / "train", "train", 10_000)
    entries += write_shards(table(evals), folder / "eval" / "heldout", "eval/heldout", 10_000)
    params = {"low": low, "high": high, "modulus": modulus, "heldout": heldout, "train_rows": rows}
    params["seed"] = seed
    lock = {
        "format": 1,
        "name": "demo-mod",
        "sources": [{"name": SOURCE, "params": params}],
        "counts": {"train": {"math": len(train)}, "eval": {"heldout": len(evals)}},
        "shards": entries,
    }
    return write_lock(folder, lock)
