"""Closed forms for 2x2 matrices: SL(2)/GL+(2) exp and log, 2x2 polar factors and SPD logs."""

from __future__ import annotations

import warnings

import numpy as np

from symalg.lie._coefficients import evaluate
from symalg.lie._errors import NonUniqueLogWarning, NotInImageError

__all__ = ["gl2_exp", "gl2_log", "polar2", "log_spd2", "rot2"]


def rot2(a: np.ndarray) -> np.ndarray:
    """Rotation matrices of angles ``a``."""
    c, s = np.cos(a), np.sin(a)
    return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)


def gl2_exp(x: np.ndarray) -> np.ndarray:
    """``exp X = e^tau (C(delta) I + S(delta) X0)``.

    ``X0 = X - tau I`` is traceless with ``X0^2 = delta I``.
    """
    tau = (x[..., 0, 0] + x[..., 1, 1]) / 2
    h = (x[..., 0, 0] - x[..., 1, 1]) / 2
    delta = h * h + x[..., 0, 1] * x[..., 1, 0]
    c, s = evaluate("CH", delta), evaluate("SH", delta)
    e = np.exp(tau)
    out = np.empty_like(x)
    out[..., 0, 0] = e * (c + s * h)
    out[..., 1, 1] = e * (c - s * h)
    out[..., 0, 1] = e * s * x[..., 0, 1]
    out[..., 1, 0] = e * s * x[..., 1, 0]
    return out


def _phi(t: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """Log coefficient ``phi(Delta)``: one entire series near ``Delta = 0`` (t > 0)."""
    thr = np.abs(delta) < 1e-2
    series = evaluate("ASH", np.where(thr, delta, 0).astype(delta.dtype))
    neg = np.where(delta < 0, delta, -1).astype(delta.dtype)
    r = np.sqrt(-neg)
    elliptic = np.arctan2(r, t) / r
    pos = np.where(delta > 0, delta, 1).astype(delta.dtype)
    hyper = evaluate("ASH", pos)
    out = np.where(delta < 0, elliptic, hyper)
    return np.where(thr & (t > 0), series, out)


def gl2_log(g: np.ndarray, *, where: str, special: bool) -> np.ndarray:
    """Principal log of 2x2 matrices with det > 0; classify elements outside the image of exp.

    With ``t = tr/2``, ``h = (g00 - g11)/2``, ``Delta = h^2 + g01 g10`` of ``g / sqrt(det g)``:
    ``Delta < 0`` elliptic, ``t > 0`` hyperbolic or unipotent are in the image; ``-I`` (times a
    scalar) is in it with a non-unique log; ``t <= -1`` otherwise is not.
    """
    det = g[..., 0, 0] * g[..., 1, 1] - g[..., 0, 1] * g[..., 1, 0]
    s = np.sqrt(det)
    u = g / s[..., None, None]
    t = (u[..., 0, 0] + u[..., 1, 1]) / 2
    h = (u[..., 0, 0] - u[..., 1, 1]) / 2
    b, c = u[..., 0, 1], u[..., 1, 0]
    delta = h * h + b * c
    minus_i = (h == 0) & (b == 0) & (c == 0) & (t < 0)
    bad = (t < 0) & (delta >= 0) & ~minus_i
    if np.any(bad):
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "negative parabolic (trace/2 = -1, not -I)" if delta[idx] == 0 else "trace/2 < -1"
        raise NotInImageError(
            f"{where}: element at batch index {idx} (matrix {g[idx].tolist()}) is {kind}: it is "
            f"not exp of any {'sl' if special else 'gl'}(2) element. Use xi_inv(g) for global "
            "coordinates instead."
        )
    phi = _phi(t, np.where(minus_i, -1, delta).astype(g.dtype))
    out = np.empty_like(g)
    out[..., 0, 0] = phi * h
    out[..., 1, 1] = -phi * h
    out[..., 0, 1] = phi * b
    out[..., 1, 0] = phi * c
    if np.any(minus_i):
        warnings.warn(
            f"{where}: -I (times a positive scalar) has infinitely many logs (every conjugate "
            "of pi*J); returned pi*J = [[0, -pi], [pi, 0]].",
            NonUniqueLogWarning,
            stacklevel=4,
        )
        pij = np.array([[0.0, -np.pi], [np.pi, 0.0]], dtype=g.dtype)
        out = np.where(minus_i[..., None, None], pij, out)
    if not special:
        out = out + (0.5 * np.log(det))[..., None, None] * np.eye(2, dtype=g.dtype)
    return out


def polar2(g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Left polar ``g = P K`` for det > 0: ``K = R(a)``, ``a = atan2(g10 - g01, g00 + g11)``.

    Returns ``(P, K, a)``; ``P = g K^T`` symmetrised.
    """
    a = np.arctan2(g[..., 1, 0] - g[..., 0, 1], g[..., 0, 0] + g[..., 1, 1])
    a = np.where(a == -np.pi, np.pi, a).astype(g.dtype)
    k = rot2(a)
    p = g @ np.swapaxes(k, -1, -2)
    off = (p[..., 0, 1] + p[..., 1, 0]) / 2
    p[..., 0, 1] = off
    p[..., 1, 0] = off
    return p, k, a


def log_spd2(p: np.ndarray) -> np.ndarray:
    """``log P = (1/2) log det P I + (asinh(r/sqrt(det))/r) [[h, q], [q, -h]]``."""
    h = (p[..., 0, 0] - p[..., 1, 1]) / 2
    q = p[..., 0, 1]
    det = p[..., 0, 0] * p[..., 1, 1] - q * q
    sq = np.sqrt(det)
    coef = evaluate("ASH", (h * h + q * q) / det) / sq
    out = np.empty_like(p)
    half = 0.5 * np.log(det)
    out[..., 0, 0] = half + coef * h
    out[..., 1, 1] = half - coef * h
    out[..., 0, 1] = coef * q
    out[..., 1, 0] = coef * q
    return out
