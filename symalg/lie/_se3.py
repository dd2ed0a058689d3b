"""The rigid-motion group SE(3), tangent order ``xi = (rho, omega)``."""

from __future__ import annotations

from typing import Any

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.errors import InvalidArgumentError
from symalg.lie._base import MatrixElement, as_float_array, check_backend, check_out
from symalg.lie._kernels import run_trig_kernel
from symalg.lie._so3 import SO3, check_orthogonal, project_to_so
from symalg.lie._so3_math import hat3, se3_q, so3_exp, so3_jl, so3_jl_inv
from symalg.typing import RNGLike

__all__ = ["SE3"]


def _assemble(r: np.ndarray, t: np.ndarray) -> np.ndarray:
    out = np.zeros(r.shape[:-2] + (4, 4), dtype=r.dtype)
    out[..., :3, :3] = r
    out[..., :3, 3] = t
    out[..., 3, 3] = 1
    return out


def _blocks(a: np.ndarray, b: np.ndarray, d: np.ndarray) -> np.ndarray:
    out = np.zeros(a.shape[:-2] + (6, 6), dtype=a.dtype)
    out[..., :3, :3] = a
    out[..., :3, 3:] = b
    out[..., 3:, 3:] = d
    return out


def check_bottom_row(m: np.ndarray, atol: float | None, *, where: str) -> None:
    """Raise unless the last row of each homogeneous matrix is ``(0, ..., 0, 1)``."""
    n = m.shape[-1]
    want = np.zeros(n, dtype=m.dtype)
    want[-1] = 1
    tol = atol if atol is not None else (1e-6 if m.dtype == np.float64 else 1e-3)
    dev = np.abs(m[..., -1, :] - want).max(axis=-1)
    if dev.size and dev.max() > tol:
        idx = tuple(int(i) for i in np.unravel_index(np.argmax(dev), dev.shape))
        raise InvalidArgumentError(
            f"{where}: matrix at batch index {idx} has last row {m[idx][-1].tolist()}; "
            f"expected {want.tolist()} (a homogeneous transform)."
        )


