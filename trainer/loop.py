"""The training loop: sample prompts -> generate -> score -> filter -> advantages -> update.

How this departs from the ProRL paper (arXiv 2505.24864), on purpose:
- Rollouts come from HF `generate` (or vLLM when installed) inside the trainer process rather
  than verl's hybrid engine; rewards come over HTTP from a separate service, so verifiers (and
  their sandboxes) never share a process with the GPU job.
- Dynamic sampling refills at most `sampling.max_refill_rounds` times and then trains on what
  it has (DAPO keeps sampling until the batch is full); a step where nothing survives is skipped
  with a logged reason.
- Samples whose reward could not be computed (service down, grader error) are masked and get
  zero advantage; the paper's pipeline has no such case.
- Reference resets may also be triggered by a held-out plateau (the paper resets by hand when
  validation stalls); both reset the optimizer state, as the paper does.
Everything else (clip-higher 0.2/0.28-0.4, token-mean over the global token count, k3 KL,
n samples per prompt, constant learning rate) follows the paper's recipe via the config.
"""

from __future__ import annotations

import copy
import logging
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.distributed as dist

from trainer import checkpoint as ckpt
from trainer.algorithms.advantages import compute_advantages
from trainer.config import TrainConfig, dump_config
from trainer.data import PromptStream, open_corpus
from trainer.metrics import MetricsWriter, progress_line, reward_stats
from trainer.rewards import RewardScorer
from trainer.rollout import make_engine
from trainer.sampling import Sample, Selection, select_groups, shape
from trainer.tiny import load_codec, load_policy
from trainer.update import Batch, response_mask, run_update

log = logging.getLogger(__name__)


def _setup_distributed() -> tuple[int, int, torch.device]:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return rank, world, device


