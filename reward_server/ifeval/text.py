"""Text measurements shared by the instruction checkers: words, sentences, word tokens, language.

The official IFEval scorer leans on NLTK (a `\\w+` regexp tokenizer for words, the pre-trained
Punkt model for sentences, Treebank `word_tokenize` for capitalised words). Downloading Punkt at
run time is not an option here, so these helpers re-derive the same counts from rules:

* **words** are maximal runs of `\\w` characters, exactly the official definition
  ("it's" is two words, "state-of-the-art" four, "3.5" two);
* **sentences** end at `.`, `?` or `!` (optionally followed by closing quotes, brackets or
  markdown asterisks) that are followed by whitespace and more text -- Punkt never breaks on a
  bare newline, so neither do we. A period does not end a sentence after a known abbreviation
  ("Mr.", "e.g.", "U.S."), a single-letter initial, inside a number ("3.5"), after an ordinal
  ("1.") followed by a lowercase word, or at an ellipsis followed by a lowercase word;
* **word tokens** (for counting ALL-CAPS words) split on whitespace and Treebank's separator
  punctuation and peel English contractions ("DON'T" -> "DO", "N'T"), because that is what
  makes two capitalised tokens out of one whitespace word in the official count.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Number of `\\w+` runs: the IFEval definition of a word."""
    return len(_WORD.findall(text))


# Abbreviations after which a period is not a sentence end (lower case, without final period).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc al fig figs no nos vol vols ed eds approx dept est
    inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    gen col lt sgt capt cmdr gov sen rep rev hon pres ft e.g i.e a.m p.m u.s u.k u.n cf viz
    ca op pp ch sec art resp""".split()
)
# Punkt ends a sentence after an abbreviation or an initial only when the next word is one it
# has seen in lower case (a common word starting a new sentence), not before a name or a word
# it never saw whole (contractions such as "They're" are split in its training text).
_COMMON = frozenset(
    """the this that these those it its in on at for from with a an and but or so if when while
    we you he she they there here however also then some many most each every our your his her
    their my what how why where who which one no not as by after before since because although
    all both today now finally first next yes""".split()
)

_END = re.compile(r"([.?!]+)([\"'\)\]\}\u201d\u2019*]*)(\s+)(?=\S)")
_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_NEXT_WORD = re.compile(r"[\"'(\[*\u201c\u2018]*([\w'\u2019]+)")  # "They're" is its own word


def _token_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"'([{*\u201c\u2018")


def _is_break(text: str, m: re.Match[str]) -> bool:
    punct = m.group(1)
    if "?" in punct or "!" in punct:
        return True
    nxt = text[m.end()]
    next_lower = nxt.islower()
    if len(punct) >= 2:  # ellipsis: a break only before what looks like a sentence start
        return not next_lower
    token = _token_before(text, m.start()).lower()
    if not token:
        return True
    word = _NEXT_WORD.match(text, m.end())
    starts_sentence = nxt.isupper() and word is not None and word.group(1).lower() in _COMMON
    if token in _ABBREVIATIONS or _DOTTED.match(token):
        return starts_sentence
    if len(token) == 1 and token.isalpha():  # an initial: "J. R. R. Tolkien", "vitamin C. It"
        return starts_sentence
    if token.isdigit():  # ordinal or list number: "1. First" breaks, "in 1. the" does not
        return not next_lower
    return True


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` in order; see the module docstring for the rules."""
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        if _is_break(text, m):
            piece = text[start : m.start(3)].strip()
            if piece:
                out.append(piece)
            start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def count_sentences(text: str) -> int:
    return len(split_sentences(text))


_SEPARATORS = re.compile(r"(\.\.\.|--|[;@#$%&?!\[\](){}<>\"\u201c\u201d]|[:,](?!\d))")
_CONTRACTION = re.compile(r"(?i)^(.+?)(n't|'s|'m|'d|'ll|'re|'ve)$")
_CANNOT = re.compile(r"(?i)^(can)(not)$")


def word_tokens(text: str) -> list[str]:
    """Treebank-like word tokens (see module docstring)."""
    tokens: list[str] = []
    for chunk in _SEPARATORS.sub(r" \1 ", text).split():
        m = _CONTRACTION.match(chunk) or _CANNOT.match(chunk)
        if m and m.group(1) not in ("'", ""):
            tokens.extend((m.group(1), m.group(2)))
        else:
            tokens.append(chunk)
    return tokens


def count_capital_words(text: str) -> int:
    """Tokens whose cased characters are all upper case (`str.isupper`)."""
    return sum(1 for tok in word_tokens(text) if tok.isupper())


@lru_cache(maxsize=1)
def _langdetect() -> Any:
    import langdetect

    return langdetect


_CACHE: OrderedDict[bytes, str | None] = OrderedDict()
_CACHE_SIZE = 4096


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when langdetect finds no features to decide on.

    Deterministic: the detector's random sampler is seeded to 0 before every call, so the same
    text gets the same answer in every process. That also makes it safe to memoize: detection
    is the slowest check (2-7 ms a call), and loose mode, the two case checks and re-scoring ask
    about the same text again. The memo is keyed by a digest, so it holds no response text.
    """
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    module = _langdetect()
    module.DetectorFactory.seed = 0
    try:
        result: str | None = str(module.detect(text))
    except module.lang_detect_exception.LangDetectException:
        result = None
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result
