"""Array and string families: range queries, string transforms, counting, sorting, greedy, two
pointers. Each family function draws a specification variant and returns a `Problem`."""

from __future__ import annotations

import random

from dataset_builder.generators.code import Problem, compile_fn, family


def _arr(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def _line(xs: list[int]) -> str:
    return " ".join(map(str, xs))


@family("range_queries")
def range_queries(rng: random.Random) -> Problem:
    op = rng.choice(["sum", "min", "max", "xor"])
    lo, hi = rng.choice([(-50, 50), (0, 1000), (1, 9)])
    fn = {"sum": "sum", "min": "min", "max": "max", "xor": "xor"}[op]
    noun = {"sum": "total", "min": "smallest value", "max": "largest value", "xor": "bitwise XOR"}[
        op
    ]
    wrap = rng.choice(["lines", "space"])

    def solve(data: str) -> str:
        it = iter(data.split())
        n, q = int(next(it)), int(next(it))
        a = [int(next(it)) for _ in range(n)]
        out = []
        for _ in range(q):
            left, right = int(next(it)), int(next(it))
            seg = a[left - 1 : right]
            if op == "xor":
                v = 0
                for x in seg:
                    v ^= x
            else:
                v = sum(seg) if op == "sum" else min(seg) if op == "min" else max(seg)
            out.append(str(v))
        return ("\n" if wrap == "lines" else " ").join(out) + "\n"

    agg = "v = 0\n        for x in seg:\n            v ^= x" if op == "xor" else f"v = {fn}(seg)"
    sep = "\\n" if wrap == "lines" else " "
    program = f"""import sys
def main():
    it = iter(sys.stdin.read().split())
    n, q = int(next(it)), int(next(it))
    a = [int(next(it)) for _ in range(n)]
    out = []
    for _ in range(q):
        l, r = int(next(it)), int(next(it))
        seg = a[l - 1:r]
        {agg}
        out.append(str(v))
    print("{sep}".join(out))
main()
"""

    def make_input(r: random.Random, k: int) -> str:
        n = 1 if k == 0 else r.randint(2, 12 if k < 3 else 40)
        q = 1 if k == 0 else r.randint(1, 8)
        a = _arr(r, n, lo, hi)
        qs = []
        for _ in range(q):
            x, y = sorted((r.randint(1, n), r.randint(1, n)))
            qs.append(f"{x} {y}")
        return f"{n} {q}\n{_line(a)}\n" + "\n".join(qs) + "\n"

    return Problem(
        "range_queries",
        f"Range {noun.title()} Queries",
        f"There are N {{items}} in a line, each labelled with an integer. For each of Q questions "
        f"about a contiguous block of {{items}} from position L to R (1-based, inclusive), report "
        f"the {noun} of their labels.",
        "two integers N and Q. The second line has N integers a_1..a_N. Each of the next Q lines "
        "holds two integers L and R.",
        "the answer to every question "
        + ("on its own line." if wrap == "lines" else "on a single line, separated by spaces."),
        ["1 <= N <= 40", "1 <= Q <= 8", f"{lo} <= a_i <= {hi}", "1 <= L <= R <= N"],
        solve,
        program,
        make_input,
        {"op": op, "range": [lo, hi], "format": wrap},
    )


@family("string_transform")
def string_transform(rng: random.Random) -> Problem:
    op = rng.choice(["reverse_words", "caesar", "rle", "dedupe", "swapcase_vowels"])
    shift = rng.randint(1, 25)
    desc = {
        "reverse_words": "reverse the order of the words (words are separated by single spaces)",
        "caesar": f"shift every lowercase letter {shift} places forward in the alphabet, wrapping "
        "from z to a; other characters stay",
        "rle": "compress runs of equal characters: a run of k copies of c becomes c followed by k",
        "dedupe": "delete every character that already appeared earlier in the line",
        "swapcase_vowels": "turn every vowel (a, e, i, o, u) to uppercase and leave the rest",
    }[op]
    body = {
        "reverse_words": "return ' '.join(s.split(' ')[::-1])",
        "caesar": f"return ''.join(chr((ord(c) - 97 + {shift}) % 26 + 97) if 'a' <= c <= 'z' else c for c in s)",
        "rle": "out = []\n    i = 0\n    while i < len(s):\n        j = i\n        while j < len(s) and s[j] == s[i]:\n            j += 1\n        out.append(s[i] + str(j - i))\n        i = j\n    return ''.join(out)",
        "dedupe": "seen = set()\n    out = []\n    for c in s:\n        if c not in seen:\n            seen.add(c)\n            out.append(c)\n    return ''.join(out)",
        "swapcase_vowels": "return ''.join(c.upper() if c in 'aeiou' else c for c in s)",
    }[op]
    src = f"def f(s):\n    {body}\n"
    f = compile_fn(src)

    def solve(data: str) -> str:
        lines = data.split("\n")
        t = int(lines[0])
        return "".join(f(lines[1 + i]) + "\n" for i in range(t))

    program = (
        src
        + "import sys\nlines = sys.stdin.read().split('\\n')\nt = int(lines[0])\nfor i in range(t):\n    print(f(lines[1 + i]))\n"
    )
    alphabet = "abcde" if op in ("rle", "dedupe") else "abcdefghijklmnopqrstuvwxyz"

    def make_input(r: random.Random, k: int) -> str:
        t = 1 if k == 0 else r.randint(1, 4)
        rows = []
        for _ in range(t):
            words = 1 if k == 1 else r.randint(1, 5)
            rows.append(
                " ".join(
                    "".join(r.choice(alphabet) for _ in range(r.randint(1, 7)))
                    for _ in range(words)
                )
            )
        return f"{t}\n" + "\n".join(rows) + "\n"

    return Problem(
        "string_transform",
        rng.choice(["Label Rewriter", "Tag Cleanup", "Code Names", "Message Filter"]),
        f"Each {{item}} at {{place}} carries a text label made of lowercase words. The new policy says: {desc}.",
        "an integer T, the number of labels. Each of the next T lines contains one label.",
        "T lines: the transformed labels, in input order.",
        ["1 <= T <= 4", "each label has 1 to 5 words of 1 to 7 lowercase letters"],
        solve,
        program,
        make_input,
        {"op": op, "shift": shift},
    )


@family("counting")
def counting(rng: random.Random) -> Problem:
    op = rng.choice(["divisible", "pairs_sum", "distinct", "mode"])
    k = rng.randint(2, 9)
    desc = {
        "divisible": f"how many of the values are divisible by {k}",
        "pairs_sum": "how many pairs of positions i < j have a_i + a_j equal to the target T",
        "distinct": "how many different values appear",
        "mode": "the value that appears most often (if several tie, the smallest of them) and how many times it appears",
    }[op]
    head = (
        "n, t = int(d[0]), int(d[1])\n    a = list(map(int, d[2:2 + n]))"
        if op == "pairs_sum"
        else "n = int(d[0])\n    a = list(map(int, d[1:1 + n]))"
    )
    body = {
        "divisible": f"return str(sum(1 for x in a if x % {k} == 0))",
        "pairs_sum": "seen = {}\n    c = 0\n    for x in a:\n        c += seen.get(t - x, 0)\n        seen[x] = seen.get(x, 0) + 1\n    return str(c)",
        "distinct": "return str(len(set(a)))",
        "mode": "cnt = {}\n    for x in a:\n        cnt[x] = cnt.get(x, 0) + 1\n    best = min(cnt, key=lambda v: (-cnt[v], v))\n    return f'{best} {cnt[best]}'",
    }[op]
    src = f"def f(d):\n    {head}\n    {body}\n"
    f = compile_fn(src)

    def solve(data: str) -> str:
        return f(data.split()) + "\n"

    program = src + "import sys\nprint(f(sys.stdin.read().split()))\n"
    hi = rng.choice([9, 30, 100])

    def make_input(r: random.Random, kk: int) -> str:
        n = 1 if kk == 0 else r.randint(2, 25)
        a = [r.randint(1, 3) for _ in range(n)] if kk == 1 else _arr(r, n, 1, hi)
        first = f"{n} {r.randint(2, 2 * hi)}" if op == "pairs_sum" else str(n)
        return f"{first}\n{_line(a)}\n"

    return Problem(
        "counting",
        rng.choice(["Inventory Count", "Tally Time", "Census", "Counting Day"]),
        f"A list of N integers describes the {{items}} at {{place}}. Determine {desc}.",
        "the integer N"
        + (" and the target T" if op == "pairs_sum" else "")
        + ". The second line has N integers a_1..a_N.",
        "the answer on a single line"
        + (" as two integers: the value and its count." if op == "mode" else "."),
        ["1 <= N <= 25", f"1 <= a_i <= {hi}"],
        solve,
        program,
        make_input,
        {"op": op, "k": k, "hi": hi},
    )


@family("custom_sort")
def custom_sort(rng: random.Random) -> Problem:
    key = rng.choice(["score_desc_name", "len_then_lex", "digit_sum", "last_char"])
    desc = {
        "score_desc_name": "by score from highest to lowest; equal scores are ordered by name alphabetically",
        "len_then_lex": "by the length of the name (shortest first), then alphabetically",
        "digit_sum": "by the digit sum of the score (smallest first), then by score, then by name",
        "last_char": "by the last letter of the name, then by score from lowest to highest, then by name",
    }[key]
    keyf = {
        "score_desc_name": "lambda p: (-p[1], p[0])",
        "len_then_lex": "lambda p: (len(p[0]), p[0], p[1])",
        "digit_sum": "lambda p: (sum(map(int, str(p[1]))), p[1], p[0])",
        "last_char": "lambda p: (p[0][-1], p[1], p[0])",
    }[key]
    fmt = rng.choice(["name score", "name"])
    emit = "f'{p[0]} {p[1]}'" if fmt == "name score" else "p[0]"
    src = f"def f(d):\n    n = int(d[0])\n    ps = [(d[1 + 2 * i], int(d[2 + 2 * i])) for i in range(n)]\n    ps.sort(key={keyf})\n    return '\\n'.join({emit} for p in ps)\n"
    f = compile_fn(src)

    def solve(data: str) -> str:
        return f(data.split()) + "\n"

    program = src + "import sys\nprint(f(sys.stdin.read().split()))\n"

    def make_input(r: random.Random, k: int) -> str:
        n = 1 if k == 0 else r.randint(2, 10)
        rows = []
        for _ in range(n):
            name = "".join(r.choice("abcdefgh") for _ in range(r.randint(1, 6)))
            rows.append(f"{name} {r.randint(0, 9 if k == 1 else 999)}")
        return f"{n}\n" + "\n".join(rows) + "\n"

    return Problem(
        "custom_sort",
        rng.choice(["Leaderboard", "Ranking the Entries", "Sorted Report", "Roll Call"]),
        f"{{who}} has N records, one per {{item}}, each with a name and a score, and must list them {desc}.",
        "an integer N. Each of the next N lines holds a name (lowercase letters) and an integer score.",
        "N lines in the required order, each with "
        + ("the name and the score." if fmt == "name score" else "just the name."),
        ["1 <= N <= 10", "0 <= score <= 999", "names have 1 to 6 letters"],
        solve,
        program,
        make_input,
        {"key": key, "format": fmt},
    )


@family("greedy_budget")
def greedy_budget(rng: random.Random) -> Problem:
    op = rng.choice(["max_items", "min_items_reach"])
    desc = (
        "buy as many {items} as possible without the total price exceeding the budget B. Print that largest count."
        if op == "max_items"
        else "pick as few {items} as possible whose values add up to at least B. Print that count, or -1 if even all of them are not enough."
    )
    body = (
        "a.sort()\n    s = c = 0\n    for x in a:\n        if s + x > b:\n            break\n        s += x\n        c += 1\n    return str(c)"
        if op == "max_items"
        else "a.sort(reverse=True)\n    s = c = 0\n    for x in a:\n        if s >= b:\n            break\n        s += x\n        c += 1\n    return str(c if s >= b else -1)"
    )
    src = f"def f(d):\n    n, b = int(d[0]), int(d[1])\n    a = list(map(int, d[2:2 + n]))\n    {body}\n"
    f = compile_fn(src)

    def solve(data: str) -> str:
        return f(data.split()) + "\n"

    program = src + "import sys\nprint(f(sys.stdin.read().split()))\n"

    def make_input(r: random.Random, k: int) -> str:
        n = 1 if k == 0 else r.randint(2, 15)
        a = _arr(r, n, 1, 100)
        b = 0 if k == 1 else (sum(a) + 5 if k == 2 else r.randint(1, sum(a)))
        return f"{n} {b}\n{_line(a)}\n"

    return Problem(
        "greedy_budget",
        rng.choice(["Shopping Spree", "Tight Budget", "Quick Picks", "Enough Is Enough"]),
        "There are N {items}, the i-th with value a_i. " + desc,
        "two integers N and B. The second line contains N integers a_1..a_N.",
        "a single integer.",
        ["1 <= N <= 15", "1 <= a_i <= 100", "0 <= B <= 2000"],
        solve,
        program,
        make_input,
        {"op": op},
    )


@family("two_pointers")
def two_pointers(rng: random.Random) -> Problem:
    op = rng.choice(["longest_le", "shortest_ge"])
    desc = (
        "the length of the longest contiguous block whose sum is at most S (0 if none)"
        if op == "longest_le"
        else "the length of the shortest contiguous block whose sum is at least S (0 if none)"
    )
    body = (
        "best = s = l = 0\n    for r in range(n):\n        s += a[r]\n        while s > t:\n            s -= a[l]\n            l += 1\n        best = max(best, r - l + 1)\n    return str(best)"
        if op == "longest_le"
        else "best = n + 1\n    s = l = 0\n    for r in range(n):\n        s += a[r]\n        while s >= t and l <= r:\n            best = min(best, r - l + 1)\n            s -= a[l]\n            l += 1\n    return str(0 if best == n + 1 else best)"
    )
    src = f"def f(d):\n    n, t = int(d[0]), int(d[1])\n    a = list(map(int, d[2:2 + n]))\n    {body}\n"
    f = compile_fn(src)

    def solve(data: str) -> str:
        return f(data.split()) + "\n"

    program = src + "import sys\nprint(f(sys.stdin.read().split()))\n"

    def make_input(r: random.Random, k: int) -> str:
        n = 1 if k == 0 else r.randint(2, 20)
        a = _arr(r, n, 1, 50)
        s = 1 if k == 1 else r.randint(1, sum(a) + 10)
        return f"{n} {s}\n{_line(a)}\n"

    return Problem(
        "two_pointers",
        rng.choice(["Consecutive Loads", "Window Watch", "Stretch Goal", "Block Party"]),
        "The {items} at {place} are lined up, the i-th weighing a_i (all positive). Find "
        + desc
        + ".",
        "two integers N and S. The second line contains N positive integers a_1..a_N.",
        "one integer.",
        ["1 <= N <= 20", "1 <= a_i <= 50", "1 <= S <= 1010"],
        solve,
        program,
        make_input,
        {"op": op},
    )
