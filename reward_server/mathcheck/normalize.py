"""The project's own answer normalizer: the cases Math-Verify misses or gets slowly.

Math-Verify turns LaTeX into sympy and compares values. That is the right tool for expressions,
but it is slow (tens of ms per pair), and a few answer shapes that graders see every day defeat
it: `\\text{Monday}` parses as the product m*o*n*d*a*y, a gold written `t(0,4]` does not parse at
all, units after a number are only partly stripped, and `4.4677e14` becomes `4.4677*E*14`. This
module turns an answer into a canonical *string* so that two answers that differ only in
presentation compare equal without sympy. It never decides that two answers differ; a failed
string match falls through to the numeric and symbolic checks.
"""

from __future__ import annotations

import re

# Presentation-only LaTeX: spacing, sizing, and delimiters that do not change the value.
_DROP = re.compile(
    r"\\left\b|\\right\b|\\displaystyle\b|\\[,;:! ]|\\quad\b|\\qquad\b|~|\\big[lr]?\b|\\Big[lr]?\b"
)
_MATH_DELIMS = re.compile(r"^\$+|\$+$|^\\\(|\\\)$|^\\\[|\\\]$")
_FRAC_VARIANTS = re.compile(r"\\[dt]frac\b")
_DEGREES = re.compile(
    r"(?:\^\s*\{\s*\\circ\s*\}|\^\s*\\circ\b|°|\\degree\b)(?:\s*[CF](?![A-Za-z]))?"
)
_PERCENT = re.compile(r"\\?%")
_TEXT_CMD = re.compile(r"\\(?:text|textbf|textit|textrm|mathrm|mathbf|mbox|operatorname)\s*\{")
# Not after `(`/`[`/`,` nor before `)`/`]`/`,`: `(3,100)` is a pair, not 3100.
_THOUSANDS = re.compile(r"(?<![\d.,(\[])(\d{1,3})((?:(?:,|\{,\}|\\,)\d{3})+)(?![\d,)\]])")
_WS = re.compile(r"\s+")

# Units a model appends to a numeric answer. Only stripped after a plain number, so the `h` of
# `\\pi r^2 h` and the `m` of `2m` survive. Order matters: longer names first.
_UNIT_WORDS = (
    "square units|square meters|square feet|square inches|square cm|sq units|units|unit|"
    "degrees|degree|radians|meters|metres|meter|km/h|kmh|mph|m/s|km|cm|mm|"
    "inches|inch|feet|foot|ft|miles|mile|yards|yard|hours|hour|hrs|hr|minutes|minute|min|"
    "seconds|second|sec|dollars|dollar|cents|cent|days|day|years|year|weeks|week|kg|"
    "liters|litres|liter|ml|people|students|ways|points|coins|cookies|marbles|times|"
    "Hz|kHz|MHz|GHz|eV|keV|MeV|GeV|nm|pm|km/s|m/s\\^2|kJ|kcal|cal|kPa|Pa|atm|mol|rad|AU|pc|"
    "kpc|Mpc|angstroms|angstrom|\\\\AA|\\\\mathring\\{A\\}"
)
_UNIT_LETTERS = "m|h|s|g|l|K|J|N|W|V"
"""One-letter units need a space before them: `5 m` is five metres, `2m` is 2 times m."""
_TRAILING_UNIT = re.compile(
    rf"^([-+]?(?:(?:\d[\d.,]*|\.\d+)(?:\s*\\times\s*10\^\{{?-?\d+\}}?)?"
    rf"|\\frac\{{\d+\}}\{{\d+\}}))"
    rf"(?:\s*(?:{_UNIT_WORDS})|\s+(?:{_UNIT_LETTERS}))"
    r"(?:\^\{?\d\}?)?\.?$",
    re.IGNORECASE,
)
_LEADING_CURRENCY = re.compile(r"^(?:\\\$|\$|USD\s*)(?=\s*[\d.])")

# `x = 3`, `f(n) = n`, `a_{1} = 2`: the left side names the unknown; graders want the value.
_LHS = re.compile(r"^[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?(?:\([A-Za-z, ]*\))?\s*=\s*(?!=)")
_MEMBER = re.compile(r"^[A-Za-z]\s*\\in\s*")
_CHOICE = re.compile(r"^\(([A-Za-z])\)$")


def _unwrap_text(s: str) -> str:
    """Replace `\\text{...}`-like commands by their braced content (brace-balanced, iterative)."""
    out: list[str] = []
    pos = 0
    while True:
        m = _TEXT_CMD.search(s, pos)
        if m is None:
            out.append(s[pos:])
            return "".join(out)
        out.append(s[pos : m.start()])
        depth, i = 1, m.end()
        while i < len(s) and depth:
            depth += {"{": 1, "}": -1}.get(s[i], 0)
            i += 1
        if depth:  # unbalanced: leave the rest alone
            out.append(s[m.start() :])
            return "".join(out)
        out.append(s[m.end() : i - 1])
        pos = i


def strip_wrappers(s: str) -> str:
    """Drop math delimiters, a trailing full stop and enclosing `\\boxed{}` a model left inside."""
    s = s.strip()
    for _ in range(4):
        before = s
        s = _MATH_DELIMS.sub("", s).strip()
        s = s.rstrip(".").strip()
        if s.startswith("\\boxed{") and s.endswith("}"):
            s = s[7:-1].strip()
        if s == before:
            break
    return s


