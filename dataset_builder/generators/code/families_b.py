"""Simulation, DP, grid, number-theory, bracket and interval families."""

from __future__ import annotations

import random

from dataset_builder.generators.code import Problem, compile_fn, family

_MAIN = "import sys\nprint(f(sys.stdin.read().split()))\n"


def _problem(family_name: str, src: str, **kw: object) -> Problem:
    f = compile_fn(src)

    def solve(data: str) -> str:
        return f(data.split()) + "\n"

    return Problem(family=family_name, solve=solve, program=src + _MAIN, **kw)  # type: ignore[arg-type]


@family("robot_walk")
def robot_walk(rng: random.Random) -> Problem:
    op = rng.choice(["final", "distinct", "farthest"])
    letters = rng.choice([("U", "D", "L", "R"), ("N", "S", "W", "E")])
    up, down, left, right = letters
    desc = {
        "final": "the final position as two integers x y",
        "distinct": "how many different cells were visited, counting the start",
        "farthest": "the largest Manhattan distance from the start reached at any moment",
    }[op]
    ret = {
        "final": "return f'{x} {y}'",
        "distinct": "return str(len(seen))",
        "farthest": "return str(best)",
    }[op]
    src = (
        "def f(d):\n    s = d[1] if len(d) > 1 else ''\n    x = y = best = 0\n    seen = {(0, 0)}\n"
        f"    mv = {{'{up}': (0, 1), '{down}': (0, -1), '{left}': (-1, 0), '{right}': (1, 0)}}\n"
        "    for c in s:\n        dx, dy = mv[c]\n        x += dx\n        y += dy\n"
        "        seen.add((x, y))\n        best = max(best, abs(x) + abs(y))\n"
        f"    {ret}\n"
    )

    def make_input(r: random.Random, k: int) -> str:
        n = 1 if k == 0 else r.randint(2, 30)
        return f"{n}\n{''.join(r.choice(letters) for _ in range(n))}\n"

    return _problem(
        "robot_walk",
        src,
        title=rng.choice(["Wandering Robot", "Patrol Route", "Lost Rover", "Step by Step"]),
        legend=f"A courier robot at {{place}} starts at (0, 0) and follows a string of N commands: "
        f"{up} moves it up (y+1), {down} down (y-1), {left} left (x-1) and {right} right (x+1). Report {desc}.",
        input_spec=f"an integer N. The second line is a string of N characters from {''.join(letters)}.",
        output_spec="the answer on one line.",
        constraints=["1 <= N <= 30"],
        make_input=make_input,
        params={"op": op, "letters": "".join(letters)},
    )


