"""HTTP routes, one module per concern: scoring, OpenRLHF compatibility, operations."""

from __future__ import annotations

from fastapi import Request

from reward_server.metrics import Metrics
from reward_server.pool import WorkerPool
from reward_server.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_pool(request: Request) -> WorkerPool:
    return request.app.state.pool  # type: ignore[no-any-return]


def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics  # type: ignore[no-any-return]
