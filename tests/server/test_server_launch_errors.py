"""Start-up mistakes end in clear messages, not tracebacks or hung fixtures."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from prorl.cli import main
from reward_server.launch import ServerFailed, start_server
from reward_server.settings import Settings

pytestmark = pytest.mark.timeout(120)


def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRORL_DEADLINE_S", "-1")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "deadline_s" in result.output and "Traceback" not in result.output


def test_queue_must_fit_one_request() -> None:
    with pytest.raises(ValueError, match="max_items_per_request"):
        Settings(max_queue=10, max_items_per_request=20)


def test_broken_plugin_fails_fast_with_the_log() -> None:
    env = {"PRORL_EXTRA_VERIFIER_MODULES": "no_such_plugin_module_xyz"}
    with pytest.raises(ServerFailed, match="no_such_plugin_module_xyz"):
        with start_server(workers=1, env=env, startup_timeout_s=60):
            pass


def test_deadline_follows_the_items_own_time_budget() -> None:
    from reward_server.deadlines import item_deadline

    s = Settings(deadline_s=5, deadline_margin_s=2, max_deadline_s=30)
    assert item_deadline(s, "t_echo", {"answer": "x"}, None) == 5
    assert item_deadline(s, "t_echo", '{"time_limit_s": 10, "tests": []}', None) == 12
    assert item_deadline(s, "t_echo", {}, {"time_limit_s": 100}) == 30  # capped
    from reward_server.verifiers import VERIFIERS

    if "code" in VERIFIERS:  # its config model's default budget counts even when not sent
        default = VERIFIERS.get("code").config.model_fields["time_limit_s"].default
        assert item_deadline(s, "code", {}, None) == max(5, default + 2)
