"""One IFEval-style task: a request, 1-3 compatible instructions, their kwargs and a reference.

Numbers in the instructions ("at least 120 words", "less than 9 sentences", the letter and
keyword counts) are chosen *after* the reference is written, from what it actually contains,
with slack in the allowed direction; so the reference follows them by construction and the
thresholds still vary task to task. Every task is then scored with the real `ifeval` verifier
(strict, all instructions); a task whose reference does not score 1.0 is discarded and counted,
never emitted.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from dataset_builder.generators.instruction import vocab
from dataset_builder.generators.instruction.draft import Body, Plan, assemble, write_body
from dataset_builder.generators.instruction.foreign import COMPATIBLE as LANGUAGE_COMPATIBLE
from dataset_builder.generators.instruction.foreign import LANGUAGES
from dataset_builder.generators.instruction.phrases import PHRASES, render
from reward_server.ifeval.format import CONSTRAINED_OPTIONS
from reward_server.ifeval.text import count_capital_words, count_sentences, count_words

SUPPORTED: tuple[str, ...] = tuple(sorted(PHRASES))
"""All 25 IFEval instructions (`language:response_language` in the languages of `foreign`)."""
_LANGUAGE = "language:response_language"

_STRUCTURAL = frozenset(
    {
        "length_constraints:number_paragraphs",
        "length_constraints:nth_paragraph_first_word",
        "detectable_format:multiple_sections",
        "combination:two_responses",
        "detectable_format:json_format",
    }
)
_CONFLICTS = {
    frozenset(pair)
    for pair in [
        ("detectable_format:json_format", "detectable_format:number_bullet_lists"),
        ("detectable_format:json_format", "combination:repeat_prompt"),
        ("detectable_format:json_format", "startend:quotation"),
        ("detectable_format:json_format", "detectable_content:postscript"),
        ("detectable_format:json_format", "startend:end_checker"),
        ("change_case:english_capital", "change_case:english_lowercase"),
        ("change_case:english_capital", "detectable_format:constrained_response"),
        ("change_case:english_lowercase", "detectable_format:constrained_response"),
        ("startend:quotation", "combination:repeat_prompt"),
        # the repeated request would contain the forbidden words the prompt lists, the
        # "******" separator, the "***" divider or the example bullet lines
        ("keywords:forbidden_words", "combination:repeat_prompt"),
        ("combination:two_responses", "combination:repeat_prompt"),
        ("length_constraints:number_paragraphs", "combination:repeat_prompt"),
        ("detectable_format:number_bullet_lists", "combination:repeat_prompt"),
    ]
}


def compatible(chosen: list[str], candidate: str) -> bool:
    """Whether `candidate` can join `chosen` without contradicting it (two layouts, JSON vs
    text around it, upper vs lower case, a fixed-case phrase under a case rule, ...)."""
    if candidate in chosen:
        return False
    if candidate in _STRUCTURAL and any(c in _STRUCTURAL for c in chosen):
        return False
    if _LANGUAGE in chosen and candidate not in LANGUAGE_COMPATIBLE:
        return False
    if candidate == _LANGUAGE and any(c not in LANGUAGE_COMPATIBLE for c in chosen):
        return False
    return not any(frozenset((c, candidate)) in _CONFLICTS for c in chosen)


def choose_instructions(rng: random.Random, n: int, allowed: list[str]) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < n:
        options = [c for c in allowed if compatible(chosen, c)]
        if not options:
            break
        chosen.append(rng.choice(options))
    return chosen


@dataclass
class Task:
    prompt: str
    instruction_id_list: list[str]
    kwargs: list[dict[str, Any]]
    reference: str
    params: dict[str, Any]


def _plan(ids: list[str], rng: random.Random, topic: str) -> tuple[Plan, dict[str, str]]:
    """Shape of the reference, plus relations fixed before writing (keyword inserts)."""
    has = set(ids).__contains__
    plan = Plan(topic=topic)
    if has(_LANGUAGE):
        plan.lang = rng.choice(sorted(LANGUAGES))
    plan.case = "upper" if has("change_case:english_capital") else ""
    plan.case = "lower" if has("change_case:english_lowercase") else plan.case
    for iid, layout in [
        ("length_constraints:number_paragraphs", "divider"),
        ("length_constraints:nth_paragraph_first_word", "blank"),
        ("detectable_format:multiple_sections", "sections"),
        ("combination:two_responses", "two"),
        ("detectable_format:json_format", "json"),
    ]:
        if has(iid):
            plan.layout = layout
    plan.n_paragraphs = rng.randint(2, 5) if plan.layout != "json" else rng.randint(1, 3)
    if plan.layout == "plain":
        plan.n_paragraphs = rng.randint(1, 3)
    if has("detectable_format:title"):
        plan.title = f"{rng.choice(vocab.TITLE_WORDS)} {topic.title()}"
    if has("detectable_format:constrained_response"):
        plan.constrained = rng.choice(CONSTRAINED_OPTIONS)
    if plan.layout == "blank":  # a title/answer/request prefix joins paragraph 1
        prefixed = plan.title or plan.constrained or has("combination:repeat_prompt")
        plan.nth = rng.randint(2 if prefixed else 1, plan.n_paragraphs)
        plan.first_word = rng.choice(vocab.OPENERS)
    words = {"upper": ("SECTION", "PART"), "lower": ("section", "part")}
    plan.section_word = rng.choice(words.get(plan.case, ("Section", "SECTION", "Part", "Chapter")))
    if has("detectable_format:number_bullet_lists"):
        plan.bullets = rng.randint(2, 5)
    if has("detectable_format:number_highlighted_sections"):
        plan.highlights = rng.randint(1, 4)
    if has("detectable_content:number_placeholders"):
        plan.placeholders = rng.randint(1, 4)
    pool = list(vocab.KEYWORDS)
    rng.shuffle(pool)
    if has("keywords:existence"):
        plan.keywords = [pool.pop() for _ in range(rng.randint(1, 2))]
    relations: dict[str, str] = {}
    if has("keywords:frequency"):
        plan.freq_keyword = pool.pop()
        relations["keyword"] = rng.choice(("at least", "less than"))
        plan.freq_inserts = rng.randint(2, 4) if relations["keyword"] == "at least" else 0
    if has("change_case:capital_word_frequency") and plan.case != "lower":
        plan.capitals = rng.randint(0, 5)  # 0: the "less than" side gets bare prose too
    if has("detectable_content:postscript"):
        marker = rng.choice(("P.S.", "P.P.S"))
        plan.postscript = f"{marker} {rng.choice(vocab.POSTSCRIPTS)}"
        relations["marker"] = marker
    if has("startend:end_checker"):
        plan.end_phrase = rng.choice(vocab.END_PHRASES)
    plan.quotation = has("startend:quotation")
    plan.json_key = rng.choice(("answer", "response", "text", "content"))
    plan.json_fence = rng.random() < 0.5
    return plan, relations


def _at_least(rng: random.Random, actual: int) -> int:
    return rng.randint(max(1, (actual * 3) // 5), max(1, (actual * 9) // 10))


def _less_than(rng: random.Random, actual: int) -> int:
    return actual + 2 + rng.randint(actual // 10, actual // 4 + 2)


def _numbers(
    iid: str, text: str, plan: Plan, relations: dict[str, str], rng: random.Random
) -> dict[str, Any]:
    """kwargs of one instruction, measured on the written reference."""
    if iid == "length_constraints:number_words":
        n = count_words(text)
        rel = rng.choice(("at least", "less than"))
        bound = _at_least(rng, n) if rel == "at least" else _less_than(rng, n)
        return {"num_words": bound if bound < 20 else round(bound, -1), "relation": rel}
    if iid == "length_constraints:number_sentences":
        n = count_sentences(text)
        rel = rng.choice(("at least", "less than"))
        return {
            "num_sentences": _at_least(rng, n) if rel == "at least" else _less_than(rng, n),
            "relation": rel,
        }
    if iid == "keywords:frequency":
        n = len(re.findall(plan.freq_keyword, text, re.IGNORECASE))
        rel = relations["keyword"] if n else "less than"
        bound = max(1, n - rng.randint(0, 1)) if rel == "at least" else n + rng.randint(1, 3)
        return {"keyword": plan.freq_keyword, "frequency": bound, "relation": rel}
    if iid == "keywords:letter_frequency":
        letter = rng.choice("abcdefghiklmnoprstuwy")
        n = text.lower().count(letter)
        rel = rng.choice(("at least", "less than")) if n else "less than"
        bound = _at_least(rng, n) if rel == "at least" else _less_than(rng, n)
        return {"letter": letter, "let_frequency": bound, "let_relation": rel}
    if iid == "change_case:capital_word_frequency":
        n = count_capital_words(text)
        if plan.case == "upper":
            rel = "at least"
        else:
            rel = (
                rng.choice(("at least", "less than")) if n and plan.case != "lower" else "less than"
            )
        bound = _at_least(rng, n) if rel == "at least" else _less_than(rng, n)
        return {"capital_frequency": bound, "capital_relation": rel}
    if iid == "keywords:forbidden_words":
        absent = [
            w for w in vocab.FORBIDDEN_POOL if not re.search(rf"\b{w}\b", text, re.IGNORECASE)
        ]
        return {"forbidden_words": rng.sample(absent, min(len(absent), rng.randint(1, 3)))}
    return _fixed(iid, plan, relations)


def _fixed(iid: str, plan: Plan, relations: dict[str, str]) -> dict[str, Any]:
    """kwargs that the plan fixed before writing."""
    table: dict[str, dict[str, Any]] = {
        "keywords:existence": {"keywords": plan.keywords},
        "length_constraints:number_paragraphs": {"num_paragraphs": plan.n_paragraphs},
        "length_constraints:nth_paragraph_first_word": {
            "num_paragraphs": plan.n_paragraphs,
            "nth_paragraph": plan.nth,
            "first_word": plan.first_word,
        },
        "detectable_content:number_placeholders": {"num_placeholders": plan.placeholders},
        "detectable_content:postscript": {"postscript_marker": relations.get("marker", "")},
        "detectable_format:number_bullet_lists": {"num_bullets": plan.bullets},
        "detectable_format:number_highlighted_sections": {"num_highlights": plan.highlights},
        "detectable_format:multiple_sections": {
            "section_spliter": plan.section_word,
            "num_sections": plan.n_paragraphs,
        },
        "startend:end_checker": {"end_phrase": plan.end_phrase},
        _LANGUAGE: {"language": plan.lang},
    }
    return dict(table.get(iid, {}))


def _request(rng: random.Random, topic: str, yes_no: bool) -> tuple[str, dict[str, int]]:
    audience_i = rng.randrange(len(vocab.AUDIENCES))
    audience = vocab.AUDIENCES[audience_i]
    purpose_i = rng.randrange(len(vocab.PURPOSES))
    if yes_no:
        frame_i = rng.randrange(len(vocab.YES_NO_FRAMES))
        text = vocab.YES_NO_FRAMES[frame_i].format(topic=topic, audience=audience)
        form_i = -1
    else:
        frame_i = rng.randrange(len(vocab.FRAMES))
        form_i = rng.randrange(len(vocab.FORMS))
        form = vocab.FORMS[form_i]
        text = vocab.FRAMES[frame_i].format(form=form, topic=topic, audience=audience)
    purpose = vocab.PURPOSES[purpose_i]
    text = f"{text} {purpose}".strip()
    return text, {"frame": frame_i, "form": form_i, "audience": audience_i, "purpose": purpose_i}


def make_task(rng: random.Random, n_instructions: int, allowed: list[str]) -> Task:
    """Draw one task (not yet self-checked)."""
    ids = choose_instructions(rng, n_instructions, allowed)
    topic_i = rng.randrange(len(vocab.TOPICS))
    topic = vocab.TOPICS[topic_i]
    request, picks = _request(rng, topic, "detectable_format:constrained_response" in ids)
    plan, relations = _plan(ids, rng, topic)
    body: Body = write_body(plan, rng)
    repeat = "combination:repeat_prompt" in ids
    order = [i for i in ids if i != "combination:repeat_prompt"]
    rng.shuffle(order)
    joiner = rng.choice((" ", "\n"))

    def build(prompt_to_repeat: str) -> tuple[str, list[dict[str, Any]], str]:
        reference = assemble(plan, body, prompt_to_repeat)
        kwargs = {
            i: _numbers(i, reference, plan, relations, random.Random(rng_seed + k))
            for k, i in enumerate(ids)
        }
        phrases = [
            render(i, kwargs[i], random.Random(rng_seed - k - 1)) for k, i in enumerate(order)
        ]
        sep = "\n" if any("\n" in p for p in phrases) else joiner  # multi-line examples
        stem = sep.join([request, *phrases]).strip()
        return reference, [kwargs[i] for i in ids], stem

    rng_seed = rng.randrange(2**31)
    reference, kwargs, stem = build("")
    if repeat:  # the request to echo includes the constraint sentences: write it, re-measure
        reference, kwargs, stem = build(stem)
        reference = assemble(plan, body, stem)
        kwargs[ids.index("combination:repeat_prompt")] = {"prompt_to_repeat": stem}
        prompt = f"{stem}\n{render('combination:repeat_prompt', {}, rng)}"
    else:
        prompt = stem
    params = {"topic": topic_i, **picks, "layout": plan.layout}
    return Task(prompt, ids, kwargs, reference, params)
