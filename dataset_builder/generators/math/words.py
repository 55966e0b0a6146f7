"""Word-problem vocabulary: names, objects and settings.

Why it exists: template prompts that differ only in a number are near-duplicates under word
3-gram MinHash; drawing the people, things and places independently makes each prompt's
shingle set mostly its own.
"""

from __future__ import annotations

NAMES = (
    "Aisha", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
    "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zara", "Amir", "Bianca", "Chen", "Dara",
    "Emeka", "Fatima", "Gus", "Hana", "Ivan", "Julia", "Kai", "Lucia", "Marco", "Noor",
    "Olga", "Pablo", "Rhea", "Sami", "Tomas", "Ulla", "Vera", "Wyatt", "Yara", "Zeke",
)  # fmt: skip

OBJECTS = (
    "marbles", "stickers", "books", "apples", "pencils", "coins", "stamps", "cards", "shells",
    "beads", "tickets", "cookies", "postcards", "buttons", "seeds", "toy cars", "candles",
    "badges", "magnets", "erasers", "oranges", "photos", "puzzles", "ribbons", "tiles",
)  # fmt: skip

GROUPS = (
    "club", "team", "class", "committee", "choir", "band", "crew", "panel", "workshop",
    "society", "league", "troupe",
)  # fmt: skip

PLACES = (
    "library", "bakery", "garden", "museum", "harbor", "market", "school", "studio", "farm",
    "workshop", "observatory", "station", "gallery", "camp", "warehouse", "cafe",
)  # fmt: skip

COLORS = (
    "red", "blue", "green", "yellow", "white", "black", "purple", "orange", "silver", "gold",
)  # fmt: skip

VARIABLES = ("x", "y", "t", "n", "k", "m", "z", "w", "a", "b", "p", "q", "u", "v", "s", "r")
