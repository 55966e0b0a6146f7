"""The task record: one row per task, identical in every shard, export and API call.

See DESIGN.md "The task record". JSON-typed fields (`ground_truth`, `verifier_config`, `meta`)
are stored as JSON *strings* so that the Arrow schema is fixed across domains: a heterogeneous
struct column would make every new verifier a schema migration.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

import pyarrow as pa

DOMAINS = ("math", "code", "stem", "logic", "instruction")
VERIFIERS = ("math", "code", "stem", "reasoning_gym", "ifeval")
SPLITS = ("train", "eval")

ARROW_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("domain", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("prompt", pa.string(), nullable=False),
        pa.field("verifier", pa.string(), nullable=False),
        pa.field("ground_truth", pa.string(), nullable=False),
        pa.field("verifier_config", pa.string(), nullable=False),
        pa.field("split", pa.string(), nullable=False),
        pa.field("difficulty", pa.float64(), nullable=True),
        pa.field("meta", pa.string(), nullable=False),
    ]
)

_WS = re.compile(r"\s+")


def normalize_prompt(text: str) -> str:
    """Normal form used for ids and exact dedup: NFKC, casefolded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept. Same value -> same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def make_task_id(domain: str, prompt: str, ground_truth: Any) -> str:
    """`<domain>-<16 hex of sha256(normalized prompt + ground_truth)>`."""
    gt = ground_truth if isinstance(ground_truth, str) else canonical_json(ground_truth)
    digest = hashlib.sha256((normalize_prompt(prompt) + "\x00" + gt).encode("utf-8")).hexdigest()
    return f"{domain}-{digest[:16]}"


class RecordError(ValueError):
    """A record that breaks the contract; the message names the field."""


@dataclass
class TaskRecord:
    domain: str
    source: str
    prompt: str
    verifier: str
    ground_truth: dict[str, Any]
    verifier_config: dict[str, Any] = field(default_factory=dict)
    split: str = "train"
    difficulty: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = make_task_id(self.domain, self.prompt, self.ground_truth)

    def validate(self) -> None:
        if self.domain not in DOMAINS:
            raise RecordError(f"domain: {self.domain!r} is not one of {DOMAINS}")
        if self.verifier not in VERIFIERS:
            raise RecordError(f"verifier: {self.verifier!r} is not one of {VERIFIERS}")
        if self.split not in SPLITS:
            raise RecordError(f"split: {self.split!r} is not one of {SPLITS}")
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            raise RecordError("prompt: must be a non-empty string")
        if not self.source:
            raise RecordError("source: must be non-empty")
        if not isinstance(self.ground_truth, dict):
            raise RecordError("ground_truth: must be an object")
        if self.difficulty is not None and not isinstance(self.difficulty, (int, float)):
            raise RecordError("difficulty: must be a number or null")

    def to_row(self) -> dict[str, Any]:
        """Arrow/JSONL row: JSON fields serialized canonically."""
        row = asdict(self)
        for key in ("ground_truth", "verifier_config", "meta"):
            row[key] = canonical_json(row[key])
        if row["difficulty"] is not None:
            row["difficulty"] = float(row["difficulty"])
        return {f.name: row[f.name] for f in ARROW_SCHEMA}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TaskRecord:
        def load(value: Any) -> Any:
            return json.loads(value) if isinstance(value, str) else (value or {})

        return cls(
            id=row["id"],
            domain=row["domain"],
            source=row["source"],
            prompt=row["prompt"],
            verifier=row["verifier"],
            ground_truth=load(row["ground_truth"]),
            verifier_config=load(row.get("verifier_config", "{}")),
            split=row.get("split", "train"),
            difficulty=row.get("difficulty"),
            meta=load(row.get("meta", "{}")),
        )
