"""Reward scoring: verifiers as a plain library first, a FastAPI service second."""
