"""Independent high-precision references (mpmath, 50 digits) and the tolerance table."""

from __future__ import annotations

import mpmath
import numpy as np

mp = mpmath.mp
DPS = 50

EPS = {
    np.dtype(np.float64): float(np.finfo(np.float64).eps),
    np.dtype(np.float32): float(np.finfo(np.float32).eps),
}


def tol(dtype: np.dtype, scale: float = 1.0, factor: float = 8.0) -> float:
    """Tolerance keyed by dtype, scaled by the input norm."""
    return factor * EPS[np.dtype(dtype)] * max(1.0, scale)


def assert_close(got: np.ndarray, ref: np.ndarray, atol: float, what: str = "") -> None:
    """Fail with the maximum error, where it occurs, and the tolerance."""
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    err = np.abs(got - ref)
    worst = float(err.max()) if err.size else 0.0
    if not worst <= atol:
        idx = np.unravel_index(np.argmax(err), err.shape)
        raise AssertionError(
            f"{what}: max error {worst:.3e} at index {tuple(int(i) for i in idx)} "
            f"(got {got[idx]!r}, ref {ref[idx]!r}) > tol {atol:.3e}"
        )


def mpm(a: np.ndarray) -> mpmath.matrix:
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        return mpmath.matrix([mpmath.mpf(float(x)) for x in a])
    return mpmath.matrix([[mpmath.mpf(float(x)) for x in row] for row in a])


def tonp(m: mpmath.matrix) -> np.ndarray:
    return np.array([[float(m[i, j]) for j in range(m.cols)] for i in range(m.rows)])


def hat_mp(w: mpmath.matrix) -> mpmath.matrix:
    return mpmath.matrix([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


def expm_series(a: mpmath.matrix, terms: int = 80) -> mpmath.matrix:
    """``sum a^k / k!`` by scaling and squaring at high precision (no closed form)."""
    with mpmath.workdps(DPS):
        norm = max(abs(x) for x in a) if a.rows else 0
        s = 0
        while norm > 0.5:
            norm /= 2
            s += 1
        b = a / (2**s)
        out = mpmath.eye(a.rows)
        term = mpmath.eye(a.rows)
        for k in range(1, terms):
            term = term * b / k
            out += term
        for _ in range(s):
            out = out * out
        return out


def phi_series(a: mpmath.matrix, shift: int = 1, terms: int = 120) -> mpmath.matrix:
    """``sum_k a^k / (k + shift)!`` by the plain series (moderate norms only)."""
    with mpmath.workdps(DPS):
        out = mpmath.zeros(a.rows)
        term = mpmath.eye(a.rows)
        for k in range(terms):
            out += term / mpmath.factorial(k + shift)
            term = term * a
        return out


def so3_exp_ref(w: np.ndarray) -> np.ndarray:
    with mpmath.workdps(DPS):
        return tonp(expm_series(hat_mp(mpm(w))))


def so3_log_ref(r: np.ndarray) -> np.ndarray:
    """Principal log of the polar factor of float ``r`` (acos + eigen route, 50 digits)."""
    with mpmath.workdps(DPS):
        m = mpm(r)
        lam, q = mpmath.eigsy(m.T * m)
        inv_sqrt = q * mpmath.diag([1 / mpmath.sqrt(x) for x in lam]) * q.T
        k = m * inv_sqrt
        c = (k[0, 0] + k[1, 1] + k[2, 2] - 1) / 2
        c = max(min(c, mpmath.mpf(1)), mpmath.mpf(-1))
        theta = mpmath.acos(c)
        v = mpmath.matrix([k[2, 1] - k[1, 2], k[0, 2] - k[2, 0], k[1, 0] - k[0, 1]]) / 2
        if theta == 0:
            return np.zeros(3)
        s = mpmath.sin(theta)
        # the polar factor carries ~10^-DPS of error, so sin(theta) of an exact pi rotation
        # (a symmetric float matrix) comes out near 10^(-DPS/2), not 0: below 10^-20 the
        # axis comes from the symmetric part, whose error stays ~10^-DPS relative
        if s > mpmath.mpf(10) ** (-20):
            out = v * (theta / s)
        else:  # pi: symmetric part (1 - c) u u^T; the sign of the largest diagonal entry
            sym = (k + k.T) / 2 - c * mpmath.eye(3)
            i = max(range(3), key=lambda j: sym[j, j])
            col = sym[:, i]
            out = col * (theta / mpmath.norm(col))
        return np.array([float(x) for x in out])


def jl_series_ref(ad: np.ndarray) -> np.ndarray:
    """``J_l = sum_k ad^k / (k+1)!`` by the series at 50 digits."""
    with mpmath.workdps(DPS):
        return tonp(phi_series(mpm(ad), shift=1))


def sym_fn_ref(a: np.ndarray, f) -> mpmath.matrix:
    with mpmath.workdps(DPS):
        m = mpm(a)
        m = (m + m.T) / 2
        lam, q = mpmath.eigsy(m)
        return q * mpmath.diag([f(x) for x in lam]) * q.T
