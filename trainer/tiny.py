"""Tiny offline models: Qwen2-shaped networks with random init and a byte-level tokenizer.

Why: every part of the trainer (generation, log-prob recomputation, KL, checkpoints, resume,
FSDP/DDP) must run in CI on a CPU with no network. A byte tokenizer needs no vocabulary file, so
nothing is ever downloaded, and a 2-layer Qwen2 exercises the same transformers code path
(rotary embeddings, GQA, KV cache) as DeepSeek-R1-Distill-Qwen-1.5B.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch
from transformers import AutoModelForCausalLM, Qwen2Config, Qwen2ForCausalLM
from transformers.utils import logging as hf_logging

hf_logging.disable_progress_bar()  # per-checkpoint "Loading weights" bars drown the step log

SPECIALS = ("<pad>", "<|im_start|>", "<|im_end|>", "<bos>")
TOKENIZER_FILE = "byte_tokenizer.json"


class Codec(Protocol):
    """What the trainer needs from a tokenizer, so byte and HF tokenizers are interchangeable."""

    pad_id: int
    eos_id: int

    def prompt_ids(self, prompt: str, system: str | None = None) -> list[int]: ...

    def encode(self, text: str) -> list[int]: ...

    def decode(self, ids: list[int]) -> str: ...

    def save_pretrained(self, path: str | Path) -> Any: ...


class ByteTokenizer:
    """Bytes 0..255 are ids 0..255; four special tokens follow. Chat format is ChatML, the
    format Qwen2 models use, so prompts look the same to tiny and real models."""

    vocab_size = 256 + len(SPECIALS)

    def __init__(self) -> None:
        self.pad_id = 256 + SPECIALS.index("<pad>")
        self.im_start_id = 256 + SPECIALS.index("<|im_start|>")
        self.eos_id = 256 + SPECIALS.index("<|im_end|>")
        self.bos_id = 256 + SPECIALS.index("<bos>")

    def encode(self, text: str) -> list[int]:
        return list(text.encode("utf-8"))

    def decode(self, ids: list[int]) -> str:
        return bytes(i for i in ids if 0 <= i < 256).decode("utf-8", errors="replace")

    def prompt_ids(self, prompt: str, system: str | None = None) -> list[int]:
        ids = [self.bos_id]
        if system:
            ids += [self.im_start_id, *self.encode(f"system\n{system}"), self.eos_id]
            ids += self.encode("\n")
        ids += [self.im_start_id, *self.encode(f"user\n{prompt}"), self.eos_id]
        ids += self.encode("\n")
        ids += [self.im_start_id, *self.encode("assistant\n")]
        return ids

    def save_pretrained(self, path: str | Path) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / TOKENIZER_FILE).write_text(
            json.dumps({"type": "byte", "specials": list(SPECIALS)}), encoding="utf-8"
        )


class HFCodec:
    """Adapter for a real HF tokenizer with a chat template (e.g. DeepSeek-R1-Distill)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tok = tokenizer
        self.eos_id = int(tokenizer.eos_token_id)
        self.pad_id = int(
            tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self.eos_id
        )

    def encode(self, text: str) -> list[int]:
        return list(self.tok.encode(text, add_special_tokens=False))

    def decode(self, ids: list[int]) -> str:
        return str(self.tok.decode(ids, skip_special_tokens=True))

    def prompt_ids(self, prompt: str, system: str | None = None) -> list[int]:
        messages = ([{"role": "system", "content": system}] if system else []) + [
            {"role": "user", "content": prompt}
        ]
        ids = self.tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
        return list(ids["input_ids"] if isinstance(ids, dict) else ids)

    def save_pretrained(self, path: str | Path) -> Any:
        return self.tok.save_pretrained(str(path))


@dataclass(frozen=True)
class Preset:
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    intermediate: int


PRESETS: dict[str, Preset] = {
    "tiny-test": Preset(hidden=64, layers=2, heads=4, kv_heads=2, intermediate=128),
    "tiny-2m": Preset(hidden=192, layers=4, heads=6, kv_heads=2, intermediate=512),
    "tiny-20m": Preset(hidden=512, layers=6, heads=8, kv_heads=4, intermediate=1536),
}


def tiny_config(name: str) -> Qwen2Config:
    if name not in PRESETS:
        raise ValueError(f"model.name: unknown tiny preset {name!r}; known: {sorted(PRESETS)}")
    p = PRESETS[name]
    tok = ByteTokenizer()
    return Qwen2Config(
        vocab_size=tok.vocab_size,
        hidden_size=p.hidden,
        num_hidden_layers=p.layers,
        num_attention_heads=p.heads,
        num_key_value_heads=p.kv_heads,
        intermediate_size=p.intermediate,
        max_position_embeddings=2048,
        tie_word_embeddings=True,
        pad_token_id=tok.pad_id,
        eos_token_id=tok.eos_id,
        bos_token_id=tok.bos_id,
    )


def build_tiny(name: str, seed: int = 0) -> torch.nn.Module:
    """Random init under a fixed seed without touching the global RNG stream."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = Qwen2ForCausalLM(tiny_config(name))
    return model


def load_codec(path: str) -> Codec:
    if path in PRESETS or (Path(path) / TOKENIZER_FILE).is_file():
        return ByteTokenizer()
    from transformers import AutoTokenizer

    return HFCodec(AutoTokenizer.from_pretrained(path))


def load_policy(name: str, init_from: str | None, seed: int, dtype: str) -> torch.nn.Module:
    """A tiny preset (optionally overwritten by a checkpoint) or any HF causal LM."""
    torch_dtype = torch.bfloat16 if dtype == "bfloat16" else torch.float32
    src = init_from or (None if name in PRESETS else name)
    if src is None:
        model = build_tiny(name, seed)
    else:
        model = AutoModelForCausalLM.from_pretrained(src, dtype=torch_dtype)
    return model.to(torch_dtype)
