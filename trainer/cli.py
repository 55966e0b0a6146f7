"""`prorl train`, `prorl sft`, `prorl plot`. User mistakes (bad config, missing corpus,
unreachable reward service) end with one clear line, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from trainer.config import ConfigError, load_config

_PASS = {"ignore_unknown_options": True, "allow_extra_args": True}


def _user_errors() -> tuple[type[BaseException], ...]:
    from trainer.data import CorpusError
    from trainer.rewards import RewardServiceUnavailable

    return (ConfigError, CorpusError, RewardServiceUnavailable, FileNotFoundError)


@click.command(context_settings=_PASS)
@click.argument("config", type=click.Path(dir_okay=False))
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False), help="Run directory."
)
@click.option("--max-steps", type=int, default=None, help="Stop after this many steps in total.")
@click.option("--resume", is_flag=True, help="Continue from <out>/checkpoints/latest.")
@click.pass_context
def train(ctx: click.Context, config: str, out: str, max_steps: int | None, resume: bool) -> None:
    """GRPO training. Extra `--section.key=value` arguments override the config file."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        cfg = load_config(config, ctx.args)
        if max_steps is not None:
            cfg.run.max_steps = max_steps
        from trainer.loop import Trainer

        trainer = Trainer(cfg, out, resume=resume, echo=click.echo)
        trainer.fit()
    except _user_errors() as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"done: {trainer.step} steps; metrics in {Path(out) / 'metrics.jsonl'}")


@click.command(context_settings=_PASS)
@click.argument("config", type=click.Path(dir_okay=False))
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False), help="Output model dir."
)
@click.pass_context
def sft(ctx: click.Context, config: str, out: str) -> None:
    """Warm-start the config's model on the corpus's reference answers (meta.reference)."""
    try:
        cfg = load_config(config, ctx.args)
        from pydantic import ValidationError

        from trainer.sft import run_sft

        try:
            summary = run_sft(cfg, out, echo=click.echo)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"{config}: sft.{loc}: {first['msg']}") from None
    except _user_errors() as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"saved {out} (loss {summary['first_loss']:.3f} -> {summary['final_loss']:.3f})")


@click.command()
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option("--out", "out", default=None, help="Where to write PNGs (default <run_dir>/plots).")
def plot(run_dir: str, out: str | None) -> None:
    """Write PNG curves (reward, loss, KL, entropy, length, clip fractions) for a run."""
    from trainer.plot import plot_run

    try:
        written = plot_run(run_dir, out)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(str(path))
