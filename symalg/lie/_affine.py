"""Affine groups R^n semidirect G for G = GL+(n) or SL(n)."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.linalg

from symalg.lie._base import MatrixElement, as_float_array
from symalg.lie._linear import GLPlus, check_group
from symalg.lie._polar import check_det_positive
from symalg.lie._se3 import check_bottom_row

__all__ = ["Affine", "AffineElement"]


def _homogeneous(g: np.ndarray, t: np.ndarray) -> np.ndarray:
    n = g.shape[-1]
    out = np.zeros(g.shape[:-2] + (n + 1, n + 1), dtype=g.dtype)
    out[..., :n, :n] = g
    out[..., :n, n] = t
    out[..., n, n] = 1
    return out


def _phi1(x: np.ndarray) -> np.ndarray:
    """``phi1(X) = sum_k X^k/(k+1)!`` from the top-right block of ``exp([[X, I], [0, 0]])``."""
    n = x.shape[-1]
    big = np.zeros(x.shape[:-2] + (2 * n, 2 * n), dtype=x.dtype)
    big[..., :n, :n] = x
    big[..., :n, n:] = np.eye(n, dtype=x.dtype)
    return scipy.linalg.expm(big)[..., :n, n:]


class AffineElement(MatrixElement):
    """A batch of affine maps ``p -> g p + t`` stored as ``[[g, t], [0, 1]]``."""

    __slots__ = ("group",)

    def __init__(self, matrix: np.ndarray, group: Affine) -> None:
        super().__init__(matrix)
        self.group = group

    def _wrap(self, matrix: np.ndarray) -> AffineElement:
        return AffineElement(matrix, self.group)

    def __matmul__(self, other: Any) -> Any:
        if not isinstance(other, AffineElement) or other.group != self.group:
            return NotImplemented
        return self._wrap(np.matmul(self._m, other._m))

    def linear(self) -> np.ndarray:
        """Return the linear part ``g``, ``(..., n, n)``."""
        return self._m[..., :-1, :-1].copy()

    def translation(self) -> np.ndarray:
        """Return the translation ``t``, ``(..., n)``."""
        return self._m[..., :-1, -1].copy()

    def log(self) -> np.ndarray:
        """``[[X, v], [0, 0]]`` with ``X = log g`` and ``v = phi1(X)^{-1} t``."""
        return self.group.log(self._m)

    def inverse(self) -> AffineElement:
        """``(-g^{-1} t, g^{-1})``."""
        gi = np.linalg.inv(self._m[..., :-1, :-1])
        return self._wrap(
            _homogeneous(gi, -np.einsum("...ij,...j->...i", gi, self._m[..., :-1, -1]))
        )

    def adjoint(self) -> np.ndarray:
        """``Ad`` on row-major ``vec`` of the ``(n+1) x (n+1)`` algebra matrices."""
        m, mi = self._m, np.linalg.inv(self._m)
        k = m.shape[-1]
        out = m[..., :, None, :, None] * np.swapaxes(mi, -1, -2)[..., None, :, None, :]
        return out.reshape(m.shape[:-2] + (k * k, k * k))

    def apply(self, points: Any) -> np.ndarray:
        """``g p + t`` for points ``(..., n)``."""
        n = self._m.shape[-1] - 1
        p = as_float_array(points, (n,), where=f"{self.group!r}.apply", name="points")
        return np.einsum("...ij,...j->...i", self._m[..., :n, :n], p) + self._m[..., :n, n]

    def interpolate(self, other: AffineElement, t: Any) -> AffineElement:
        """``self exp(t log(self^{-1} other))``."""
        tt = np.asarray(t, dtype=self.dtype)[..., None, None]
        return self @ self.group.exp(tt * (self.inverse() @ other).log())

    def normalize(self) -> AffineElement:
        """Normalise the linear part (SL: rescale to det 1)."""
        g = self.group.linear_group._normalize(self._m[..., :-1, :-1])
        return self._wrap(_homogeneous(g, self._m[..., :-1, -1]))


class Affine:
    """The affine group ``R^n ⋊ G``, ``(t, g)(s, h) = (t + g s, g h)``.

    Parameters
    ----------
    group : GLPlus or SL
        The linear part.

    Notes
    -----
    Elements are ``(n+1) x (n+1)`` matrices ``[[g, t], [0, 1]]``, algebra elements
    ``[[X, v], [0, 0]]``; ``exp`` gives ``(phi1(X) v, exp X)`` with
    ``phi1(X) = sum X^k/(k+1)!``. Left Haar measure ``|det g|^{-1} dt dmu_G(g)``, right Haar
    ``dt dmu_G(g)``: the factor :meth:`left_haar_factor` is 1 for SL (unimodular).

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import Affine, GLPlus
    >>> A = Affine(GLPlus(2))
    >>> g = A.from_parts(np.array([1.0, 2.0]), np.array([[2.0, 0.0], [0.0, 1.0]]))
    >>> g.apply(np.array([1.0, 1.0]))
    array([3., 3.])
    >>> bool(np.allclose(A.exp(g.log()).as_matrix(), g.as_matrix()))
    True
    """

    def __init__(self, group: GLPlus) -> None:
        self.linear_group = check_group(group, where="Affine")
        self.n = group.n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Affine) and other.linear_group == self.linear_group

    def __hash__(self) -> int:
        return hash(("Affine", self.linear_group))

    def __repr__(self) -> str:
        return f"Affine({self.linear_group!r})"

    def from_parts(self, translation: Any, linear: Any) -> AffineElement:
        """Build elements from translations ``(..., n)`` and linear parts ``(..., n, n)``."""
        t = as_float_array(
            translation, (self.n,), where=f"{self!r}.from_parts", name="translation"
        )
        g = self.linear_group.from_matrix(linear).as_matrix()
        shape = np.broadcast_shapes(t.shape[:-1], g.shape[:-2])
        g = np.broadcast_to(g, shape + (self.n, self.n))
        return AffineElement(
            _homogeneous(g, np.broadcast_to(t, shape + (self.n,)).astype(g.dtype)), self
        )

    def from_matrix(self, matrix: Any, *, atol: float | None = None) -> AffineElement:
        """Wrap homogeneous ``(..., n+1, n+1)`` matrices, checking the last row and ``g``."""
        k = self.n + 1
        m = as_float_array(matrix, (k, k), where=f"{self!r}.from_matrix", name="matrix")
        check_bottom_row(m, atol, where=f"{self!r}.from_matrix")
        return self.from_parts(m[..., :-1, -1], m[..., :-1, :-1])

    def identity(
        self, batch_shape: tuple[int, ...] = (), dtype: Any = np.float64
    ) -> AffineElement:
        """Return the identity, broadcast to ``batch_shape``."""
        k = self.n + 1
        return AffineElement(
            np.broadcast_to(np.eye(k, dtype=dtype), tuple(batch_shape) + (k, k)).copy(), self
        )

    def exp(self, x: Any) -> AffineElement:
        """``exp [[X, v], [0, 0]] = [[exp X, phi1(X) v], [0, 1]]``."""
        k = self.n + 1
        a = as_float_array(x, (k, k), where=f"{self!r}.exp", name="X")
        big = a.copy()
        big[..., -1, :] = 0
        g = self.linear_group.exp(big[..., :-1, :-1]).as_matrix()
        t = np.einsum("...ij,...j->...i", _phi1(big[..., :-1, :-1]), big[..., :-1, -1])
        return AffineElement(_homogeneous(g, t.astype(a.dtype)), self)

    def log(self, g: Any) -> np.ndarray:
        """``[[X, phi1(X)^{-1} t], [0, 0]]``; raises :class:`NotInImageError` like ``G.log``."""
        m = g.as_matrix() if isinstance(g, MatrixElement) else g
        k = self.n + 1
        m = as_float_array(m, (k, k), where=f"{self!r}.log", name="g")
        x = self.linear_group.log(m[..., :-1, :-1])
        v = np.linalg.solve(_phi1(x), m[..., :-1, -1:])[..., 0]
        out = np.zeros_like(m)
        out[..., :-1, :-1] = x
        out[..., :-1, -1] = v
        return out

    def left_haar_factor(self, g: Any) -> np.ndarray:
        """``|det g|^{-1}`` (left Haar = factor x ``dt dmu_G``); exactly 1 for SL."""
        m = g.as_matrix() if isinstance(g, MatrixElement) else np.asarray(g)
        k = self.n + 1
        m = as_float_array(m, (k, k), where=f"{self!r}.left_haar_factor", name="g")
        if self.linear_group._special:
            return np.ones(m.shape[:-2], dtype=m.dtype)
        return 1.0 / np.abs(
            check_det_positive(m[..., :-1, :-1], where=f"{self!r}.left_haar_factor")
        )
