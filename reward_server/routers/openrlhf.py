"""OpenRLHF's remote reward protocol (`--remote_rm_url http://host:port/openrlhf/reward`).

OpenRLHF posts `{"query": [prompt+response, ...], "prompts": [...], "labels": [...]}` and reads
`rewards` (and `scores`, `extra_logs`). Labels carry what to grade against, per sample either
`{"verifier": ..., "ground_truth": ..., "config": ...}` (object or JSON string) or a whole task
record (`verifier`, `ground_truth`, `verifier_config`), so `--label_key` can point at a corpus
column directly. The response is `query` with the prompt prefix removed.

The protocol has no way to say "could not grade", so a None reward (timeout, error) is sent as
0.0 and flagged per sample in `extra_logs["none_mapped_to_zero"]` (1.0 = that 0 is not real).
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError

from reward_server.api import ERROR_RESPONSES, OpenRLHFRequest, OpenRLHFResponse, ScoreItem
from reward_server.app import JSONBytes, error_response
from reward_server.metrics import Metrics
from reward_server.pool import WorkerPool
from reward_server.routers import get_metrics, get_pool, get_settings
from reward_server.routers.score import check_items, run_items
from reward_server.settings import Settings

router = APIRouter(prefix="/openrlhf", tags=["compatibility"])


def parse_label(label: Any) -> tuple[str, Any, Any]:
    """(verifier, ground_truth, config) from one label; ValueError says what is wrong."""
    if isinstance(label, str):
        try:
            label = json.loads(label)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(label, dict):
        raise ValueError("must be an object (or JSON string) with verifier and ground_truth")
    if not isinstance(label.get("verifier"), str) or "ground_truth" not in label:
        raise ValueError("needs a string 'verifier' and a 'ground_truth'")
    config = label.get("config", label.get("verifier_config"))
    return label["verifier"], label["ground_truth"], config


@router.post("/reward", response_model=OpenRLHFResponse, responses=ERROR_RESPONSES)
async def reward(
    body: OpenRLHFRequest,
    pool: Annotated[WorkerPool, Depends(get_pool)],
    settings: Annotated[Settings, Depends(get_settings)],
    metrics: Annotated[Metrics, Depends(get_metrics)],
) -> Response:
    """Score OpenRLHF samples; None rewards become 0.0 and are flagged in extra_logs."""
    t0 = time.perf_counter()
    n = len(body.query)
    errors: list[dict[str, str]] = []
    for name in ("prompts", "labels"):
        value = getattr(body, name)
        if value is not None and len(value) != n:
            errors.append({"field": name, "message": f"has {len(value)} entries, query has {n}"})
    if body.labels is None:
        errors.append({"field": "labels", "message": "required: what to grade each query against"})
    if errors:
        return error_response(422, f"{errors[0]['field']}: {errors[0]['message']}", errors)
    items: list[ScoreItem] = []
    for i, (query, label) in enumerate(zip(body.query, body.labels or [], strict=True)):
        prompt = body.prompts[i] if body.prompts else ""
        response = query[len(prompt) :] if prompt and query.startswith(prompt) else query
        try:
            verifier, gt, cfg = parse_label(label)
            items.append(
                ScoreItem(
                    id=str(i), verifier=verifier, response=response, ground_truth=gt, config=cfg
                )
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            errors.append({"field": f"labels.{i}.{where}", "message": first["msg"]})
        except ValueError as exc:
            errors.append({"field": f"labels.{i}", "message": str(exc)})
    if errors:
        return error_response(422, f"{errors[0]['field']}: {errors[0]['message']}", errors[:20])
    bad = check_items(items, settings, metrics, field="labels")
    if bad is not None:
        return bad
    payload = [it.model_dump() for it in items]
    results = await run_items(payload, pool, settings, metrics)
    if isinstance(results, Response):
        return results
    rewards = [float(r["reward"]) if r["reward"] is not None else 0.0 for r in results]
    metrics.request_seconds.labels("/openrlhf/reward").observe(time.perf_counter() - t0)
    return JSONBytes(
        {
            "rewards": rewards,
            "scores": rewards,
            "extra_logs": {
                "correct": [1.0 if r["status"] == "correct" else 0.0 for r in results],
                "none_mapped_to_zero": [1.0 if r["reward"] is None else 0.0 for r in results],
            },
        }
    )
