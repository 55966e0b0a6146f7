"""stdio suites run every test of one program in one process (sandboxes/runner_stdio.py): each
test still gets a fresh `__main__`, its own stdin and stdout, and the ending a fresh
interpreter would give it; what breaks the process only costs the test it happened in."""

from __future__ import annotations

import pytest
from sandbox_helpers import healthy, statuses

from sandboxes.api import Limits, Program, TestSuite

LIM = Limits(time_s=10.0, memory_mb=512)


def run(sandbox, src: str, pairs: list[tuple[str, str]], limits: Limits = LIM) -> list[str]:
    return statuses(sandbox.run(Program(src), TestSuite.stdio(pairs), limits))


def test_one_process_per_program_but_fresh_globals_per_test(sandbox):
    src = (
        "import os\n"
        "try:\n    seen += 1\nexcept NameError:\n    seen = 0\n"
        "print(seen, os.getpid())\n"
    )
    res = sandbox.run(Program(src), TestSuite.stdio([("", "x")] * 3), LIM)
    outs = [t.detail.removeprefix("got ").strip("'").split("\\n")[0] for t in res.tests]
    assert [o.split()[0] for o in outs] == ["0", "0", "0"], outs  # no global carried over
    assert len({o.split()[1] for o in outs}) == 1, outs  # one process ran all three


def test_inputs_are_separate_and_eof_terminated(sandbox):
    src = "import sys\nprint(len(sys.stdin.read()))\n"
    pairs = [("a" * 10, "10"), ("", "0"), ("b" * 70_000, "70000")]
    assert run(sandbox, src, pairs) == ["accepted"] * 3


@pytest.mark.parametrize(
    "src",
    [
        "import os, sys\nprint(input())\nsys.stdout.flush()\nos._exit(0)\n",
        "import threading\ndef main():\n    print(input())\nthreading.Thread(target=main).start()\n",
        "import atexit\natexit.register(lambda: print(input()))\n",
        "import sys\nprint(input())\nsys.exit()\n",
        "import sys\nsys.stdout.write(input() + '\\n')\nsys.exit(0)\n",
    ],
    ids=["os_exit_after_flush", "main_in_a_thread", "atexit_prints", "sys_exit", "sys_exit_0"],
)
def test_ways_a_program_ends_score_like_a_fresh_interpreter(sandbox, src):
    assert run(sandbox, src, [("x\n", "x"), ("y\n", "y"), ("z\n", "z")]) == ["accepted"] * 3


def test_a_failing_test_costs_only_itself(sandbox):
    src = (
        "import os, sys\n"
        "x = int(input())\n"
        "if x == 2:\n    raise ValueError('boom')\n"
        "if x == 3:\n    sys.exit(3)\n"
        "if x == 4:\n    os.kill(os.getpid(), 11)\n"
        "print(x)\n"
    )
    res = sandbox.run(Program(src), TestSuite.stdio([(str(i), str(i)) for i in range(1, 6)]), LIM)
    got = statuses(res)
    assert got == ["accepted", "runtime_error", "runtime_error", "runtime_error", "accepted"], res
    assert "ValueError: boom" in res.tests[1].detail and "runner_stdio" not in res.tests[1].detail
    assert "exit code 3" in res.tests[2].detail and "signal 11" in res.tests[3].detail
    healthy(sandbox)


def test_builtins_and_interpreter_settings_are_restored_between_tests(sandbox):
    src = (
        "import builtins, sys\n"
        "print(hasattr(builtins, 'leak'), sys.getrecursionlimit())\n"
        "builtins.leak = 1\n"
        "builtins.print = None\n"
        "sys.setrecursionlimit(50_000)\n"
    )
    assert run(sandbox, src, [("", "False 1000")] * 3) == ["accepted"] * 3


