"""TRL (GRPOTrainer) reward function backed by the reward service.

    from reward_server.adapters.trl import make_trl_reward_func
    trainer = GRPOTrainer(..., reward_funcs=[make_trl_reward_func("http://127.0.0.1:8000")])

TRL calls `fn(prompts=..., completions=..., **dataset_columns)`; the dataset needs a `verifier`
and a `ground_truth` column (and optionally `verifier_config`), as in the corpus jsonl export.
Completions may be plain strings or conversational message lists (the last assistant turn is
graded). "Could not grade" stays None: TRL accepts None in reward lists (it is how multi-task
setups mark a reward function as not applicable) and leaves such samples out of that reward.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reward_server.adapters import client_for

RewardFunc = Callable[..., list[float | None]]


def completion_text(completion: Any) -> str:
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list):  # [{"role": "assistant", "content": ...}, ...]
        for message in reversed(completion):
            if isinstance(message, dict) and message.get("role", "assistant") == "assistant":
                content = message.get("content", "")
                return content if isinstance(content, str) else str(content)
    raise TypeError(
        f"completion: expected a string or a list of messages, got {type(completion).__name__}"
    )


def make_trl_reward_func(
    url: str | None = None,
    verifier_column: str = "verifier",
    ground_truth_column: str = "ground_truth",
    config_column: str = "verifier_config",
    name: str = "prorl_reward",
) -> RewardFunc:
    """A TRL reward function scoring through the service at `url` (or PRORL_REWARD_URL)."""
    client = client_for(url)

    def reward(prompts: list[Any], completions: list[Any], **kwargs: Any) -> list[float | None]:
        for column in (verifier_column, ground_truth_column):
            if column not in kwargs:
                raise KeyError(
                    f"dataset column {column!r} is missing; TRL passes columns as kwargs"
                )
        configs = kwargs.get(config_column) or [None] * len(completions)
        items = []
        for i, completion in enumerate(completions):
            item = {
                "id": str(i),
                "verifier": kwargs[verifier_column][i],
                "ground_truth": kwargs[ground_truth_column][i],
                "response": completion_text(completion),
            }
            if configs[i] not in (None, ""):
                item["config"] = configs[i]
            items.append(item)
        return [r["reward"] for r in client.score(items)]

    reward.__name__ = name  # TRL logs each reward function under its __name__
    return reward
