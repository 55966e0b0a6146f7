"""Helpers shared by the sandbox tests (kept out of conftest so test modules can import them)."""

from __future__ import annotations

import os
import shutil
from typing import Any

from reward_server.verdict import Verdict
from reward_server.verifiers import score
from sandboxes.api import CallTest, Limits, Program, RunResult, TestSuite
from sandboxes.local import LocalSandbox, slot_uid

SECRET = "prorl-host-secret-4f1c9a"


def sandbox_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "the local sandbox needs root (it drops each program to a slot uid)"
    if not (shutil.which("bwrap") or shutil.which("unshare")):
        return "neither bubblewrap nor unshare is installed"
    return None


def sandbox_processes() -> list[int]:
    """Host PIDs running as a slot uid of this process's pools: after a run there must be none.
    (Only our own uids: other test sessions on the same host may be running programs.)"""
    ours = {slot_uid(i) for i in range(64)}
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) in ours:
                            found.append(int(name))
                        break
        except OSError:
            continue
    return found


def payload_of(suite: TestSuite) -> dict[str, Any]:
    if suite.style == "stdio":
        tests: list[dict[str, Any]] = [{"input": t.input, "output": t.output} for t in suite.tests]
        return {"style": "stdio", "tests": tests}
    if suite.style == "call":
        tests = [
            {"args": t.args, "kwargs": t.kwargs, "expected": t.expected}
            | ({"abs_tol": t.abs_tol} if t.abs_tol is not None else {})
            for t in suite.tests
        ]
        return {"style": "call", "fn_name": suite.fn_name, "tests": tests, "setup": suite.setup}
    return {"style": "assert", "tests": [{"code": t.code} for t in suite.tests]}


def run_both(
    sb: LocalSandbox, via: str, source: str, suite: TestSuite, limits: Limits
) -> tuple[float, RunResult | Verdict]:
    """Run directly on the Sandbox or through the `code` verifier; returns (reward, raw)."""
    if via == "sandbox":
        res = sb.run(Program(source), suite, limits)
        return (res.passed / res.total if res.total else 0.0), res
    config = {"time_limit_s": limits.time_s, "memory_mb": limits.memory_mb}
    verdict = score("code", f"```python\n{source}\n```", payload_of(suite), config)
    assert verdict.reward is not None, verdict  # a sandbox failure is not an attack defeated
    return verdict.reward, verdict


def assert_healthy(sb: LocalSandbox) -> None:
    """Every slot still grades a correct program, and nothing of the slot uids survives."""
    for _ in range(sb.slots * 2):
        ok = sb.run(
            Program("def f(x):\n    return x + 1\n"),
            TestSuite.call("f", [CallTest([1], 2)]),
            Limits(),
        )
        assert ok.passed == 1, ok
    assert sandbox_processes() == []


def statuses(raw: RunResult | Verdict) -> list[str]:
    """Per-test statuses from a RunResult or a `code` verdict."""
    if isinstance(raw, RunResult):
        return [t.status.value for t in raw.tests]
    return [t["status"] for t in raw.info.get("tests", [])]


def healthy(sb: LocalSandbox) -> None:
    """assert_healthy, and no process of this process's slot uids left anywhere on the host."""
    assert_healthy(sb)
    assert sandbox_processes() == []
