"""The trainer's one typed config: YAML file + `--section.key=value` overrides.

Why pydantic with `extra="forbid"` everywhere: a misspelled key in a YAML file (`kl_coeff`) that
is silently ignored trains a different algorithm for days. Unknown keys are rejected with the
file, the line and the dotted key, and the fully resolved config is saved next to every
checkpoint so a run can always be reproduced from its own directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class ConfigError(ValueError):
    """A user mistake in a config file or override; the message names file, line and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ModelConfig(_Strict):
    name: str = "tiny-test"
    """A `tiny-*` preset (random init, byte tokenizer) or a HF model directory / hub name."""
    init_from: str | None = None
    """A checkpoint directory (e.g. `prorl sft` output) that replaces `name`'s weights."""
    dtype: Literal["float32", "bfloat16"] = "float32"
    gradient_checkpointing: bool = False


class DataConfig(_Strict):
    corpus: str = ""
    """Corpus directory or URL holding `lock.json` (local path, file://, http(s)://)."""
    domain_weights: dict[str, float] = Field(default_factory=dict)
    """Sampling weight per domain; empty = proportional to the rows present."""
    prompts_per_step: int = Field(default=8, ge=1)
    eval_set: str | None = None
    """Held-out split for validation: an eval set name under `eval/`, or null = none."""
    eval_size: int = Field(default=32, ge=1)
    system_prompt: str | None = None


class RolloutConfig(_Strict):
    engine: Literal["hf", "hf_fast", "vllm"] = "hf"
    """hf_fast: static KV cache + early exit (trainer/fastgen.py), same distribution as hf."""
    n: int = Field(default=4, ge=1)
    temperature: float = Field(default=1.0, gt=0)
    top_p: float = Field(default=1.0, gt=0, le=1)
    max_prompt_tokens: int = Field(default=256, ge=1)
    max_response_tokens: int = Field(default=32, ge=1)
    gen_batch_prompts: int = Field(default=8, ge=1)
    """Prompts per generate call; scoring of one chunk overlaps generating the next."""


class RewardConfig(_Strict):
    urls: list[str] = Field(default_factory=lambda: ["http://127.0.0.1:8000"])
    """Reward service base URLs, or `["local"]` to score in-process (tests, debugging)."""
    timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    batch_size: int = Field(default=64, ge=1)
    grace_s: float = Field(default=300.0, ge=0)
    """How long a fully failed batch is retried before training stops with a message."""
    retry_wait_s: float = Field(default=1.0, ge=0)
    overlap: bool = True


class AlgorithmConfig(_Strict):
    advantage: str = "grpo"
    loss: str = "ppo_clip"
    loss_agg: Literal[
        "token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"
    ] = "token-mean"
    clip_low: float = Field(default=0.2, ge=0)
    clip_high: float = Field(default=0.28, ge=0)
    kl_type: Literal["none", "k1", "k2", "k3"] = "k3"
    kl_coef: float = Field(default=1e-4, ge=0)
    entropy_coef: float = 0.0
    mdpo_tau: float = Field(default=0.1, gt=0)
    ppo_epochs: int = Field(default=1, ge=1)
    mini_batch_prompts: int = Field(default=8, ge=1)
    """Groups per optimizer step; prompts_per_step / mini_batch_prompts updates per step."""
    micro_batch_seqs: int = Field(default=64, ge=1)


class SamplingConfig(_Strict):
    dynamic: bool = True
    max_refill_rounds: int = Field(default=2, ge=0)
    overlong_buffer: int = Field(default=0, ge=0)
    """DAPO L_cache: linear penalty over the last this-many tokens before the length cap."""
    overlong_penalty: float = Field(default=1.0, ge=0)
    mask_truncated: bool = False
    termination_penalty: float | None = None
    """If set, a response cut at the length cap gets this reward instead of its score."""


