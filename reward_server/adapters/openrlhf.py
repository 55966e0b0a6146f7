"""OpenRLHF reward function file backed by the reward service.

Two ways to use the service from OpenRLHF:
- `--remote_rm_url http://host:8000/openrlhf/reward` (the HTTP route; labels as documented in
  reward_server.routers.openrlhf), or
- `--remote_rm_url <path to this file>` with `PRORL_REWARD_URL` set: OpenRLHF imports the file
  and calls `reward_func(queries, prompts, labels)`.

None ("could not grade") becomes 0.0 because the protocol has no other value; extra_logs
`none_mapped_to_zero` marks those samples.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import httpx


def reward_func(
    queries: list[str], prompts: list[str], labels: list[Any], **_: Any
) -> dict[str, Any]:
    url = os.environ.get("PRORL_REWARD_URL", "").split(",")[0].strip()
    if not url:
        raise RuntimeError("set PRORL_REWARD_URL to the reward service, e.g. http://127.0.0.1:8000")
    resp = httpx.post(
        f"{url.rstrip('/')}/openrlhf/reward",
        json={"query": list(queries), "prompts": list(prompts), "labels": list(labels)},
        timeout=600,
    )
    resp.raise_for_status()
    data: dict[str, Any] = resp.json()
    torch = sys.modules.get("torch")  # inside OpenRLHF torch is loaded: hand back tensors
    if torch is not None:
        data["rewards"] = torch.tensor(data["rewards"], dtype=torch.float32)
        data["scores"] = torch.tensor(data["scores"], dtype=torch.float32)
        data["extra_logs"] = {k: torch.tensor(v) for k, v in data["extra_logs"].items()}
    return data
