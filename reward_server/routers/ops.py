"""Health and metrics: cheap, never queued behind scoring work."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reward_server.api import Health
from reward_server.app import JSONBytes
from reward_server.metrics import Metrics
from reward_server.pool import WorkerPool
from reward_server.routers import get_metrics, get_pool

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "workers still warming up"}},
)
async def healthz(pool: Annotated[WorkerPool, Depends(get_pool)]) -> Response:
    """200 once every worker has imported and warmed the verifiers and one is up, else 503."""
    ready = pool.ready
    body = {
        "status": "ok" if ready else "starting",
        "workers": pool.settings.workers,
        "workers_alive": len(pool.worker_pids()),
    }
    return JSONBytes(body, status_code=200 if ready else 503)


@router.get("/metrics", response_class=Response)
async def metrics(m: Annotated[Metrics, Depends(get_metrics)]) -> Response:
    """Prometheus text format."""
    return Response(m.render(), media_type="text/plain; version=0.0.4; charset=utf-8")
