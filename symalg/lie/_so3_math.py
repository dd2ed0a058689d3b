"""numpy formulas for SO(3): hat/vee, Rodrigues, the atan2 log, Jacobians, the SE(3) Q block.

These are the reference paths (``backend="numpy"``); the numba kernels generated from the
same sympy coefficients live in :mod:`symalg.lie._kernels`.
"""

from __future__ import annotations

import warnings

import numpy as np

from symalg.lie._coefficients import evaluate
from symalg.lie._errors import NonUniqueLogWarning

__all__ = ["hat3", "vee3", "so3_exp", "so3_log", "so3_jl", "so3_jl_inv", "se3_q"]


def hat3(w: np.ndarray) -> np.ndarray:
    """``(..., 3) -> (..., 3, 3)``, ``hat(w) @ p == cross(w, p)``."""
    z = np.zeros_like(w[..., 0])
    x, y, q = w[..., 0], w[..., 1], w[..., 2]
    rows = [np.stack([z, -q, y], -1), np.stack([q, z, -x], -1), np.stack([-y, x, z], -1)]
    return np.stack(rows, -2)


def vee3(m: np.ndarray) -> np.ndarray:
    """Inverse of :func:`hat3` on the skew part: ``vee((M - M^T)/2)``."""
    return 0.5 * np.stack(
        [m[..., 2, 1] - m[..., 1, 2], m[..., 0, 2] - m[..., 2, 0], m[..., 1, 0] - m[..., 0, 1]], -1
    )


def _outer(w: np.ndarray) -> np.ndarray:
    return w[..., :, None] * w[..., None, :]


def _eye(w: np.ndarray) -> np.ndarray:
    return np.broadcast_to(np.eye(3, dtype=w.dtype), w.shape[:-1] + (3, 3))


def so3_exp(w: np.ndarray) -> np.ndarray:
    """Rodrigues: ``I cos t + A hat(w) + B w w^T`` with ``cos t = 1 - t^2 B``."""
    t2 = np.einsum("...i,...i->...", w, w)
    a, b = evaluate("A", t2), evaluate("B", t2)
    cos = 1 - t2 * b
    return (
        cos[..., None, None] * _eye(w)
        + a[..., None, None] * hat3(w)
        + b[..., None, None] * _outer(w)
    )


def so3_log(r: np.ndarray, *, warn: bool = True) -> np.ndarray:
    """Principal log in the closed ball of radius pi; symmetric-part axis for angles > pi/2."""
    v = vee3(r)
    s = np.sqrt(np.einsum("...i,...i->...", v, v))
    c = (np.trace(r, axis1=-2, axis2=-1) - 1) / 2
    theta = np.arctan2(s, c)
    # angles up to pi/2: omega = (theta / sin theta) v
    small = c >= 0
    out = evaluate("L", np.where(small, theta * theta, 0).astype(r.dtype))[..., None] * v
    if np.all(small):
        return out
    # angles above pi/2: axis from the symmetric part (1 - c) u u^T
    sym = 0.5 * (r + np.swapaxes(r, -1, -2)) - c[..., None, None] * _eye(v)
    diag = np.diagonal(sym, axis1=-2, axis2=-1)
    i = np.argmax(diag, axis=-1)
    col = np.take_along_axis(sym, i[..., None, None], axis=-1)[..., 0]
    u = col / np.sqrt(np.einsum("...i,...i->...", col, col))[..., None]
    sign = np.where(np.einsum("...i,...i->...", u, v) < 0, -1, 1).astype(r.dtype)
    out = np.where(small[..., None], out, (sign * theta)[..., None] * u)
    if warn and np.any(~small & (theta == r.dtype.type(np.pi))):
        warnings.warn(
            "SO3.log: rotation by exactly pi; its log is +-pi*u and one of the two was returned.",
            NonUniqueLogWarning,
            stacklevel=3,
        )
    return out


def so3_jl(w: np.ndarray, sign: float = 1.0) -> np.ndarray:
    """``J_l(sign * w) = I + B hat + C hat^2`` with ``hat^2 = w w^T - t^2 I``."""
    t2 = np.einsum("...i,...i->...", w, w)
    b, c = evaluate("B", t2), evaluate("C", t2)
    diag = 1 - c * t2
    return (
        diag[..., None, None] * _eye(w)
        + (sign * b)[..., None, None] * hat3(w)
        + c[..., None, None] * _outer(w)
    )


def so3_jl_inv(w: np.ndarray, sign: float = 1.0) -> np.ndarray:
    """``J_l(sign * w)^{-1} = I - hat/2 + D hat^2``; finite at pi (``D -> 1/pi^2``)."""
    t2 = np.einsum("...i,...i->...", w, w)
    d = evaluate("D", t2)
    diag = 1 - d * t2
    return (
        diag[..., None, None] * _eye(w) - (0.5 * sign) * hat3(w) + d[..., None, None] * _outer(w)
    )


def se3_q(rho: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Return the upper-right block ``Q(rho, w)`` of the SE(3) left Jacobian (Barfoot)."""
    t2 = np.einsum("...i,...i->...", w, w)
    c, e, f = (evaluate(k, t2)[..., None, None] for k in ("C", "E", "F"))
    om, pr = hat3(w), hat3(rho)
    op = om @ pr
    po = pr @ om
    opo = op @ om
    oop = om @ op
    poo = po @ om
    return 0.5 * pr + c * (op + po + opo) + e * (oop + poo - 3 * opo) + f * (opo @ om + oop @ om)
