"""Reasoning-gym glue shared by the `reasoning_gym` verifier and the corpus source.

Why this exists: a reasoning-gym entry is a Python dict whose metadata holds tuples, sets,
int-keyed dicts, dates and nested dataclasses, and several scorers read `self.config`. The corpus
stores the generator config and the entry as JSON, so the scorer must be rebuilt from JSON and see
the same Python values the generator produced. Two directions live here:

* `to_json`: the one lossy-but-documented conversion every stored payload goes through
  (tuples and sets -> lists, dict keys -> str, dates -> ISO strings, enums -> values);
* `restore_config` / `restore_entry`: undo it where reasoning-gym cares. Configs are restored
  generically from the config dataclass's own defaults (a field whose default is a tuple gets a
  tuple back, a nested dataclass is rebuilt, ...); entries need per-task rules, found by sending
  every task's entries through a JSON round trip and comparing scores (see tests/verifiers_rg).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import json
import numbers
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import reasoning_gym  # noqa: F401  (importing it fills the registry)
from reasoning_gym.dataset import ProceduralDataset
from reasoning_gym.factory import DATASETS

RG_VERSION = "0.1.25"
"""The reasoning-gym release whose generators and scorers this module was checked against."""

UNSUPPORTED: dict[str, str] = {
    "composite": "a meta-dataset that mixes other tasks; store and score the member task instead",
}
"""Registered tasks the verifier refuses, with the reason shown to the caller."""


class RGPayloadError(ValueError):
    """A task/config/entry that cannot be turned back into a scorer; `field` names where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def task_names() -> list[str]:
    """Every task the verifier can score: reasoning-gym's registry minus `UNSUPPORTED`."""
    return sorted(name for name in DATASETS if name not in UNSUPPORTED)


def check_task(name: str) -> str:
    if name in UNSUPPORTED:
        raise ValueError(f"reasoning-gym task {name!r} is not supported: {UNSUPPORTED[name]}")
    if name not in DATASETS:
        raise ValueError(f"unknown reasoning-gym task {name!r}; known: {', '.join(task_names())}")
    return name


# --- Python -> JSON ----------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A JSON-safe copy of `value`. Sets are sorted by their JSON text so the bytes do not depend
    on PYTHONHASHSEED; every other container keeps its order."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, (int, float)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [to_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()  # datetime is a date subclass: covered too
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return to_json(value.item())
    # sympy's Integer/Rational/Float and fractions.Fraction register with the numbers ABCs; some
    # generators leak them into entries (gsm_symbolic, sympy-based tasks). Integers stay exact;
    # a fraction becomes its exact text "p/q" (the self-check rejects the entry if the task's
    # scorer then disagrees, so nothing is silently mis-scored).
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Rational):
        return str(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"cannot store a {type(value).__name__} in a reasoning-gym payload")


def config_to_json(config: Any) -> dict[str, Any]:
    out = to_json(config)
    assert isinstance(out, dict)
    return out


# --- JSON -> Python: configs -------------------------------------------------------------------


def _like(value: Any, template: Any, where: str) -> Any:
    """Convert JSON `value` to the Python shape of `template` (a default value of the field)."""
    if value is None or template is None:
        return value
    if dataclasses.is_dataclass(template) and not isinstance(template, type):
        if not isinstance(value, dict):
            raise RGPayloadError(where, f"expected an object, got {type(value).__name__}")
        return _build_dataclass(type(template), value, where, template)
    if isinstance(template, enum.Enum):
        try:
            return type(template)(value)
        except ValueError:
            options = ", ".join(repr(m.value) for m in type(template))
            raise RGPayloadError(where, f"{value!r} is not one of {options}") from None
    if isinstance(template, datetime.datetime | datetime.date | datetime.time) and isinstance(
        value, str
    ):
        try:
            return type(template).fromisoformat(value)
        except ValueError:
            raise RGPayloadError(where, f"{value!r} is not an ISO date/time") from None
    if isinstance(template, (tuple, list)) and isinstance(value, list):
        if template and len(template) == len(value) and isinstance(template, tuple):
            items = [
                _like(v, t, f"{where}.{i}")
                for i, (v, t) in enumerate(zip(value, template, strict=True))
            ]
        elif template:
            items = [_like(v, template[0], f"{where}.{i}") for i, v in enumerate(value)]
        else:
            items = list(value)
        return tuple(items) if isinstance(template, tuple) else items
    return value


def _field_default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None


def _build_dataclass(cls: type, data: dict[str, Any], where: str, template: Any = None) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise RGPayloadError(
            f"{where}.{unknown[0]}", f"unknown option; {cls.__name__} has {', '.join(fields)}"
        )
    kwargs = {}
    for name, value in data.items():
        default = getattr(template, name) if template is not None else _field_default(fields[name])
        kwargs[name] = _like(value, default, f"{where}.{name}")
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise RGPayloadError(where, str(exc)) from None


