"""Geometry of symmetric positive-definite matrices, through the symmetric eigen-decomposition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from symalg._validation import check_option
from symalg.errors import InvalidArgumentError
from symalg.lie._base import as_square

__all__ = ["SPD"]

_METRICS = ("affine_invariant", "log_euclidean", "bures_wasserstein")


def _fn(a: np.ndarray, f: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    lam, u = np.linalg.eigh(a)
    out = (u * f(lam)[..., None, :]) @ np.swapaxes(u, -1, -2)
    return (out + np.swapaxes(out, -1, -2)) / 2


def _check_spd(a: Any, where: str, name: str) -> np.ndarray:
    m = as_square(a, None, where=where, name=name)
    asym = np.abs(m - np.swapaxes(m, -1, -2)).max() if m.size else 0.0
    if asym > 1e-10 * (1 + np.abs(m).max()):
        raise InvalidArgumentError(
            f"{where}: {name} is not symmetric (max |A - A^T| = {asym:.3g}); pass (A + A^T)/2."
        )
    lam = np.linalg.eigvalsh(m) if m.size else np.ones(1)
    if np.any(lam <= 0):
        raise InvalidArgumentError(
            f"{where}: {name} is not positive definite (smallest eigenvalue {lam.min():.6g}); "
            "SPD matrices need all eigenvalues > 0."
        )
    return m


class SPD:
    """Symmetric positive-definite matrices with three Riemannian geometries.

    ``metric`` is one of ``"affine_invariant"`` (``|log(A^{-1/2} B A^{-1/2})|_F``),
    ``"log_euclidean"`` (``|log A - log B|_F``) and ``"bures_wasserstein"``
    (``(tr A + tr B - 2 tr (A^{1/2} B A^{1/2})^{1/2})^{1/2}``).

    Notes
    -----
    Every matrix function goes through ``eigh`` (never a complex ``sqrtm``); the
    Bures-Wasserstein distance uses the eigenvalues of ``A^{1/2} B A^{1/2}``. The distance of
    a matrix to itself is exactly 0. Invariances: affine-invariant under any congruence
    ``A -> g A g^T``; log-Euclidean and Bures-Wasserstein under orthogonal congruence.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SPD
    >>> A, B = np.diag([1.0, 4.0]), np.eye(2)
    >>> float(SPD.distance(A, A, metric="bures_wasserstein"))
    0.0
    >>> round(float(SPD.distance(A, B)), 12) == round(float(np.log(4.0)), 12)
    True
    >>> SPD.distance(A, B, metric="euclid")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: SPD.distance: metric='euclid' is not supported; ...
    """

    @staticmethod
    def sqrt(a: Any) -> np.ndarray:
        """Principal square root ``(..., n, n)``."""
        return _fn(_check_spd(a, "SPD.sqrt", "A"), np.sqrt)

    @staticmethod
    def log(a: Any) -> np.ndarray:
        """Principal logarithm (symmetric)."""
        return _fn(_check_spd(a, "SPD.log", "A"), np.log)

    @staticmethod
    def exp(x: Any) -> np.ndarray:
        """Exponential of symmetric matrices."""
        m = as_square(x, None, where="SPD.exp", name="X")
        return _fn((m + np.swapaxes(m, -1, -2)) / 2, np.exp)

    @staticmethod
    def distance(a: Any, b: Any, *, metric: str = "affine_invariant") -> np.ndarray:
        """Geodesic distance, shape ``(...)`` (batch dimensions broadcast).

        Raises
        ------
        InvalidArgumentError
            If ``metric`` is unknown, or A or B is not symmetric positive definite.
        ShapeError
            If A or B is not a batch of square matrices.
        """
        metric = check_option("metric", metric, _METRICS, where="SPD.distance")
        a, b = _check_spd(a, "SPD.distance", "A"), _check_spd(b, "SPD.distance", "B")
        same = np.all(a == b, axis=(-1, -2))
        if metric == "affine_invariant":
            isq = _fn(a, lambda x: 1 / np.sqrt(x))
            lam = np.linalg.eigvalsh(isq @ b @ isq)
            d = np.sqrt(np.sum(np.log(lam) ** 2, axis=-1))
        elif metric == "log_euclidean":
            diff = _fn(a, np.log) - _fn(b, np.log)
            d = np.sqrt(np.sum(diff**2, axis=(-1, -2)))
        else:
            sq = _fn(a, np.sqrt)
            lam = np.clip(np.linalg.eigvalsh(sq @ b @ sq), 0, None)
            tr = np.trace(a, axis1=-2, axis2=-1) + np.trace(b, axis1=-2, axis2=-1)
            d = np.sqrt(np.clip(tr - 2 * np.sum(np.sqrt(lam), axis=-1), 0, None))
        return np.where(same, 0, d).astype(np.result_type(a, b))

    @staticmethod
    def geodesic(a: Any, b: Any, t: Any, *, metric: str = "affine_invariant") -> np.ndarray:
        """Point at parameter ``t`` (0 -> A, 1 -> B) on the geodesic from A to B."""
        metric = check_option("metric", metric, _METRICS, where="SPD.geodesic")
        a, b = _check_spd(a, "SPD.geodesic", "A"), _check_spd(b, "SPD.geodesic", "B")
        tt = np.asarray(t, dtype=np.result_type(a, b, np.float32))[..., None, None]
        if metric == "affine_invariant":
            sq, isq = _fn(a, np.sqrt), _fn(a, lambda x: 1 / np.sqrt(x))
            inner = isq @ b @ isq
            lam, u = np.linalg.eigh((inner + np.swapaxes(inner, -1, -2)) / 2)
            powed = (u * lam[..., None, :] ** tt[..., 0]) @ np.swapaxes(u, -1, -2)
            out = sq @ powed @ sq
        elif metric == "log_euclidean":
            out = _fn((1 - tt) * _fn(a, np.log) + tt * _fn(b, np.log), np.exp)
        else:
            sq, isq = _fn(a, np.sqrt), _fn(a, lambda x: 1 / np.sqrt(x))
            mid = sq @ b @ sq
            tmap = isq @ _fn((mid + np.swapaxes(mid, -1, -2)) / 2, np.sqrt) @ isq
            eye = np.eye(a.shape[-1], dtype=a.dtype)
            m = (1 - tt) * eye + tt * tmap
            out = m @ a @ np.swapaxes(m, -1, -2)
        return (out + np.swapaxes(out, -1, -2)) / 2

    @staticmethod
    def midpoint(a: Any, b: Any, *, metric: str = "affine_invariant") -> np.ndarray:
        """Geodesic midpoint (``t = 1/2``); for affine-invariant this is ``A # B``."""
        return SPD.geodesic(a, b, 0.5, metric=metric)
