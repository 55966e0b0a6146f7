"""The `prorl` command. Subcommands live beside the code they drive and load lazily, so
`prorl score` does not pay for importing torch and `prorl train` does not import FastAPI."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

# command name -> ("module:attribute" of a click.Command, one-line help shown by `prorl --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("reward_server.cli:serve", "Run the reward service (FastAPI + worker pool)."),
    "score": ("reward_server.cli:score", "Score one response with a verifier."),
    "score-file": ("reward_server.cli:score_file", "Score a JSONL file of items."),
    "data": ("dataset_builder.cli:data", "Build, verify, diff, serve and export corpora."),
    "train": ("trainer.cli:train", "GRPO training (the ProRL recipe)."),
    "sft": ("trainer.cli:sft", "Warm-start a model on reference answers."),
    "plot": ("trainer.cli:plot", "Write PNG curves for a run directory."),
    "eval": ("trainer.cli:eval_cmd", "pass@k evaluation of a checkpoint."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr = COMMANDS[cmd_name][0].split(":")
        try:
            return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
        except (ImportError, AttributeError) as exc:
            raise click.ClickException(
                f"`prorl {cmd_name}` is unavailable: {exc} (is the right extra installed?)"
            ) from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # `--help` must not import every subsystem (torch alone takes seconds)
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in sorted(COMMANDS)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="prorl-stack")
def main() -> None:
    """ProRL Stack: build the corpus, serve rewards, train with GRPO."""


def run(argv: list[str] | None = None) -> Any:
    return main.main(args=argv if argv is not None else sys.argv[1:], prog_name="prorl")


if __name__ == "__main__":
    run()
