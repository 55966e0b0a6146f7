"""The corpus recipe: a YAML manifest, validated with pydantic, errors pointing at file:line.

Why line numbers: a manifest is edited by hand; "sources.3.params.tasks: extra inputs are not
permitted" is a hunt, "offline-136k.yaml:41: sources[3].params.tasks: ..." is a fix.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from prorl.record import canonical_json

Domain = Literal["math", "code", "stem", "logic", "instruction"]  # prorl.record.DOMAINS


class ManifestError(ValueError):
    """A manifest problem; the message starts with `file:line:`."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceEntry(_Strict):
    source: str
    count: int | None = Field(default=None, ge=0)
    """Most records this entry contributes; null = as many as the domain target still needs."""
    seed: int | None = None
    """Defaults to a seed derived from the global seed, the source name and its occurrence."""
    params: dict[str, Any] = Field(default_factory=dict)
    selfcheck: Literal["require", "if_reference"] = "require"
    """`if_reference`: records without meta.reference pass unchecked (counted in the lock);
    for upstream RL sets that ship no solutions (eurus2_code, nemotron_if)."""


class EvalEntry(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    source: str
    count: int | None = Field(default=None, ge=0)
    seed: int | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    selfcheck: Literal["report", "drop", "skip"] = "report"
    """Eval sets keep rows whose reference fails (report) unless told to drop them."""


class DedupSettings(_Strict):
    exact: bool = True
    near: bool = True
    threshold: float = Field(default=0.9, gt=0, le=1)


class DecontamSettings(_Strict):
    enabled: bool = True
    ngram: int = Field(default=13, ge=3)
    against: list[str] = Field(default_factory=list)
    """Extra sources whose prompts count as eval data without being written (e.g. bbh)."""
    boilerplate_min_prompts: int = Field(default=10, ge=2)
    """An n-gram found in this many distinct eval prompts is template text, not content."""


class SelfCheckSettings(_Strict):
    enabled: bool = True
    workers: int = Field(default=2, ge=1)
    batch: int = Field(default=2048, ge=1)
    """Records checked per round; each round is one cache segment (the resume granularity)."""
    max_reject_ratio: float = Field(default=20.0, gt=0)
    """Abort an entry after pulling this many times its quota without filling it."""


class Manifest(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    version: str
    seed: int = 0
    shard_rows: int = Field(default=10_000, ge=1)
    targets: dict[Domain, Annotated[int, Field(ge=0)]]
    """Exact train rows per domain."""
    sources: list[SourceEntry]
    eval: list[EvalEntry] = Field(default_factory=list)
    dedup: DedupSettings = Field(default_factory=DedupSettings)
    decontam: DecontamSettings = Field(default_factory=DecontamSettings)
    selfcheck: SelfCheckSettings = Field(default_factory=SelfCheckSettings)
    description: str = ""

    @field_validator("version", mode="before")
    @classmethod
    def _version_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value

    def digest(self) -> str:
        """Hash of the recipe's content (not its file path or formatting)."""
        return hashlib.sha256(canonical_json(self.model_dump(mode="json")).encode()).hexdigest()


def _line_map(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            out[child] = key.start_mark.line + 1
            _line_map(value, child, out)
            out[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), out)


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    for cut in range(len(loc), -1, -1):
        key = tuple(loc[:cut])
        if key in lines:
            return lines[key]
    return 1


def _loc_text(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def load_manifest(path: str | Path) -> Manifest:
    """Parse and validate; every failure is a ManifestError naming file, line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read manifest ({exc.strerror})") from None
    return parse_manifest(text, str(path))


def parse_manifest(text: str, filename: str = "<manifest>") -> Manifest:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ManifestError(f"{filename}:{line}: invalid YAML: {problem}") from None
    if not isinstance(data, dict) or node is None:
        raise ManifestError(f"{filename}:1: a manifest must be a mapping (name, version, ...)")
    lines: dict[tuple[Any, ...], int] = {}
    _line_map(node, (), lines)
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if p != "[key]")
        raise ManifestError(
            f"{filename}:{_line_for(lines, loc)}: {_loc_text(loc)}: {err['msg']}"
        ) from None
    _check_names(manifest, lines, filename)
    return manifest


def _check_names(manifest: Manifest, lines: dict[tuple[Any, ...], int], filename: str) -> None:
    """Sources must exist, params must fit their models, eval names must be unique."""
    from dataset_builder.sources import SOURCES

    def fail(loc: tuple[Any, ...], msg: str) -> ManifestError:
        return ManifestError(f"{filename}:{_line_for(lines, loc)}: {_loc_text(loc)}: {msg}")

    known = SOURCES.names()
    groups: list[tuple[str, list[Any]]] = [
        ("sources", list(manifest.sources)),
        ("eval", list(manifest.eval)),
    ]
    for group, entries in groups:
        for index, entry in enumerate(entries):
            if entry.source not in known:
                raise fail(
                    (group, index, "source"),
                    f"unknown source {entry.source!r}; known: {', '.join(known)}",
                )
            spec = SOURCES.get(entry.source)
            try:
                spec.params.model_validate(entry.params)
            except ValidationError as exc:
                err = exc.errors()[0]
                raise fail((group, index, "params", *err["loc"]), err["msg"]) from None
    for index, ev in enumerate(manifest.eval):
        if ev.count is None and not SOURCES.get(ev.source).finite:
            raise fail(
                ("eval", index, "source"), f"{ev.source!r} is endless: give the eval set a count"
            )
    for index, name in enumerate(manifest.decontam.against):
        if name not in known:
            raise fail(
                ("decontam", "against", index),
                f"unknown source {name!r}; known: {', '.join(known)}",
            )
    seen: set[str] = set()
    for index, entry in enumerate(manifest.eval):
        if entry.name in seen:
            raise fail(("eval", index, "name"), f"duplicate eval set name {entry.name!r}")
        seen.add(entry.name)
    for index, entry in enumerate(manifest.sources):
        domain = SOURCES.get(entry.source).domain
        if domain not in manifest.targets:
            raise fail(
                ("sources", index, "source"),
                f"source {entry.source!r} is domain {domain!r}, which has no entry in targets",
            )