def test_a_forked_copy_that_falls_off_the_end_sends_nothing(sandbox):
    src = "import os, sys\nx = input()\nif os.fork() == 0:\n    sys.exit(0)\nos.wait()\nprint(x)\n"
    assert run(sandbox, src, [("a\n", "a"), ("b\n", "b")]) == ["accepted"] * 2
    healthy(sandbox)


def test_input_larger_than_the_file_size_limit_still_arrives(sandbox):
    """The input memfd is written under the slot uid: RLIMIT_FSIZE is lifted for that write
    (the hard limit is the largest input), and the program's own writes stay capped."""
    limits = Limits(time_s=10.0, memory_mb=512, file_size_mb=1)
    big = "7" * (3 << 20)
    src = (
        "import resource, sys\n"
        "n = len(sys.stdin.read())\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # as far as it can go\n"
        "try:\n"
        "    open('/tmp/out', 'w').write('z' * (8 << 20))\n"
        "    wrote = 'yes'\n"
        "except OSError:\n"
        "    wrote = 'no'\n"
        "print(n, wrote)\n"
    )
    res = sandbox.run(Program(src), TestSuite.stdio([(big, f"{len(big)} no")]), limits)
    assert statuses(res) == ["accepted"], res  # Python ignores SIGXFSZ: the write gets EFBIG


def test_stdout_over_the_cap_is_output_limit_and_the_next_test_runs(sandbox):
    limits = Limits(time_s=10.0, memory_mb=512, output_bytes=1 << 16)
    src = "x = input()\nprint('y' * 100_000 if x == '1' else x)\n"
    assert run(sandbox, src, [("1", "y"), ("2", "2")], limits) == ["output_limit", "accepted"]
    flood = "while True:\n    print('y' * 10_000)\n"
    assert run(sandbox, flood, [("", "")] * 2, limits) == ["output_limit"] * 2
    healthy(sandbox)


def test_a_thread_left_running_cannot_write_into_the_next_tests_verdict(sandbox):
    """A daemon thread of test 1 keeps printing; test 2's output is only what reaches its own
    stdout. The program can only spoil its own later tests, never pass one it did not solve."""
    src = (
        "import threading, time, sys\n"
        "x = input()\n"
        "if x == '1':\n"
        "    def spam():\n"
        "        while True:\n"
        "            print('noise', flush=True)\n"
        "            time.sleep(0.001)\n"
        "    threading.Thread(target=spam, daemon=True).start()\n"
        "print(x)\n"
    )
    got = run(sandbox, src, [("1", "1"), ("2", "wrong")])
    assert got[1] == "wrong_answer", got
    healthy(sandbox)


def test_a_program_that_does_not_compile_is_a_compile_error_not_a_test_failure(sandbox):
    """The compile happens inside the sandbox (under the program's limits); a syntax error
    still reaches the caller as the run-level compile_error, which the verifier scores 0."""
    res = sandbox.run(Program("print(1\n"), TestSuite.stdio([("", "1")] * 3), LIM)
    assert res.tests == [] and res.compile_error and "SyntaxError" in res.compile_error
    res = sandbox.run(Program("x = 1\0"), TestSuite.stdio([("", "1")]), LIM)
    assert res.compile_error and "null" in res.compile_error


def test_an_alarm_armed_by_one_test_does_not_fire_in_the_next(sandbox):
    src = (
        "import signal, time\n"
        "x = input()\n"
        "if x == '1':\n    signal.alarm(1)\nelse:\n    time.sleep(1.5)\n"
        "print(x)\n"
    )
    assert run(sandbox, src, [("1", "1"), ("2", "2")]) == ["accepted"] * 2


FAST_IO = '''
import os, sys
from io import BytesIO, IOBase

class BufferedOut(IOBase):
    """The contest fast-output idiom: collect bytes, write them to the fd on flush."""
    def __init__(self, fd):
        self.fd, self.buf = fd, BytesIO()
    def write(self, s):
        return self.buf.write(s.encode())
    def flush(self):
        os.write(self.fd, self.buf.getvalue())
        self.buf.seek(0)
        self.buf.truncate()

sys.stdout = BufferedOut(sys.stdout.fileno())
data = sys.stdin.buffer.read().split()
print(sum(map(int, data)))
'''


