from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError
from symalg.lie import SPD
from tests.lie._reference import mpm, sym_fn_ref
from tests.lie.strategies import conditioned_matrices

METRICS = ["affine_invariant", "log_euclidean", "bures_wasserstein"]


def spd_pairs(n: int, max_log10_cond: float = 3.0):
    g = conditioned_matrices(n, max_log10_cond / 2)
    return st.tuples(g, g).map(lambda p: (p[0] @ p[0].T, p[1] @ p[1].T))


def _floor(metric: str, *mats: np.ndarray) -> float:
    """Absolute error floor: BW's d^2 = trA + trB - 2 tr(...) cancels, so d knows sqrt(eps tr)."""
    if metric != "bures_wasserstein":
        return 0.0
    return 8 * math.sqrt(2.2e-16 * sum(float(np.trace(m)) for m in mats))


def _dist_ref(a: np.ndarray, b: np.ndarray, metric: str) -> float:
    with mpmath.workdps(40):
        if metric == "affine_invariant":
            isq = sym_fn_ref(a, lambda x: 1 / mpmath.sqrt(x))
            lam, _ = mpmath.eigsy(isq * mpm(b) * isq)
            return float(mpmath.sqrt(sum(mpmath.log(x) ** 2 for x in lam)))
        if metric == "log_euclidean":
            d = sym_fn_ref(a, mpmath.log) - sym_fn_ref(b, mpmath.log)
            return float(
                mpmath.sqrt(sum(d[i, j] ** 2 for i in range(d.rows) for j in range(d.cols)))
            )
        sq = sym_fn_ref(a, mpmath.sqrt)
        lam, _ = mpmath.eigsy(sq * mpm(b) * sq)
        tr = sum(a[i, i] for i in range(len(a))) + sum(b[i, i] for i in range(len(b)))
        return float(mpmath.sqrt(max(0, tr - 2 * sum(mpmath.sqrt(x) for x in lam))))


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("n", [1, 2, 3])
@given(data=st.data())
def test_distance_matches_high_precision(metric: str, n: int, data) -> None:
    a, b = data.draw(spd_pairs(n))
    ref = _dist_ref(a, b, metric)
    cond = max(np.linalg.cond(a), np.linalg.cond(b))
    got = float(SPD.distance(a, b, metric=metric))
    assert abs(got - ref) <= 1e-13 * cond * max(1.0, ref) + _floor(metric, a, b), (got, ref)


@pytest.mark.parametrize("metric", METRICS)
def test_distance_to_itself_is_exactly_zero(metric: str) -> None:
    a = np.array([[2.0, 0.3, 0.0], [0.3, 1.0, 1e-5], [0.0, 1e-5, 1e-9]])
    assert SPD.distance(a, a, metric=metric) == 0.0
    assert SPD.distance(np.array([[3.0]]), np.array([[3.0]]), metric=metric) == 0.0


@given(pair=spd_pairs(3), g=conditioned_matrices(3, 2.0))
def test_affine_invariant_distance_is_congruence_invariant(pair, g) -> None:
    a, b = pair
    d = SPD.distance(a, b)
    d2 = SPD.distance(g @ a @ g.T, g @ b @ g.T)
    assert abs(d - d2) <= 1e-12 * max(1, d) * np.linalg.cond(g)


@pytest.mark.parametrize("metric", ["log_euclidean", "bures_wasserstein"])
@given(pair=spd_pairs(3), g=conditioned_matrices(3, 0.0))
def test_orthogonal_invariance(metric: str, pair, g) -> None:
    a, b = pair
    q = g / np.linalg.svd(g, compute_uv=False)[0]  # cond 1 -> orthogonal (times rounding)
    d = SPD.distance(a, b, metric=metric)
    d2 = SPD.distance(q @ a @ q.T, q @ b @ q.T, metric=metric)
    cond = max(np.linalg.cond(a), np.linalg.cond(b))
    # both d and d2 carry BW's cancellation error (sqrt(eps tr) each, up to ~2x the estimate)
    assert abs(d - d2) <= 1e-13 * cond * max(1, d) + 4 * _floor(metric, a, b)


def test_log_euclidean_is_not_congruence_invariant() -> None:
    a, b = np.diag([1.0, 2.0]), np.array([[1.0, 0.5], [0.5, 1.0]])
    g = np.array([[2.0, 1.0], [0.0, 1.0]])
    d, d2 = (
        SPD.distance(x, y, metric="log_euclidean") for x, y in [(a, b), (g @ a @ g.T, g @ b @ g.T)]
    )
    assert abs(d - d2) > 1e-2


@pytest.mark.parametrize("metric", METRICS)
@given(pair=spd_pairs(2))
def test_midpoint_is_equidistant_and_halfway(metric: str, pair) -> None:
    a, b = pair
    m = SPD.midpoint(a, b, metric=metric)
    d = SPD.distance(a, b, metric=metric)
    da, db = SPD.distance(a, m, metric=metric), SPD.distance(m, b, metric=metric)
    cond = max(np.linalg.cond(a), np.linalg.cond(b))
    tol = 1e-12 * cond * max(1, d) + _floor(metric, a, b)
    assert abs(da - db) <= tol
    assert abs(da - d / 2) <= tol


def test_bures_wasserstein_midpoint_closed_form() -> None:
    a, b = np.diag([1.0, 4.0]), np.array([[2.0, 0.5], [0.5, 1.0]])
    sq = SPD.sqrt
    ab = sq(sq(a) @ b @ sq(a))
    # (A + B + (AB)^{1/2} + (BA)^{1/2})/4, (AB)^{1/2} = A^{1/2} (A^{1/2} B A^{1/2})^{1/2} A^{-1/2}
    ab_half = sq(a) @ ab @ np.linalg.inv(sq(a))
    ref = (a + b + ab_half + ab_half.T) / 4
    assert np.allclose(SPD.midpoint(a, b, metric="bures_wasserstein"), ref, atol=1e-14)


def test_rejects_non_spd() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"A is not positive definite \(smallest eigenvalue -1\)"
    ):
        SPD.distance(np.diag([1.0, -1.0]), np.eye(2))
    with pytest.raises(InvalidArgumentError, match=r"B is not symmetric"):
        SPD.distance(np.eye(2), np.array([[1.0, 1.0], [0.0, 1.0]]))
