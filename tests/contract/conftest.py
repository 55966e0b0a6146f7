"""Contract fixtures: one real `prorl serve` process for every contract test (started once).

The server gets a 1 MiB body limit so the oversized-body contract can be checked without
building a huge request, and a generous deadline because the suite shares two cores.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dataset_builder.shards import open_corpus
from prorl.record import VERIFIERS as VERIFIER_NAMES
from prorl.record import TaskRecord
from reward_server.launch import start_server

MAX_BODY = 1024 * 1024


@pytest.fixture(scope="session")
def contract_server(corpus_build: Any) -> Iterator[str]:
    env = {
        "PRORL_DEADLINE_S": "20",
        "PRORL_MAX_BODY_BYTES": str(MAX_BODY),
        "PRORL_MAX_ITEMS_PER_REQUEST": "512",
        "PRORL_MAX_QUEUE": "4096",
    }
    with start_server(workers=2, env=env) as url:
        yield url


@pytest.fixture(scope="session")
def contract_max_body() -> int:
    """PRORL_MAX_BODY_BYTES of `contract_server`."""
    return MAX_BODY


ScoreFn = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


@pytest.fixture(scope="session")
def score_http(contract_server: str) -> ScoreFn:
    """POST items to the live /v1/score in a few big requests (each must be a 200)."""
    return lambda items: post_score(contract_server, items)


def post_score(url: str, items: list[dict[str, Any]], chunk: int = 256) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    with httpx.Client(timeout=120.0) as http:
        for start in range(0, len(items), chunk):
            resp = http.post(f"{url}/v1/score", json={"items": items[start : start + chunk]})
            assert resp.status_code == 200, resp.text[:2000]
            results.extend(resp.json()["results"])
    assert [r["id"] for r in results] == [it["id"] for it in items]
    return results


MANIFEST = """\
# Every verifier, a handful of records each, through the full default pipeline (dedup and
# decontamination on: a small reasoning-gym eval set once made every logic record "contaminated").
name: contract
version: "1"
seed: 7
shard_rows: 50
targets: {math: 6, code: 4, stem: 6, logic: 8, instruction: 4}
sources:
  - {source: math_train, count: 3}
  - {source: math_gen, count: 3}
  - {source: mbpp_train, count: 4}
  - {source: stem_gen, count: 6}
  - {source: reasoning_gym, count: 8}
  - {source: instruction_gen, count: 4}
eval:
  - {name: ood, source: reasoning_gym_ood, count: 3}
selfcheck: {workers: 1, batch: 64}
"""


def prorl(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real `prorl` CLI in a subprocess, as a user would."""
    cmd = [sys.executable, "-m", "prorl", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="session")
def run_prorl() -> Callable[..., subprocess.CompletedProcess[str]]:
    return prorl


@pytest.fixture(scope="session")
def corpus_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """`prorl data build` started in the background: the server fixture asks for it first, so the
    build and the server start-up overlap instead of adding up."""
    root = tmp_path_factory.mktemp("contract-corpus")
    manifest = root / "contract.yaml"
    manifest.write_text(MANIFEST)
    out = root / "corpus"
    cmd = [sys.executable, "-m", "prorl", "data", "build", str(manifest), "--out", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    yield proc, out
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


@pytest.fixture(scope="session")
def built_corpus(corpus_build: tuple[subprocess.Popen[str], Path]) -> Path:
    """A corpus covering all five verifiers, built by `prorl data build`."""
    proc, out = corpus_build
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def corpus_records(built_corpus: Path) -> list[TaskRecord]:
    corpus = open_corpus(built_corpus)
    records = list(corpus.iter_records("train"))
    for name in corpus.eval_sets():
        records.extend(corpus.iter_records("eval", name))
    assert {r.verifier for r in records} == set(VERIFIER_NAMES)
    return records
