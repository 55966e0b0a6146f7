"""IFEval instruction checkers (arXiv 2311.07911): the 25 verifiable instructions, strict and loose.

Written from the paper's definitions and the published scorer's semantics, without NLTK data:
`text` holds the word/sentence/token rules, one module per instruction family registers its
checkers in `base.CHECKERS`, and `evaluate` applies a list of them in strict or loose mode.
The reward-service wrapper is `reward_server.verifiers.ifeval`.
"""

from reward_server.ifeval.base import CHECKERS, Args, checker
from reward_server.ifeval.evaluate import (
    InstructionArgsError,
    follow_all,
    follows,
    loose_variants,
    parse_args,
)

__all__ = [
    "CHECKERS",
    "Args",
    "InstructionArgsError",
    "checker",
    "follow_all",
    "follows",
    "loose_variants",
    "parse_args",
]
