"""Reference responses built to satisfy a plan of constraints by construction.

The generator decides *what* the response must look like (a `Plan`: layout, counts, words to
include, wrappers); this module writes prose that has exactly that shape. Order matters and is
fixed: content sentences -> inserted sentences (keywords, placeholders) -> in-sentence marks
(highlights, ALL-CAPS words, the required first word) -> layout (paragraphs, dividers,
sections, two responses, JSON body) -> prefixes and suffixes (title, constrained answer,
postscript, end phrase, repeated request) -> letter case -> outer wrappers (JSON, quotes).
Casing comes after everything textual so that it covers the repeated request too; JSON and
quotes come last because they must enclose the whole response.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from dataset_builder.generators.instruction import vocab
from dataset_builder.generators.instruction.foreign import LANGUAGES

DIVIDER = "\n***\n"
SEPARATOR = "\n******\n"


@dataclass
class Plan:
    topic: str
    lang: str = ""  # ISO code of a foreign-language reference, "" for English
    layout: str = "plain"  # plain | divider | blank | sections | two | json
    n_paragraphs: int = 2
    section_word: str = "Section"
    nth: int = 0
    first_word: str = ""
    bullets: int = 0
    highlights: int = 0
    placeholders: int = 0
    keywords: list[str] = field(default_factory=list)
    freq_keyword: str = ""
    freq_inserts: int = 0
    capitals: int = 0
    title: str = ""
    constrained: str = ""
    postscript: str = ""  # the whole postscript line, marker first
    end_phrase: str = ""
    quotation: bool = False
    case: str = ""  # "" | upper | lower
    json_key: str = "answer"
    json_fence: bool = False


@dataclass
class Body:
    """The response before prefixes/wrappers: its paragraphs (already joined sentences) and
    a bullet block, kept apart so layouts can place them differently."""

    paragraphs: list[str]
    bullets: list[str]
    placeholder_names: list[str]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random, topic: str, used: set[str], lang: str = "") -> str:
    pool = LANGUAGES[lang][1] if lang else vocab.SENTENCES
    choices = [s for s in pool if s not in used] or list(pool)
    template = rng.choice(choices)
    used.add(template)
    return template.format(t=topic)


def _mark_words(rng: random.Random, paras: list[list[str]], n: int, mark: str) -> None:
    """Mark `n` distinct mid-sentence lowercase words: `*word*` for highlights, `WORD` for
    capitalised emphasis. A sentence's first and last words are never touched, so a required
    paragraph opener stays first and sentence-final periods stay where they are."""
    slots = [(p, s) for p, sents in enumerate(paras) for s in range(len(sents))]
    for _ in range(n):
        p, s = rng.choice(slots)
        words = paras[p][s].split(" ")
        free = [j for j in range(1, len(words) - 1) if words[j].isalpha() and words[j].islower()]
        if not free:  # too short to mark inside: add a sentence that can be marked
            word = rng.choice(vocab.CAPS_WORDS) if mark == "caps" else "*key*"
            paras[p].append(f"This point is {word} for the whole picture.")
            continue
        j = rng.choice(free)
        words[j] = words[j].upper() if mark == "caps" else f"*{words[j]}*"
        paras[p][s] = " ".join(words)


def write_body(plan: Plan, rng: random.Random) -> Body:
    used: set[str] = set()
    paras = [
        [_sentence(rng, plan.topic, used, plan.lang) for _ in range(rng.randint(2, 3))]
        for _ in range(plan.n_paragraphs)
    ]
    extra = [rng.choice(vocab.KEYWORD_SENTENCES).format(k=k) for k in plan.keywords]
    extra += [
        rng.choice(vocab.KEYWORD_SENTENCES).format(k=plan.freq_keyword)
        for _ in range(plan.freq_inserts)
    ]
    names = rng.sample(vocab.PLACEHOLDER_NAMES, plan.placeholders)
    if names:
        extra.append("Fill in " + " and ".join(f"[{n}]" for n in names) + " before you share it.")
    for sentence in extra:  # never at position 0: the first sentence may carry the opener
        target = paras[rng.randrange(len(paras))]
        target.insert(rng.randint(1, len(target)), sentence)
    _mark_words(rng, paras, plan.highlights, "highlight")
    _mark_words(rng, paras, plan.capitals, "caps")
    if plan.nth:
        first = paras[plan.nth - 1]
        first[0] = f"{_cap(plan.first_word)} {first[0][:1].lower()}{first[0][1:]}"
    if plan.constrained:
        paras[0].insert(0, plan.constrained)
    bullets = [f"* {b}" for b in rng.sample(vocab.BULLET_STEMS, plan.bullets)]
    return Body([" ".join(p) for p in paras], bullets, names)


def _layout(plan: Plan, body: Body) -> str:
    paras = list(body.paragraphs)
    block = "\n".join(body.bullets)
    if plan.layout == "json":
        return " ".join(paras)
    if block:
        if plan.layout in ("plain", "two"):
            paras.insert(1, block)
        else:  # a bullet block must not become a paragraph/section of its own
            paras[0] = paras[0] + "\n" + block
    if plan.layout == "divider":
        return DIVIDER.join(paras)
    if plan.layout == "sections":
        return "\n\n".join(f"{plan.section_word} {i + 1}\n{p}" for i, p in enumerate(paras))
    if plan.layout == "two":
        cut = max(1, len(paras) // 2)
        return "\n\n".join(paras[:cut]) + SEPARATOR + "\n\n".join(paras[cut:])
    return "\n\n".join(paras)


def assemble(plan: Plan, body: Body, repeat: str = "") -> str:
    """The full reference response for `plan`; `repeat` is the request to echo first."""
    text = _layout(plan, body)
    joiner = " " if plan.layout == "json" else "\n"
    if plan.title:
        text = f"<<{plan.title}>>{joiner}{text}"
    if plan.postscript:
        text += f"{joiner}{plan.postscript}"
    if plan.end_phrase:
        text += f" {plan.end_phrase}"
    if repeat:
        text = f"{repeat}\n{text}"
    if plan.case == "upper":
        text = text.upper()
    elif plan.case == "lower":
        text = text.lower()
    if plan.layout == "json":
        key = plan.json_key.upper() if plan.case == "upper" else plan.json_key
        text = json.dumps({key: text}, ensure_ascii=False)
        if plan.json_fence:
            tag = "JSON" if plan.case == "upper" else "json"
            text = f"```{tag}\n{text}\n```"
    if plan.quotation:
        text = f'"{text}"'
    return text