class SE3(MatrixElement):
    r"""Rigid motions ``T = [[R, t], [0, 1]]`` of :math:`\mathbb{R}^3`, batched.

    Tangent vectors ``xi = (rho, omega)`` of shape ``(..., 6)``, translation part first.

    Notes
    -----
    ``exp(xi) = [[exp(omega), J_l(omega) rho], [0, 1]]`` and ``log`` inverts it with
    ``rho = J_l(omega)^{-1} t``. The left Jacobian is ``[[J_l(w), Q(rho, w)], [0, J_l(w)]]``
    with Barfoot's Q block, whose coefficients switch to their sympy series below the
    derived switch points; ``J_l(xi) = Ad_{exp xi} J_r(xi)`` and ``J_l(xi) xi = xi``.
    ``Ad_T = [[R, hat(t) R], [0, R]]``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SE3
    >>> T = SE3.exp(np.array([1.0, 0.0, 0.0, 0.0, 0.0, np.pi / 2]))
    >>> (np.round(T.apply(np.zeros(3)), 6) + 0.0).tolist()
    [0.63662, 0.63662, 0.0]
    >>> bool(np.allclose(T.log(), [1.0, 0.0, 0.0, 0.0, 0.0, np.pi / 2]))
    True
    """

    _dim = 4
    __slots__ = ()

    @classmethod
    def exp(cls, xi: Any, *, backend: str = "numba", out: np.ndarray | None = None) -> SE3:
        """Exponential map ``(..., 6) -> SE3``; ``out`` as in :meth:`SO3.exp`, ``(..., 4, 4)``.

        Raises
        ------
        ShapeError
            If ``xi`` is not of shape ``(..., 6)``, or ``out`` not of ``(..., 4, 4)``.
        InvalidArgumentError
            If an entry is not finite, ``backend`` is unknown, or ``out`` is read-only or
            overlaps ``xi``.
        InvalidTypeError
            If the dtype is not real, or ``out``'s differs from it.
        """
        check_backend(backend, where="SE3.exp")
        numba_route = backend == "numba"
        x = as_float_array(xi, (6,), where="SE3.exp", name="xi", finite=not numba_route)
        if out is not None:
            check_out(out, x.shape[:-1] + (4, 4), x.dtype, x, where="SE3.exp")
        if numba_route:
            got = run_trig_kernel("se3_exp", x, out, where="SE3.exp", label="xi")
            if got is not None:
                return cls(np.asarray(got))
        rho, w = x[..., :3], x[..., 3:]
        t = np.einsum("...ij,...j->...i", so3_jl(w), rho)
        m = _assemble(so3_exp(w), t)
        if out is None:
            return cls(m)
        out[...] = m
        return cls(out)

    @classmethod
    def from_matrix(cls, matrix: Any, *, project: bool = False, atol: float | None = None) -> SE3:
        """Wrap homogeneous matrices ``(..., 4, 4)``; see :meth:`SO3.from_matrix`."""
        where = "SE3.from_matrix"
        m = as_float_array(matrix, (4, 4), where=where, name="matrix")
        check_bottom_row(m, atol, where=where)
        r = m[..., :3, :3]
        if project:
            r = project_to_so(r)
        else:
            check_orthogonal(r, atol, where=where)
        return cls(_assemble(r, m[..., :3, 3]))

    @classmethod
    def from_rotation_translation(cls, rotation: SO3, translation: Any) -> SE3:
        """Build ``[[R, t], [0, 1]]`` from an :class:`SO3` and ``(..., 3)`` translations."""
        t = as_float_array(translation, (3,), where="SE3.from_rotation_translation", name="t")
        r = rotation.as_matrix()
        shape = np.broadcast_shapes(r.shape[:-2], t.shape[:-1])
        r = np.broadcast_to(r, shape + (3, 3))
        return cls(_assemble(r, np.broadcast_to(t, shape + (3,)).astype(r.dtype)))

    @classmethod
    def sample_haar(
        cls, n: int, *, box: float = 1.0, rng: RNGLike = None, dtype: Any = np.float64
    ) -> SE3:
        """Haar measure restricted to translations in ``[-box, box]^3``, normalised.

        SE(3) is unimodular with Haar measure ``dt dR``; its restriction to a box of
        translations is uniform translations times Haar rotations.
        """
        n = check_int("n", n, where="SE3.sample_haar", minimum=0)
        if not (np.isfinite(box) and box > 0):
            raise InvalidArgumentError(f"SE3.sample_haar: box={box!r} must be finite and > 0.")
        gen = check_rng(rng, where="SE3.sample_haar")
        r = SO3.sample_haar(n, rng=gen, dtype=dtype).as_matrix()
        return cls(_assemble(r, gen.uniform(-box, box, (n, 3)).astype(dtype)))

    def rotation(self) -> SO3:
        """Return the rotation part."""
        return SO3(self._m[..., :3, :3].copy())

    def translation(self) -> np.ndarray:
        """Return the translation part ``(..., 3)``."""
        return self._m[..., :3, 3].copy()

    def log(self, *, backend: str = "numba") -> np.ndarray:
        """Logarithm ``(..., 6)`` = ``(J_l(omega)^{-1} t, omega)``, ``|omega| <= pi``."""
        w = self.rotation().log(backend=backend)
        rho = np.einsum("...ij,...j->...i", so3_jl_inv(w), self._m[..., :3, 3])
        return np.concatenate([rho, w], axis=-1)

    def inverse(self) -> SE3:
        """``[[R^T, -R^T t], [0, 1]]``."""
        rt = np.swapaxes(self._m[..., :3, :3], -1, -2)
        return SE3(_assemble(rt, -np.einsum("...ij,...j->...i", rt, self._m[..., :3, 3])))

    def adjoint(self) -> np.ndarray:
        """``Ad_T = [[R, hat(t) R], [0, R]]`` in ``(rho, omega)`` order, ``(..., 6, 6)``."""
        r = self._m[..., :3, :3]
        return _blocks(r, hat3(self._m[..., :3, 3]) @ r, r)

    def apply(self, points: Any) -> np.ndarray:
        """``R p + t`` for points ``(..., 3)``."""
        p = as_float_array(points, (3,), where="SE3.apply", name="points")
        return np.einsum("...ij,...j->...i", self._m[..., :3, :3], p) + self._m[..., :3, 3]

    def interpolate(self, other: SE3, t: Any) -> SE3:
        """Geodesic ``self exp(t log(self^{-1} other))``."""
        tt = np.asarray(t, dtype=self.dtype)[..., None]
        return self @ SE3.exp(tt * (self.inverse() @ other).log())

    def normalize(self) -> SE3:
        """Project the rotation part back onto SO(3)."""
        return SE3(_assemble(project_to_so(self._m[..., :3, :3]), self._m[..., :3, 3]))

    @staticmethod
    def left_jacobian(xi: Any) -> np.ndarray:
        """``[[J_l(w), Q(rho, w)], [0, J_l(w)]]``, shape ``(..., 6, 6)``."""
        x = as_float_array(xi, (6,), where="SE3.left_jacobian", name="xi")
        j = so3_jl(x[..., 3:])
        return _blocks(j, se3_q(x[..., :3], x[..., 3:]), j)

    @staticmethod
    def right_jacobian(xi: Any) -> np.ndarray:
        """``J_r(xi) = J_l(-xi)``."""
        x = as_float_array(xi, (6,), where="SE3.right_jacobian", name="xi")
        return SE3.left_jacobian(-x)

    @staticmethod
    def left_jacobian_inv(xi: Any) -> np.ndarray:
        """``[[J^{-1}, -J^{-1} Q J^{-1}], [0, J^{-1}]]`` with ``J = J_l(w)``."""
        x = as_float_array(xi, (6,), where="SE3.left_jacobian_inv", name="xi")
        ji = so3_jl_inv(x[..., 3:])
        return _blocks(ji, -ji @ se3_q(x[..., :3], x[..., 3:]) @ ji, ji)

    @staticmethod
    def right_jacobian_inv(xi: Any) -> np.ndarray:
        """``J_r(xi)^{-1} = J_l(-xi)^{-1}``."""
        x = as_float_array(xi, (6,), where="SE3.right_jacobian_inv", name="xi")
        return SE3.left_jacobian_inv(-x)
