"""The planar groups SO(2) and SE(2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.errors import InvalidArgumentError
from symalg.lie._base import MatrixElement, as_float_array
from symalg.lie._coefficients import evaluate
from symalg.lie._se3 import check_bottom_row
from symalg.lie._so3 import check_orthogonal, project_to_so
from symalg.typing import RNGLike

__all__ = ["SO2", "SE2", "angle_of"]

_J = np.array([[0.0, -1.0], [1.0, 0.0]])


def _rot(c: np.ndarray, s: np.ndarray) -> np.ndarray:
    return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)


def angle_of(r: np.ndarray) -> np.ndarray:
    """Rotation angle in ``(-pi, pi]`` (``atan2(-0.0, -1) = -pi`` mapped to ``+pi``)."""
    a = np.arctan2(r[..., 1, 0] - r[..., 0, 1], r[..., 0, 0] + r[..., 1, 1])
    return np.where(a == -np.pi, np.pi, a).astype(r.dtype)


def _as_angles(theta: Any, where: str) -> np.ndarray:
    t = as_float_array(np.asarray(theta)[..., None], (1,), where=where, name="theta")
    return t[..., 0]


class SO2(MatrixElement):
    """Planar rotations ``[[cos t, -sin t], [sin t, cos t]]``, batched.

    Tangent vectors are angles of shape ``(...,)``.

    Notes
    -----
    ``log`` returns the angle in ``(-pi, pi]``: the branch cut is at pi, never at the
    identity, and ``-pi`` (from ``atan2(-0.0, -1)``) is mapped to ``+pi``. The group is
    abelian, so ``adjoint`` and both Jacobians are 1.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SO2
    >>> float(SO2.exp(-np.pi).log())
    3.141592653589793
    >>> round(float((SO2.exp(3.0) @ SO2.exp(0.5)).log()), 6)  # wraps into (-pi, pi]
    -2.783185
    """

    _dim = 2
    __slots__ = ()

    @classmethod
    def exp(cls, theta: Any) -> SO2:
        """Angles ``(...,)`` to rotations."""
        t = _as_angles(theta, "SO2.exp")
        return cls(_rot(np.cos(t), np.sin(t)))

    @classmethod
    def from_matrix(cls, matrix: Any, *, project: bool = False, atol: float | None = None) -> SO2:
        """Wrap ``(..., 2, 2)`` rotation matrices; see :meth:`SO3.from_matrix`."""
        m = as_float_array(matrix, (2, 2), where="SO2.from_matrix", name="matrix")
        if project:
            return cls.exp(angle_of(m))
        check_orthogonal(m, atol, where="SO2.from_matrix")
        return cls(m)

    @classmethod
    def sample_haar(cls, n: int, *, rng: RNGLike = None, dtype: Any = np.float64) -> SO2:
        """``n`` Haar (uniform-angle) rotations."""
        n = check_int("n", n, where="SO2.sample_haar", minimum=0)
        gen = check_rng(rng, where="SO2.sample_haar")
        return cls.exp(gen.uniform(-np.pi, np.pi, n).astype(dtype))

    @staticmethod
    def grid(n: int, dtype: Any = np.float64) -> SO2:
        """Equispaced ``theta_k = -pi + 2 pi k / n``, endpoint excluded.

        The uniform average over the grid integrates ``cos(k theta)`` exactly for
        ``0 < |k| < n`` (``-I`` is not counted twice).
        """
        n = check_int("n", n, where="SO2.grid", minimum=1)
        return SO2.exp((-np.pi + 2 * np.pi * np.arange(n) / n).astype(dtype))

    @staticmethod
    def left_jacobian(theta: Any) -> np.ndarray:
        """Ones of shape ``(..., 1, 1)`` (SO(2) is abelian)."""
        t = _as_angles(theta, "SO2.left_jacobian")
        return np.ones(t.shape + (1, 1), dtype=t.dtype)

    right_jacobian = left_jacobian
    left_jacobian_inv = left_jacobian
    right_jacobian_inv = left_jacobian

    def log(self) -> np.ndarray:
        """Angle in ``(-pi, pi]``, shape ``(...,)``."""
        return angle_of(self._m)

    def inverse(self) -> SO2:
        """``R^T``."""
        return SO2(np.swapaxes(self._m, -1, -2).copy())

    def adjoint(self) -> np.ndarray:
        """Ones of shape ``(..., 1, 1)``."""
        return np.ones(self.batch_shape + (1, 1), dtype=self.dtype)

    def apply(self, points: Any) -> np.ndarray:
        """Rotate points ``(..., 2)``."""
        p = as_float_array(points, (2,), where="SO2.apply", name="points")
        return np.einsum("...ij,...j->...i", self._m, p)

    def interpolate(self, other: SO2, t: Any) -> SO2:
        """Geodesic ``self exp(t log(self^{-1} other))``."""
        return self @ SO2.exp(np.asarray(t, dtype=self.dtype) * (self.inverse() @ other).log())

    def normalize(self) -> SO2:
        """Project back onto SO(2)."""
        return SO2.exp(angle_of(self._m))


def _v_coeffs(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``V = a I + b J`` with ``a = sin t / t``, ``b = (1 - cos t)/t = t B(t)``."""
    t2 = theta * theta
    return evaluate("A", t2), theta * evaluate("B", t2)


