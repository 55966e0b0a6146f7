"""Fixtures for the evaluation tests: eval-set folders written the way the builder writes them
(`<corpus>/eval/<set>/shard-00000.arrow`, the record contract's Arrow schema)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from prorl.record import ARROW_SCHEMA, TaskRecord


def write_eval_set(corpus: Path, name: str, records: list[TaskRecord]) -> Path:
    folder = corpus / "eval" / name
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([r.to_row() for r in records], schema=ARROW_SCHEMA)
    with pa.ipc.new_file(str(folder / "shard-00000.arrow"), ARROW_SCHEMA) as writer:
        writer.write_table(table)
    return folder


def _ifeval(prompt: str, instruction: str) -> TaskRecord:
    return TaskRecord(
        domain="instruction",
        source="test-ifeval",
        prompt=prompt,
        verifier="ifeval",
        ground_truth={"instruction_id_list": [instruction], "kwargs": [{}]},
        split="eval",
    )


def build_eval_corpus(root: Path) -> Path:
    """Two instruction sets a random byte-level model passes sometimes (no comma: usually;
    all lowercase: rarely) and one math set it never passes, so pass@k differs by set, by
    domain and by k."""
    write_eval_set(
        root,
        "if_nocomma",
        [
            _ifeval(f"Write about topic {i} without commas.", "punctuation:no_comma")
            for i in range(3)
        ],
    )
    write_eval_set(
        root,
        "if_lower",
        [
            _ifeval(f"Answer {i} in lowercase only.", "change_case:english_lowercase")
            for i in range(3)
        ],
    )
    write_eval_set(
        root,
        "math_small",
        [
            TaskRecord(
                domain="math",
                source="test-math",
                prompt=f"What is {a} + {b}?",
                verifier="math",
                ground_truth={"answer": str(a + b)},
                split="eval",
            )
            for a, b in ((12, 30), (7, 8))
        ],
    )
    return root


@pytest.fixture(scope="session")
def eval_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_eval_corpus(tmp_path_factory.mktemp("evalcorpus"))


@pytest.fixture(autouse=True)
def _one_torch_thread() -> Iterator[None]:
    """On the shared 2-core CI host one intra-op thread is several times faster than two
    (tiny matmuls, busy neighbours); restored afterwards so other areas' tests are unaffected."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
