"""Fixtures for the corpus-builder tests: a small real build shared by the read-side tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Real bundled sources + the real math verifier; 10 AIME problems then MATH train to 120 tasks,
# decontaminated against AIME 2024 and MATH-500, in shards of 50 rows.
SMALL_MANIFEST = """\
name: small
version: "1"
seed: 11
shard_rows: 50
targets: {math: 120}
sources:
  - {source: aime_1983_2023, count: 30}
  - {source: math_train}
eval:
  - {name: aime2024, source: aime2024}
  - {name: math500, source: math500}
  - {name: ifeval, source: ifeval, count: 40, selfcheck: skip}
selfcheck: {workers: 2, batch: 40}
"""


def write_manifest(folder: Path, text: str, name: str = "manifest.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_manifest(tmp_path_factory.mktemp("manifests"), SMALL_MANIFEST, "small.yaml")


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, small_manifest: Path) -> Path:
    """One real build, shared read-only; tests that mutate must copy it (`corpus_copy`)."""
    from dataset_builder.manifest import load_manifest
    from dataset_builder.pipeline import build

    out = tmp_path_factory.mktemp("small") / "corpus"
    build(load_manifest(small_manifest), out, progress=False)
    return out


@pytest.fixture()
def corpus_copy(small_corpus: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "copy"
    shutil.copytree(small_corpus, dest, ignore=shutil.ignore_patterns(".cache"))
    return dest


@pytest.fixture()
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep `datasets` caches inside the test's tmp dir and offline."""
    cache = tmp_path / "hf-cache"
    monkeypatch.setenv("HF_DATASETS_CACHE", str(cache))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield cache