class Trainer:
    def __init__(
        self,
        cfg: TrainConfig,
        run_dir: str | Path,
        resume: bool = False,
        scorer: RewardScorer | None = None,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.cfg = cfg
        self.run_dir = Path(run_dir)
        self.echo = echo or (lambda s: None)
        self.rank, self.world, self.device = _setup_distributed()
        if cfg.run.cpu_threads and self.device.type == "cpu":
            torch.set_num_threads(cfg.run.cpu_threads)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        seed = cfg.run.seed
        random.seed(seed + self.rank)
        np.random.seed(seed + self.rank)
        torch.manual_seed(seed + self.rank)
        self.corpus = open_corpus(cfg.data.corpus)
        self.stream = PromptStream(
            self.corpus.train, dict(cfg.data.domain_weights), seed, self.rank, self.world
        )
        self.eval_records = self._eval_records()
        src = cfg.model.init_from or cfg.model.name
        self.codec = load_codec(src)
        model = load_policy(cfg.model.name, cfg.model.init_from, seed, cfg.model.dtype)
        model.to(self.device)
        if cfg.model.gradient_checkpointing:
            model.gradient_checkpointing_enable()  # type: ignore[operator]
        self.reference = copy.deepcopy(model).eval().requires_grad_(False)
        self.base = model
        self.policy = self._wrap(model)
        self.optimizer = self._make_optimizer()
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer, lambda s: min(1.0, (s + 1) / max(1, cfg.optim.warmup_steps))
        )
        # FSDP: the engine gets the wrapper so it can gather the shards for generation
        gen_model = self.policy if self.device.type == "cuda" and self.world > 1 else self.base
        self.engine = make_engine(cfg.rollout, gen_model, self.codec.pad_id, self.codec.eos_id, src)
        self.scorer = scorer or RewardScorer(cfg.reward)
        self.step = 0
        self.best_eval: float | None = None
        self.bad_evals = 0
        self.metrics = MetricsWriter(
            self.run_dir,
            cfg.run.tensorboard and self.rank == 0,
            cfg.run.wandb_project if self.rank == 0 else None,
            cfg.model_dump(mode="json"),
        )
        if resume:
            self._resume()

    # -- setup helpers -------------------------------------------------------------------
    def _eval_records(self) -> list[Any]:
        name = self.cfg.data.eval_set
        if not name:
            return []
        if name not in self.corpus.eval_sets:
            from trainer.data import CorpusError

            raise CorpusError(
                f"data.eval_set: no eval set {name!r} in {self.cfg.data.corpus}; "
                f"known: {sorted(self.corpus.eval_sets)}"
            )
        return self.corpus.eval_sets[name][: self.cfg.data.eval_size]

    def _wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        if self.world <= 1:
            return model
        if self.device.type == "cuda":
            from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

            return FSDP(model, use_orig_params=True)
        from torch.nn.parallel import DistributedDataParallel as DDP

        return DDP(model)

    def _make_optimizer(self) -> torch.optim.Optimizer:
        o = self.cfg.optim
        return torch.optim.AdamW(
            self.policy.parameters(), lr=o.lr, betas=(o.beta1, o.beta2), weight_decay=o.weight_decay
        )

    # -- rollouts and scoring ------------------------------------------------------------
    def _rollout_groups(self, records: list[Any], timing: dict[str, float]) -> list[list[Sample]]:
        """Generate chunk k+1 while chunk k is being scored (see trainer.rewards)."""
        cfg = self.cfg
        n = cfg.rollout.n
        pending = []
        for start in range(0, len(records), cfg.rollout.gen_batch_prompts):
            chunk = records[start : start + cfg.rollout.gen_batch_prompts]
            t0 = time.perf_counter()
            prompts = [self.codec.prompt_ids(r.prompt, cfg.data.system_prompt) for r in chunk]
            rollouts = self.engine.generate(prompts, n)
            timing["time_generate_s"] += time.perf_counter() - t0
            items = [
                {
                    "id": f"{start + i // n}-{i % n}",
                    "verifier": chunk[i // n].verifier,
                    "ground_truth": chunk[i // n].ground_truth,
                    "config": chunk[i // n].verifier_config or None,
                    "response": self.codec.decode(ro.response_ids),
                }
                for i, ro in enumerate(rollouts)
            ]
            pending.append((chunk, rollouts, self.scorer.submit(items)))
        groups: list[list[Sample]] = []
        for chunk, rollouts, fut in pending:
            t0 = time.perf_counter()
            scored = fut.result()
            timing["time_score_wait_s"] += time.perf_counter() - t0
            timing["reward_wait_s"] += scored.waited_s
            for g, rec in enumerate(chunk):
                group = []
                for j in range(n):
                    res = scored.results[g * n + j]
                    r = res.get("reward")
                    group.append(
                        Sample(
                            rec,
                            rollouts[g * n + j],
                            None if r is None else float(r),
                            str(res.get("status")),
                        )
                    )
                shape(group, cfg.sampling, cfg.rollout.max_response_tokens)
                groups.append(group)
        return groups

    def _collect(self, timing: dict[str, float]) -> tuple[Selection, list[Sample]]:
        cfg = self.cfg
        target = cfg.data.prompts_per_step
        sel = Selection([], 0, 0, 0)
        seen: list[Sample] = []
        while len(sel.kept) < target and sel.rounds <= cfg.sampling.max_refill_rounds:
            records = self.stream.take(target - len(sel.kept))
            groups = self._rollout_groups(records, timing)
            seen.extend(s for g in groups for s in g)
            select_groups(groups, cfg.sampling.dynamic, sel)
            sel.rounds += 1
        sel.kept = sel.kept[:target]
        if self.world > 1:  # every rank must run the same number of optimizer steps
            t = torch.tensor([len(sel.kept)])
            dist.all_reduce(t, op=dist.ReduceOp.MIN)
            sel.kept = sel.kept[: int(t.item())]
        return sel, seen

    # -- one step ------------------------------------------------------------------------
    def train_step(self) -> dict[str, Any]:
        cfg = self.cfg
        t_step = time.perf_counter()
        timing: dict[str, float] = defaultdict(float)
        sel, seen = self._collect(timing)
        row: dict[str, Any] = {"step": self.step + 1}
        row.update(reward_stats(seen))
        row.update(
            filtered_group_frac=sel.filtered_frac,
            groups_dropped_equal=sel.dropped_equal,
            groups_dropped_ungraded=sel.dropped_ungraded,
            groups_kept=len(sel.kept),
            refill_rounds=sel.rounds - 1,
        )
        n = cfg.rollout.n
        if not sel.kept:
            row["skipped"] = "no group with differing rewards after refills"
            log.warning("step %d skipped: %s", self.step + 1, row["skipped"])
        else:
            t0 = time.perf_counter()
            batch = self._batch(sel.kept)
            stats = run_update(
                cfg, self.policy, self.reference, self.optimizer, self.scheduler,
                batch, n, self.codec.pad_id, self.world,
            )  # fmt: skip
            self.engine.sync_weights(self.base)  # vLLM: push the new weights; HF: no-op
            timing["time_train_s"] = time.perf_counter() - t0
            row.update(stats.summary())
            row["lr"] = self.scheduler.get_last_lr()[0]
        self.step += 1
        row["reference_reset"] = self._maybe_reset(row)
        elapsed = time.perf_counter() - t_step
        gen_tokens = sum(len(s.rollout.response_ids) for s in seen)
        row["tokens_per_s"] = gen_tokens / max(elapsed, 1e-9)
        row["time_generate_s"] = timing["time_generate_s"]
        row["time_score_s"] = timing["time_score_wait_s"]
        row["time_train_s"] = timing["time_train_s"]
        row["time_step_s"] = elapsed
        row["reward_wait_s"] = timing["reward_wait_s"]
        return row

    def _batch(self, groups: list[list[Sample]]) -> Batch:
        rewards = torch.tensor(
            [[s.reward if s.reward is not None else 0.0 for s in g] for g in groups]
        )
        valid = torch.tensor([[s.reward is not None for s in g] for g in groups])
        adv = compute_advantages(self.cfg.algorithm.advantage, rewards, valid).flatten()
        flat = [s for g in groups for s in g]
        keep = [
            s.reward is not None and not (self.cfg.sampling.mask_truncated and s.rollout.truncated)
            for s in flat
        ]
        responses = [s.rollout.response_ids for s in flat]
        return Batch(
            [s.rollout.prompt_ids for s in flat], responses, adv, response_mask(responses, keep)
        )

    # -- reference resets, evaluation ----------------------------------------------------
    def evaluate(self, records: list[Any] | None = None) -> float:
        """Mean held-out reward: one greedy answer per prompt, or the mean over
        `reset.eval_samples` sampled answers (same seed every time, so evaluations of
        different checkpoints see the same random stream)."""
        records = self.eval_records if records is None else records
        if not records:
            return float("nan")
        greedy = self.cfg.reset.eval_greedy
        k = 1 if greedy else self.cfg.reset.eval_samples
        with torch.random.fork_rng(devices=[]):  # evaluation must not shift training's RNG
            torch.manual_seed(self.cfg.run.seed + 10_007)
            sys_prompt = self.cfg.data.system_prompt
            rolls = self.engine.generate(
                [self.codec.prompt_ids(r.prompt, sys_prompt) for r in records], k, greedy=greedy
            )
        items = [
            {"id": str(i), "verifier": records[i // k].verifier,
             "ground_truth": records[i // k].ground_truth,
             "config": records[i // k].verifier_config or None,
             "response": self.codec.decode(ro.response_ids)}
            for i, ro in enumerate(rolls)
        ]  # fmt: skip
        res = self.scorer.score(items).results
        vals = [float(x["reward"]) if x.get("reward") is not None else 0.0 for x in res]
        return sum(vals) / len(vals)

    def _maybe_reset(self, row: dict[str, Any]) -> bool:
        rc = self.cfg.reset
        reason = None
        if rc.eval_every and self.step % rc.eval_every == 0 and self.eval_records:
            score = self.evaluate()
            row["eval_reward"] = score
            if self.best_eval is None or score > self.best_eval + 1e-9:
                self.best_eval, self.bad_evals = score, 0
            else:
                self.bad_evals += 1
            if rc.plateau_patience and self.bad_evals >= rc.plateau_patience:
                reason = f"held-out reward has not improved for {self.bad_evals} evaluations"
        if rc.every and self.step % rc.every == 0:
            reason = reason or f"scheduled every {rc.every} steps"
        if reason is None:
            return False
        self.reference.load_state_dict(_unwrap(self.policy).state_dict())
        self.optimizer.state.clear()
        self.bad_evals = 0
        log.warning("step %d: reference reset (%s)", self.step, reason)
        self.echo(f"step {self.step}: reference reset ({reason})")
        row["reset_reason"] = reason
        return True

    # -- checkpoints ---------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "data_cursor": self.stream.state(),
            "best_eval": self.best_eval,
            "bad_evals": self.bad_evals,
            "corpus_lock_hash": self.corpus.lock_hash,
        }

    def save(self) -> None:
        root = self.run_dir / "checkpoints"
        if self.rank == 0:
            ckpt.save_checkpoint(
                root, self.step, _unwrap(self.policy), self.codec, self.reference,
                {"optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict()},
                self.state(), dump_config(self.cfg), self.cfg.run.keep_checkpoints,
            )  # fmt: skip
        if self.world > 1:
            dist.barrier()
            if self.rank != 0:
                ckpt.save_rank_rng(root / f"step-{self.step:06d}", self.rank)
            dist.barrier()

    def _resume(self) -> None:
        path = ckpt.latest_checkpoint(self.run_dir / "checkpoints")
        if path is None:
            self.echo(f"no checkpoint under {self.run_dir / 'checkpoints'}; starting fresh")
            return
        ckpt.load_policy_weights(_unwrap(self.policy), path / "policy")
        if (path / "reference.pt").is_file():
            self.reference.load_state_dict(torch.load(path / "reference.pt", weights_only=True))
        opt = torch.load(path / "optimizer.pt", weights_only=False)
        self.optimizer.load_state_dict(opt["optimizer"])
        self.scheduler.load_state_dict(opt["scheduler"])
        st = ckpt.load_trainer_state(path)
        if st.get("corpus_lock_hash") != self.corpus.lock_hash:
            self.echo("warning: corpus lock_hash differs from the checkpoint's")
        self.step = int(st["step"])
        self.stream.load_state(st["data_cursor"])
        self.best_eval, self.bad_evals = st.get("best_eval"), int(st.get("bad_evals", 0))
        ckpt.load_rng(path, self.rank)
        if self.rank == 0:
            self.metrics.truncate_after(self.step)
        self.echo(f"resumed from {path} at step {self.step}")

    # -- driver --------------------------------------------------------------------------
    def fit(self, max_steps: int | None = None) -> list[dict[str, Any]]:
        last = max_steps or self.cfg.run.max_steps
        rows = []
        try:
            while self.step < last:
                row = self.train_step()
                row["corpus_lock_hash"] = self.corpus.lock_hash
                if self.rank == 0:
                    self.metrics.log(row)
                    self.echo(progress_line(row))
                rows.append(row)
                if (
                    self.step % self.cfg.run.save_every == 0
                    or row["reference_reset"]
                    or self.step == last
                ):
                    self.save()
        finally:
            self.metrics.close()
            self.scorer.close()
        return rows


def _unwrap(model: torch.nn.Module) -> torch.nn.Module:
    inner = getattr(model, "module", model)
    assert isinstance(inner, torch.nn.Module)
    return inner
