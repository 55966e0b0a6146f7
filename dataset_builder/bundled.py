"""Access to the public files shipped inside the package (dataset_builder/data/).

Why gzip: the builder must work with no network, so MATH, AIME, MBPP and the eval sets travel
with the code; gzip (written with `gzip -n`, no timestamp) keeps the wheel small and the bytes
stable. PROVENANCE.md beside the files lists upstream repository, commit and licence.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(relative: str) -> Path:
    path = DATA_DIR / relative
    if not path.is_file():
        raise FileNotFoundError(f"bundled data file missing: {path}")
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a .jsonl or .jsonl.gz file; a bad line names the file and line number."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None


def read_json(path: Path) -> Any:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def bundled_jsonl(relative: str) -> Iterator[dict[str, Any]]:
    return read_jsonl(data_path(relative))
