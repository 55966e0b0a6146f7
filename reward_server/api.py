"""Request and response schemas of the reward service (published in the OpenAPI document).

Shape rules are checked here so a malformed request is a 422 naming the field; whether a
ground truth fits its verifier is decided per item (one bad task must not sink a GRPO batch).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

StatusName = Literal["correct", "incorrect", "partial", "unparsable", "timeout", "error"]


def _object_or_json(value: Any, allow_none: bool) -> Any:
    if value is None and allow_none:
        return value
    if not isinstance(value, dict | str):
        raise ValueError("must be a JSON object or a string holding one")
    return value


class ScoreItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=1024, description="echoed back; not interpreted")
    verifier: str = Field(min_length=1, max_length=128, description="a name from /v1/verifiers")
    ground_truth: Any = Field(
        description="the verifier's payload: a JSON object, or a string holding one",
        json_schema_extra={"anyOf": [{"type": "object"}, {"type": "string"}]},
    )
    response: str = Field(description="the model's full response text")
    config: Any = Field(
        None,
        description="per-task options for the verifier (object, JSON string or null)",
        json_schema_extra={"anyOf": [{"type": "object"}, {"type": "string"}, {"type": "null"}]},
    )

    @field_validator("ground_truth", mode="before")
    @classmethod
    def _gt(cls, v: Any) -> Any:
        return _object_or_json(v, allow_none=False)

    @field_validator("config", mode="before")
    @classmethod
    def _cfg(cls, v: Any) -> Any:
        if isinstance(v, str) and not v.strip():  # corpus rows store "no options" as ""
            return None
        return _object_or_json(v, allow_none=True)


class ScoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[ScoreItem]


class ItemResult(BaseModel):
    id: str
    reward: float | None = Field(description="null means could not grade, never a silent 0")
    status: StatusName
    detail: str
    elapsed_ms: float
    info: dict[str, Any] | None = None


class ScoreResponse(BaseModel):
    results: list[ItemResult]


class FieldError(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    error: str
    errors: list[FieldError] = []


class VerifierInfo(BaseModel):
    name: str
    version: str
    description: str
    payload_schema: dict[str, Any]
    config_schema: dict[str, Any]


class VerifiersResponse(BaseModel):
    verifiers: list[VerifierInfo]


class Health(BaseModel):
    status: Literal["ok", "starting"]
    workers: int
    workers_alive: int


class OpenRLHFRequest(BaseModel):
    """OpenRLHF's remote reward protocol: `query` is prompt + response as one string."""

    query: list[str]
    prompts: list[str] | None = None
    labels: list[Any] | None = Field(
        None,
        description='per sample: {"verifier", "ground_truth", "config"?} (object or JSON '
        "string), or a whole task record (verifier, ground_truth, verifier_config)",
    )


class OpenRLHFResponse(BaseModel):
    rewards: list[float]
    scores: list[float]
    extra_logs: dict[str, list[float]]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "body or item count over the limit"},
    422: {"model": ErrorBody, "description": "malformed request; `errors` names each field"},
    429: {"model": ErrorBody, "description": "queue full; retry after `Retry-After` seconds"},
    503: {"model": ErrorBody, "description": "the worker pool is not ready"},
}
