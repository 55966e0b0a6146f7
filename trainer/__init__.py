"""GRPO training with the ProRL recipe against the reward service."""
