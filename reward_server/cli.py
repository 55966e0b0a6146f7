"""`prorl serve`, `prorl score` and `prorl score-file`.

User mistakes (bad JSON in an option, a malformed JSONL line) end in a one-line message naming
the option or the file and line, and exit status 2 - never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import orjson


def _json_option(value: str | None, option: str) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(
            f"not valid JSON: {exc.msg} at char {exc.pos}", param_hint=option
        ) from None


@click.command()
@click.option("--host", default=None, help="bind address (default: PRORL_HOST or 127.0.0.1)")
@click.option("--port", type=int, default=None, help="port (default: PRORL_PORT or 8000)")
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=None,
    help="verification processes (default: CPU count)",
)
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Run the reward service: one uvicorn process with the worker pool inside it."""
    import uvicorn
    from pydantic import ValidationError

    from reward_server import logs
    from reward_server.app import create_app
    from reward_server.settings import Settings

    overrides = {
        k: v for k, v in {"host": host, "port": port, "workers": workers}.items() if v is not None
    }
    try:
        settings = Settings.model_validate(overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise click.UsageError(
            f"setting {'.'.join(map(str, first['loc']))}: {first['msg']} (check PRORL_* variables)"
        ) from None
    logs.configure(settings.log_level)
    try:
        app = create_app(settings)
    except ImportError as exc:
        raise click.ClickException(f"PRORL_EXTRA_VERIFIER_MODULES: cannot import: {exc}") from None
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
    )


@click.command()
@click.option("--verifier", required=True, help="verifier name, e.g. math")
@click.option("--ground-truth", "ground_truth", required=True, help="payload as JSON")
@click.option("--response", required=True, help="the response text ('-' reads stdin)")
@click.option("--config", default=None, help="verifier config as JSON")
def score(verifier: str, ground_truth: str, response: str, config: str | None) -> None:
    """Score one response in this process and print the verdict as JSON."""
    from reward_server.verifiers import VERIFIERS
    from reward_server.verifiers import score as score_one

    gt = _json_option(ground_truth, "--ground-truth")
    cfg = _json_option(config, "--config")
    if verifier not in VERIFIERS:
        raise click.BadParameter(
            f"unknown verifier {verifier!r}; known: {', '.join(VERIFIERS.names())}",
            param_hint="--verifier",
        )
    text = sys.stdin.read() if response == "-" else response
    verdict = score_one(verifier, text, gt, cfg)
    click.echo(json.dumps(verdict.to_dict(), ensure_ascii=False))


def read_items(path: Path) -> list[dict[str, Any]]:
    """Items from JSONL; raises click.UsageError naming the file and line of the first bad one."""
    items: list[dict[str, Any]] = []
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise click.UsageError(f"{where}: not valid JSON ({exc})") from None
            if not isinstance(obj, dict):
                raise click.UsageError(f"{where}: expected a JSON object")
            for key, kind in (("verifier", str), ("response", str)):
                if not isinstance(obj.get(key), kind):
                    raise click.UsageError(f"{where}: field {key!r} must be a string")
            if "ground_truth" not in obj:
                raise click.UsageError(f"{where}: field 'ground_truth' is missing")
            obj.setdefault("id", str(lineno))
            obj["id"] = str(obj["id"])
            items.append(obj)
    return items


def item_lines(path: Path) -> list[int]:
    """The line number of each item `read_items` returns (blank lines are skipped there)."""
    with path.open("rb") as fh:
        return [lineno for lineno, raw in enumerate(fh, 1) if raw.strip()]


def _rejected_where(path: Path, lines: list[int], offset: int, exc: Any) -> str:
    """`file:line: message` for the first item the server rejected (its field is items.N...)."""
    errors = exc.body.get("errors") if isinstance(exc.body, dict) else None
    first = errors[0] if errors else {}
    field = str(first.get("field", ""))
    parts = field.split(".")
    if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
        index = offset + int(parts[1])
        if index < len(lines):
            rest = ".".join(parts[2:]) or "item"
            return f"{path}:{lines[index]}: {rest}: {first.get('message', exc)}"
    return f"{path}: {exc}"


@click.command("score-file")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="score through a running service (else in-process)")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="in-process pool size")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=256)
def score_file(
    path: Path, out_path: Path, url: str | None, workers: int | None, batch_size: int
) -> None:
    """Score a JSONL file of items ({id?, verifier, ground_truth, response, config?}); each
    output line is the input item plus reward, status, detail and elapsed_ms."""
    from tqdm import tqdm

    items = read_items(path)
    from reward_server.verifiers import VERIFIERS

    lines = item_lines(path)
    if url is None:
        for i, it in enumerate(items):
            if it["verifier"] not in VERIFIERS:
                raise click.UsageError(f"{path}:{lines[i]}: unknown verifier {it['verifier']!r}")
    results: list[dict[str, Any]] = []
    bar = tqdm(total=len(items), unit="item", file=sys.stderr)
    batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
    if url is not None:
        from reward_server.client import RequestRejected, RewardClient

        client = RewardClient(url, batch_size=batch_size)
        for n, b in enumerate(batches):
            try:
                results.extend(client.score(b))
            except RequestRejected as exc:  # a user mistake the server caught: name the line
                raise click.UsageError(_rejected_where(path, lines, n * batch_size, exc)) from None
            bar.update(len(b))
    else:
        from reward_server.pool import WorkerPool
        from reward_server.settings import Settings

        settings = Settings.model_validate({"workers": workers} if workers else {})
        pool = WorkerPool(settings)
        pool.start()
        try:
            for b in batches:
                results.extend(pool.score(b))
                bar.update(len(b))
        finally:
            pool.close()
    bar.close()
    with out_path.open("wb") as fh:
        for item, res in zip(items, results, strict=True):
            row = {**item, **{k: v for k, v in res.items() if k != "id"}}
            fh.write(orjson.dumps(row, default=str) + b"\n")
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    click.echo(json.dumps({"scored": len(results), "out": str(out_path), "status": counts}))
