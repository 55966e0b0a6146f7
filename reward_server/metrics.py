"""Prometheus metrics of one service instance.

Each app gets its own CollectorRegistry so several apps in one process (tests) do not collide,
and the verifier label is bounded: unknown verifier names are rejected before they are counted.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

disable_created_metrics()  # `_created` series double the scrape size and nobody graphs them

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.items = Counter(
            "prorl_reward_items", "Items scored", ["verifier", "status"], registry=self.registry
        )
        self.verify_seconds = Histogram(
            "prorl_reward_verify_seconds",
            "Time one item spent in a worker",
            ["verifier"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "prorl_reward_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "prorl_reward_queue_depth", "Items waiting or in flight", registry=self.registry
        )
        self.restarts = Counter(
            "prorl_reward_worker_restarts",
            "Worker processes replaced",
            ["reason"],
            registry=self.registry,
        )
        self.workers_alive = Gauge(
            "prorl_reward_workers_alive", "Worker processes up", registry=self.registry
        )
        self.rejected = Counter(
            "prorl_reward_rejected_requests",
            "Requests refused before scoring",
            ["code"],
            registry=self.registry,
        )

    def on_result(self, verifier: str, status: str, seconds: float) -> None:
        self.items.labels(verifier, status).inc()
        self.verify_seconds.labels(verifier).observe(seconds)

    def on_restart(self, reason: str) -> None:
        self.restarts.labels(reason).inc()

    def on_queue(self, depth: int) -> None:
        self.queue_depth.set(depth)

    def track_workers(self, count: Callable[[], float]) -> None:
        self.workers_alive.set_function(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
