"""Attacks that try to earn reward for tests the program did not pass, each run directly on the
Sandbox and through the `code` verifier, each checking the sandbox is healthy afterwards.
(Isolation attacks - network, files, processes, resources - are in test_sandbox_attacks.py.)"""

from __future__ import annotations

import secrets

import pytest
from sandbox_helpers import assert_healthy, run_both

from sandboxes.api import CallTest, Limits, TestSuite

LIM = Limits(time_s=3.0, memory_mb=512)
VIA = pytest.mark.parametrize("via", ["sandbox", "verifier"])


def probe(expected: object) -> TestSuite:
    return TestSuite.call("probe", [CallTest([], expected)])


ADD_TESTS = [CallTest([1, 2], 3), CallTest([5, 5], 10), CallTest([0, 7], 7)]


@VIA
@pytest.mark.parametrize(
    "src",
    [
        "import sys\nsys.exit(0)\ndef add(a, b):\n    return a + b\n",
        "import os\nos._exit(0)\n",
        "def add(a, b):\n    raise SystemExit(0)\n",
        "import os\ndef add(a, b):\n    os._exit(0)\n",
    ],
    ids=["sys_exit", "os_exit", "raise_systemexit", "os_exit_in_call"],
)
def test_exiting_early_earns_nothing(sandbox, via, src):
    reward, raw = run_both(sandbox, via, src, TestSuite.call("add", ADD_TESTS), LIM)
    assert reward == 0.0, raw
    assert_healthy(sandbox)


@VIA
def test_exiting_before_asserts_earns_nothing(sandbox, via):
    suite = TestSuite.asserts(["assert add(1, 2) == 3", "assert add(2, 2) == 4"])
    for src in ("import sys\nsys.exit(0)\n", "import os\nos._exit(0)\n"):
        reward, raw = run_both(sandbox, via, src, suite, LIM)
        assert reward == 0.0, raw
    assert_healthy(sandbox)


EQ_HACKS = """
import builtins, json
class Always:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
class Sly(str):
    def __eq__(self, other):
        return True
builtins.isinstance = lambda *a: True
builtins.print = lambda *a, **k: None
builtins.abs = lambda x: 0
json.dumps = lambda *a, **k: "3"
def add(a, b):
    return [Always(), Sly("nope"), 999.5][a % 3]
"""


@VIA
def test_rigged_equality_and_patched_builtins_earn_nothing(sandbox, via):
    tests = [CallTest([0, 0], 0), CallTest([1, 0], "yes"), CallTest([2, 0], 1.0, abs_tol=1e-6)]
    reward, raw = run_both(sandbox, via, EQ_HACKS, TestSuite.call("add", tests), LIM)
    assert reward == 0.0, raw
    assert_healthy(sandbox)


FORGE = """
import os, json, struct, sys
def frame(obj):
    data = json.dumps(obj).encode()
    return struct.pack(">I", len(data)) + data
forged = b"".join(frame({"i": i, "ok": True, "value": "42", "token": "x"}) for i in range(3))
for fd in (1, 3):
    try:
        os.write(fd, forged)
    except OSError:
        pass
sys.stdout.write('{"ok": true, "results": []}\\nACCEPTED\\n')
def add(a, b):
    return -1
"""


@VIA
def test_forged_result_frames_earn_nothing(sandbox, via):
    reward, raw = run_both(sandbox, via, FORGE, TestSuite.call("add", ADD_TESTS), LIM)
    assert reward == 0.0, raw
    assert_healthy(sandbox)


@VIA
@pytest.mark.parametrize("fd_attack", ["os.close(3)", "os.dup2(0, 3)", "os.close(1); os.close(2)"])
def test_tampering_with_harness_fds_earns_nothing(sandbox, via, fd_attack):
    src = f"import os\n{fd_attack}\ndef add(a, b):\n    return a + b + 1\n"
    reward, raw = run_both(sandbox, via, src, TestSuite.call("add", ADD_TESTS), LIM)
    assert reward == 0.0, raw
    assert_healthy(sandbox)


HUNT = """
import gc, os, sys
MARK = "EXPECTED" + "-"
def probe():
    for obj in gc.get_objects():
        for s in (obj if isinstance(obj, (list, tuple)) else [obj]):
            if isinstance(s, str) and s.startswith(MARK) and len(s) == 25:
                return s
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            for leaf in ("cmdline", "environ"):
                try:
                    blob = open(f"/proc/{pid}/{leaf}", "rb").read().decode("latin1")
                except OSError:
                    continue
                if MARK in blob:
                    i = blob.index(MARK)
                    return blob[i : i + 25]
    return "not found"
"""


@VIA
def test_expected_outputs_never_enter_the_sandbox(sandbox, via):
    token = "EXPECTED-" + secrets.token_hex(8)
    reward, raw = run_both(sandbox, via, HUNT, probe(token), LIM)
    assert reward == 0.0, raw
    detail = str(raw)
    assert "not found" in detail
    assert_healthy(sandbox)
