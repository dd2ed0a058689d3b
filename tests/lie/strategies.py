"""Hypothesis strategies concentrated on the hard regions of the Lie-group closed forms."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from symalg.lie import series_switch_points

PI = math.pi
NAMES = ("A", "S", "B", "C", "D", "E", "F", "L", "G")


def generic_angles() -> st.SearchStrategy[float]:
    return st.floats(0.0, PI, allow_nan=False)


def near_zero() -> st.SearchStrategy[float]:
    return st.floats(-16, -2).map(lambda e: 10.0**e)


def near_pi() -> st.SearchStrategy[float]:
    return st.floats(-16, -2).map(lambda e: PI - 10.0**e)


def thresholds(dtype: str = "float64") -> st.SearchStrategy[float]:
    """Angles at every series switch point, +-1..4 ulp, and up to 10x above."""
    pts = series_switch_points(dtype)
    roots = [math.sqrt(pts[n]) for n in NAMES]
    roots = [r for r in roots if r < PI]
    at = st.tuples(st.sampled_from(roots), st.integers(-4, 4)).map(
        lambda p: float(np.float64(p[0]) + p[1] * np.spacing(np.float64(p[0])))
    )
    above = st.tuples(st.sampled_from(roots), st.floats(1.0, 10.0)).map(
        lambda p: min(p[0] * p[1], PI)
    )
    return st.one_of(at, above)


def angles(dtype: str = "float64") -> st.SearchStrategy[float]:
    return st.one_of(generic_angles(), near_zero(), near_pi(), thresholds(dtype), st.just(0.0))


def unit_vectors() -> st.SearchStrategy[np.ndarray]:
    """Uniform on the sphere from (z, phi), constructed, never filtered."""

    def build(p: tuple[float, float]) -> np.ndarray:
        z, phi = p
        r = math.sqrt(max(0.0, 1 - z * z))
        return np.array([r * math.cos(phi), r * math.sin(phi), z])

    axes = st.tuples(st.floats(-1, 1), st.floats(-PI, PI)).map(build)
    basis = st.sampled_from([np.eye(3)[i] * s for i in range(3) for s in (1.0, -1.0)])
    return st.one_of(axes, basis)


def rotation_vectors(dtype: str = "float64") -> st.SearchStrategy[np.ndarray]:
    return st.tuples(unit_vectors(), angles(dtype)).map(lambda p: p[0] * p[1])


def translations(n: int = 3) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.floats(-10, 10), min_size=n, max_size=n).map(np.array)


def _orth(seed_vec: list[float], n: int) -> np.ndarray:
    a = np.array(seed_vec).reshape(n, n)
    q, r = np.linalg.qr(a + 0.1 * np.eye(n))
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    if np.linalg.det(q) < 0:
        q[:, 0] *= -1
    return q


def conditioned_matrices(n: int, max_log10_cond: float = 12.0) -> st.SearchStrategy[np.ndarray]:
    """``U diag(s) V^T`` with det > 0 and condition number up to ``10**max_log10_cond``."""
    entries = st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n)

    def build(p: tuple[list[float], list[float], float, float]) -> np.ndarray:
        u, v, logc, scale = _orth(p[0], n), _orth(p[1], n), p[2], p[3]
        s = np.logspace(0, -logc, n) * 10.0**scale
        return u @ np.diag(s) @ v.T

    return st.tuples(entries, entries, st.floats(0, max_log10_cond), st.floats(-2, 2)).map(build)
