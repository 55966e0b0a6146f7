import json

import pyarrow as pa
import pytest

from prorl.record import ARROW_SCHEMA, RecordError, TaskRecord, make_task_id


def test_id_is_stable_and_normalized() -> None:
    a = make_task_id("math", "What is  1+1?", {"answer": "2"})
    b = make_task_id("math", "what is 1+1?\n", {"answer": "2"})
    c = make_task_id("math", "What is 1+1?", {"answer": "3"})
    assert a == b != c
    assert a.startswith("math-") and len(a) == len("math-") + 16


def test_row_roundtrip_through_arrow() -> None:
    rec = TaskRecord(
        "math", "unit", "1+1?", "math", {"answer": "2"}, meta={"k": [1, 2]}, difficulty=3
    )
    rec.validate()
    table = pa.Table.from_pylist([rec.to_row()], schema=ARROW_SCHEMA)
    back = TaskRecord.from_row(table.to_pylist()[0])
    assert back == rec
    assert json.loads(table.column("ground_truth")[0].as_py()) == {"answer": "2"}


@pytest.mark.parametrize(
    "field,value", [("domain", "poetry"), ("verifier", "vibes"), ("split", "dev"), ("prompt", " ")]
)
def test_validate_names_the_field(field: str, value: str) -> None:
    rec = TaskRecord("math", "unit", "p", "math", {"answer": "2"})
    setattr(rec, field, value)
    with pytest.raises(RecordError, match=f"^{field}:"):
        rec.validate()
