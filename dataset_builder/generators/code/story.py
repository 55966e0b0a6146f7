"""Story contexts and phrasing variants that make generated statements read differently.

Near-duplicate statements (MinHash Jaccard >= 0.9 on word 3-grams) teach nothing new, so every
part of the statement that is not the specification itself is drawn from pools here.
"""

from __future__ import annotations

import random

CONTEXTS: list[dict[str, str]] = [
    {
        "who": "Alice",
        "place": "the city library",
        "item": "book",
        "items": "books",
        "unit": "shelf",
    },
    {
        "who": "a warehouse manager",
        "place": "a logistics depot",
        "item": "crate",
        "items": "crates",
        "unit": "bay",
    },
    {
        "who": "Captain Mira",
        "place": "an orbital station",
        "item": "module",
        "items": "modules",
        "unit": "dock",
    },
    {
        "who": "the festival crew",
        "place": "a summer music festival",
        "item": "ticket",
        "items": "tickets",
        "unit": "stage",
    },
    {
        "who": "Professor Okafor",
        "place": "a research lab",
        "item": "sample",
        "items": "samples",
        "unit": "rack",
    },
    {
        "who": "a farmer named Ivo",
        "place": "an orchard",
        "item": "basket",
        "items": "baskets",
        "unit": "row",
    },
    {
        "who": "the chess club",
        "place": "a tournament hall",
        "item": "game",
        "items": "games",
        "unit": "table",
    },
    {
        "who": "Dana the baker",
        "place": "a busy bakery",
        "item": "loaf",
        "items": "loaves",
        "unit": "tray",
    },
    {
        "who": "a train dispatcher",
        "place": "a railway yard",
        "item": "wagon",
        "items": "wagons",
        "unit": "track",
    },
    {
        "who": "the museum curator",
        "place": "a history museum",
        "item": "exhibit",
        "items": "exhibits",
        "unit": "hall",
    },
    {
        "who": "a drone pilot",
        "place": "a delivery network",
        "item": "parcel",
        "items": "parcels",
        "unit": "route",
    },
    {
        "who": "Kenji",
        "place": "a robotics workshop",
        "item": "part",
        "items": "parts",
        "unit": "bin",
    },
    {
        "who": "the harbour master",
        "place": "a fishing port",
        "item": "boat",
        "items": "boats",
        "unit": "pier",
    },
    {
        "who": "a game designer",
        "place": "an indie studio",
        "item": "level",
        "items": "levels",
        "unit": "world",
    },
    {"who": "Priya", "place": "a coding camp", "item": "task", "items": "tasks", "unit": "session"},
    {
        "who": "the park ranger",
        "place": "a national park",
        "item": "trail marker",
        "items": "trail markers",
        "unit": "trail",
    },
]

OPENERS = [
    "{who} works at {place} and needs your help.",
    "At {place}, {who} keeps careful records.",
    "Every morning {who} at {place} faces the same puzzle.",
    "{who} has just been put in charge of {place}.",
    "Things are hectic at {place}, and {who} wants a program to save time.",
    "Here is a small problem from {place}, posed by {who}.",
]

INPUT_LEADS = [
    "The first line contains",
    "The input begins with a line holding",
    "On the first line you are given",
    "Line one of the input gives",
]

OUTPUT_LEADS = ["Print", "Output", "Write", "Your program should print"]

CLOSERS = [
    "",
    "Read the input carefully: all values fit in 64-bit integers.",
    "A straightforward simulation may be too slow for the largest inputs, so think first.",
    "Make sure your solution handles the smallest possible input as well.",
    "Note that the example below is small; real tests are larger.",
]


def pick_context(rng: random.Random) -> dict[str, str]:
    return rng.choice(CONTEXTS)


def render(
    rng: random.Random,
    ctx: dict[str, str],
    title: str,
    legend: str,
    input_spec: str,
    output_spec: str,
    constraints: list[str],
    example_in: str,
    example_out: str,
) -> str:
    """Contest-style statement: title, legend, Input, Output, Constraints, Example."""
    opener = rng.choice(OPENERS).format(**ctx)
    opener = opener[0].upper() + opener[1:]
    closer = rng.choice(CLOSERS)
    lead_in = rng.choice(INPUT_LEADS)
    lead_out = rng.choice(OUTPUT_LEADS)
    parts = [
        f"# {title}",
        f"{opener} {legend.format(**ctx)} {closer}".strip(),
        f"## Input\n{lead_in} {input_spec.format(**ctx)}",
        f"## Output\n{lead_out} {output_spec.format(**ctx)}",
        "## Constraints\n" + "\n".join(f"- {c}" for c in constraints),
        f"## Example\nInput:\n```\n{example_in.rstrip()}\n```\nOutput:\n```\n{example_out.rstrip()}\n```",
    ]
    return "\n\n".join(parts)
