"""Duplicate detection: exact (normalized prompt) and near-duplicate (MinHash LSH).

The near-duplicate definition is shared with the generator authors, who import `minhash` to
keep their own streams diverse: word 3-gram shingles of `normalize_prompt(prompt)`, 64
permutations, MinHashLSH at Jaccard threshold 0.9. Changing any of these changes which records
a build keeps, so they are constants here, not knobs scattered across modules.
"""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from prorl.record import normalize_prompt

SHINGLE_WORDS = 3
NUM_PERM = 64
NEAR_THRESHOLD = 0.9
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch 2.x default; pinned so signatures stay comparable

_TEMPLATE: MinHash | None = None


def prompt_shingles(text: str) -> set[str]:
    """Word 3-grams of the normalized prompt; a prompt shorter than 3 words is one shingle."""
    words = normalize_prompt(text).split(" ")
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)}
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def minhash(text: str) -> LeanMinHash:
    """MinHash signature of a prompt under the project-wide definition."""
    global _TEMPLATE
    if _TEMPLATE is None:  # permutations are drawn once per process, not once per prompt
        _TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    mh = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        permutations=_TEMPLATE.permutations,
        scheme=_TEMPLATE.scheme,  # type: ignore[arg-type]
    )
    mh.update_batch([s.encode("utf-8") for s in sorted(prompt_shingles(text))])
    return LeanMinHash(mh)


def signature_bytes(text: str) -> bytes:
    """The signature as 512 bytes: cheap to send between processes."""
    return np.asarray(minhash(text).hashvalues, dtype=np.uint64).tobytes()


def from_bytes(raw: bytes) -> LeanMinHash:
    values = np.frombuffer(raw, dtype=np.uint64)
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME)


def exact_key(prompt: str) -> bytes:
    return hashlib.sha256(normalize_prompt(prompt).encode("utf-8")).digest()[:16]


class Deduper:
    """Keeps the first of every duplicate group, in stream order (so results are deterministic)."""

    def __init__(self, exact: bool = True, near: bool = True, threshold: float = NEAR_THRESHOLD):
        self.exact = exact
        self.near = near
        self.threshold = threshold
        self._keys: set[bytes] = set()
        self._ids: set[str] = set()
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM) if near else None
        self._count = 0

    def check(self, record_id: str, prompt: str, signature: bytes | None) -> str | None:
        """None if new (and remember it), else "exact" or "near"."""
        key = exact_key(prompt)
        if self.exact and (key in self._keys or record_id in self._ids):
            return "exact"
        if self._lsh is not None and signature is not None:
            mh = from_bytes(signature)
            for other in self._lsh.query(mh):
                if mh.jaccard(other[1]) >= self.threshold:
                    return "near"
            self._lsh.insert((self._count, mh), mh, check_duplication=False)
        self._keys.add(key)
        self._ids.add(record_id)
        self._count += 1
        return None
