"""`POST /v1/score` and `GET /v1/verifiers`."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reward_server.api import (
    ERROR_RESPONSES,
    ScoreItem,
    ScoreRequest,
    ScoreResponse,
    VerifiersResponse,
)
from reward_server.app import JSONBytes, error_response
from reward_server.metrics import Metrics
from reward_server.pool import PoolClosed, QueueFull, WorkerPool
from reward_server.routers import get_metrics, get_pool, get_settings
from reward_server.settings import Settings
from reward_server.verifiers import VERIFIERS

router = APIRouter(prefix="/v1", tags=["scoring"])


def check_items(
    items: list[ScoreItem], settings: Settings, metrics: Metrics, field: str = "items"
) -> Response | None:
    """The request-level checks pydantic cannot know: item count and verifier names."""
    if len(items) > settings.max_items_per_request:
        msg = f"{len(items)} items; at most {settings.max_items_per_request} per request"
        metrics.rejected.labels("413").inc()
        return error_response(413, msg, [{"field": field, "message": msg}])
    known = set(VERIFIERS.names())
    errors = [
        {
            "field": f"{field}.{i}.verifier",
            "message": f"unknown verifier {it.verifier!r}; known: {', '.join(sorted(known))}",
        }
        for i, it in enumerate(items)
        if it.verifier not in known
    ]
    if errors:
        metrics.rejected.labels("422").inc()
        return error_response(422, f"{errors[0]['field']}: {errors[0]['message']}", errors[:20])
    return None


async def run_items(
    items: list[dict[str, Any]], pool: WorkerPool, settings: Settings, metrics: Metrics
) -> list[dict[str, Any]] | Response:
    try:
        return await pool.ascore(items)
    except QueueFull as exc:
        metrics.rejected.labels("429").inc()
        return error_response(
            429,
            f"server busy: {exc}",
            [{"field": "items", "message": "queue full; retry later"}],
            **{"Retry-After": str(settings.retry_after_s)},
        )
    except PoolClosed as exc:
        return error_response(503, str(exc))


@router.post("/score", response_model=ScoreResponse, responses=ERROR_RESPONSES)
async def score(
    body: ScoreRequest,
    pool: Annotated[WorkerPool, Depends(get_pool)],
    settings: Annotated[Settings, Depends(get_settings)],
    metrics: Annotated[Metrics, Depends(get_metrics)],
) -> Response:
    """Score a batch; results come back in request order. A ground truth or config that does
    not fit its verifier fails only that item (`status: error`, detail names the field)."""
    t0 = time.perf_counter()
    bad = check_items(body.items, settings, metrics)
    if bad is not None:
        return bad
    items = [
        {
            "id": it.id,
            "verifier": it.verifier,
            "response": it.response,
            "ground_truth": it.ground_truth,
            "config": it.config,
        }
        for it in body.items
    ]
    results = await run_items(items, pool, settings, metrics)
    if isinstance(results, Response):
        return results
    metrics.request_seconds.labels("/v1/score").observe(time.perf_counter() - t0)
    return JSONBytes({"results": results})


@router.get("/verifiers", response_model=VerifiersResponse)
async def verifiers() -> Response:
    """Every registered verifier with its ground-truth payload and config JSON schemas."""
    out = [
        {
            "name": spec.name,
            "version": spec.version,
            "description": spec.description,
            "payload_schema": spec.payload.model_json_schema(),
            "config_schema": spec.config.model_json_schema(),
        }
        for spec in (VERIFIERS.get(n) for n in VERIFIERS.names())
    ]
    return JSONBytes({"verifiers": out})
