from __future__ import annotations

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError, ShapeError
from symalg.lie import SL, Affine, AffineGroupConv, GLPlus


def _setup(group):
    a = Affine(group)
    rng = np.random.default_rng(5)
    pts, feats = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    lin_h, lin_o = np.array([[1.3, 0.4], [-0.2, 0.9]]), np.array([[0.8, -0.3], [0.5, 1.1]])
    if isinstance(group, SL):
        lin_h, lin_o = (m / np.sqrt(np.linalg.det(m)) for m in (lin_h, lin_o))
    h = a.from_parts(np.array([0.5, -0.3]), lin_h)
    g_out = a.from_parts(np.array([[0.2, 0.1], [-0.5, 0.3]]), np.stack([lin_o, np.eye(2)]))
    return pts, feats, h, g_out


GROUPS = [GLPlus(2), SL(2)]


@pytest.mark.parametrize("group", GROUPS, ids=repr)
def test_lifting_is_exactly_equivariant(group) -> None:
    pts, feats, h, g_out = _setup(group)
    layer = AffineGroupConv(group, in_channels=2, out_channels=3, rng=0)
    lhs = layer.lift(h.apply(pts), feats, g_out)
    rhs = layer.lift(pts, feats, h.inverse() @ g_out)
    assert np.abs(lhs - rhs).max() <= 1e-14 * max(1, np.abs(rhs).max())


@pytest.mark.parametrize("group", GROUPS, ids=repr)
def test_shared_samples_give_exact_equivariance(group) -> None:
    pts, feats, h, g_out = _setup(group)
    layer = AffineGroupConv(group, in_channels=2, out_channels=3, rng=0)
    lhs = layer(h.apply(pts), feats, g_out, n_samples=500, rng=7)
    rhs = layer(pts, feats, h.inverse() @ g_out, n_samples=500, rng=7)
    assert np.abs(lhs - rhs).max() <= 1e-12 * np.abs(rhs).max()


@pytest.mark.parametrize("group", GROUPS, ids=repr)
def test_equivariance_error_falls_with_samples(group) -> None:
    pts, feats, h, g_out = _setup(group)
    layer = AffineGroupConv(group, in_channels=2, out_channels=3, rng=0)

    def error(n: int) -> float:
        errs = []
        for seed in range(3):
            a = layer(h.apply(pts), feats, g_out, n_samples=n, rng=100 + seed)
            b = layer(pts, feats, h.inverse() @ g_out, n_samples=n, rng=200 + seed)
            errs.append(np.abs(a - b).max() / np.abs(b).max())
        return float(np.mean(errs))

    small, large = error(500), error(16_000)
    assert large < 0.5 * small  # N^{-1/2}: about 5.7x expected
    assert large < 0.2


def test_haar_weights_make_the_result_proposal_independent() -> None:
    """Weighted estimates under two proposals agree; unweighted ones do not (negative control)."""
    group = GLPlus(2)
    pts, feats, _, g_out = _setup(group)
    narrow = AffineGroupConv(group, in_channels=2, out_channels=3, rng=0)
    wide = AffineGroupConv(group, in_channels=2, out_channels=3, rng=0, proposal_scale=(1.4, 1.0))

    def avg(layer, weighted: bool, base: int) -> np.ndarray:
        runs = [
            layer(pts, feats, g_out, n_samples=12_000, rng=base + s, weighted=weighted)
            for s in range(3)
        ]
        return np.mean(runs, axis=0)

    a, b = avg(narrow, True, 0), avg(wide, True, 10)
    assert np.abs(a - b).max() < 0.15 * np.abs(b).max()
    a, b = avg(narrow, False, 0), avg(wide, False, 10)
    assert np.abs(a - b).max() > 0.5 * np.abs(b).max()


def test_bad_input() -> None:
    with pytest.raises(InvalidArgumentError, match=r"has n=3; expected n=2"):
        AffineGroupConv(GLPlus(3), in_channels=1, out_channels=1)
    layer = AffineGroupConv(SL(2), in_channels=2, out_channels=1)
    with pytest.raises(ShapeError, match=r"must be \(n, 2\) and \(n, 2\) with the same n"):
        layer(np.zeros((3, 2)), np.zeros((2, 2)), Affine(SL(2)).identity())
    with pytest.raises(
        InvalidArgumentError, match=r"g_out must be an element of Affine\(SL\(2\)\)"
    ):
        layer(np.zeros((2, 2)), np.zeros((2, 2)), Affine(GLPlus(2)).identity())
    with pytest.raises(
        InvalidArgumentError, match=r"proposal_scale=\(1.0, -1.0\) must be two positive"
    ):
        AffineGroupConv(SL(2), in_channels=1, out_channels=1, proposal_scale=(1.0, -1.0))


@pytest.mark.parametrize("group", GROUPS, ids=repr)
def test_relative_standard_error_predicts_the_spread_of_independent_estimates(group) -> None:
    pts, feats, _, g_out = _setup(group)
    layer = AffineGroupConv(group, in_channels=2, out_channels=3, rng=0)
    s, w = layer.sample(4096, rng=1)
    predicted = layer.relative_standard_error(pts, feats, g_out, s, w)
    runs = np.array([layer(pts, feats, g_out, n_samples=4096, rng=seed) for seed in range(12)])
    spread = np.sqrt(np.sum(np.var(runs, axis=0))) / np.linalg.norm(runs.mean(axis=0))
    assert 0.3 < predicted / spread < 3.0
    # the same estimate from 4x the samples is about half as uncertain
    s4, w4 = layer.sample(16384, rng=1)
    ratio = layer.relative_standard_error(pts, feats, g_out, s4, w4) / predicted
    assert 0.3 < ratio < 0.8
