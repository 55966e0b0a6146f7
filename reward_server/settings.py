"""Service settings, read from `PRORL_*` environment variables.

Why environment variables: the same image runs under compose, k8s and a test fixture, and each
of those sets env vars more easily than it writes a file. Every knob that bounds resource use
(deadline, queue, body size, worker memory) lives here so an operator can see them all at once.
"""

from __future__ import annotations

import os

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRORL_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default_factory=_cpu_count, ge=1, le=256)
    deadline_s: float = Field(default=5.0, gt=0, description="hard per-item verification deadline")
    deadline_margin_s: float = Field(
        default=2.0, ge=0, description="added to a code item's own time_limit_s budget"
    )
    max_deadline_s: float = Field(default=120.0, gt=0, description="cap on any item's deadline")
    max_queue: int = Field(default=8192, ge=1, description="items waiting or in flight before 429")
    max_items_per_request: int = Field(default=4096, ge=1)
    max_body_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    chunk_size: int = Field(default=8, ge=1, description="items per worker round trip")
    worker_memory_mb: int = Field(
        default=4096, ge=0, description="RLIMIT_AS per worker process in MiB (0 = unlimited)"
    )
    worker_max_items: int = Field(
        default=20000, ge=0, description="recycle a worker after this many (0 = never)"
    )
    worker_start_timeout_s: float = Field(default=120.0, gt=0)
    extra_verifier_modules: str = Field(
        default="", description="comma-separated modules to import in server and workers (plugins)"
    )
    log_level: str = "INFO"
    retry_after_s: int = Field(default=1, ge=1, description="Retry-After sent with 429")

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        v = v.upper()
        if v not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {v!r}")
        return v

    @model_validator(mode="after")
    def _queue_fits_a_request(self) -> Settings:
        if self.max_items_per_request > self.max_queue:
            raise ValueError(
                f"max_items_per_request ({self.max_items_per_request}) must not exceed "
                f"max_queue ({self.max_queue}): such a request could never be accepted"
            )
        return self

    def extra_modules(self) -> list[str]:
        return [m.strip() for m in self.extra_verifier_modules.split(",") if m.strip()]