@pytest.mark.parametrize(
    "src",
    [
        FAST_IO,  # flushed by the interpreter's shutdown, as in a real process
        "import os\nx = input()\nprint(x, flush=True)\nos.close(1)\n",
        "import sys\nprint(sum(map(int, open(0).read().split())))\nsys.stdout.close()\n",
        "import io, os\n"
        "input = io.BytesIO(os.read(0, os.fstat(0).st_size)).readline\n"
        "print(sum(map(int, input().split())))\n",
        "from sys import stdin, stdout\nstdout.write(str(sum(map(int, stdin.read().split()))))\n",
    ],
    ids=[
        "fast_io_flushed_at_exit",
        "closes_fd_1",
        "open_0_closes_fd_0_when_collected",
        "fstat_sized_read",
        "from_sys_import_stdin",
    ],
)
def test_contest_output_idioms(sandbox, src):
    pairs = [("1 2\n", "3"), ("5 5\n", "10")]
    if "input()" in src:
        pairs = [("3", "3"), ("10", "10")]
    assert run(sandbox, src, pairs) == ["accepted", "accepted"]


IDIOMS = {
    "readline": "import sys\ninput = sys.stdin.readline\nn = int(input())\n"
    "print(sum(map(int, input().split()[:n])))\n",
    "buffer_read": "import sys\nd = sys.stdin.buffer.read().split()\nprint(sum(map(int, d[1:])))\n",
    "for_line": "import sys\nt = 0\nfor line in sys.stdin:\n    t += sum(map(int, line.split()))\n"
    "print(t - len(line.split()) * 0)\n",
    "lru_recursion": "import sys\nfrom functools import lru_cache\nsys.setrecursionlimit(10000)\n"
    "@lru_cache(None)\ndef f(k):\n    return 0 if k == 0 else k + f(k - 1)\n"
    "n = int(input())\nprint(f(n * 500))\n",
    "thread_main": "import sys, threading\nthreading.stack_size(1 << 26)\n"
    "sys.setrecursionlimit(100000)\ndef main():\n    n = int(input())\n"
    "    print(' '.join(str(i * i) for i in range(n)))\nthreading.Thread(target=main).start()\n",
    "exit_midway": "import sys\nn = int(input())\nprint(n * 2)\nif n % 2:\n    sys.exit(0)\n"
    "print('even')\n",
    "print_kwargs": "n = int(input())\nprint(*range(n), sep=',', end='!\\n')\nprint('x', end='')\n",
    "atexit_buffer": "import atexit, io, sys\nout = io.StringIO()\n"
    "atexit.register(lambda: sys.stdout.write(out.getvalue()))\n"
    "out.write(str(int(input()) + 1))\n",
}


def test_batched_stdio_matches_a_fresh_interpreter_per_test(sandbox):
    """Differential check of the one-process-per-program runner: for each idiom, every test's
    stdout and success equal those of `python -c program` run afresh with that test's input."""
    import subprocess
    import sys as _sys

    inputs = ["3\n1 2 3\n", "4\n5 6 7 8\n", "1\n9\n"]
    for name, src in IDIOMS.items():
        fresh = [
            subprocess.run([_sys.executable, "-c", src], input=x.encode(), capture_output=True)
            for x in inputs
        ]
        suite = TestSuite.stdio(
            [(x, p.stdout.decode()) for x, p in zip(inputs, fresh, strict=True)]
        )
        res = sandbox.run(Program(src), suite, LIM)
        for p, t in zip(fresh, res.tests, strict=True):
            expected = "accepted" if p.returncode == 0 else "runtime_error"
            assert t.status.value == expected, (name, t, p.stderr[-300:])
