"""ProRL Stack: corpus builder, reward service and GRPO trainer for prolonged RL.

This package holds only what every part shares: the registry shape, the task-record
contract and the command-line entry point. The real work lives in the sibling packages
`dataset_builder`, `reward_server`, `sandboxes` and `trainer`.
"""

__version__ = "0.1.0"
