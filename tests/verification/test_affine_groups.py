"""Affine groups R^n x| GL+(n), SL(n) and the 'left' action on group-valued inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from symalg.errors import InvalidArgumentError, ShapeError
from verification import actions, check_equivariance, groups, strategies


@pytest.mark.parametrize("spec", ["AffineGLPlus(2)", "AffineSL(2)", "AffineGLPlus(3)"])
def test_samples_are_homogeneous_group_elements(spec: str) -> None:
    grp = groups.from_spec(spec)
    rng = np.random.default_rng(0)
    for _ in range(5):
        g = grp.sample(rng)
        d = grp.dim
        assert g.shape == (d + 1, d + 1)
        np.testing.assert_array_equal(g[d], np.eye(d + 1)[d])
        det = np.linalg.det(g[:d, :d])
        assert det > 0 and ("SL" not in spec or np.isclose(det, 1.0))
        np.testing.assert_allclose(grp.compose(g, grp.inverse(g)), np.eye(d + 1), atol=1e-12)


@given(groups.AffineSL(2).elements())
def test_special_and_generic_elements_stay_in_the_group(g: np.ndarray) -> None:
    assert np.isclose(np.linalg.det(g), 1.0)
    np.testing.assert_array_equal(g[2], [0.0, 0.0, 1.0])


def test_points_action_is_affine_and_left_action_multiplies() -> None:
    grp = groups.AffineGLPlus(2)
    g = grp.sample(np.random.default_rng(1))
    x = np.array([[1.0, 2.0]])
    np.testing.assert_allclose(actions.resolve("points", grp)(g, x), x @ g[:2, :2].T + g[:2, 2])
    m = np.stack([np.eye(3), g])
    np.testing.assert_allclose(actions.resolve("left", grp)(g, m), g @ m)


def test_left_translation_invariants_pass_and_conjugates_fail() -> None:
    grp = groups.AffineGLPlus(2)
    report = check_equivariance(
        lambda ms: ms[0] @ np.linalg.inv(ms[1]),
        group=grp,
        input_action="left",
        output_action="trivial",
        inputs=strategies.affine_elements(2),
        max_examples=10,
        seed=0,
    )
    assert report.status == "violation"  # g1 g2^-1 -> h g1 g2^-1 h^-1, not invariant
    report = check_equivariance(
        lambda ms: np.linalg.inv(ms[1]) @ ms[0],
        group=grp,
        input_action="left",
        output_action="trivial",
        inputs=strategies.affine_elements(2),
        max_examples=10,
        seed=0,
    )
    assert report.passed  # g2^-1 g1 is invariant under left translation


def test_bad_uses_of_left_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="action 'left' needs a matrix group"):
        actions.resolve("left", groups.Permutations(3))
    act = actions.resolve("left", groups.AffineGLPlus(2))
    with pytest.raises(ShapeError, match=r"shape \(\.\.\., 3, 3\)"):
        act.validate(np.zeros((4, 2)), where="test")


def test_affine_elements_strategy_draws_sl_when_special() -> None:
    g = strategies.draw_example(strategies.affine_elements(3, special=True))
    np.testing.assert_allclose(np.linalg.det(g), 1.0)
    with pytest.raises(InvalidArgumentError, match="n=0 must be >= 1"):
        strategies.affine_elements(0)