def restore_config(task: str, config: dict[str, Any], *, size: int | None = None) -> Any:
    """The task's config dataclass from its JSON form, validated. `size` overrides the dataset
    size: scoring never iterates, so the verifier builds the smallest dataset allowed."""
    _, config_cls = DATASETS[check_task(task)]
    data = dict(config)
    if size is not None and "size" in {f.name for f in dataclasses.fields(config_cls)}:
        data["size"] = size
    cfg = _build_dataclass(config_cls, data, "config")
    if hasattr(cfg, "validate"):
        try:
            cfg.validate()
        except (AssertionError, ValueError, TypeError) as exc:
            raise RGPayloadError(
                "config", f"rejected by {task}: {exc or 'invalid value'}"
            ) from None
    return cfg


@lru_cache(maxsize=256)
def _scorer(task: str, config_json: str) -> ProceduralDataset:
    cfg = restore_config(task, json.loads(config_json), size=1)
    cls, _ = DATASETS[task]
    try:
        return cls(config=cfg)
    except (AssertionError, ValueError, TypeError, KeyError) as exc:
        raise RGPayloadError("config", f"{task} cannot be built: {exc!r}") from None


def scorer(task: str, config: dict[str, Any]) -> ProceduralDataset:
    """A dataset object that scores like the one that generated the entry. Cached by
    (task, canonical config) with a bounded LRU: some constructors load word lists or ARC files
    (0.1-0.3 s), which must not be paid per rollout."""
    return _scorer(task, json.dumps(config, sort_keys=True, separators=(",", ":")))


def make_dataset(task: str, config: dict[str, Any]) -> ProceduralDataset:
    """A generating dataset (full size, as configured) from a JSON config; used by the source."""
    cfg = restore_config(check_task(task), config)
    cls, _ = DATASETS[task]
    return cls(config=cfg)


# --- JSON -> Python: entries -------------------------------------------------------------------


def _deep_tuple(value: Any) -> Any:
    return tuple(_deep_tuple(v) for v in value) if isinstance(value, list) else value


def _grids_as_tuples(entry: dict[str, Any]) -> dict[str, Any]:
    """ARC scorers compare the parsed answer grid with `metadata["output"]` by ==, and a parsed
    grid is a tuple of tuples: a list-of-lists would never be equal."""
    meta = dict(entry.get("metadata") or {})
    for key in ("input", "output"):
        if key in meta:
            meta[key] = _deep_tuple(meta[key])
    return {**entry, "metadata": meta}


ENTRY_RESTORERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "arc_agi": _grids_as_tuples,
    "rearc": _grids_as_tuples,
}
"""Per-task fixes for what JSON loses in an entry. Every other task scores a round-tripped entry
exactly like the original (checked for all tasks by tests/verifiers_rg)."""


def restore_entry(task: str, entry: dict[str, Any]) -> dict[str, Any]:
    fix = ENTRY_RESTORERS.get(task)
    return fix(entry) if fix else entry


# --- oracle answers ----------------------------------------------------------------------------


def _graph_color_reference(entry: dict[str, Any]) -> str | None:
    possible = entry["metadata"].get("possible_answer")
    return None if possible is None else json.dumps({str(k): v for k, v in possible.items()})


def _boxnet_reference(entry: dict[str, Any]) -> str | None:
    """A valid boxnet plan built from the initial state: carry each box square by square (rows
    first, then columns) to an unused target of its colour, one action per step. Not optimal in
    steps, but boxnet scores the fraction of boxes delivered, so any complete plan scores 1."""
    state = entry["metadata"].get("initial_state")
    if not isinstance(state, dict):
        return None
    boxes, targets = [], []
    for square, items in state.items():
        r, c = (float(v) for v in square.split("_"))
        for item in items:
            if item.startswith("box_"):
                boxes.append((item[4:], r, c))
            elif item.startswith("target_"):
                targets.append((item[7:], r, c))
    plan: list[dict[str, str]] = []
    for colour, r, c in boxes:
        match = next((t for t in targets if t[0] == colour), None)
        if match is None:
            return None
        targets.remove(match)
        _, tr, tc = match
        while (r, c) != (tr, tc):
            nr, nc = (r + (1 if tr > r else -1), c) if r != tr else (r, c + (1 if tc > c else -1))
            plan.append({f"Agent[{r}, {c}]": f"move(box_{colour}, square[{nr}, {nc}])"})
            r, c = nr, nc
        plan.append({f"Agent[{r}, {c}]": f"move(box_{colour}, target_{colour})"})
    return json.dumps(plan)


_REFERENCE_FROM_META: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "boxnet": _boxnet_reference,
    "graph_color": _graph_color_reference,
    "propositional_logic": lambda e: e["metadata"].get("example_answer"),
    "rubiks_cube": lambda e: e["metadata"].get("example_correct_answer"),
}
"""Tasks whose entries have `answer: None` (any valid solution is accepted by a validator) but
carry one valid solution in metadata (boxnet: a plan built from its initial state).
`rush_hour` carries none."""


def reference_answer(task: str, entry: dict[str, Any]) -> str | None:
    """One answer reasoning-gym scores 1.0 for this entry, or None where no entry carries one."""
    answer = entry.get("answer")
    if answer is not None:
        return str(answer)
    pick = _REFERENCE_FROM_META.get(task)
    return pick(entry) if pick else None


def entry_digest(task: str, config: dict[str, Any], entry: dict[str, Any]) -> str:
    text = json.dumps([task, config, entry], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
