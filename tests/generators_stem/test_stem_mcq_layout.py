"""Multiple-choice construction: distractors stay clear of the tolerance, positions balance."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from dataset_builder.generators.stem.mcq import MIN_GAP, PositionCycle, layout, numeric_distractors
from dataset_builder.generators.stem.units import sig


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(min_value=1e-9, max_value=1e12),
    mistakes=st.lists(st.floats(min_value=-1e12, max_value=1e12), max_size=4),
    seed=st.integers(0, 2**32),
)
def test_distractors_are_three_distinct_values_far_from_the_answer(
    value: float, mistakes: list[float], seed: int
) -> None:
    picked = numeric_distractors(value, tuple(mistakes), random.Random(seed))
    assert len(picked) == 3
    for i, a in enumerate([value, *picked]):
        for b in [value, *picked][i + 1 :]:
            assert abs(a - b) > MIN_GAP * max(abs(a), abs(b))
    # printed at 3 significant figures the options still read differently
    assert len({sig(v, 3) for v in [value, *picked]}) == 4


def test_common_mistakes_come_before_generic_scalings() -> None:
    picked = numeric_distractors(10.0, (20.0, 5.0, 13.0), random.Random(0))
    assert picked == [20.0, 5.0, 13.0]
    near = numeric_distractors(10.0, (10.04, 10.0), random.Random(0))
    assert 10.04 not in near and 10.0 not in near  # inside the gap: would be graded correct


def test_positions_come_in_balanced_blocks_of_four() -> None:
    cycle = PositionCycle(random.Random(1))
    draws = [cycle.next() for _ in range(400)]
    for start in range(0, 400, 4):
        assert sorted(draws[start : start + 4]) == [0, 1, 2, 3]
    assert draws[:8] != [0, 1, 2, 3, 0, 1, 2, 3]  # shuffled, not round-robin
    choices, letter = layout("right", ["w1", "w2", "w3"], 2, random.Random(0))
    assert (
        letter == "C" and choices[2] == "right" and sorted(choices) == ["right", "w1", "w2", "w3"]
    )
    assert Counter(draws) == {0: 100, 1: 100, 2: 100, 3: 100}
