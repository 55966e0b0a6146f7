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


def _int_list(value: str) -> list[int]:
    try:
        return [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise click.BadParameter(f"expected comma-separated integers, got {value!r}") from None


@click.command("eval")
@click.argument("model")
@click.option("--sets", required=True, help="Comma-separated eval set names under <corpus>/eval.")
@click.option("--corpus", default="data/corpus", show_default=True, help="Built corpus dir.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Report dir.")
@click.option("--n", "n", default=16, show_default=True, help="Samples per problem.")
@click.option("--k", "k", default="1,4,16", show_default=True, help="pass@k values (<= n).")
@click.option("--reward-url", default=None, help="Reward service URL (default: start one).")
@click.option("--limit", type=int, default=None, help="First N problems of each set.")
@click.option("--temperature", default=0.6, show_default=True)
@click.option("--top-p", default=0.95, show_default=True)
@click.option("--max-new-tokens", default=1024, show_default=True)
@click.option("--max-prompt-tokens", default=1024, show_default=True)
@click.option("--batch-prompts", default=8, show_default=True, help="Prompts per generate chunk.")
@click.option("--engine", default="hf_fast", show_default=True, help="hf_fast, hf or vllm.")
@click.option("--seed", default=0, show_default=True)
@click.option("--system-prompt", default=None)
@click.option(
    "--cpu-threads", type=int, default=None, help="torch threads on CPU (1 on busy hosts)."
)
def eval_cmd(
    model: str,
    sets: str,
    corpus: str,
    out: str,
    n: int,
    k: str,
    reward_url: str | None,
    limit: int | None,
    temperature: float,
    top_p: float,
    max_new_tokens: int,
    max_prompt_tokens: int,
    batch_prompts: int,
    engine: str,
    seed: int,
    system_prompt: str | None,
    cpu_threads: int | None,
) -> None:
    """pass@k of MODEL (run dir, checkpoint, HF model dir or tiny preset) on eval sets."""
    from trainer.evaluate import EvalError, EvalSettings, run_eval
    from trainer.rewards import RewardServiceUnavailable

    st = EvalSettings(
        n=n,
        ks=_int_list(k),
        temperature=temperature,
        top_p=top_p,
        max_new_tokens=max_new_tokens,
        max_prompt_tokens=max_prompt_tokens,
        limit=limit,
        engine=engine,
        seed=seed,
        batch_prompts=batch_prompts,
        system_prompt=system_prompt,
        cpu_threads=cpu_threads,
    )
    names = [s.strip() for s in sets.split(",") if s.strip()]
    try:
        report = run_eval(model, corpus, names, out, st, reward_url, echo=click.echo)
    except (EvalError, RewardServiceUnavailable) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo((Path(out) / "passk.md").read_text(encoding="utf-8"))
    click.echo(f"overall pass@{st.ks[0]}: {report['overall']['pass@k'][str(st.ks[0])]:.3f}")
