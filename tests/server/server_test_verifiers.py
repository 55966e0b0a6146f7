"""Test-only verifiers plugged into the service through PRORL_EXTRA_VERIFIER_MODULES.

They misbehave on purpose (sleep, hang, crash, segfault, eat memory) so the tests can check that
the pool's deadlines, crash recovery and memory limits hold, independent of which real verifiers
have landed.
"""

from __future__ import annotations

import os
import signal
import time

from pydantic import BaseModel, ConfigDict

from reward_server.verdict import Verdict
from reward_server.verifiers import verifier


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: str


class SleepConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seconds: float = 0.0


@verifier("t_echo", payload=Answer, config=SleepConfig)
def echo(response: str, gt: Answer, cfg: SleepConfig) -> Verdict:
    """Correct when the response equals the answer; sleeps `seconds` first (for deadlines)."""
    if cfg.seconds:
        time.sleep(cfg.seconds)
    if response.strip() == gt.answer:
        return Verdict.correct("exact", pid=os.getpid())
    return Verdict.incorrect("different", pid=os.getpid())


@verifier("t_hang", payload=Answer)
def hang(response: str, gt: Answer, cfg: object) -> Verdict:
    """Spins forever on the CPU: only SIGKILL stops it."""
    x = 0
    while True:
        x += 1


@verifier("t_exit", payload=Answer)
def hard_exit(response: str, gt: Answer, cfg: object) -> Verdict:
    """Leaves the process without unwinding, like a native crash would."""
    os._exit(3)


@verifier("t_segv", payload=Answer)
def segfault(response: str, gt: Answer, cfg: object) -> Verdict:
    """Dies of SIGSEGV."""
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(10)
    return Verdict.error("unreachable")


@verifier("t_memory", payload=Answer)
def memory_hog(response: str, gt: Answer, cfg: object) -> Verdict:
    """Asks for 64 GiB; RLIMIT_AS must turn that into a MemoryError, not a host OOM."""
    blob = bytearray(64 * 1024**3)
    return Verdict.correct(str(len(blob)))
