"""Eval sets over bundled benchmark files: what the trainer reports pass@k on, and what every
train prompt is decontaminated against.

Eval rows are kept whole (a benchmark with rows silently missing is a different benchmark), so
records without a checkable reference answer (IFEval, Codeforces) are still emitted; the
pipeline reports how many eval references failed self-check instead of dropping them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from dataset_builder.bundled import DATA_DIR, bundled_jsonl, read_json
from dataset_builder.sources import source
from dataset_builder.sources._common import (
    CODE_INSTRUCTION,
    MCQ_INSTRUCTION,
    clean_answer,
    code_record,
    code_stdio_record,
    math_record,
)
from dataset_builder.sources.files import DEEPSCALER_REV, MBPP_REV, MbppParams, mbpp_records
from prorl.record import TaskRecord

RLLM_REV = "agentica-project/rllm@874daa4acb7f451dc2a4b2b6e8ce28f5aa88d1f5"
HUMANEVAL_REV = "PRIME-RL/PRIME@18ad596f08d487bb546d80d738d99ec697bd2e75"
IFEVAL_REV = "google-research/instruction_following_eval via Podtech-AI/IFEval@5bdf377e"
MMLU_REV = "hendrycks/test@785eba57b455b9f9be12a0d3c1106d67274fea0e"
BBH_REV = "suzgunmirac/BIG-Bench-Hard@9ee07bd481feebf959a6b59d61ea57bdcf30964d"
_GSM8K_ANSWER = re.compile(r"####\s*(.+?)\s*$")


def _math_eval(
    path: str, name: str, answer_of: Callable[[dict[str, Any]], Any]
) -> Iterator[TaskRecord]:
    for index, row in enumerate(bundled_jsonl(path)):
        answer = clean_answer(answer_of(row))
        if answer is None:
            continue
        upstream = row.get("unique_id") or row.get("id") or row.get("url") or index
        yield math_record(
            problem=row["problem"],
            answer=answer,
            source=name,
            upstream_id=str(upstream),
            license="MIT",
            split="eval",
            difficulty=row.get("difficulty"),
        )


def _register_math(
    name: str, path: str, doc: str, answer_of: Callable[[dict[str, Any]], Any]
) -> None:
    def fn(params: Any, seed: int) -> Iterator[TaskRecord]:
        return _math_eval(path, name, answer_of)

    fn.__doc__ = doc
    fn.__name__ = name
    source(name, domain="math", revision=DEEPSCALER_REV if name != "gsm8k" else RLLM_REV)(fn)


def _gsm8k_answer(row: dict[str, Any]) -> str | None:
    match = _GSM8K_ANSWER.search(row.get("solution") or "")
    return match.group(1).replace(",", "") if match else None


_register_math(
    "aime2024", "math/aime2024.jsonl.gz", "AIME 2024 (30 problems).", lambda r: r["answer"]
)
_register_math("amc", "math/amc.jsonl.gz", "AMC 2022-2023 (83 problems).", lambda r: r["answer"])
_register_math(
    "math500", "math/math500.jsonl.gz", "MATH-500 (Lightman et al.).", lambda r: r["answer"]
)
_register_math("minerva", "math/minerva.jsonl.gz", "Minerva Math (272).", lambda r: r["answer"])
_register_math(
    "olympiadbench", "math/olympiadbench.jsonl.gz", "OlympiadBench (675).", lambda r: r["answer"]
)
_register_math("gsm8k", "math/gsm8k.jsonl.gz", "GSM8K test (1,319).", _gsm8k_answer)


@source("humaneval", domain="code", revision=HUMANEVAL_REV)
def humaneval(params: Any, seed: int) -> Iterator[TaskRecord]:
    """HumanEval (164), `check(candidate)` converted by reward_server.code_suites."""
    from reward_server.code_suites import humaneval_suite

    for row in bundled_jsonl("code/humaneval.jsonl.gz"):
        solution, converted = humaneval_suite(row)
        yield code_record(
            prompt=f"Complete the following Python function.\n\n```python\n{row['prompt']}```\n\n"
            f"{CODE_INSTRUCTION}",
            payload=converted.payload,
            config=converted.config,
            solution=solution,
            source="humaneval",
            upstream_id=row["task_id"],
            license="MIT",
            split="eval",
        )


@source("mbpp_test", domain="code", params=MbppParams, revision=MBPP_REV)
def mbpp_test(params: MbppParams, seed: int) -> Iterator[TaskRecord]:
    """MBPP test split (task ids 11-510) as call-style code tasks."""
    return mbpp_records(params.model_copy(update={"split": "test"}), "mbpp_test", "eval")


def _stdio_eval(path: str, name: str) -> Iterator[TaskRecord]:
    for index, row in enumerate(bundled_jsonl(path)):
        raw = row["tests"]
        if isinstance(raw, dict):
            pairs = [
                {"input": i, "output": o}
                for i, o in zip(raw["inputs"], raw["outputs"], strict=False)
            ]
        else:
            pairs = [{"input": t["input"], "output": t["output"]} for t in raw]
        if pairs:
            yield code_stdio_record(
                problem=row["problem"],
                tests=pairs,
                source=name,
                upstream_id=str(index),
                license="MIT",
                split="eval",
            )


@source("codeforces", domain="code", revision=RLLM_REV)
def codeforces(params: Any, seed: int) -> Iterator[TaskRecord]:
    """Codeforces test problems (408, rllm/DeepCoder split), stdin/stdout."""
    return _stdio_eval("code/codeforces_test_rllm.jsonl.gz", "codeforces")


@source("code_contests", domain="code", revision=RLLM_REV)
def code_contests(params: Any, seed: int) -> Iterator[TaskRecord]:
    """CodeContests test problems (165, rllm split), stdin/stdout."""
    return _stdio_eval("code/code_contests_test_rllm.jsonl.gz", "code_contests")


@source("leetcode", domain="code", revision=RLLM_REV)
def leetcode(params: Any, seed: int) -> Iterator[TaskRecord]:
    """LeetCode test problems (200, rllm split), check() converted by reward_server.code_suites."""
    from reward_server.code_suites import leetcode_suite

    for index, row in enumerate(bundled_jsonl("code/leetcode_test_rllm.jsonl.gz")):
        solution, converted = leetcode_suite(row)
        yield code_record(
            prompt=row["problem"],
            payload=converted.payload,
            config=converted.config,
            solution=solution,
            source="leetcode",
            upstream_id=str(index),
            license="MIT",
            split="eval",
        )


@source("ifeval", domain="instruction", revision=IFEVAL_REV)
def ifeval(params: Any, seed: int) -> Iterator[TaskRecord]:
    """IFEval's 541 prompts with their instruction ids and kwargs."""
    for row in bundled_jsonl("instruction/ifeval_input_data.jsonl.gz"):
        kwargs = [{k: v for k, v in kw.items() if v is not None} for kw in row["kwargs"]]
        yield TaskRecord(
            domain="instruction",
            source="ifeval",
            prompt=row["prompt"],
            verifier="ifeval",
            ground_truth={"instruction_id_list": row["instruction_id_list"], "kwargs": kwargs},
            split="eval",
            meta={"upstream_id": str(row["key"]), "license": "Apache-2.0"},
        )


