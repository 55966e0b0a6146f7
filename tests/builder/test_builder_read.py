"""Reading a built corpus: the trainer's reader (local and over `prorl data serve`), diff and
exports loaded back with `datasets`."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dataset_builder.diff import diff_corpora, format_diff
from dataset_builder.export import EXTRA_INFO_KEYS, export_corpus
from dataset_builder.manifest import parse_manifest
from dataset_builder.pipeline import build
from dataset_builder.shards import CorpusError, open_corpus

REPO = Path(__file__).resolve().parents[2]


def test_open_corpus_local_iterates_records_and_checks_hashes(
    small_corpus: Path, corpus_copy: Path
) -> None:
    corpus = open_corpus(small_corpus)
    lock = json.loads((small_corpus / "lock.json").read_text())
    assert corpus.lock_hash == lock["lock_hash"]
    assert [s.rows for s in corpus.shards("train")] == [50, 50, 20]
    assert corpus.eval_sets() == ["aime2024", "ifeval", "math500"]
    records = list(corpus.iter_records("train"))
    assert len(records) == 120 and all(r.split == "train" for r in records)
    assert len(list(corpus.iter_records("eval", "aime2024"))) == 30
    shard = corpus_copy / "train" / "shard-00000.arrow"
    data = bytearray(shard.read_bytes())
    data[-100] ^= 0xFF
    shard.write_bytes(bytes(data))
    with pytest.raises(CorpusError, match="train/shard-00000.arrow: sha256"):
        list(open_corpus(corpus_copy).iter_records("train"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_serve_streams_the_corpus_read_only(small_corpus: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "prorl", "data", "serve", str(small_corpus), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/lock.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        corpus = open_corpus(base)
        assert corpus.lock_hash == json.loads((small_corpus / "lock.json").read_text())["lock_hash"]
        assert len(list(corpus.iter_records("train"))) == 120
        raw = (small_corpus / "train" / "shard-00001.arrow").read_bytes()
        part = httpx.get(f"{base}/train/shard-00001.arrow", headers={"Range": "bytes=10-19"})
        assert part.status_code == 206 and part.content == raw[10:20]
        assert part.headers["content-range"] == f"bytes 10-19/{len(raw)}"
        head = httpx.head(f"{base}/train/shard-00001.arrow")
        assert head.status_code == 200 and int(head.headers["content-length"]) == len(raw)
        for path in (
            "/../lock.json",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/train/../../lock.json",
            "/.cache",
        ):
            status, body = _raw_get(port, path)  # raw: httpx would normalize the dots away
            assert status == 404 and b"error" in body, path
        assert httpx.post(f"{base}/lock.json").status_code == 405
        assert httpx.get(f"{base}/lock.json", headers={"Range": "bytes=x"}).status_code == 416
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_diff_reports_rows_and_source_changes(small_corpus: Path, tmp_path: Path) -> None:
    manifest = parse_manifest(
        "name: small\nversion: '2'\nseed: 11\nshard_rows: 50\ntargets: {math: 100}\nsources:\n"
        "  - {source: aime_1983_2023, count: 10, params: {min_difficulty: 5}}\n"
        "  - {source: math_train}\n"
        "eval:\n  - {name: aime2024, source: aime2024}\n  - {name: math500, source: math500}\n"
        "  - {name: ifeval, source: ifeval, count: 40, selfcheck: skip}\n"
        "selfcheck: {workers: 1}\n"
    )
    build(manifest, tmp_path / "v2", progress=False)
    result = diff_corpora(small_corpus, tmp_path / "v2")
    assert not result["identical"]
    assert result["rows"]["removed"] >= 20 and result["removed"]["by_domain"]["math"] >= 20
    changed = {c["entry"]: c for c in result["sources"]}
    assert changed["aime_1983_2023#1"]["fields"]["params"]["new"] == {"min_difficulty": 5.0}
    assert changed["aime_1983_2023#1"]["fields"]["count"] == {"old": 30, "new": 10}
    assert "rows: +" in format_diff(result)
    assert diff_corpora(small_corpus, small_corpus)["identical"]


def test_exports_load_with_datasets(small_corpus: Path, tmp_path: Path, hf_cache: Path) -> None:
    import datasets

    verl = export_corpus(small_corpus, "verl", tmp_path / "verl")
    train = datasets.load_dataset(
        "parquet",
        data_files={"train": str(tmp_path / "verl" / "train.parquet")},
        cache_dir=str(hf_cache),
    )["train"]
    assert len(train) == 120
    row = train[0]
    assert row["prompt"][0]["role"] == "user" and row["ability"] == "math"
    assert row["reward_model"]["style"] == "rule" and "answer" in json.loads(
        row["reward_model"]["ground_truth"]
    )
    assert tuple(row["extra_info"]) == EXTRA_INFO_KEYS
    evals = [p for p in verl if "eval" in p.parts]
    ds = datasets.load_dataset(
        "parquet", data_files=[str(p) for p in evals], cache_dir=str(hf_cache)
    )
    assert len(ds["train"]) == 30 + 40 + 500  # same extra_info keys everywhere, so they concatenate

    export_corpus(small_corpus, "hf", tmp_path / "hf")
    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    assert len(loaded["train"]) == 120 and len(loaded["eval_math500"]) == 500

    jsonl = export_corpus(small_corpus, "jsonl", tmp_path / "jsonl")
    ds = datasets.load_dataset("json", data_files=str(jsonl[0]), cache_dir=str(hf_cache))["train"]
    assert len(ds) == 120 and set(ds.column_names) >= {"id", "prompt", "ground_truth"}
    shards = sorted(str(p) for p in (small_corpus / "train").glob("shard-*.arrow"))
    raw = datasets.load_dataset("arrow", data_files=shards, cache_dir=str(hf_cache))["train"]
    assert len(raw) == 120
