"""Config loading (unknown keys, overrides, file:line errors), DAPO shaping, group filtering."""

from __future__ import annotations

from pathlib import Path

import pytest

from prorl.record import TaskRecord
from trainer.config import ConfigError, SamplingConfig, load_config, parse_overrides
from trainer.rollout import Rollout
from trainer.sampling import Sample, Selection, overlong_penalty, select_groups, shape

REPO = Path(__file__).resolve().parents[2]


def test_shipped_configs_load() -> None:
    paper = load_config(REPO / "configs" / "prorl-1.5b.yaml")
    assert paper.rollout.n == 16 and paper.rollout.temperature == 1.2
    assert paper.data.prompts_per_step == 256 and paper.algorithm.mini_batch_prompts == 64
    assert paper.algorithm.kl_type == "k3" and paper.algorithm.kl_coef == 1e-4
    assert (paper.algorithm.clip_low, paper.algorithm.clip_high) == (0.2, 0.4)
    assert paper.optim.lr == 2e-6 and paper.sampling.dynamic
    demo = load_config(REPO / "configs" / "demo-tiny.yaml")
    assert demo.model.name.startswith("tiny")


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("run:\n  seed: 1\nalgorithm:\n  kl_coef: 0.1\n  kl_coeff: 0.2\n")
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    assert str(err.value) == f"{cfg}:5: algorithm.kl_coeff: unknown key"


def test_bad_value_and_bad_yaml(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rollout:\n  n: zero\n")
    with pytest.raises(ConfigError, match=r"c.yaml:2: rollout.n: "):
        load_config(cfg)
    cfg.write_text("rollout: [\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(cfg)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_overrides_are_typed_and_checked(tmp_path: Path) -> None:
    assert parse_overrides(["--a.b=1", "--a.c=x", "--d=[1, 2]"]) == {
        "a": {"b": 1, "c": "x"},
        "d": [1, 2],
    }
    cfg = load_config(None, ["--algorithm.clip_high=0.4", "--reward.urls=[local]"])
    assert cfg.algorithm.clip_high == 0.4 and cfg.reward.urls == ["local"]
    with pytest.raises(ConfigError, match="algorithm.nope: unknown key"):
        load_config(None, ["--algorithm.nope=1"])
    with pytest.raises(ConfigError, match="expected --section.key=value"):
        parse_overrides(["algorithm.kl_coef"])


def test_overlong_penalty_ramp() -> None:
    # max 10, buffer 4: free up to 6, then (6 - L) / 4, -1 past the cap
    assert [overlong_penalty(n, 10, 4) for n in (6, 7, 8, 10, 11)] == [0.0, -0.25, -0.5, -1.0, -1.0]
    assert overlong_penalty(10, 10, 0) == 0.0


def _rec() -> TaskRecord:
    return TaskRecord("math", "t", "1+1=?", "math", {"answer": "2"})


def _sample(reward: float | None, length: int = 3, truncated: bool = False) -> Sample:
    return Sample(_rec(), Rollout([1], [0] * length, [], truncated), reward, "x")


def test_shaping_termination_and_overlong() -> None:
    group = [_sample(1.0, 3), _sample(1.0, 10, truncated=True), _sample(None, 9), _sample(0.0, 8)]
    shape(
        group, SamplingConfig(overlong_buffer=4, overlong_penalty=1.0, termination_penalty=-1.0), 10
    )
    assert [s.reward for s in group] == [1.0, -2.0, None, -0.5]


def test_dynamic_sampling_drops_equal_and_ungraded_groups() -> None:
    sel = Selection([], 0, 0, 0)
    equal = [_sample(1.0), _sample(1.0)]
    mixed = [_sample(1.0), _sample(0.0), _sample(None)]
    ungraded = [_sample(None), _sample(0.0)]
    for g in (equal, mixed, ungraded):
        shape(g, SamplingConfig(), 32)
    select_groups([equal, mixed, ungraded], True, sel)
    assert sel.kept == [mixed] and sel.dropped_equal == 1 and sel.dropped_ungraded == 1
    assert sel.filtered_frac == pytest.approx(2 / 3)
    off = Selection([], 0, 0, 0)
    select_groups([equal], False, off)
    assert off.kept == [equal]
