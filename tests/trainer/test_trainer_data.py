"""The prompt stream: lock-checked shards, weighted domain mix, resumable cursor, rank split."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from prorl.record import TaskRecord
from trainer.data import CorpusError, PromptStream, open_corpus


def _recs(domain: str, k: int) -> list[TaskRecord]:
    return [TaskRecord(domain, "t", f"{domain} {i}", "math", {"answer": str(i)}) for i in range(k)]


def test_open_corpus_reads_train_and_eval(parity_corpus: Path) -> None:
    corpus = open_corpus(str(parity_corpus))
    assert len(corpus.train) == 200 and len(corpus.eval_sets["heldout"]) == 16
    assert corpus.lock_hash == json.loads((parity_corpus / "lock.json").read_text())["lock_hash"]
    assert not {r.prompt for r in corpus.train} & {r.prompt for r in corpus.eval_sets["heldout"]}
    assert all(r.meta["reference"].startswith("\\boxed{") for r in corpus.train)


def test_tampered_shard_is_rejected_naming_the_file(parity_corpus: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "c"
    shutil.copytree(parity_corpus, copy)
    shard = next((copy / "train").glob("shard-*.arrow"))
    shard.write_bytes(shard.read_bytes()[:-8] + b"XXXXXXXX")
    with pytest.raises(CorpusError, match=shard.name):
        open_corpus(str(copy))
    with pytest.raises(CorpusError, match="missing|lock"):
        open_corpus(str(tmp_path / "nothing"))


def test_domain_weights_mix_and_cursor_resume() -> None:
    recs = _recs("math", 30) + _recs("code", 30)
    stream = PromptStream(recs, {"math": 3.0, "code": 1.0}, seed=1)
    first = stream.take(400)
    share = Counter(r.domain for r in first)["math"] / 400
    assert 0.68 < share < 0.82  # 3:1 mix
    state = stream.state()
    nxt = [r.id for r in stream.take(20)]
    again = PromptStream(recs, {"math": 3.0, "code": 1.0}, seed=1)
    again.load_state(json.loads(json.dumps(state)))  # survives the JSON round trip
    assert [r.id for r in again.take(20)] == nxt
    # every row of a domain is seen once per epoch
    math_ids = [r.id for r in PromptStream(_recs("math", 30), {}, seed=2).take(30)]
    assert len(set(math_ids)) == 30


def test_ranks_take_disjoint_prompts_and_bad_weights_are_named() -> None:
    recs = _recs("math", 50)
    r0 = PromptStream(recs, {}, seed=0, rank=0, world_size=2).take(10)
    r1 = PromptStream(recs, {}, seed=0, rank=1, world_size=2).take(10)
    assert not {r.id for r in r0} & {r.id for r in r1}
    with pytest.raises(CorpusError, match="data.domain_weights.*logic"):
        PromptStream(recs, {"logic": 1.0}, seed=0)
