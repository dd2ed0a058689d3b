"""Gaunt tensor product: equals the real Gaunt contraction, c * CG, equivariance, errors."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import (
    GauntTensorProduct,
    TensorProduct,
    gaunt_constant,
    real_gaunt,
    real_gaunt_table,
)
from symalg.errors import InvalidArgumentError, ShapeError
from verification import strategies

o3_elements = st.tuples(strategies.rotations(), st.booleans()).map(
    lambda t: -t[0] if t[1] else t[0]
)
DEGREES = [(0, 0, 0), (1, 1, 2), (2, 3, 4), (3, 3, 6), (4, 2, 7), (2, 2, 1), (5, 4, 3), (6, 6, 6)]


def n(l: int) -> int:
    return (l + 1) ** 2


@pytest.mark.parametrize("method", ["dft", "fft"])
@pytest.mark.parametrize(("l1", "l2", "lo"), DEGREES)
def test_equals_real_gaunt_contraction(l1: int, l2: int, lo: int, method: str) -> None:
    gp = GauntTensorProduct(l1, l2, lo, method=method)
    rng = np.random.default_rng(l1 + 10 * l2)
    x1, x2 = rng.standard_normal((5, n(l1))), rng.standard_normal((5, n(l2)))
    table = real_gaunt_table(max(l1, l2, lo))[: n(l1), : n(l2), : n(lo)]
    expected = np.einsum("bi,bj,ijk->bk", x1, x2, table)
    np.testing.assert_allclose(gp(x1, x2), expected, atol=1e-13 * np.abs(expected).max())


def test_small_case_matches_sympy_real_gaunt() -> None:
    gp = GauntTensorProduct(1, 1, 2)
    exact = np.zeros((4, 4, 9))
    for l1 in range(2):
        for l2 in range(2):
            for l3 in range(3):
                block = np.array(real_gaunt(l1, l2, l3).tolist(), dtype=float)
                exact[l1**2 : n(l1), l2**2 : n(l2), l3**2 : n(l3)] = block
    x1, x2 = np.random.default_rng(0).standard_normal((2, 3, 4))
    np.testing.assert_allclose(gp(x1, x2), np.einsum("bi,bj,ijk->bk", x1, x2, exact), atol=1e-15)


def test_equals_constant_times_cg_on_even_paths() -> None:
    lmax = 3
    gp = GauntTensorProduct(lmax, lmax, lmax)
    sh = gp.irreps_in1
    tp = TensorProduct(sh, sh, sh)
    fan_in = {c: sum(1 for p in tp.paths if p[2] == c) for c in range(lmax + 1)}
    tp.weights[:] = [float(gaunt_constant(a, b, c)) * np.sqrt(fan_in[c]) for a, b, c in tp.paths]
    x1, x2 = sh.randn(6, rng=0), sh.randn(6, rng=1)
    np.testing.assert_allclose(gp(x1, x2), tp(x1, x2), atol=1e-14)
    # the CG product has odd paths (1o x 1o -> 1e, the cross product); the Gaunt product
    # has none: its degree-1 output from two degree-1 inputs is exactly zero
    odd = TensorProduct("1x1o", "1x1o", "1x1e")
    x = np.zeros((6, n(lmax)))
    x[:, 1:4] = sh.randn(6, rng=2)[:, 1:4]
    y = np.zeros((6, n(lmax)))
    y[:, 1:4] = sh.randn(6, rng=3)[:, 1:4]
    assert np.abs(gp(x, y)[:, 1:4]).max() < 1e-15  # 1 x 1 -> 1: zero up to round-off
    assert np.abs(odd(x[:, 1:4], y[:, 1:4])).max() > 0.1


@given(o3_elements, st.integers(0, 2**32 - 1))
def test_equivariant_under_rotations_and_reflections(g: np.ndarray, seed: int) -> None:
    gp = GauntTensorProduct(3, 2, 4)
    rng = np.random.default_rng(seed)
    x1, x2 = gp.irreps_in1.randn(4, rng=rng), gp.irreps_in2.randn(4, rng=rng)
    d1, d2, do = (ir.D_from_matrix(g) for ir in (gp.irreps_in1, gp.irreps_in2, gp.irreps_out))
    expected = gp(x1, x2) @ do.T
    err = np.abs(gp(x1 @ d1.T, x2 @ d2.T) - expected).max() / np.abs(expected).max()
    assert err <= 1e-12


def test_per_degree_weights_and_batches() -> None:
    gp = GauntTensorProduct(2, 2, 2)
    gp.weights_out[:] = [1.0, 0.0, 2.0]
    x1 = gp.irreps_in1.randn(2, 1, rng=0)
    x2 = gp.irreps_in2.randn(3, rng=1)
    out = gp(x1, x2)
    assert out.shape == (2, 3, 9)
    assert not out[..., 1:4].any()
    ref = GauntTensorProduct(2, 2, 2)(x1[1, 0], x2[2])
    np.testing.assert_allclose(out[1, 2, 4:], 2 * ref[4:], atol=1e-14)


def test_bad_inputs() -> None:
    with pytest.raises(InvalidArgumentError, match="lmax_out=-1 must be a non-negative"):
        GauntTensorProduct(1, 1, -1)
    with pytest.raises(InvalidArgumentError, match="method='grid' is not supported"):
        GauntTensorProduct(1, 1, 1, method="grid")
    gp = GauntTensorProduct(1, 2, 2)
    with pytest.raises(ShapeError, match=r"x2 has shape \(4,\); expected \(\.\.\., 9\)"):
        gp(np.zeros(4), np.zeros(4))


def test_large_batches_are_processed_in_chunks_identically() -> None:
    gp = GauntTensorProduct(6, 6, 6)
    rng = np.random.default_rng(5)
    x1, x2 = rng.standard_normal((300, 49)), rng.standard_normal((300, 49))
    expected = np.einsum("bi,bj,ijk->bk", x1, x2, real_gaunt_table(6))
    np.testing.assert_allclose(gp(x1, x2), expected, atol=1e-13 * np.abs(expected).max())
    np.testing.assert_allclose(gp(x1[250:], x2[250:]), gp(x1, x2)[250:], rtol=0, atol=1e-13)
