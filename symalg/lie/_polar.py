"""Polar (Cartan) and Iwasawa decompositions and the global chart ``xi``."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import scipy.linalg

from symalg._validation import check_option
from symalg.errors import InvalidArgumentError
from symalg.lie._base import MatrixElement, as_square, fast_det
from symalg.lie._errors import NonUniqueLogWarning
from symalg.lie._gl2 import log_spd2, polar2, rot2
from symalg.lie._kernels import kernel
from symalg.lie._so3_math import hat3, so3_exp, so3_log

__all__ = ["polar", "xi_inv", "xi", "iwasawa", "check_det_positive", "log_so", "exp_so"]


def _matrix(g: Any, where: str) -> np.ndarray:
    if isinstance(g, MatrixElement):
        g = g.as_matrix()
    return as_square(g, None, where=where, name="g")


def check_det_positive(g: np.ndarray, *, where: str) -> np.ndarray:
    """Return ``det g``; raise unless every determinant is positive."""
    det = fast_det(g)
    if np.any(~(det > 0)):
        idx = tuple(int(i) for i in np.argwhere(~(det > 0))[0])
        raise InvalidArgumentError(
            f"{where}: matrix at batch index {idx} has det {det[idx]:.6g} <= 0; GL+(n) needs "
            "det > 0 (flip the sign of one row to map det < 0 into GL+)."
        )
    return det


def polar(g: Any, *, side: str = "left", backend: str = "numba") -> tuple[np.ndarray, np.ndarray]:
    """Polar (Cartan) decomposition of ``g`` in GL+(n).

    Parameters
    ----------
    g : array_like of shape (..., n, n), or a group element
        Matrices with positive determinant.
    side : {"left", "right"}
        ``"left"``: ``g = P K`` with ``P = (g g^T)^{1/2}``; ``"right"``: ``g = K Q`` with
        ``Q = (g^T g)^{1/2}``.
    backend : {"numba", "numpy"}
        For n = 2, the compiled closed form or its numpy twin; n >= 3 always uses SVD.

    Returns
    -------
    (P, K) for ``side="left"``, (K, Q) for ``side="right"``
        ``P`` (or ``Q``) symmetric positive definite, ``K`` in SO(n).

    Raises
    ------
    ShapeError
        If ``g`` is not a batch of square matrices.
    InvalidArgumentError
        If an entry is not finite or a determinant is not positive.

    Notes
    -----
    Computed from the SVD ``g = U S V^T`` as ``K = U V^T``, ``P = U S U^T``, never from
    ``eigh(g g^T)``, which squares the condition number. The error in ``K`` is of order
    ``eps * 2 s_max / (s_{n-1} + s_n)``. For n = 2, ``K = R(a)`` with
    ``a = atan2(g10 - g01, g00 + g11)`` exactly. Equivariance:
    ``polar(R1 g R2) = (R1 P R1^T, R1 K R2)`` for rotations ``R1, R2``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import polar
    >>> g = np.array([[2.0, 1.0], [0.0, 1.0]])
    >>> P, K = polar(g)
    >>> bool(np.allclose(P @ K, g) and np.allclose(P, P.T) and np.isclose(np.linalg.det(K), 1))
    True
    >>> polar(np.diag([1.0, -1.0]))
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: polar: matrix at batch index () has det -1 <= 0; ...
    """
    side = check_option("side", side, ("left", "right"), where="polar")
    check_option("backend", backend, ("numba", "numpy"), where="polar")
    m = _matrix(g, "polar")
    check_det_positive(m, where="polar")
    if m.shape[-1] == 2:
        p, k = _polar2(m, backend)
    else:
        u, s, vt = np.linalg.svd(m)
        k = u @ vt
        p = (u * s[..., None, :]) @ np.swapaxes(u, -1, -2)
        p = (p + np.swapaxes(p, -1, -2)) / 2
    if side == "left":
        return p, k
    q = np.swapaxes(k, -1, -2) @ p @ k
    return k, (q + np.swapaxes(q, -1, -2)) / 2


def _polar2(m: np.ndarray, backend: str) -> tuple[np.ndarray, np.ndarray]:
    kern = kernel("polar2", m.dtype.name) if backend == "numba" else None
    if kern is None:
        p, k, _ = polar2(m)
        return p, k
    out = np.asarray(kern(np.ascontiguousarray(m)))
    return out[..., 0, :, :], out[..., 1, :, :]


def log_so(k: np.ndarray, *, where: str) -> np.ndarray:
    """Principal log of rotations ``(..., n, n)`` as skew matrices (n = 2, 3 closed forms)."""
    n = k.shape[-1]
    if n == 1:
        return np.zeros_like(k)
    if n == 2:
        a = np.arctan2(k[..., 1, 0], k[..., 0, 0])
        _warn_pi(a == np.pi, where)
        a = np.where(a == -np.pi, np.pi, a).astype(k.dtype)
        return a[..., None, None] * np.array([[0, -1], [1, 0]], dtype=k.dtype)
    if n == 3:
        return hat3(so3_log(k))
    flat = k.reshape(-1, n, n)
    out = np.stack([_log_so_schur(x, where) for x in flat]) if len(flat) else flat.copy()
    return out.reshape(k.shape).astype(k.dtype)


def _warn_pi(mask: np.ndarray, where: str) -> None:
    if np.any(mask):
        warnings.warn(
            f"{where}: the rotation factor has a rotation angle of exactly pi, where its log "
            "is not unique; one valid log was returned.",
            NonUniqueLogWarning,
            stacklevel=4,
        )


def _log_so_schur(k: np.ndarray, where: str) -> np.ndarray:
    """Log of one rotation through its real Schur form (block diagonal for normal k)."""
    t, z = scipy.linalg.schur(k.astype(np.float64), output="real")
    n = k.shape[0]
    x = np.zeros((n, n))
    i, minus = 0, []
    while i < n:
        if i + 1 < n and abs(t[i + 1, i]) > 0:
            a = np.arctan2(t[i + 1, i], t[i, i])
            x[i + 1, i], x[i, i + 1] = a, -a
            _warn_pi(np.array(abs(a) == np.pi), where)
            i += 2
        else:
            if t[i, i] < 0:
                minus.append(i)
            i += 1
    for a, b in zip(minus[0::2], minus[1::2], strict=True):
        x[b, a], x[a, b] = np.pi, -np.pi
    _warn_pi(np.array(bool(minus)), where)
    x = z @ x @ z.T
    return (x - x.T) / 2


def exp_so(x: np.ndarray) -> np.ndarray:
    """Exponential of skew matrices ``(..., n, n)`` (closed forms for n = 2, 3)."""
    n = x.shape[-1]
    if n == 1:
        return np.ones_like(x)
    if n == 2:
        return rot2(x[..., 1, 0])
    if n == 3:
        w = np.stack([x[..., 2, 1], x[..., 0, 2], x[..., 1, 0]], -1)
        return so3_exp(w)
    flat = x.reshape(-1, n, n)
    return np.stack([scipy.linalg.expm(a) for a in flat]).reshape(x.shape).astype(x.dtype)


def _sym_fn(p: np.ndarray, fn: Any) -> np.ndarray:
    lam, u = np.linalg.eigh(p)
    return (u * fn(lam)[..., None, :]) @ np.swapaxes(u, -1, -2)


def xi_inv(g: Any) -> np.ndarray:
    """Global chart ``xi^{-1}(g) = log P + log K`` of GL+(n) (Cartan coordinates).

    Parameters
    ----------
    g : array_like of shape (..., n, n), or a group element
        Matrices with positive determinant.

    Returns
    -------
    ndarray of shape (..., n, n)
        Symmetric part ``log P`` (traceless when ``det g = 1``) plus skew part ``log K``.

    Raises
    ------
    ShapeError, InvalidArgumentError
        If ``g`` is not a batch of square matrices, has a non-finite entry, or
        ``det g <= 0``.

    Warns
    -----
    NonUniqueLogWarning
        If ``K`` rotates by exactly pi (two-valued chart there).

    Notes
    -----
    Defined on all of GL+(n), also where ``log g`` does not exist (``diag(-2, -1/2)``).
    ``xi(xi_inv(g)) = g``. For n = 2, ``log K`` is the angle in ``(-pi, pi]`` and ``log P``
    has the closed form of :func:`polar`'s Notes; for n >= 3, ``log P = U log(S) U^T`` from
    the SVD.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import xi, xi_inv
    >>> g = np.array([[-2.0, 0.1], [0.0, -0.5]])   # not exp of anything in sl(2)
    >>> X = xi_inv(g)
    >>> bool(np.allclose(xi(X), g))
    True
    """
    m = _matrix(g, "xi_inv")
    check_det_positive(m, where="xi_inv")
    if m.shape[-1] == 2:
        p, k, a = polar2(m)
        _warn_pi(a == np.pi, "xi_inv")
        lk = a[..., None, None] * np.array([[0, -1], [1, 0]], dtype=m.dtype)
        return log_spd2(p) + lk
    u, s, vt = np.linalg.svd(m)
    logp = (u * np.log(s)[..., None, :]) @ np.swapaxes(u, -1, -2)
    return (logp + np.swapaxes(logp, -1, -2)) / 2 + log_so(u @ vt, where="xi_inv")


def xi(x: Any) -> np.ndarray:
    """Inverse chart ``xi(X) = exp(X_p) exp(X_k)``, ``X_p``/``X_k`` the symmetric/skew parts.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import xi
    >>> bool(np.allclose(xi(np.zeros((2, 2))), np.eye(2)))
    True
    """
    a = as_square(x, None, where="xi", name="X")
    sym = (a + np.swapaxes(a, -1, -2)) / 2
    skew = (a - np.swapaxes(a, -1, -2)) / 2
    return _sym_fn(sym, np.exp) @ exp_so(skew)


def iwasawa(g: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Iwasawa decomposition ``g = K A N`` of GL+(n) by QR with the sign fix.

    Returns
    -------
    K : ndarray (..., n, n)
        In SO(n).
    A : ndarray (..., n, n)
        Diagonal with positive entries.
    N : ndarray (..., n, n)
        Upper triangular with unit diagonal.

    Raises
    ------
    ShapeError, InvalidArgumentError
        If ``g`` is not a batch of square matrices, has a non-finite entry, or
        ``det g <= 0``.

    Notes
    -----
    LAPACK's QR does not make ``diag R`` positive; with ``s = sign(diag R)``,
    ``K = Q diag(s)`` and ``A N = diag(s) R``. The factorisation is unique.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import iwasawa
    >>> g = np.array([[1.0, 2.0], [-3.0, 1.0]])
    >>> K, A, N = iwasawa(g)
    >>> bool(np.allclose(K @ A @ N, g) and np.all(np.diag(A) > 0))
    True
    """
    m = _matrix(g, "iwasawa")
    check_det_positive(m, where="iwasawa")
    q, r = np.linalg.qr(m)
    s = np.where(np.diagonal(r, axis1=-2, axis2=-1) < 0, -1, 1).astype(m.dtype)
    k = q * s[..., None, :]
    r = s[..., :, None] * r
    d = np.diagonal(r, axis1=-2, axis2=-1)
    a = d[..., :, None] * np.eye(m.shape[-1], dtype=m.dtype)
    n = np.triu(r / d[..., :, None])
    return k, a, n