@family("simple_dp")
def simple_dp(rng: random.Random) -> Problem:
    op = rng.choice(["non_adjacent", "stairs", "lis", "min_path_cost"])
    mod = rng.choice([1000000007, 998244353, 10007])
    steps = sorted(rng.sample(range(1, 5), rng.randint(2, 3)))
    desc = {
        "non_adjacent": "the maximum total value of {items} you can take if no two taken ones are adjacent (taking none is allowed)",
        "stairs": f"the number of ways to climb exactly N steps when each move climbs one of {steps} steps, modulo {mod}",
        "lis": "the length of the longest strictly increasing subsequence of the values",
        "min_path_cost": "the minimum total cost to go from the first to the last {item} when each jump moves 1 or 2 positions forward and costs the absolute difference of the two values",
    }[op]
    body = {
        "non_adjacent": "a = list(map(int, d[1:1 + n]))\n    take = skip = 0\n    for x in a:\n        take, skip = skip + x, max(take, skip)\n    return str(max(take, skip))",
        "stairs": f"w = [1] + [0] * n\n    for i in range(1, n + 1):\n        w[i] = sum(w[i - s] for s in {steps} if s <= i) % {mod}\n    return str(w[n])",
        "lis": "a = list(map(int, d[1:1 + n]))\n    import bisect\n    tails = []\n    for x in a:\n        i = bisect.bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return str(len(tails))",
        "min_path_cost": "a = list(map(int, d[1:1 + n]))\n    c = [0] * n\n    for i in range(1, n):\n        c[i] = c[i - 1] + abs(a[i] - a[i - 1])\n        if i > 1:\n            c[i] = min(c[i], c[i - 2] + abs(a[i] - a[i - 2]))\n    return str(c[-1])",
    }[op]
    src = f"def f(d):\n    n = int(d[0])\n    {body}\n"

    def make_input(r: random.Random, k: int) -> str:
        if op == "stairs":
            return f"{1 if k == 0 else r.randint(2, 60)}\n"
        n = 1 if k == 0 else r.randint(2, 18)
        vals = [5] * n if k == 1 else [r.randint(0, 99) for _ in range(n)]
        return f"{n}\n{' '.join(map(str, vals))}\n"

    return _problem(
        "simple_dp",
        src,
        title=rng.choice(["Careful Choices", "Counting Paths", "Best Plan", "Climbing Up"]),
        legend="Consider the {items} at {place}. Compute " + desc + ".",
        input_spec="an integer N"
        + ("." if op == "stairs" else ". The second line contains N integers."),
        output_spec="a single integer.",
        constraints=["1 <= N <= 60" if op == "stairs" else "1 <= N <= 18", "0 <= values <= 99"],
        make_input=make_input,
        params={"op": op, "mod": mod, "steps": steps},
    )


@family("grid")
def grid(rng: random.Random) -> Problem:
    op = rng.choice(["islands", "largest", "peaks", "best_row"])
    mark = rng.choice(["#", "*", "X"])
    desc = {
        "islands": f"the number of groups of '{mark}' cells connected through shared sides",
        "largest": f"the size of the largest group of '{mark}' cells connected through shared sides (0 if none)",
        "peaks": "how many digits are strictly greater than all of their side neighbours",
        "best_row": "the 1-based index of the row with the largest digit sum (the smallest index on ties)",
    }[op]
    digits = op in ("peaks", "best_row")
    if digits:
        body = {
            "peaks": "c = 0\n    for i in range(h):\n        for j in range(w):\n            v = g[i][j]\n            nb = [g[i + a][j + b] for a, b in ((1, 0), (-1, 0), (0, 1), (0, -1)) if 0 <= i + a < h and 0 <= j + b < w]\n            c += all(v > x for x in nb)\n    return str(c)",
            "best_row": "sums = [sum(int(ch) for ch in row) for row in g]\n    return str(sums.index(max(sums)) + 1)",
        }[op]
    else:
        agg = "len(sizes)" if op == "islands" else "max(sizes, default=0)"
        body = (
            "seen = set()\n    sizes = []\n    for i in range(h):\n        for j in range(w):\n"
            f"            if g[i][j] == '{mark}' and (i, j) not in seen:\n"
            "                seen.add((i, j))\n                stack = [(i, j)]\n                size = 0\n"
            "                while stack:\n                    a, b = stack.pop()\n                    size += 1\n"
            "                    for x, y in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):\n"
            f"                        if 0 <= x < h and 0 <= y < w and g[x][y] == '{mark}' and (x, y) not in seen:\n"
            "                            seen.add((x, y))\n                            stack.append((x, y))\n"
            "                sizes.append(size)\n"
            f"    return str({agg})"
        )
    src = f"def f(d):\n    h, w = int(d[0]), int(d[1])\n    g = d[2:2 + h]\n    {body}\n"

    def make_input(r: random.Random, k: int) -> str:
        h, w = (1, 1) if k == 0 else (r.randint(1, 7), r.randint(1, 7))
        if digits:
            rows = ["".join(r.choice("0123456789") for _ in range(w)) for _ in range(h)]
        else:
            p = 0.0 if k == 1 else r.random()
            rows = ["".join(mark if r.random() < p else "." for _ in range(w)) for _ in range(h)]
        return f"{h} {w}\n" + "\n".join(rows) + "\n"

    return _problem(
        "grid",
        src,
        title=rng.choice(["Map Survey", "Floor Plan", "Aerial View", "The Grid"]),
        legend="A map of {place} is an H x W grid. Find " + desc + ".",
        input_spec="two integers H and W. Each of the next H lines is a string of W characters"
        + (" (digits 0-9)." if digits else f" ('{mark}' or '.')."),
        output_spec="one integer.",
        constraints=["1 <= H, W <= 7"],
        make_input=make_input,
        params={"op": op, "mark": mark},
    )


