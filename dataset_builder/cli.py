"""`prorl data ...`: build, verify, diff, serve, export and card for corpora.

User mistakes (a bad manifest, a missing folder, a corrupt shard) exit non-zero with one line
naming the file; tracebacks are for bugs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


@click.group("data")
def data() -> None:
    """Build, verify, diff, serve and export corpora."""


@data.command("build")
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--workers", type=int, default=None, help="Self-check processes (default: manifest).")
@click.option("--force", is_flag=True, help="Rebuild even if the lock file matches the recipe.")
@click.option("--quiet", is_flag=True, help="No progress bars or summary table.")
def build_cmd(manifest: Path, out: Path, workers: int | None, force: bool, quiet: bool) -> None:
    """Build the corpus described by MANIFEST into --out."""
    from dataset_builder.manifest import ManifestError, load_manifest
    from dataset_builder.pipeline import BuildError, build
    from dataset_builder.report import summary_table

    try:
        recipe = load_manifest(manifest)
        _pin_hash_seed(manifest, out, workers, force, quiet)
        lock = build(recipe, out, progress=not quiet, workers=workers, force=force)
    except (ManifestError, BuildError) as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(summary_table(lock), err=True)
    click.echo(
        f"{out}: {sum(lock['counts']['train'].values())} train tasks, lock_hash {lock['lock_hash']}"
    )


def _pin_hash_seed(
    manifest: Path, out: Path, workers: int | None, force: bool, quiet: bool
) -> None:
    """Re-execute this command with PYTHONHASHSEED=0 unless already pinned.

    Why: some reasoning-gym generators iterate Python sets, so their records (and a build's
    bytes) depend on the interpreter's hash seed. Only a real `prorl` process is replaced
    (same pid, so a supervisor's signals still reach the build); in-process callers (tests,
    `build()` from Python) are responsible for their own environment."""
    if os.environ.get("PYTHONHASHSEED") == "0":
        return
    entry = Path(sys.argv[0]) if sys.argv else Path()
    if not (
        entry.name == "prorl" or (entry.name == "__main__.py" and entry.parent.name == "prorl")
    ):
        return
    argv = [sys.executable, "-m", "prorl", "data", "build", str(manifest), "--out", str(out)]
    argv += (["--workers", str(workers)] if workers else []) + (["--force"] if force else [])
    argv += ["--quiet"] if quiet else []
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, argv, {**os.environ, "PYTHONHASHSEED": "0"})


@data.command("verify")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--shallow", is_flag=True, help="Hashes only; skip record validation.")
def verify_cmd(folder: Path, shallow: bool) -> None:
    """Recompute shard hashes, row counts, schema, records and lock_hash of FOLDER."""
    from dataset_builder.verify import verify_corpus

    problems = verify_corpus(folder, deep=not shallow)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    click.echo(f"{folder}: OK")


@data.command("diff")
@click.argument("old", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def diff_cmd(old: Path, new: Path, as_json: bool) -> None:
    """Rows added/removed per domain and source, and changed sources, from OLD to NEW."""
    import json

    from dataset_builder.diff import diff_corpora, format_diff
    from dataset_builder.shards import CorpusError

    try:
        result = diff_corpora(old, new)
    except (CorpusError, OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(result, indent=2, sort_keys=True) if as_json else format_diff(result))


@data.command("serve")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, type=int, show_default=True)
def serve_cmd(folder: Path, host: str, port: int) -> None:
    """Serve a built corpus read-only over HTTP (lock.json, shards, data card)."""
    from dataset_builder.serve import make_server

    if not (folder / "lock.json").is_file():
        raise click.ClickException(f"{folder}: no lock.json (is this a built corpus?)")
    server = make_server(folder, host, port)
    click.echo(f"serving {folder} on http://{host}:{server.server_address[1]}/", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@data.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["verl", "hf", "jsonl"]), required=True)
@click.option("--out", "out", required=True, type=click.Path(path_type=Path))
def export_cmd(folder: Path, fmt: str, out: Path) -> None:
    """Export a built corpus as verl parquet, an HF datasets folder, or JSONL."""
    from dataset_builder.export import export_corpus
    from dataset_builder.shards import CorpusError

    try:
        written = export_corpus(folder, fmt, out)
    except (CorpusError, OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(str(path))


@data.command("card")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def card_cmd(folder: Path) -> None:
    """Rewrite the data card (README.md + plots) of a built corpus."""
    from dataset_builder.datacard import write_datacard
    from dataset_builder.shards import CorpusError, open_corpus

    try:
        corpus = open_corpus(folder)
        write_datacard(folder, corpus.lock, corpus.read_table("train"))
    except (CorpusError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(str(folder / "README.md"))
