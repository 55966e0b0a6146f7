"""`prorl eval`: sample n answers per held-out problem, grade them with the reward service,
report pass@k per benchmark and per domain.

Why through the reward service (and not an in-process verifier call): evaluation must grade
exactly like training does, code included, and the code sandbox lives in the service. Why the
paper's settings by default (temperature 0.6, top-p 0.95): ProRL reports pass@k at those, and
numbers at other settings are not comparable to its tables.

Generation of chunk i+1 overlaps scoring of chunk i (one background scoring thread, as in the
trainer). Every sample is written to `samples.jsonl` before any number is computed.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import torch

from prorl.record import TaskRecord
from trainer.config import RewardConfig, RolloutConfig
from trainer.eval_report import write_report
from trainer.rewards import RewardScorer, Scored
from trainer.rollout import Engine, Rollout, make_engine
from trainer.tiny import PRESETS, Codec, load_codec, load_policy


class EvalError(ValueError):
    """A user mistake (missing set, bad k, unreadable model); the message names the thing."""


@dataclass
class EvalSettings:
    n: int = 16
    ks: list[int] = field(default_factory=lambda: [1, 4, 16])
    temperature: float = 0.6
    top_p: float = 0.95
    max_new_tokens: int = 1024
    max_prompt_tokens: int = 1024
    limit: int | None = None
    engine: str = "hf_fast"
    seed: int = 0
    batch_prompts: int = 8
    system_prompt: str | None = None
    threshold: float = 1.0
    dtype: str = "float32"
    cpu_threads: int | None = None

    def check(self) -> None:
        if self.n < 1:
            raise EvalError(f"--n: must be >= 1, got {self.n}")
        bad = [k for k in self.ks if not 1 <= k <= self.n]
        if bad or not self.ks:
            raise EvalError(f"--k: every k must be in 1..n={self.n}, got {self.ks}")
        if self.engine not in ("hf", "hf_fast", "vllm"):
            raise EvalError(f"--engine: {self.engine!r} is not one of hf, hf_fast, vllm")


# -- eval sets ----------------------------------------------------------------------------
def _read_folder(folder: Path, name: str) -> list[TaskRecord]:
    files = sorted(folder.glob("shard-*.arrow"))
    if not files:
        raise EvalError(f"{folder}: eval set {name!r} has no shard-*.arrow files")
    rows: list[TaskRecord] = []
    for f in files:
        try:
            table = pa.ipc.open_file(pa.memory_map(str(f))).read_all()
            rows += [TaskRecord.from_row(r) for r in table.to_pylist()]
        except (pa.ArrowInvalid, OSError, KeyError) as exc:
            raise EvalError(f"{f}: not a readable eval shard ({exc})") from None
    return rows


def load_eval_sets(corpus: str, names: list[str], limit: int | None) -> dict[str, list[TaskRecord]]:
    """Read `<corpus>/eval/<name>`; through lock.json (sha256-checked) when the corpus has one."""
    root = Path(corpus)
    if not names:
        raise EvalError("--sets: name at least one eval set")
    if not root.is_dir() and "://" not in corpus:
        raise EvalError(f"--corpus: {corpus} is not a directory")
    available = sorted(p.name for p in (root / "eval").glob("*") if p.is_dir())
    out: dict[str, list[TaskRecord]] = {}
    locked = (root / "lock.json").is_file() or "://" in corpus
    corpus_obj = None
    if locked:
        from dataset_builder.shards import CorpusError, open_corpus

        try:
            corpus_obj = open_corpus(corpus)
            available = corpus_obj.eval_sets()
        except CorpusError as exc:
            raise EvalError(str(exc)) from None
    for name in names:
        if name not in available:
            raise EvalError(
                f"--sets: eval set {name!r} not found under {corpus}/eval; "
                f"available: {', '.join(available) or 'none'}"
            )
        if corpus_obj is not None:
            from dataset_builder.shards import CorpusError

            try:
                records = list(corpus_obj.iter_records("eval", name))
            except CorpusError as exc:
                raise EvalError(str(exc)) from None
        else:
            records = _read_folder(root / "eval" / name, name)
        if not records:
            raise EvalError(f"{corpus}/eval/{name}: the eval set is empty")
        out[name] = records[:limit] if limit else records
    return out


# -- model --------------------------------------------------------------------------------
def resolve_model(path: str) -> str:
    """A run dir (-> its latest checkpoint's policy), a checkpoint dir, an HF model dir or
    name, or a tiny preset (random weights: smoke tests only)."""
    p = Path(path)
    latest = p / "checkpoints" / "latest"
    if latest.is_file():
        p = p / "checkpoints" / latest.read_text(encoding="utf-8").strip()
    if (p / "policy" / "config.json").is_file():
        return str(p / "policy")
    if (p / "config.json").is_file() or path in PRESETS:
        return str(p) if p.exists() else path
    if p.exists():
        raise EvalError(f"{path}: no config.json (not a model, checkpoint or run directory)")
    return path  # a hub name; loading fails with a clear message when offline


def load_model(path: str, seed: int, dtype: str) -> tuple[torch.nn.Module, Codec, str]:
    src = resolve_model(path)
    try:
        model = load_policy(src, None, seed, dtype)
        codec = load_codec(src)
    except (OSError, ValueError) as exc:
        raise EvalError(f"{path}: cannot load model ({type(exc).__name__}: {exc})") from None
    if torch.cuda.is_available():
        model = model.cuda()
    return model.eval(), codec, src


# -- the run ------------------------------------------------------------------------------
@contextlib.contextmanager
def reward_backend(url: str | None, workers: int = 2) -> Iterator[str]:
    """The given URL, or a fresh local `prorl serve` for the duration of the evaluation."""
    if url:
        yield url
        return
    from reward_server.launch import start_server

    with start_server(workers=workers) as started:
        yield started


def _engine(model: torch.nn.Module, codec: Codec, src: str, st: EvalSettings) -> Engine:
    cfg = RolloutConfig(
        engine=st.engine,  # type: ignore[arg-type]
        n=st.n,
        temperature=st.temperature,
        top_p=st.top_p,
        max_prompt_tokens=st.max_prompt_tokens,
        max_response_tokens=st.max_new_tokens,
        gen_batch_prompts=st.batch_prompts,
    )
    if st.engine == "hf_fast":
        from trainer.fastgen import FastHFEngine

        return FastHFEngine(model, codec.pad_id, codec.eos_id, cfg, seed=st.seed)
    return make_engine(cfg, model, codec.pad_id, codec.eos_id, src)


def run_eval(
    model_path: str,
    corpus: str,
    set_names: list[str],
    out: str,
    st: EvalSettings,
    reward_url: str | None = None,
    echo: Callable[[str], None] = print,
) -> dict[str, Any]:
    st.check()
    sets = load_eval_sets(corpus, set_names, st.limit)
    if st.cpu_threads and not torch.cuda.is_available():
        torch.set_num_threads(st.cpu_threads)
    torch.manual_seed(st.seed)
    model, codec, src = load_model(model_path, st.seed, st.dtype)
    engine = _engine(model, codec, src, st)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(name, rec) for name, recs in sets.items() for rec in recs]
    t0 = time.perf_counter()
    samples: list[dict[str, Any]] = []
    with reward_backend(reward_url) as url:
        scorer = RewardScorer(RewardConfig(urls=[url], grace_s=30.0, timeout_s=120.0))
        pending: list[tuple[list[tuple[str, TaskRecord]], list[Rollout], Future[Scored]]] = []
        try:
            for start in range(0, len(jobs), st.batch_prompts):
                chunk = jobs[start : start + st.batch_prompts]
                prompts = [codec.prompt_ids(r.prompt, st.system_prompt) for _, r in chunk]
                rollouts = engine.generate(prompts, st.n)
                items = [
                    {
                        "id": str(i),
                        "verifier": chunk[i // st.n][1].verifier,
                        "ground_truth": chunk[i // st.n][1].ground_truth,
                        "config": chunk[i // st.n][1].verifier_config or None,
                        "response": codec.decode(ro.response_ids),
                    }
                    for i, ro in enumerate(rollouts)
                ]
                pending.append((chunk, rollouts, scorer.submit(items)))
                echo(f"generated {min(start + len(chunk), len(jobs))}/{len(jobs)} problems")
            for chunk, rollouts, fut in pending:
                results = {r["id"]: r for r in fut.result().results}
                for i, ro in enumerate(rollouts):
                    name, rec = chunk[i // st.n]
                    res = results.get(str(i), {})
                    samples.append(
                        {
                            "set": name,
                            "task_id": rec.id,
                            "domain": rec.domain,
                            "sample": i % st.n,
                            "reward": res.get("reward"),
                            "status": res.get("status"),
                            "truncated": ro.truncated,
                            "response_tokens": len(ro.response_ids),
                            "response": codec.decode(ro.response_ids),
                        }
                    )
        finally:
            scorer.close()
    with (out_dir / "samples.jsonl").open("w", encoding="utf-8") as fh:
        for s in samples:
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
    settings = {k: v for k, v in asdict(st).items() if k not in ("ks", "threshold")}
    settings.update(model=model_path, corpus=corpus, wall_s=round(time.perf_counter() - t0, 2))
    return write_report(out_dir, samples, st.ks, settings, st.threshold)