class OptimConfig(_Strict):
    lr: float = Field(default=2e-6, gt=0)
    weight_decay: float = Field(default=0.01, ge=0)
    beta1: float = 0.9
    beta2: float = 0.999
    grad_clip: float = Field(default=1.0, gt=0)
    warmup_steps: int = Field(default=0, ge=0)


class ResetConfig(_Strict):
    every: int | None = Field(default=None, ge=1)
    """Reset the reference (and optimizer) every this-many steps."""
    plateau_patience: int | None = Field(default=None, ge=1)
    """Reset when held-out reward has not improved for this-many evaluations."""
    eval_every: int = Field(default=0, ge=0)
    eval_greedy: bool = True
    eval_samples: int = Field(default=1, ge=1)
    """Sampled answers per held-out prompt when eval_greedy is false (the mean reward over
    k samples is a much smoother estimate than one greedy answer on a small split)."""


class RunConfig(_Strict):
    seed: int = 0
    max_steps: int = Field(default=10, ge=1)
    save_every: int = Field(default=1, ge=1)
    keep_checkpoints: int = Field(default=2, ge=1)
    tensorboard: bool = True
    wandb_project: str | None = None
    cpu_threads: int | None = Field(default=None, ge=1)
    """torch intra-op threads on CPU; 1 avoids thread oversubscription on small shared
    machines (10x faster for the tiny presets on 2 busy cores). null = torch's default."""


class TrainConfig(_Strict):
    model: ModelConfig = Field(default_factory=ModelConfig)
    data: DataConfig = Field(default_factory=DataConfig)
    rollout: RolloutConfig = Field(default_factory=RolloutConfig)
    reward: RewardConfig = Field(default_factory=RewardConfig)
    algorithm: AlgorithmConfig = Field(default_factory=AlgorithmConfig)
    sampling: SamplingConfig = Field(default_factory=SamplingConfig)
    optim: OptimConfig = Field(default_factory=OptimConfig)
    reset: ResetConfig = Field(default_factory=ResetConfig)
    run: RunConfig = Field(default_factory=RunConfig)
    sft: dict[str, Any] = Field(default_factory=dict)
    """Options of `prorl sft` (see trainer.sft.SFTConfig); kept here so one file drives both."""


def _key_lines(text: str) -> dict[str, int]:
    """Dotted key -> 1-based line in the YAML text, so errors can point at the line."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                dotted = f"{prefix}{key_node.value}"
                lines[dotted] = key_node.start_mark.line + 1
                walk(value_node, dotted + ".")

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, "")
    return lines


def parse_overrides(args: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """`--a.b=1` -> {"a": {"b": 1}}; values are parsed as YAML scalars (1, 0.5, true, [a])."""
    nested: dict[str, Any] = {}
    for arg in args:
        if not arg.startswith("--") or "=" not in arg:
            raise ConfigError(f"override {arg!r}: expected --section.key=value")
        key, raw = arg[2:].split("=", 1)
        try:
            value = yaml.safe_load(raw) if raw != "" else ""
        except yaml.YAMLError:
            value = raw
        node = nested
        parts = key.replace("-", "_").split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"override {arg!r}: {part} is not a section")
        node[parts[-1]] = value
    return nested


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(
    path: str | Path | None, overrides: list[str] | tuple[str, ...] = ()
) -> TrainConfig:
    """Read a YAML config, apply overrides, validate; errors name file, line and key."""
    text, where = "", "<defaults>"
    if path is not None:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read config ({exc.strerror})") from None
    try:
        raw = yaml.safe_load(text) if text else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{where}{line}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}:1: the config must be a mapping of sections")
    merged = _merge(raw, parse_overrides(overrides))
    try:
        return TrainConfig.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        dotted = ".".join(str(p) for p in first["loc"])
        lines = _key_lines(text)
        # a missing/invalid key points at its own line, else at its section's line
        found = lines.get(dotted, lines.get(dotted.rsplit(".", 1)[0]))
        at = f"{where}:{found}" if found else where
        msg = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(f"{at}: {dotted}: {msg}") from None


def dump_config(cfg: TrainConfig) -> str:
    return yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False)