def canonical(answer: str) -> str:
    """Presentation-free form of one answer; equal strings mean equal answers."""
    s = strip_wrappers(answer).replace("$", "")
    s = _unwrap_text(s)
    s = _DROP.sub(" ", s)
    s = _FRAC_VARIANTS.sub(r"\\frac", s)
    s = _DEGREES.sub("", s)
    s = _PERCENT.sub("", s)
    s = s.replace("\\dots", "\\ldots").replace("\\cdots", "\\ldots")
    s = s.replace("\\geqslant", "\\geq").replace("\\leqslant", "\\leq")
    s = s.replace("\\ge ", "\\geq ").replace("\\le ", "\\leq ")
    s = s.replace("+\\infty", "\\infty")
    s = join_thousands(s)
    s = _WS.sub(" ", s).strip()
    s = _LEADING_CURRENCY.sub("", s).strip()
    s = strip_lhs(s)
    unit = _TRAILING_UNIT.match(s)
    if unit:
        s = unit.group(1)
    s = _squeeze(s)
    s = _braced_atoms(s)
    choice = _CHOICE.match(s)
    if choice:  # "(B)" is the option letter B, not a parenthesized variable
        s = choice.group(1)
    if s.isalpha() and len(s) > 1:
        s = s.lower()  # words ("Monday", "Yes") are case-insensitive; single letters are not
    return s


_CMD_SPACE = re.compile(r"(\\[A-Za-z]+)?\s+")


def _squeeze(s: str) -> str:
    """Drop whitespace, except one space ending a command before a letter (`\\pi r` is not
    `\\pir`, `\\le q` is not `\\leq`)."""

    def keep(m: re.Match[str]) -> str:
        cmd = m.group(1) or ""
        nxt = s[m.end() : m.end() + 1]
        return cmd + " " if cmd and nxt.isalpha() else cmd

    return _CMD_SPACE.sub(keep, s)


def strip_lhs(s: str) -> str:
    """`x = 3` -> `3`, `t \\in (0, 4]` -> `(0, 4]`; anything else unchanged."""
    s = _MEMBER.sub("", s)
    if s.count("=") != 1:
        return s
    m = _LHS.match(s)
    return s[m.end() :].strip() if m else s


_SINGLE_BRACED = re.compile(r"([_^])\{([A-Za-z0-9])\}")
_FRAC_DIGITS = re.compile(r"\\frac(\d)(\d)")


def _braced_atoms(s: str) -> str:
    """`x^{2}` -> `x^2`, `\\frac12` -> `\\frac{1}{2}`: two spellings of one token."""
    s = _SINGLE_BRACED.sub(r"\1\2", s)
    return _FRAC_DIGITS.sub(r"\\frac{\1}{\2}", s)


_OPEN, _CLOSE = "([{", ")]}"


def split_top_level(s: str) -> list[str]:
    """Split on commas and semicolons that are not inside any bracket or brace.

    `\\{` / `\\}` count as brackets; `(0,4]` counts as one bracketed item.
    """
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "{}":
            depth += 1 if s[i + 1] == "{" else -1
            i += 2
            continue
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
        elif c in ",;" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return [p.strip() for p in parts if p.strip()]


_AND_OR = re.compile(r"\s*(?:\band\b|\bor\b)\s*")


def components(answer: str) -> list[str]:
    """The items of a multi-answer (`1, 2`, `x=1 or x=2`, `\\{1,2\\}`); one item otherwise.

    A single bracketed tuple `(1, 2)` stays one item: order matters inside it.
    """
    s = _unwrap_text(strip_wrappers(answer))
    s = s.replace("$", " ").strip()
    if s.startswith("\\{") and s.endswith("\\}"):
        s = s[2:-2]
    s = _AND_OR.sub(",", s)
    s = join_thousands(s)
    items = split_top_level(s) or [s]
    return _expand_pm(items[0]) if len(items) == 1 else items


_PM = re.compile(r"\\pm|±")


def _expand_pm(item: str) -> list[str]:
    """`a \\pm b` is the two answers a+b and a-b (one `\\pm`, outside brackets)."""
    parts = _PM.split(item)
    if len(parts) != 2 or not parts[1].strip() or not _balanced(parts[0]):
        return [item]
    a, b = parts[0].strip(), parts[1].strip()
    b_neg = b if re.fullmatch(r"[^+\-]*", b) else f"({b})"
    return [f"{a}+{b}", f"{a}-{b_neg}"] if a else [b, f"-{b_neg}"]


def join_thousands(s: str) -> str:
    """`1,000,000` -> `1000000`, but `100,200` stays: a two-item set is at least as likely.

    A run of comma-separated 3-digit groups is a thousands-separated number when its head has
    one or two digits, when there are two or more groups, or when a group is `000`.
    """

    def join(m: re.Match[str]) -> str:
        groups = [g for g in re.split(r"\{,\}|\\,|,", m.group(2)) if g]
        if len(m.group(1)) <= 2 or len(groups) >= 2 or "000" in groups:
            return m.group(1) + "".join(groups)
        return m.group(0)

    return _THOUSANDS.sub(join, s)


def tuple_items(item: str) -> list[str] | None:
    """`(a, b)` / `[a, b]` / `\\langle a, b\\rangle` -> [a, b]; None if not a tuple."""
    s = item.strip()
    s = s.replace("\\left", "").replace("\\right", "").strip()
    for lo, hi in (("(", ")"), ("[", "]"), ("\\langle", "\\rangle")):
        if s.startswith(lo) and s.endswith(hi):
            inner = s[len(lo) : -len(hi)]
            parts = split_top_level(inner)
            # the brackets must enclose the whole item, not `(a)+(b)`
            if len(parts) >= 2 and _balanced(inner):
                return parts
    return None


def _balanced(s: str) -> bool:
    depth = 0
    for c in s:
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
