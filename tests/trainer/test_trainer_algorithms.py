"""Advantage estimators, losses, KL and aggregation against numbers computed by hand."""

from __future__ import annotations

import math

import pytest
import torch

from prorl.registry import UnknownNameError
from trainer.algorithms.advantages import ADVANTAGES, compute_advantages
from trainer.algorithms.losses import LOSSES, LossInputs, aggregate, kl_penalty

T = torch.tensor


def close(a: torch.Tensor, b: list[float] | list[list[float]], tol: float = 1e-5) -> None:
    assert torch.allclose(a.double(), T(b, dtype=torch.float64), atol=tol), (a, b)


def test_grpo_group_mean_and_unbiased_std() -> None:
    # mean 0.5, deviations +-0.5, unbiased var = 1/3 -> adv = 0.5 / sqrt(1/3) = 0.866025
    adv = compute_advantages("grpo", T([[1.0, 0.0, 0.0, 1.0]]), T([[True] * 4]))
    close(adv, [[0.866025, -0.866025, -0.866025, 0.866025]])


def test_grpo_excludes_ungraded_samples() -> None:
    # valid rewards 1, 0, 0: mean 1/3, var (4/9+1/9+1/9)/2 = 1/3; the None sample gets 0
    adv = compute_advantages("grpo", T([[1.0, 0.0, 123.0, 0.0]]), T([[True, True, False, True]]))
    close(adv, [[1.154701, -0.577350, 0.0, -0.577350]])


def test_dr_grpo_has_no_std() -> None:
    close(compute_advantages("dr_grpo", T([[3.0, 1.0]]), T([[True, True]])), [[1.0, -1.0]])


def test_rloo_leave_one_out() -> None:
    # r=1: 1 - (0+0+1)/3 = 2/3 ; r=0: 0 - (1+0+1)/3 = -2/3
    adv = compute_advantages("rloo", T([[1.0, 0.0, 0.0, 1.0]]), T([[True] * 4]))
    close(adv, [[2 / 3, -2 / 3, -2 / 3, 2 / 3]])


def test_reinforce_pp_baseline_batch_normalized() -> None:
    # centered: [.5, -.5], [0, 0]; batch mean 0, unbiased var (.25+.25)/3 = 1/6
    adv = compute_advantages(
        "reinforce_pp_baseline", T([[1.0, 0.0], [1.0, 1.0]]), T([[True, True], [True, True]])
    )
    s = 0.5 / math.sqrt(1 / 6)
    close(adv, [[s, -s], [0.0, 0.0]])


def test_unknown_estimator_lists_known_ones() -> None:
    with pytest.raises(UnknownNameError, match="grpo"):
        compute_advantages("gpro", T([[1.0]]), T([[True]]))
    assert {"grpo", "dr_grpo", "rloo", "reinforce_pp_baseline"} <= set(ADVANTAGES.names())


def test_ppo_clip_higher_hand_example() -> None:
    # ratios 1.5, 0.5, 1.1 with advantages +1, -1, +1 and clip (0.2, 0.28):
    # -min(1.5, 1.28) = -1.28 ; -min(-0.5, -0.8) = 0.8 ; -min(1.1, 1.1) = -1.1
    old = torch.zeros(3, 1)
    logp = torch.log(T([[1.5], [0.5], [1.1]]))
    mask = torch.ones(3, 1)
    out = LOSSES.get("ppo_clip")(LossInputs(logp, old, T([1.0, -1.0, 1.0]), mask, 0.2, 0.28))
    close(out.per_token, [[-1.28], [0.8], [-1.1]])
    assert out.clip_low_frac.item() == pytest.approx(1 / 3)
    assert out.clip_high_frac.item() == pytest.approx(1 / 3)
    loss = aggregate(out.per_token, mask, "token-mean", 3, 3, 1)
    assert loss.item() == pytest.approx((-1.28 + 0.8 - 1.1) / 3)


def test_ppo_clip_gradient_on_policy_is_minus_advantage() -> None:
    logp = torch.zeros(2, 1, requires_grad=True)
    out = LOSSES.get("ppo_clip")(LossInputs(logp, logp.detach(), T([2.0, -1.0]), torch.ones(2, 1)))
    out.per_token.sum().backward()
    assert logp.grad is not None
    close(logp.grad, [[-2.0], [1.0]])


def test_aggregation_modes_by_hand() -> None:
    per_token = T([[1.0, 2.0, 9.0], [3.0, 9.0, 9.0]])
    mask = T([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert aggregate(per_token, mask, "token-mean", 3, 2, 4).item() == pytest.approx(2.0)
    assert aggregate(per_token, mask, "seq-mean-token-mean", 3, 2, 4).item() == pytest.approx(2.25)
    assert aggregate(per_token, mask, "seq-mean-token-sum", 3, 2, 4).item() == pytest.approx(3.0)
    assert aggregate(per_token, mask, "seq-mean-token-sum-norm", 3, 2, 4).item() == pytest.approx(
        0.75
    )
    # a micro-batch holding half of the mini-batch's tokens divides by the global count
    assert aggregate(per_token, mask, "token-mean", 6, 4, 4).item() == pytest.approx(1.0)


def test_kl_estimators_by_hand() -> None:
    logp, ref = torch.log(T([0.5])), torch.log(T([0.25]))
    # log r = log(ref/pi) = log 0.5
    assert kl_penalty(logp, ref, "k1").item() == pytest.approx(math.log(2))
    assert kl_penalty(logp, ref, "k2").item() == pytest.approx(0.5 * math.log(2) ** 2)
    assert kl_penalty(logp, ref, "k3").item() == pytest.approx(0.5 + math.log(0.5) * -1 - 1)
    far = kl_penalty(T([0.0]), T([-20.0]), "k3")
    assert far.item() == pytest.approx(10.0)  # clamped
    assert kl_penalty(T([0.0]), T([-20.0]), "k1").item() == pytest.approx(10.0)
    with pytest.raises(ValueError, match="kl_type"):
        kl_penalty(logp, ref, "k4")


def test_mdpo_squared_loss_and_gradient() -> None:
    # (A - tau * sum log ratio)^2: (0.5 - 0.1*0.2)^2 = 0.2304 ; (-0.5 - 0)^2 = 0.25
    old = torch.zeros(2, 2)
    logp = T([[0.1, 0.1], [0.0, 0.0]]).requires_grad_(True)
    mask = torch.ones(2, 2)
    out = LOSSES.get("mdpo")(LossInputs(logp, old, T([0.5, -0.5]), mask, tau=0.1))
    assert out.seq_level
    close(out.per_token[:, 0], [0.2304, 0.25])
    out.per_token[:, 0].sum().backward()
    # d/dlogp_t = -2 tau (A - tau * log ratio): seq 0: -0.2 * 0.48 = -0.096; seq 1: 0.1
    assert logp.grad is not None
    close(logp.grad, [[-0.096, -0.096], [0.1, 0.1]])
