"""Upstream scorer holes the verifier closes (reward_server.verifiers.reasoning_gym.UPSTREAM_FIXES)."""

from typing import Any

import reasoning_gym

from reward_server.rg_support import config_to_json, to_json
from reward_server.verifiers import score


def _payload(index: int) -> tuple[dict[str, Any], str]:
    ds = reasoning_gym.create_dataset("game_of_life_halting", seed=7, size=4)
    entry = ds[index]
    payload = {
        "task": "game_of_life_halting",
        "config": config_to_json(ds.config),
        "entry": to_json(entry),
    }
    return payload, str(entry["answer"])


def test_game_of_life_halting_wrong_word_scores_zero() -> None:
    for index in range(4):
        payload, gold = _payload(index)
        wrong = "False" if gold == "True" else "True"
        assert score("reasoning_gym", f"<answer>{gold}</answer>", payload).reward == 1.0
        assert score("reasoning_gym", f"<answer>{wrong}</answer>", payload).reward == 0.0
        assert score("reasoning_gym", "<answer>banana</answer>", payload).reward == 0.0
