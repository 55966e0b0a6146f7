"""The FastAPI application factory: `create_app(settings)`.

The app owns one WorkerPool for its lifetime (started in the lifespan, so `/healthz` can answer
503 while workers warm up). Every user mistake is answered with the same JSON error shape,
`{"error": ..., "errors": [{"field", "message"}]}`, and a 4xx status, never a traceback.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reward_server import logs
from reward_server.metrics import Metrics
from reward_server.pool import WorkerPool, _Observer
from reward_server.settings import Settings
from reward_server.verifiers import VERIFIERS

log = logging.getLogger("reward_server.app")


class JSONBytes(Response):
    """orjson rendering: the score endpoint returns thousands of small dicts per request."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        try:
            return orjson.dumps(content, default=str)
        except TypeError:  # lone surrogates (valid in JSON input, not in UTF-8): escape them
            return json.dumps(content, default=str).encode()


def error_response(
    status: int, error: str, errors: list[dict[str, str]] | None = None, **headers: str
) -> JSONBytes:
    return JSONBytes({"error": error, "errors": errors or []}, status_code=status, headers=headers)


class BodyLimitMiddleware:
    """413 for bodies over max_body_bytes: by Content-Length up front, and by counting the
    streamed bytes, since chunked uploads carry no Content-Length at all."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    msg = f"body of {value.decode('latin-1')!r} bytes; limit is {self.max_bytes}"
                    await error_response(413, msg, [{"field": "body", "message": msg}])(
                        scope, receive, send
                    )
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, f"body exceeds the limit of {self.max_bytes} bytes")
            return message

        await self.app(scope, counting_receive, send)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        errors: list[dict[str, str]] = []
        seen: set[str] = set()
        for err in exc.errors():
            where = _field(tuple(err.get("loc", ())))
            if err.get("type") == "json_invalid":
                where = "body"
            if where not in seen:
                seen.add(where)
                errors.append({"field": where, "message": str(err.get("msg", "invalid"))})
        app.state.metrics.rejected.labels("422").inc()
        first = errors[0] if errors else {"field": "body", "message": "invalid"}
        return error_response(422, f"{first['field']}: {first['message']}", errors)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        app.state.metrics.rejected.labels(str(exc.status_code)).inc()
        field = "body" if exc.status_code == 413 else "path"
        detail = str(exc.detail)
        return error_response(
            exc.status_code, detail, [{"field": field, "message": detail}], **(exc.headers or {})
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # fail fast on a broken plugin: better no server than one whose workers never start
    for module in settings.extra_modules():
        importlib.import_module(module)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = WorkerPool(
            settings, _Observer(metrics.on_result, metrics.on_restart, metrics.on_queue)
        )
        metrics.track_workers(lambda: float(len(pool.worker_pids())))
        app.state.pool = pool
        pool.start()
        # the parent needs the registry too (name checks, /v1/verifiers); import it while the
        # workers warm up rather than on the first request
        await asyncio.to_thread(VERIFIERS.names)
        log.info("worker pool starting", extra={"fields": {"workers": settings.workers}})
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="ProRL reward service",
        version="1",
        summary="Verifiable rewards for RL on reasoning models",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    _install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(logs.RequestIdMiddleware)

    from reward_server.routers import openrlhf, ops, score

    app.include_router(score.router)
    app.include_router(openrlhf.router)
    app.include_router(ops.router)
    return app