@family("number_theory")
def number_theory(rng: random.Random) -> Problem:
    op = rng.choice(["divisors", "digit_sum", "is_prime", "gcd_all", "sum_mod"])
    m = rng.randint(3, 97)
    desc = {
        "divisors": "the number of positive divisors of x",
        "digit_sum": "the sum of the decimal digits of x",
        "is_prime": "YES if x is prime and NO otherwise",
        "gcd_all": "the greatest common divisor of x and every number given before it",
        "sum_mod": f"the sum of all numbers given so far, modulo {m}",
    }[op]
    body = {
        "divisors": "c = 0\n        i = 1\n        while i * i <= x:\n            if x % i == 0:\n                c += 1 if i * i == x else 2\n            i += 1\n        out.append(str(c))",
        "digit_sum": "out.append(str(sum(map(int, str(x)))))",
        "is_prime": "p = x > 1 and all(x % i for i in range(2, int(x ** 0.5) + 1))\n        out.append('YES' if p else 'NO')",
        "gcd_all": "acc = math.gcd(acc, x)\n        out.append(str(acc))",
        "sum_mod": f"acc = (acc + x) % {m}\n        out.append(str(acc))",
    }[op]
    src = f"import math\ndef f(d):\n    q = int(d[0])\n    out = []\n    acc = 0\n    for x in map(int, d[1:1 + q]):\n        {body}\n    return '\\n'.join(out)\n"

    def make_input(r: random.Random, k: int) -> str:
        q = 1 if k == 0 else r.randint(2, 8)
        xs = [1] if k == 0 else [r.randint(1, 10**5) for _ in range(q)]
        return f"{q}\n" + "\n".join(map(str, xs)) + "\n"

    return _problem(
        "number_theory",
        src,
        title=rng.choice(["Number Crunch", "Serial Numbers", "Digits and Divisors", "Checksum"]),
        legend="Each {item} at {place} gets a serial number x. For each serial number in order, report "
        + desc
        + ".",
        input_spec="an integer Q. Each of the next Q lines contains one integer x.",
        output_spec="Q lines, one answer per serial number.",
        constraints=["1 <= Q <= 8", "1 <= x <= 100000"],
        make_input=make_input,
        params={"op": op, "m": m},
    )


