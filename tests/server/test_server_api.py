"""The HTTP contract of POST /v1/score, /v1/verifiers, /healthz, /metrics against a live server."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.timeout(120)


def item(
    i: str, verifier: str = "t_echo", response: str = "yes", gt: object = None, **kw: object
) -> dict:
    return {
        "id": i,
        "verifier": verifier,
        "response": response,
        "ground_truth": {"answer": "yes"} if gt is None else gt,
        **kw,
    }


def post(url: str, body: object, **kw: object) -> httpx.Response:
    return httpx.post(f"{url}/v1/score", json=body, timeout=30, **kw)


def test_batch_scored_in_order_with_per_item_payload_errors(reward_server_url: str) -> None:
    items = [
        item("a"),
        item("b", response="no"),
        item("c", gt={"answr": "yes"}),  # does not fit the payload model: only this item fails
        item("d", gt='{"answer": "yes"}'),  # JSON string form of the payload
        item("e", gt="{not json"),
        item("f", config={"seconds": "soon"}),
    ]
    r = post(reward_server_url, {"items": items})
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert [x["id"] for x in res] == list("abcdef")
    assert [x["status"] for x in res] == [
        "correct",
        "incorrect",
        "error",
        "correct",
        "error",
        "error",
    ]
    assert [x["reward"] for x in res] == [1.0, 0.0, None, 1.0, None, None]
    assert "ground_truth.answer" in res[2]["detail"]
    assert "ground_truth" in res[4]["detail"] and "JSON" in res[4]["detail"]
    assert "config.seconds" in res[5]["detail"]
    assert all(x["elapsed_ms"] >= 0 for x in res)
    assert res[0]["info"]["pid"] > 0


def test_real_math_verifier_through_the_service(reward_server_url: str) -> None:
    names = [v["name"] for v in httpx.get(f"{reward_server_url}/v1/verifiers").json()["verifiers"]]
    if "math" not in names:
        pytest.skip("math verifier not registered yet")
    items = [
        item("r", "math", "<think>half</think> so \\boxed{\\frac{1}{2}}", {"answer": "0.5"}),
        item("w", "math", "<think>hmm</think> \\boxed{3}", {"answer": "0.5"}),
    ]
    res = post(reward_server_url, {"items": items}).json()["results"]
    assert [x["reward"] for x in res] == [1.0, 0.0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": [item("a", verifier="no_such_verifier")]}, "items.0.verifier"),
        (
            {"items": [item("a"), {"id": "b", "verifier": "t_echo", "response": "x"}]},
            "items.1.ground_truth",
        ),
        ({"items": [item("a", response=5)]}, "items.0.response"),
        ({"items": [{**item("a"), "id": 7}]}, "items.0.id"),
        ({"items": [item("a", gt=[1, 2])]}, "items.0.ground_truth"),
        ({"items": [item("a", extra=1)]}, "items.0.extra"),
        ({"items": "nope"}, "items"),
        ({}, "items"),
    ],
)
def test_request_shape_errors_are_422_naming_the_field(
    reward_server_url: str, body: object, field: str
) -> None:
    r = post(reward_server_url, body)
    assert r.status_code == 422, r.text
    data = r.json()
    assert field in [e["field"] for e in data["errors"]], data
    assert data["error"]


def test_malformed_json_is_422(reward_server_url: str) -> None:
    r = httpx.post(
        f"{reward_server_url}/v1/score",
        content=b'{"items": [{"id": "a",',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "body"


def test_body_limits_are_413(reward_server_url: str) -> None:
    big = {"items": [item("a", response="x" * (5 * 1024 * 1024))]}
    r = post(reward_server_url, big)
    assert r.status_code == 413 and r.json()["errors"][0]["field"] == "body"

    def chunks():  # no Content-Length: the server must count streamed bytes
        yield b'{"items": [{"id": "a", "verifier": "t_echo", "ground_truth": {}, "response": "'
        for _ in range(80):
            yield b"y" * 65536
        yield b'"}]}'

    r = httpx.post(
        f"{reward_server_url}/v1/score",
        content=chunks(),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 413, r.text

    r = post(reward_server_url, {"items": [item(str(i)) for i in range(257)]})
    assert r.status_code == 413 and r.json()["errors"][0]["field"] == "items"


def test_request_id_echoed_and_minted(reward_server_url: str) -> None:
    r = httpx.get(f"{reward_server_url}/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = httpx.get(f"{reward_server_url}/healthz")
    assert len(r.headers["x-request-id"]) == 32


def test_verifiers_listing_has_schemas(reward_server_url: str) -> None:
    data = httpx.get(f"{reward_server_url}/v1/verifiers").json()["verifiers"]
    echo = next(v for v in data if v["name"] == "t_echo")
    assert echo["payload_schema"]["required"] == ["answer"]
    assert "seconds" in echo["config_schema"]["properties"]
    assert echo["description"].startswith("Correct when")


def test_metrics_count_by_verifier_and_status(reward_server_url: str) -> None:
    post(reward_server_url, {"items": [item("m1"), item("m2", response="no")]})
    text = httpx.get(f"{reward_server_url}/metrics").text
    assert 'prorl_reward_items_total{status="correct",verifier="t_echo"}' in text
    assert 'prorl_reward_items_total{status="incorrect",verifier="t_echo"}' in text
    assert "prorl_reward_verify_seconds_bucket" in text
    assert "prorl_reward_queue_depth" in text
    assert "prorl_reward_workers_alive 2.0" in text


def test_openapi_document(reward_server_url: str) -> None:
    spec = httpx.get(f"{reward_server_url}/openapi.json").json()
    assert {"/v1/score", "/v1/verifiers", "/healthz", "/metrics", "/openrlhf/reward"} <= set(
        spec["paths"]
    )
    assert "422" in spec["paths"]["/v1/score"]["post"]["responses"]


def test_real_code_verifier_sandbox_runs_inside_pool_workers(reward_server_url: str) -> None:
    names = [v["name"] for v in httpx.get(f"{reward_server_url}/v1/verifiers").json()["verifiers"]]
    if "code" not in names:
        pytest.skip("code verifier not registered yet")
    gt = {"style": "stdio", "tests": [{"input": "2\n", "output": "4\n"}]}
    items = [
        item("ok", "code", "```python\nprint(int(input()) * 2)\n```", gt),
        # the sandbox's own 1 s budget ends this loop before the pool's deadline would
        item("loop", "code", "```python\nwhile True: pass\n```", gt, config={"time_limit_s": 1}),
    ]
    res = post(reward_server_url, {"items": items}).json()["results"]
    assert [(x["status"], x["reward"]) for x in res] == [("correct", 1.0), ("incorrect", 0.0)]
