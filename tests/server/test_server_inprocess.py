"""In-process checks of the app factory: health before warm-up, odd unicode, JSON logs."""

from __future__ import annotations

import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from reward_server import logs
from reward_server.app import create_app
from reward_server.settings import Settings

pytestmark = pytest.mark.timeout(120)


def test_healthz_is_503_until_workers_are_warm_then_scores_odd_unicode() -> None:
    settings = Settings(workers=1, extra_verifier_modules="server_test_verifiers")
    with TestClient(create_app(settings)) as client:
        first = client.get("/healthz")
        assert first.status_code == 503 and first.json()["status"] == "starting"
        end = time.monotonic() + 90
        while client.get("/healthz").status_code != 200:
            assert time.monotonic() < end, "pool never became ready"
            time.sleep(0.1)
        # a lone surrogate is valid JSON but not UTF-8: a 422 naming the field, not a 500
        body = '{"items": [{"id": "\\ud800", "verifier": "t_echo", "response": "\\ud800",'
        body += ' "ground_truth": {"answer": "\\ud800"}}]}'
        r = client.post("/v1/score", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == "items.0.id"
        ok = client.post(
            "/v1/score",
            json={
                "items": [
                    {
                        "id": "é",
                        "verifier": "t_echo",
                        "response": "🙂",
                        "ground_truth": {"answer": "🙂"},
                    }
                ]
            },
        )
        assert ok.json()["results"][0]["status"] == "correct"


def test_json_log_lines_carry_the_request_id() -> None:
    token = logs.request_id.set("rid-42")
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("you",), None)
        record.fields = {"status": 200}
        line = json.loads(logs.JsonFormatter().format(record))
    finally:
        logs.request_id.reset(token)
    assert line["msg"] == "hello you" and line["request_id"] == "rid-42" and line["status"] == 200
