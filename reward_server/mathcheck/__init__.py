"""Math answer equivalence: the project's normalizer plus Math-Verify, cached.

Used by the `math` verifier, the `stem` verifier's expression answers, and anything else that
must decide whether two final answers are the same mathematical object.
"""

from __future__ import annotations

from reward_server.mathcheck.compare import Match, equivalent
from reward_server.mathcheck.symbolic import warm_up

__all__ = ["Match", "equivalent", "warm_up"]
