"""Decontamination: drop every train prompt that shares a long word n-gram with an eval prompt.

Why n-grams over normalized words (punctuation stripped): a copied benchmark problem usually
comes back reformatted, with different spacing, quotes or LaTeX delimiters, but long word runs
survive. Why a boilerplate cut: instruction templates ("Let's think step by step and output the
final answer within \\boxed{}") appear in every math prompt on both sides; an n-gram present in
many distinct eval prompts is template text, and matching it would drop the whole corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dataset_builder.sources._common import TEMPLATES
from prorl.record import normalize_prompt

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Normalized word tokens with this package's instruction templates cut out."""
    for template in TEMPLATES:
        text = text.replace(template, " ")
    return _WORD.findall(normalize_prompt(text))


def ngram_hashes(tokens: list[str], n: int) -> list[int]:
    """Hashes of the word n-grams, by position. `hash` is salted per process, so an index must
    be built and queried in one process tree (the builder forks its workers after building it)."""
    return [hash(tuple(tokens[i : i + n])) for i in range(len(tokens) - n + 1)]


def content_positions(grams: list[int], n: int, boilerplate: set[int]) -> list[int]:
    """Start positions of n-grams lying wholly outside template text.

    Tokens covered by a boilerplate n-gram are masked; an n-gram touching a masked token is
    skipped, so "...find x. Let's think step by step..." does not match on the seam."""
    if not boilerplate:
        return list(range(len(grams)))
    masked = [False] * (len(grams) + n - 1)
    for i, gram in enumerate(grams):
        if gram in boilerplate:
            for j in range(i, i + n):
                masked[j] = True
    keep = []
    run = 0  # unmasked tokens ending at the current position
    for pos, flag in enumerate(masked):
        run = 0 if flag else run + 1
        if run >= n:
            keep.append(pos - n + 1)
    return keep


@dataclass(frozen=True)
class EvalRef:
    eval_set: str
    upstream_id: str


@dataclass(frozen=True)
class Hit:
    reason: str  # "exact" or "ngram"
    ref: EvalRef
    ngram: str


class EvalIndex:
    def __init__(self, n: int = 13, boilerplate_min_prompts: int = 10) -> None:
        self.n = n
        self.boilerplate_min_prompts = boilerplate_min_prompts
        self._refs: list[EvalRef] = []
        self._exact: dict[str, int] = {}
        self._pending: list[list[int]] = []
        self._groups: list[str] = []
        self._grams: dict[int, int] = {}
        self._boilerplate: set[int] = set()

    @property
    def boilerplate(self) -> int:
        return len(self._boilerplate)

    def add(self, prompts: Iterable[tuple[str, str, str, str]]) -> None:
        """Index (eval_set, upstream_id, prompt, group) rows; `group` is the record's source
        (one reasoning-gym task, one BBH task). Call `freeze` after the last one."""
        for eval_set, upstream_id, prompt, group in prompts:
            self._refs.append(EvalRef(eval_set, upstream_id))
            self._groups.append(group)
            self._exact.setdefault(normalize_prompt(prompt), len(self._refs) - 1)
            self._pending.append(ngram_hashes(words(prompt), self.n))

    def freeze(self) -> None:
        """Find template n-grams, then index the rest. Template: found in
        `boilerplate_min_prompts` distinct eval prompts overall, or in at least half (and at
        least 2) of the prompts of one group, which catches a generator task's instructions
        even when the eval set holds only a handful of that task."""
        df: dict[int, int] = {}
        by_group: dict[str, list[int]] = {}
        for ref, grams in enumerate(self._pending):
            by_group.setdefault(self._groups[ref], []).append(ref)
            for gram in set(grams):
                df[gram] = df.get(gram, 0) + 1
        self._boilerplate = {g for g, count in df.items() if count >= self.boilerplate_min_prompts}
        for refs in by_group.values():
            if len(refs) < 2:
                continue
            group_df: dict[int, int] = {}
            for ref in refs:
                for gram in set(self._pending[ref]):
                    if df[gram] >= 2:
                        group_df[gram] = group_df.get(gram, 0) + 1
            need = max(2, -(-len(refs) // 2))
            self._boilerplate.update(g for g, count in group_df.items() if count >= need)
        del df
        for ref, grams in enumerate(self._pending):
            for pos in content_positions(grams, self.n, self._boilerplate):
                self._grams.setdefault(grams[pos], ref)
        self._pending = []
        self._groups = []

    def __len__(self) -> int:
        return len(self._refs)

    def check(self, prompt: str) -> Hit | None:
        ref = self._exact.get(normalize_prompt(prompt))
        if ref is not None:
            return Hit("exact", self._refs[ref], "")
        tokens = words(prompt)
        grams = ngram_hashes(tokens, self.n)
        for pos in content_positions(grams, self.n, self._boilerplate):
            ref = self._grams.get(grams[pos])
            if ref is not None:
                return Hit("ngram", self._refs[ref], " ".join(tokens[pos : pos + self.n]))
        return None
