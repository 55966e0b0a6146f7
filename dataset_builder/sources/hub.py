"""Hub sources: the real ProRL training sets and newer eval sets, at pinned revisions.

Each adapter is `datasets.load_dataset(path, name, split, revision=<pinned commit>)` plus a
row converter to the task record. `data_files` swaps the Hub for local files in the same
upstream schema (tests use tests/fixtures/hub/, air-gapped sites use a mirror), so the
converter that runs in CI is the converter that runs on the real data.

Revisions: commit SHAs as pinned in public recipes that load these datasets (see
docs/corpus.md); they were not re-resolved against the Hub from this machine (no network), and
`prorl-136k.yaml` names them explicitly so a site can re-pin in one place.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from dataset_builder.sources import source
from dataset_builder.sources._common import (
    CODE_INSTRUCTION,
    MCQ_INSTRUCTION,
    clean_answer,
    code_stdio_record,
    math_record,
)
from prorl.record import TaskRecord

DEEPSCALER = ("agentica-org/DeepScaleR-Preview-Dataset", "b6ae8c60f5c1f2b594e2140b91c49c9ad0949e29")
EURUS2 = ("PRIME-RL/Eurus-2-RL-Data", "9776b13264b5aaa0b16495fcf086a0a8d86fd655")
NEMOTRON = (
    "nvidia/Llama-Nemotron-Post-Training-Dataset",
    "ab2a40d258a6a4d9d4c277d702aeea445081766c",
)
GPQA = ("Idavidrein/gpqa", "83022cefff930aea54f654c0b282e74b9eeda5c6")
SCP116K = ("EricLu/SCP-116K", "main")  # no pinned commit found offline: placeholder, see docs
LIVECODEBENCH = ("livecodebench/code_generation_lite", "main")  # placeholder, see docs
AIME2025 = ("math-ai/aime25", "main")  # placeholder, see docs

_FORMATS = {
    ".json": "json",
    ".jsonl": "json",
    ".parquet": "parquet",
    ".csv": "csv",
    ".arrow": "arrow",
}


class HubParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str | None = None
    """Hub dataset id; default: the upstream this source was written for."""
    name: str | None = None
    split: str | None = None
    revision: str | None = None
    data_files: list[str] | None = None
    """Local files in the upstream schema, used instead of the Hub (tests, mirrors)."""


def hub_rows(
    params: HubParams, default: tuple[str, str], name: str | None, split: str
) -> Iterator[dict[str, Any]]:
    """Rows of the pinned Hub dataset, or of `data_files` when given."""
    from datasets import load_dataset

    if params.data_files:
        suffixes = {_FORMATS.get(Path(f).suffix) for f in params.data_files}
        if len(suffixes) != 1 or None in suffixes:
            raise ValueError(
                f"data_files: need one of {sorted(_FORMATS)} for all files, got {params.data_files}"
            )
        builder = suffixes.pop()
        ds = load_dataset(builder, data_files=list(params.data_files), split="train")
    else:
        ds = load_dataset(
            params.path or default[0],
            params.name or name,
            split=params.split or split,
            revision=params.revision or default[1],
        )
    yield from ds


@source("deepscaler", domain="math", params=HubParams, revision="@".join(DEEPSCALER))
def deepscaler(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """DeepScaleR-Preview (40K math problems: AIME, AMC, Omni-MATH, STILL) with answers."""
    for index, row in enumerate(hub_rows(params, DEEPSCALER, None, "train")):
        answer = clean_answer(row.get("answer"))
        if answer is None or not row.get("problem"):
            continue
        yield math_record(
            problem=row["problem"],
            answer=answer,
            source="deepscaler",
            upstream_id=str(index),
            license="MIT",
        )


@source("eurus2_code", domain="code", params=HubParams, revision="@".join(EURUS2))
def eurus2_code(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """Eurus-2-RL-Data coding rows (stdin/stdout suites in reward_model.ground_truth).

    Rows whose suite is call-based (`fn_name`) or malformed are skipped; the rows carry no
    reference solution, so a manifest takes them with `selfcheck: if_reference`."""
    for index, row in enumerate(hub_rows(params, EURUS2, None, "train")):
        if row.get("ability") not in ("code", "coding"):
            continue
        try:
            suite = json.loads(row["reward_model"]["ground_truth"])
        except (TypeError, ValueError, KeyError):
            continue
        if not isinstance(suite, dict) or suite.get("fn_name") or not suite.get("inputs"):
            continue
        pairs = [
            {"input": str(i), "output": str(o)}
            for i, o in zip(suite["inputs"], suite.get("outputs", []), strict=False)
        ]
        user = [m["content"] for m in row["prompt"] if m.get("role") == "user"]
        if not pairs or not user:
            continue
        record = code_stdio_record(
            problem=user[-1],
            tests=pairs,
            source=f"eurus2/{row.get('data_source', 'code')}",
            upstream_id=str(row.get("extra_info", {}).get("index", index)),
            license="MIT",
        )
        yield record


_BOXED = re.compile(r"\\boxed\s*\{")


def last_boxed(text: str) -> str | None:
    """Content of the last \\boxed{...} in `text`, braces balanced; None if there is none."""
    starts = [m.end() for m in _BOXED.finditer(text or "")]
    if not starts:
        return None
    depth, start = 1, starts[-1]
    for pos in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[pos], 0)
        if depth == 0:
            return text[start:pos].strip() or None
    return None


@source("scp116k", domain="stem", params=HubParams, revision="@".join(SCP116K))
def scp116k(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """SCP-116K science problems; the answer is the last \\boxed{} of the matched solution
    (rows without one are dropped). Licence CC-BY-NC-SA-4.0: non-commercial."""
    for index, row in enumerate(hub_rows(params, SCP116K, None, "train")):
        answer = last_boxed(row.get("matched_solution") or "")
        if answer is None or not row.get("problem"):
            continue
        yield TaskRecord(
            domain="stem",
            source=f"scp116k/{row.get('domain') or 'science'}",
            prompt=f"{row['problem'].strip()}\n\nPut your final answer within \\boxed{{}}.",
            verifier="stem",
            ground_truth={"answer": answer, "kind": "expression"},
            meta={
                "reference": f"The final result is \\boxed{{{answer}}}.",
                "upstream_id": str(index),
                "license": "CC-BY-NC-SA-4.0",
            },
        )


@source("nemotron_if", domain="instruction", params=HubParams, revision="@".join(NEMOTRON))
def nemotron_if(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """Llama-Nemotron RL instruction-following prompts (IFEval-style instruction ids + kwargs).
    No reference responses upstream: take with `selfcheck: if_reference`."""
    for index, row in enumerate(hub_rows(params, NEMOTRON, "RL", "instruction_following")):
        args = row.get("args") or {}
        ids = args.get("instruction_id_list")
        kwargs = args.get("instruction_kwargs") or args.get("kwargs")
        users = [m["content"] for m in row.get("input") or [] if m.get("role") == "user"]
        if not ids or kwargs is None or len(ids) != len(kwargs) or not users:
            continue
        yield TaskRecord(
            domain="instruction",
            source="nemotron_if",
            prompt=users[-1],
            verifier="ifeval",
            ground_truth={
                "instruction_id_list": list(ids),
                "kwargs": [{k: v for k, v in (kw or {}).items() if v is not None} for kw in kwargs],
            },
            meta={"upstream_id": str(index), "license": row.get("license") or "CC-BY-4.0"},
        )


@source("aime2025", domain="math", params=HubParams, revision="@".join(AIME2025))
def aime2025(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """AIME 2025 I and II (30 problems), eval only."""
    for index, row in enumerate(hub_rows(params, AIME2025, None, "test")):
        answer = clean_answer(row.get("answer"))
        problem = row.get("problem") or row.get("question")
        if answer is None or not problem:
            continue
        yield math_record(
            problem=problem,
            answer=answer,
            source="aime2025",
            upstream_id=str(row.get("id", index)),
            license="MIT",
            split="eval",
        )


@source("gpqa_diamond", domain="stem", params=HubParams, revision="@".join(GPQA))
def gpqa_diamond(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """GPQA Diamond (198 questions), eval only. Gated upstream (accept the terms, log in);
    never bundled, as GPQA asks that it not be reshared in plain text. Options are shuffled
    per question with a hash of its Record ID, so the letter of the answer is stable."""
    for index, row in enumerate(hub_rows(params, GPQA, "gpqa_diamond", "train")):
        correct = (row.get("Correct Answer") or "").strip()
        wrong = [(row.get(f"Incorrect Answer {i}") or "").strip() for i in (1, 2, 3)]
        if not correct or not all(wrong):
            continue
        key = str(row.get("Record ID") or index)
        options = [correct, *wrong]
        random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)).shuffle(options)
        letter = "ABCD"[options.index(correct)]
        listing = "\n".join(f"{'ABCD'[i]}. {o}" for i, o in enumerate(options))
        yield TaskRecord(
            domain="stem",
            source="gpqa_diamond",
            prompt=f"{row['Question'].strip()}\n\n{listing}\n\n{MCQ_INSTRUCTION}",
            verifier="stem",
            ground_truth={"answer": letter, "kind": "mcq", "choices": options},
            split="eval",
            meta={"reference": f"\\boxed{{{letter}}}", "upstream_id": key, "license": "CC-BY-4.0"},
        )


@source("livecodebench", domain="code", params=HubParams, revision="@".join(LIVECODEBENCH))
def livecodebench(params: HubParams, seed: int) -> Iterator[TaskRecord]:
    """LiveCodeBench code generation (public test cases): stdin problems as stdio suites,
    LeetCode-style functional problems as call suites on `Solution().<func_name>`."""
    from reward_server.code_suites import LEETCODE_PRELUDE

    for row in hub_rows(params, LIVECODEBENCH, None, "test"):
        try:
            cases = json.loads(row["public_test_cases"])
            meta = json.loads(row.get("metadata") or "{}")
        except (TypeError, ValueError, KeyError):
            continue
        if not cases:
            continue
        upstream = str(row.get("question_id"))
        if all(c.get("testtype") == "stdin" for c in cases):
            yield code_stdio_record(
                problem=row["question_content"],
                tests=[{"input": c["input"], "output": c["output"]} for c in cases],
                source=f"livecodebench/{row.get('platform', '?')}",
                upstream_id=upstream,
                license="CC-BY-4.0",
                split="eval",
            )
            continue
        fn = meta.get("func_name")
        try:
            tests = [
                {
                    "args": [json.loads(line) for line in c["input"].split("\n") if line.strip()],
                    "expected": json.loads(c["output"]),
                }
                for c in cases
            ]
        except ValueError:
            continue
        if not fn:
            continue
        yield TaskRecord(
            domain="code",
            source=f"livecodebench/{row.get('platform', '?')}",
            prompt=f"{row['question_content'].strip()}\n\nStart from this code:\n\n```python\n{row.get('starter_code', '')}\n```\n\n{CODE_INSTRUCTION}",
            verifier="code",
            ground_truth={
                "style": "call",
                "fn_name": f"Solution().{fn}",
                "tests": tests,
                "setup": LEETCODE_PRELUDE,
            },
            split="eval",
            meta={
                "upstream_id": upstream,
                "license": "CC-BY-4.0",
                "difficulty_label": row.get("difficulty"),
            },
        )
