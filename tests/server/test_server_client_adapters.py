"""RewardClient (batching, fail-over, retry, error contract), the OpenRLHF route and the
verl / TRL / OpenRLHF adapters, all against the live shared server."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from reward_server import adapters
from reward_server.adapters.openrlhf import reward_func
from reward_server.adapters.trl import make_trl_reward_func
from reward_server.adapters.verl import compute_score, compute_score_batch
from reward_server.client import RequestRejected, RewardClient
from reward_server.launch import free_port

pytestmark = pytest.mark.timeout(120)


def items(n: int) -> list[dict]:
    return [
        {
            "id": f"i{k}",
            "verifier": "t_echo",
            "response": "yes" if k % 3 else "no",
            "ground_truth": {"answer": "yes"},
        }
        for k in range(n)
    ]


def test_client_batches_and_keeps_order(reward_server_url: str) -> None:
    client = RewardClient(reward_server_url, batch_size=7)
    res = client.score(items(20))
    assert [r["id"] for r in res] == [f"i{k}" for k in range(20)]
    assert [r["reward"] for r in res] == [0.0 if k % 3 == 0 else 1.0 for k in range(20)]
    ares = asyncio.run(client.ascore(items(20)))
    assert [(r["id"], r["reward"]) for r in ares] == [(r["id"], r["reward"]) for r in res]


def test_client_fails_over_from_a_dead_url(reward_server_url: str) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    client = RewardClient([dead, reward_server_url], batch_size=5, backoff=0.01)
    res = client.score(items(20))  # round robin sends some batches to the dead URL first
    assert [r["status"] for r in res].count("error") == 0
    res = asyncio.run(client.ascore(items(20)))
    assert [r["status"] for r in res].count("error") == 0


def test_client_never_raises_for_transport_errors() -> None:
    client = RewardClient(f"http://127.0.0.1:{free_port()}", max_retries=1, backoff=0.01)
    res = client.score(items(3))
    assert [r["status"] for r in res] == ["error"] * 3
    assert all(r["reward"] is None and "gave up after 2 attempts" in r["detail"] for r in res)
    assert not client.wait_healthy(0.5)


def test_client_raises_for_malformed_requests(reward_server_url: str) -> None:
    client = RewardClient(reward_server_url)
    bad = [{"id": "x", "verifier": "nope", "response": "", "ground_truth": {}}]
    with pytest.raises(RequestRejected) as info:
        client.score(bad)
    assert info.value.status == 422 and "items.0.verifier" in str(info.value)
    with pytest.raises(ValueError, match=r"items\[0\]"):
        client.score([{"verifier": "t_echo"}])
    assert client.wait_healthy(5)


def openrlhf_body() -> dict:
    label = {"verifier": "t_echo", "ground_truth": {"answer": "yes"}}
    return {
        "query": ["Q: say yes\nyes", "Q: say yes\nno", "Q: hang\nyes"],
        "prompts": ["Q: say yes\n", "Q: say yes\n", "Q: hang\n"],
        "labels": [
            json.dumps(label),
            label,
            {"verifier": "t_hang", "ground_truth": {"answer": "x"}},
        ],
    }


def test_openrlhf_route(reward_server_url: str) -> None:
    r = httpx.post(f"{reward_server_url}/openrlhf/reward", json=openrlhf_body(), timeout=30)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["rewards"] == [1.0, 0.0, 0.0] == data["scores"]
    assert data["extra_logs"]["none_mapped_to_zero"] == [0.0, 0.0, 1.0]
    assert data["extra_logs"]["correct"] == [1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"labels": ["{bad json"]}, "labels.0"),
        ({"labels": [{"ground_truth": {}}]}, "labels.0"),
        ({"labels": [{"verifier": "zzz", "ground_truth": {}}]}, "labels.0.verifier"),
        ({"prompts": ["a", "b"]}, "prompts"),
        ({"labels": None}, "labels"),
    ],
)
def test_openrlhf_bad_labels_are_422(reward_server_url: str, patch: dict, field: str) -> None:
    body = {
        "query": ["x"],
        "prompts": ["p"],
        "labels": [{"verifier": "t_echo", "ground_truth": {"answer": "x"}}],
    }
    body.update(patch)
    r = httpx.post(f"{reward_server_url}/openrlhf/reward", json=body, timeout=30)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]


def test_openrlhf_reward_func_file(reward_server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRORL_REWARD_URL", reward_server_url)
    b = openrlhf_body()
    out = reward_func(b["query"], b["prompts"], b["labels"])
    assert [float(x) for x in out["rewards"]] == [1.0, 0.0, 0.0]


def test_verl_compute_score(reward_server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRORL_REWARD_URL", reward_server_url)
    adapters._CLIENTS.clear()
    info = {"verifier": "t_echo", "ground_truth": '{"answer": "yes"}', "verifier_config": "{}"}
    assert compute_score("src", "yes", "ignored", info) == {
        "score": 1.0,
        "acc": 1.0,
        "ungraded": 0.0,
    }
    label = json.dumps({"verifier": "t_hang", "ground_truth": {"answer": "x"}})
    assert compute_score("src", "yes", label, None)["ungraded"] == 1.0
    # the exact shape `prorl data export --format verl` writes (all strings, payload in gt)
    export_info = {
        "id": "x",
        "split": "train",
        "index": "0",
        "verifier": "t_echo",
        "verifier_config": "",
        "eval_set": "",
    }
    assert compute_score("src", "yes", '{"answer": "yes"}', export_info)["score"] == 1.0
    out = compute_score_batch(["a", "b"], ["yes", "no"], ["", ""], [info, info])
    assert [o["score"] for o in out] == [1.0, 0.0]
    with pytest.raises(ValueError, match="which verifier"):
        compute_score("src", "yes", '{"answer": "yes"}', None)


def test_trl_reward_func(reward_server_url: str) -> None:
    fn = make_trl_reward_func(reward_server_url)
    completions = ["yes", [{"role": "assistant", "content": "no"}], "yes"]
    rewards = fn(
        prompts=["p"] * 3,
        completions=completions,
        verifier=["t_echo", "t_echo", "t_exit"],
        ground_truth=['{"answer": "yes"}'] * 3,
    )
    assert rewards == [1.0, 0.0, None]
    assert fn.__name__ == "prorl_reward"
    with pytest.raises(KeyError, match="verifier"):
        fn(prompts=["p"], completions=["x"], ground_truth=["{}"])
