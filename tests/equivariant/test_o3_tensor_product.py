"""CG tensor product: equivariance, the per-path formula, selection rules, errors."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import Irreps, TensorProduct, real_clebsch_gordan
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from verification import strategies

o3_elements = st.tuples(strategies.rotations(), st.booleans()).map(
    lambda t: -t[0] if t[1] else t[0]
)
IN1, IN2 = "2x0e+1x1o+1x2e+1x3o", "1x0e+2x1o+1x2o"
OUT = "1x0e+1x0o+2x1o+1x1e+1x2e+1x2o+1x3o+1x4e"


@pytest.fixture(scope="module")
def tp() -> TensorProduct:
    return TensorProduct(IN1, IN2, OUT, rng=1)


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-300))


@given(o3_elements, st.integers(0, 2**32 - 1))
def test_equivariant_under_rotations_and_reflections(tp: TensorProduct, g, seed: int) -> None:  # noqa: ANN001
    rng = np.random.default_rng(seed)
    x1, x2 = tp.irreps_in1.randn(5, rng=rng), tp.irreps_in2.randn(5, rng=rng)
    d1, d2, do = (ir.D_from_matrix(g) for ir in (tp.irreps_in1, tp.irreps_in2, tp.irreps_out))
    assert rel_error(tp(x1 @ d1.T, x2 @ d2.T), tp(x1, x2) @ do.T) <= 1e-12


def test_float32_equivariance_scaled(tp: TensorProduct) -> None:
    rng = np.random.default_rng(0)
    g = -np.linalg.qr(rng.standard_normal((3, 3)))[0]
    x1, x2 = tp.irreps_in1.randn(8, rng=rng), tp.irreps_in2.randn(8, rng=rng)
    d1, d2, do = (ir.D_from_matrix(g) for ir in (tp.irreps_in1, tp.irreps_in2, tp.irreps_out))
    out = tp((x1 @ d1.T).astype(np.float32), (x2 @ d2.T).astype(np.float32))
    assert out.dtype == np.float32
    assert rel_error(out.astype(np.float64), tp(x1, x2) @ do.T) <= 1e-5


def test_matches_the_per_path_formula_with_exact_coefficients() -> None:
    tp = TensorProduct("2x1o", "1x1o+1x2e", "1x1e+2x2o", rng=3)
    x1, x2 = tp.irreps_in1.randn(4, rng=0), tp.irreps_in2.randn(4, rng=1)
    s1, s2, so = (ir.slices() for ir in (tp.irreps_in1, tp.irreps_in2, tp.irreps_out))
    expected = np.zeros((4, tp.irreps_out.dim))
    fan_in = {c: 0 for c in range(len(tp.irreps_out))}
    for (_, _, c), (m1, m2, _) in zip(tp.paths, tp.weight_shapes, strict=True):
        fan_in[c] += m1 * m2
    start = 0
    for (a, b, c), (m1, m2, mo) in zip(tp.paths, tp.weight_shapes, strict=True):
        l1, l2, lo = tp.irreps_in1[a][1], tp.irreps_in2[b][1], tp.irreps_out[c][1]
        q = np.array(real_clebsch_gordan(l1, l2, lo).tolist(), dtype=float)
        w = tp.weights[start : start + m1 * m2 * mo].reshape(m1, m2, mo)
        start += m1 * m2 * mo
        u = x1[:, s1[a]].reshape(4, m1, -1)
        v = x2[:, s2[b]].reshape(4, m2, -1)
        z = np.einsum("uvw,ijk,nui,nvj->nwk", w, q, u, v) / np.sqrt(fan_in[c])
        expected[:, so[c]] += z.reshape(4, -1)
    np.testing.assert_allclose(tp(x1, x2), expected, atol=1e-14)
    dense = tp.dense_tensor()
    np.testing.assert_allclose(np.einsum("ni,nj,ijk->nk", x1, x2, dense), expected, atol=1e-14)


def test_paths_follow_selection_rules() -> None:
    tp = TensorProduct("1x1o", "1x1o", "1x0e+1x1o+1x1e+1x2e+1x3e")
    assert tp.paths == ((0, 0, 0), (0, 0, 2), (0, 0, 3))
    assert tp.n_entries > 0 and tp.weights.shape == (3,)


def test_cross_product_path() -> None:
    tp = TensorProduct("1x1o", "1x1o", "1x1e", rng=0)
    tp.weights[:] = np.sqrt(2.0)
    a, b = np.random.default_rng(0).standard_normal((2, 3))
    perm = [1, 2, 0]
    np.testing.assert_allclose(tp(a[perm], b[perm]), np.cross(a, b)[perm], atol=1e-14)


def test_batches_broadcast() -> None:
    tp = TensorProduct("1x0e+1x1o", "1x1o", "1x1o")
    x1 = tp.irreps_in1.randn(3, 1, rng=0)
    x2 = tp.irreps_in2.randn(4, rng=1)
    out = tp(x1, x2)
    assert out.shape == (3, 4, 3)
    np.testing.assert_allclose(out[2, 1], tp(x1[2, 0], x2[1]))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"paths": [(0, 0, 0)]}, InvalidArgumentError, r"path \(0, 0, 0\) couples 1o x 1o -> 1o"),
        ({"paths": [(0, 0, 5)]}, InvalidArgumentError, "indexes term 5 of irreps_out"),
        ({"paths": "some"}, InvalidArgumentError, "paths='some' is not supported"),
        ({"paths": 3}, InvalidTypeError, "paths must be 'all' or a list"),
        ({"paths": [(0, 0)]}, InvalidTypeError, r"must be a tuple \(i1, i2, i_out\)"),
    ],
)
def test_bad_paths(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        TensorProduct("1x1o", "1x1o", "1x1o+1x0e", **kwargs)


def test_no_path_and_shape_errors() -> None:
    with pytest.raises(InvalidArgumentError, match="no allowed path couples 1x0e and 1x0e"):
        TensorProduct("1x0e", "1x0e", "1x1o")
    tp = TensorProduct("1x1o", "1x1o", "1x0e")
    with pytest.raises(ShapeError, match=r"x2 has shape \(2, 4\); expected \(\.\.\., 3\)"):
        tp(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ShapeError, match="do not broadcast"):
        tp(np.zeros((2, 3)), np.zeros((3, 3)))
    with pytest.raises(ShapeError, match=r"weights have shape \(2,\); expected \(1,\)"):
        tp(np.zeros(3), np.zeros(3), weights=np.zeros(2))
    with pytest.raises(InvalidTypeError, match="must be a real array"):
        tp(np.zeros(3, dtype=complex), np.zeros(3))
    assert Irreps("1x0e") == tp.irreps_out