@family("brackets")
def brackets(rng: random.Random) -> Problem:
    op = rng.choice(["valid", "depth", "min_insert"])
    kinds = rng.choice(["()", "()[]", "()[]{}"])
    desc = {
        "valid": "YES if the sequence is correctly nested and NO otherwise",
        "depth": "the maximum nesting depth (the sequence is guaranteed to be correctly nested)",
        "min_insert": "the minimum number of brackets that must be inserted to make it correctly nested",
    }[op]
    if op == "min_insert":
        kinds = "()"
    pairs = {kinds[i + 1]: kinds[i] for i in range(0, len(kinds), 2)}
    body = {
        "valid": f"st = []\n    for c in s:\n        if c in {pairs!r}:\n            if not st or st[-1] != {pairs!r}[c]:\n                return 'NO'\n            st.pop()\n        else:\n            st.append(c)\n    return 'NO' if st else 'YES'",
        "depth": "d = best = 0\n    for c in s:\n        if c in '([{':\n            d += 1\n            best = max(best, d)\n        else:\n            d -= 1\n    return str(best)",
        "min_insert": "bal = need = 0\n    for c in s:\n        if c == '(':\n            bal += 1\n        elif bal:\n            bal -= 1\n        else:\n            need += 1\n    return str(need + bal)",
    }[op]
    src = f"def f(d):\n    s = d[1] if len(d) > 1 else ''\n    {body}\n"

    def make_input(r: random.Random, k: int) -> str:
        if op == "depth":
            s: list[str] = []
            opened: list[str] = []
            for _ in range(r.randint(1, 10)):
                while opened and r.random() < 0.4:
                    s.append(kinds[kinds.index(opened.pop()) + 1])
                o = kinds[2 * r.randrange(len(kinds) // 2)]
                s.append(o)
                opened.append(o)
            s += [kinds[kinds.index(o) + 1] for o in reversed(opened)]
            text = "".join(s)
        else:
            text = "".join(r.choice(kinds) for _ in range(1 if k == 0 else r.randint(2, 16)))
        return f"{len(text)}\n{text}\n"

    return _problem(
        "brackets",
        src,
        title=rng.choice(["Bracket Check", "Nested Crates", "Balanced Signals", "Parentheses"]),
        legend="The {items} at {place} are logged as a sequence of brackets from "
        + kinds.replace("{", "{{").replace("}", "}}")
        + ". Report "
        + desc
        + ".",
        input_spec="an integer N. The second line contains a string of N bracket characters.",
        output_spec="the answer on one line.",
        constraints=["1 <= N <= 20"],
        make_input=make_input,
        params={"op": op, "kinds": kinds},
    )


@family("intervals")
def intervals(rng: random.Random) -> Problem:
    op = rng.choice(["merged_count", "covered", "max_overlap"])
    desc = {
        "merged_count": "how many separate blocks remain after merging all intervals that overlap or touch",
        "covered": "the total length of the union of the intervals (an interval [l, r] has length r - l)",
        "max_overlap": "the largest number of intervals that contain one common point (closed intervals)",
    }[op]
    body = {
        "merged_count": "iv.sort()\n    c, end = 0, None\n    for l, r in iv:\n        if end is None or l > end:\n            c += 1\n            end = r\n        else:\n            end = max(end, r)\n    return str(c)",
        "covered": "iv.sort()\n    tot, cs, ce = 0, None, None\n    for l, r in iv:\n        if ce is None or l > ce:\n            if ce is not None:\n                tot += ce - cs\n            cs, ce = l, r\n        else:\n            ce = max(ce, r)\n    return str(tot + ce - cs)",
        "max_overlap": "ev = sorted([(l, 0) for l, r in iv] + [(r, 1) for l, r in iv])\n    cur = best = 0\n    for _, t in ev:\n        cur += 1 if t == 0 else -1\n        best = max(best, cur)\n    return str(best)",
    }[op]
    src = f"def f(d):\n    n = int(d[0])\n    iv = [(int(d[1 + 2 * i]), int(d[2 + 2 * i])) for i in range(n)]\n    {body}\n"

    def make_input(r: random.Random, k: int) -> str:
        n = 1 if k == 0 else r.randint(2, 10)
        rows = []
        for _ in range(n):
            a = r.randint(0, 50)
            rows.append(f"{a} {a + (0 if k == 1 else r.randint(0, 15))}")
        return f"{n}\n" + "\n".join(rows) + "\n"

    return _problem(
        "intervals",
        src,
        title=rng.choice(["Busy Schedule", "Booking Windows", "Shift Overlaps", "Time Slots"]),
        legend="Each of N {items} at {place} occupies a time interval [l, r]. Find " + desc + ".",
        input_spec="an integer N. Each of the next N lines holds two integers l and r.",
        output_spec="one integer.",
        constraints=["1 <= N <= 10", "0 <= l <= r <= 65"],
        make_input=make_input,
        params={"op": op},
    )
