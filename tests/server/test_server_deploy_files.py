"""The Dockerfile and compose file cannot be run here (no docker engine); check what they say."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_dockerfile_serves_on_all_interfaces_with_the_sandbox() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert "bubblewrap" in text and "pip install ." in text
    assert 'CMD ["prorl", "serve", "--host", "0.0.0.0"' in text
    assert "/healthz" in text


def test_compose_runs_replicas_with_a_healthcheck() -> None:
    svc = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["reward"]
    assert svc["deploy"]["replicas"] >= 2
    assert any("/healthz" in part for part in svc["healthcheck"]["test"])
    assert all(k.startswith("PRORL_") for k in svc["environment"])
    from reward_server.settings import Settings

    fields = {f"PRORL_{name.upper()}" for name in Settings.model_fields}
    assert set(svc["environment"]) <= fields  # no typo'd setting silently ignored