def _mcq(path: str, name: str, domain: str) -> Iterator[TaskRecord]:
    for index, row in enumerate(bundled_jsonl(path)):
        letters = "ABCD"
        options = "\n".join(f"{letters[i]}. {c}" for i, c in enumerate(row["choices"]))
        yield TaskRecord(
            domain=domain,
            source=f"{name}/{row['subject']}",
            prompt=f"{row['question'].strip()}\n\n{options}\n\n{MCQ_INSTRUCTION}",
            verifier="stem",
            ground_truth={"answer": row["answer"], "kind": "mcq", "choices": list(row["choices"])},
            split="eval",
            meta={
                "reference": f"\\boxed{{{row['answer']}}}",
                "upstream_id": str(index),
                "license": "MIT",
            },
        )


@source("mmlu_stem", domain="stem", revision=MMLU_REV)
def mmlu_stem(params: Any, seed: int) -> Iterator[TaskRecord]:
    """MMLU's 18 STEM subjects, test split (3,015 multiple-choice questions)."""
    return _mcq("stem/mmlu_stem_test.jsonl.gz", "mmlu_stem", "stem")


@source("mmlu_logic", domain="logic", revision=MMLU_REV)
def mmlu_logic(params: Any, seed: int) -> Iterator[TaskRecord]:
    """MMLU formal_logic + logical_fallacies test split (289 questions)."""
    return _mcq("logic/mmlu_logic_test.jsonl.gz", "mmlu_logic", "logic")


@source("bbh", domain="logic", revision=BBH_REV)
def bbh(params: Any, seed: int) -> Iterator[TaskRecord]:
    """BIG-Bench Hard (27 tasks, 6,511 examples). Carries a canary: decontamination only."""
    for path in sorted((DATA_DIR / "logic" / "bbh").glob("*.json.gz")):
        task = path.name.removesuffix(".json.gz")
        for index, example in enumerate(read_json(path)["examples"]):
            yield TaskRecord(
                domain="logic",
                source=f"bbh/{task}",
                prompt=example["input"],
                verifier="math",
                ground_truth={"answer": example["target"]},
                split="eval",
                meta={"upstream_id": f"{task}/{index}", "license": "MIT", "decontam_only": True},
            )
