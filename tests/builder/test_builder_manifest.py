"""Manifest errors name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dataset_builder.manifest import ManifestError, load_manifest, parse_manifest

GOOD = """\
name: ok
version: 2
seed: 5
targets:
  math: 10
sources:
  - source: math_train
    count: 10
    params:
      min_difficulty: 3
eval:
  - {name: aime2024, source: aime2024}
"""


def test_good_manifest_parses_and_digest_ignores_formatting() -> None:
    m = parse_manifest(GOOD, "good.yaml")
    assert m.version == "2" and m.sources[0].params == {"min_difficulty": 3}
    reformatted = parse_manifest(GOOD.replace("targets:\n  math: 10", "targets: {math: 10}"))
    assert reformatted.digest() == m.digest()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("seed: 5", "seed: 5\ncolour: red"),
            "bad.yaml:4: colour: Extra inputs are not permitted",
        ),
        (
            GOOD.replace("count: 10", "count: -1"),
            "bad.yaml:8: sources[0].count: Input should be greater than or equal to 0",
        ),
        (
            GOOD.replace("min_difficulty: 3", "min_dificulty: 3"),
            "bad.yaml:10: sources[0].params.min_dificulty: Extra inputs",
        ),
        (
            GOOD.replace("math: 10", "maths: 10"),
            "bad.yaml:5: targets.maths: Input should be 'math', 'code'",
        ),
        (
            GOOD.replace("source: aime2024}", "source: aime2042}"),
            "bad.yaml:12: eval[0].source: unknown source 'aime2042'; known: ",
        ),
        (GOOD.replace("name: ok", "name: [ok"), "bad.yaml:"),
        (
            GOOD + "  - {name: gen, source: math_gen}\n",
            "bad.yaml:13: eval[1].source: 'math_gen' is endless",
        ),
        ("- just a list\n", "bad.yaml:1: a manifest must be a mapping"),
        (
            GOOD + "  - {name: aime2024, source: amc}\n",
            "bad.yaml:13: eval[1].name: duplicate eval set name",
        ),
    ],
)
def test_errors_point_at_file_line_and_field(text: str, expected: str) -> None:
    with pytest.raises(ManifestError) as info:
        parse_manifest(text, "bad.yaml")
    assert str(info.value).startswith(expected), str(info.value)


def test_unknown_source_lists_known_names_and_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="known: .*math_train"):
        parse_manifest(GOOD.replace("source: math_train", "source: math_tran"), "x.yaml")
    with pytest.raises(ManifestError, match="nope.yaml: cannot read manifest"):
        load_manifest(tmp_path / "nope.yaml")


def test_shipped_manifests_parse() -> None:
    """Every manifest in data_manifests/ is valid against the registered sources."""
    from dataset_builder.sources import SOURCES

    folder = Path(__file__).resolve().parents[2] / "data_manifests"
    known = set(SOURCES.names())
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text()
        missing = [
            n
            for n in ("math_gen", "code_gen", "stem_gen", "reasoning_gym", "instruction_gen")
            if f"source: {n}" in text and n not in known
        ]
        if missing:
            pytest.skip(f"{path.name} needs sources not registered yet: {missing}")
        load_manifest(path)