def _se2(r: np.ndarray, t: np.ndarray) -> np.ndarray:
    out = np.zeros(r.shape[:-2] + (3, 3), dtype=r.dtype)
    out[..., :2, :2] = r
    out[..., :2, 2] = t
    out[..., 2, 2] = 1
    return out


class SE2(MatrixElement):
    """Planar rigid motions ``[[R, t], [0, 1]]``; tangent ``xi = (x, y, theta)``.

    Notes
    -----
    ``exp`` translates by ``V (x, y)`` with ``V = (sin t/t) I + ((1 - cos t)/t) J``; ``log``
    uses ``V^{-1} = (t/2) cot(t/2) I - (t/2) J`` with the angle in ``(-pi, pi]``. The left
    Jacobian is ``[[V, t C(t) v - B(t) J v], [0, 1]]`` (``C = (t - sin t)/t^3``,
    ``B = (1 - cos t)/t^2``) and ``Ad = [[R, -J t], [0, 1]]``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SE2
    >>> xi = np.array([1.0, 2.0, 0.5])
    >>> bool(np.allclose(SE2.exp(xi).log(), xi))
    True
    """

    _dim = 3
    __slots__ = ()

    @classmethod
    def exp(cls, xi: Any) -> SE2:
        """``(..., 3) -> SE2``."""
        x = as_float_array(xi, (3,), where="SE2.exp", name="xi")
        th = x[..., 2]
        a, b = _v_coeffs(th)
        v = x[..., :2]
        t = np.stack([a * v[..., 0] - b * v[..., 1], b * v[..., 0] + a * v[..., 1]], -1)
        return cls(_se2(_rot(np.cos(th), np.sin(th)), t))

    @classmethod
    def from_matrix(cls, matrix: Any, *, project: bool = False, atol: float | None = None) -> SE2:
        """Wrap ``(..., 3, 3)`` homogeneous matrices; see :meth:`SO3.from_matrix`."""
        where = "SE2.from_matrix"
        m = as_float_array(matrix, (3, 3), where=where, name="matrix")
        check_bottom_row(m, atol, where=where)
        r = m[..., :2, :2]
        if project:
            r = project_to_so(r)
        else:
            check_orthogonal(r, atol, where=where)
        return cls(_se2(r, m[..., :2, 2]))

    @classmethod
    def sample_haar(
        cls, n: int, *, box: float = 1.0, rng: RNGLike = None, dtype: Any = np.float64
    ) -> SE2:
        """Haar measure restricted to translations in ``[-box, box]^2``, normalised."""
        n = check_int("n", n, where="SE2.sample_haar", minimum=0)
        if not (np.isfinite(box) and box > 0):
            raise InvalidArgumentError(f"SE2.sample_haar: box={box!r} must be finite and > 0.")
        gen = check_rng(rng, where="SE2.sample_haar")
        th = gen.uniform(-np.pi, np.pi, n)
        t = gen.uniform(-box, box, (n, 2))
        return cls(_se2(_rot(np.cos(th), np.sin(th)), t).astype(dtype))

    def log(self) -> np.ndarray:
        """``(V^{-1} t, theta)`` with theta in ``(-pi, pi]``."""
        th = angle_of(self._m[..., :2, :2])
        g = evaluate("G", th * th)
        h = th / 2
        t = self._m[..., :2, 2]
        v = np.stack([g * t[..., 0] + h * t[..., 1], -h * t[..., 0] + g * t[..., 1]], -1)
        return np.concatenate([v, th[..., None]], -1)

    def inverse(self) -> SE2:
        """``[[R^T, -R^T t], [0, 1]]``."""
        rt = np.swapaxes(self._m[..., :2, :2], -1, -2)
        return SE2(_se2(rt, -np.einsum("...ij,...j->...i", rt, self._m[..., :2, 2])))

    def adjoint(self) -> np.ndarray:
        """``[[R, (t_y, -t_x)], [0, 1]]``, shape ``(..., 3, 3)``."""
        t = self._m[..., :2, 2]
        out = _se2(self._m[..., :2, :2], np.stack([t[..., 1], -t[..., 0]], -1))
        return out

    def apply(self, points: Any) -> np.ndarray:
        """``R p + t`` for points ``(..., 2)``."""
        p = as_float_array(points, (2,), where="SE2.apply", name="points")
        return np.einsum("...ij,...j->...i", self._m[..., :2, :2], p) + self._m[..., :2, 2]

    def interpolate(self, other: SE2, t: Any) -> SE2:
        """Geodesic ``self exp(t log(self^{-1} other))``."""
        tt = np.asarray(t, dtype=self.dtype)[..., None]
        return self @ SE2.exp(tt * (self.inverse() @ other).log())

    def normalize(self) -> SE2:
        """Project the rotation part back onto SO(2)."""
        r = self._m[..., :2, :2]
        th = angle_of(r)
        return SE2(_se2(_rot(np.cos(th), np.sin(th)), self._m[..., :2, 2]))

    @staticmethod
    def left_jacobian(xi: Any) -> np.ndarray:
        """``[[V, t C v - B J v], [0, 1]]``, shape ``(..., 3, 3)``."""
        x = as_float_array(xi, (3,), where="SE2.left_jacobian", name="xi")
        return _se2_jl(x)

    @staticmethod
    def right_jacobian(xi: Any) -> np.ndarray:
        """``J_r(xi) = J_l(-xi)``."""
        x = as_float_array(xi, (3,), where="SE2.right_jacobian", name="xi")
        return _se2_jl(-x)

    @staticmethod
    def left_jacobian_inv(xi: Any) -> np.ndarray:
        """``[[V^{-1}, -V^{-1} a], [0, 1]]``."""
        x = as_float_array(xi, (3,), where="SE2.left_jacobian_inv", name="xi")
        return _se2_jl_inv(x)

    @staticmethod
    def right_jacobian_inv(xi: Any) -> np.ndarray:
        """``J_r(xi)^{-1} = J_l(-xi)^{-1}``."""
        x = as_float_array(xi, (3,), where="SE2.right_jacobian_inv", name="xi")
        return _se2_jl_inv(-x)


def _se2_jl(x: np.ndarray) -> np.ndarray:
    th, v = x[..., 2], x[..., :2]
    a, b = _v_coeffs(th)
    t2 = th * th
    c, bb = th * evaluate("C", t2), evaluate("B", t2)
    jv = np.stack([-v[..., 1], v[..., 0]], -1)
    col = c[..., None] * v - bb[..., None] * jv
    return _se2(_rot(a, b), col)


def _se2_jl_inv(x: np.ndarray) -> np.ndarray:
    th = x[..., 2]
    g, h = evaluate("G", th * th), th / 2
    vinv = _rot(g, -h)
    col = _se2_jl(x)[..., :2, 2]
    return _se2(vinv, -np.einsum("...ij,...j->...i", vinv, col))
