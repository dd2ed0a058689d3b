"""The rotation group SO(3)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.errors import InvalidArgumentError
from symalg.lie._base import (
    MatrixElement,
    as_float_array,
    check_backend,
    check_out,
    fast_det,
)
from symalg.lie._errors import NonUniqueLogWarning
from symalg.lie._kernels import kernel, run_trig_kernel
from symalg.lie._so3_math import hat3, so3_exp, so3_jl, so3_jl_inv, so3_log, vee3
from symalg.typing import RNGLike

__all__ = ["SO3", "project_to_so"]


def project_to_so(m: np.ndarray) -> np.ndarray:
    """Nearest special-orthogonal matrix (orthogonal polar factor with the det fix) via SVD."""
    u, _, vt = np.linalg.svd(m)
    det = fast_det(u @ vt)
    u[..., :, -1] *= np.where(det < 0, -1, 1).astype(m.dtype)[..., None]
    return u @ vt


def check_orthogonal(m: np.ndarray, atol: float | None, *, where: str) -> None:
    """Raise unless ``m`` is special orthogonal to ``atol`` (default ``1e-6`` or ``1e-3``)."""
    n = m.shape[-1]
    tol = atol if atol is not None else (1e-6 if m.dtype == np.float64 else 1e-3)
    dev = np.abs(np.swapaxes(m, -1, -2) @ m - np.eye(n, dtype=m.dtype))
    worst = dev.max(axis=(-1, -2)) if dev.size else dev
    if dev.size and worst.max() > tol:
        idx = np.unravel_index(np.argmax(worst), worst.shape)
        raise InvalidArgumentError(
            f"{where}: matrix at batch index {tuple(int(i) for i in idx)} is not orthogonal: "
            f"max |M^T M - I| = {worst.max():.3g} > atol={tol:g}; pass project=True to project "
            "it onto the group deliberately."
        )
    det = fast_det(m)
    if np.any(det <= 0):
        idx = tuple(int(i) for i in np.argwhere(det <= 0)[0])
        raise InvalidArgumentError(
            f"{where}: matrix at batch index {idx} has det {det[idx]:.3g} <= 0 (a reflection); "
            "expected a rotation with det +1."
        )


class SO3(MatrixElement):
    r"""Rotations of :math:`\mathbb{R}^3`, batched over leading dimensions.

    Tangent vectors are axis-angle vectors ``omega`` of shape ``(..., 3)`` with
    ``hat(omega) = [[0, -z, y], [z, 0, -x], [-y, x, 0]]``. Construct elements with
    :meth:`exp`, :meth:`from_matrix`, :meth:`identity` or :meth:`sample_haar`.

    Notes
    -----
    ``exp`` is Rodrigues' formula ``I + A Omega + B Omega^2`` with ``A = sin t / t`` and
    ``B = (1 - cos t) / t^2`` written as ``(sin(t/2)/(t/2))^2 / 2``; ``log`` takes the angle
    from ``atan2(|v|, (tr R - 1)/2)`` and, above pi/2, the axis from the symmetric part, so it
    is accurate to a few ulp up to and at pi. ``log`` returns the principal logarithm,
    ``|omega| <= pi``; at exactly pi it returns one of ``+-pi u`` and emits
    :class:`NonUniqueLogWarning`. For a matrix that is orthogonal to rounding, ``log`` agrees
    to a few ulp with the log of its orthogonal polar factor; call :meth:`normalize` first for
    matrices further off. The left Jacobian satisfies
    ``exp(omega + d) ~ exp(J_l(omega) d) exp(omega)``, ``J_r(omega) = J_l(-omega) = J_l^T``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SO3
    >>> R = SO3.exp(np.array([0.0, 0.0, np.pi / 2]))
    >>> np.round(R.apply(np.array([1.0, 0.0, 0.0])), 12) + 0.0
    array([0., 1., 0.])
    >>> bool(np.allclose(R.log(), [0, 0, np.pi / 2]))
    True
    >>> SO3.from_matrix(np.eye(3)[:2])
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: SO3.from_matrix: matrix has shape (2, 3); expected (..., 3, 3).
    """

    _dim = 3
    __slots__ = ()

    @classmethod
    def exp(cls, omega: Any, *, backend: str = "numba", out: np.ndarray | None = None) -> SO3:
        """Exponential map ``(..., 3) -> SO3`` (Rodrigues).

        Parameters
        ----------
        omega : array_like of shape (..., 3), float32 or float64
            Axis-angle vectors.
        backend : {"numba", "numpy"}
            Compiled kernel (default) or the numpy reference path.
        out : ndarray of shape (..., 3, 3), optional
            Write the matrices here (same dtype as ``omega``) and wrap this array. Reusing
            one buffer skips allocating fresh memory, about a third of the time for large
            batches (first-touch page faults). Inputs are checked in the same pass as the
            computation, so when an error is raised ``out`` may have been written.

        Returns
        -------
        SO3

        Raises
        ------
        ShapeError
            If ``omega`` is not of shape ``(..., 3)``, or ``out`` not of ``(..., 3, 3)``.
        InvalidArgumentError
            If an entry is not finite, ``backend`` is unknown, or ``out`` is read-only or
            overlaps ``omega``.
        InvalidTypeError
            If the dtype is not real (float32/float64, or integer), or ``out``'s differs.

        Examples
        --------
        >>> import numpy as np
        >>> from symalg.lie import SO3
        >>> w = np.zeros((4, 3))
        >>> buf = np.empty((4, 3, 3))
        >>> SO3.exp(w, out=buf).as_matrix() is buf
        True
        """
        check_backend(backend, where="SO3.exp")
        numba_route = backend == "numba"
        w = as_float_array(omega, (3,), where="SO3.exp", name="omega", finite=not numba_route)
        if out is not None:
            check_out(out, w.shape[:-1] + (3, 3), w.dtype, w, where="SO3.exp")
        if numba_route:
            got = run_trig_kernel("so3_exp", w, out, where="SO3.exp", label="omega")
            if got is not None:
                return cls(np.asarray(got))
        r = so3_exp(w)
        if out is None:
            return cls(r)
        out[...] = r
        return cls(out)

    @classmethod
    def from_matrix(cls, matrix: Any, *, project: bool = False, atol: float | None = None) -> SO3:
        """Wrap rotation matrices ``(..., 3, 3)``.

        Parameters
        ----------
        matrix : array_like of shape (..., 3, 3)
        project : bool
            Project onto SO(3) (orthogonal polar factor by SVD) instead of checking.
        atol : float, optional
            Tolerance on ``|M^T M - I|`` (default 1e-6 for float64, 1e-3 for float32).

        Raises
        ------
        ShapeError
            If the shape is not ``(..., 3, 3)``.
        InvalidArgumentError
            If an entry is not finite, or (without ``project``) a matrix is not orthogonal
            within ``atol`` or has det <= 0.
        """
        m = as_float_array(matrix, (3, 3), where="SO3.from_matrix", name="matrix")
        if project:
            return cls(project_to_so(m))
        check_orthogonal(m, atol, where="SO3.from_matrix")
        return cls(m)

    @classmethod
    def sample_haar(cls, n: int, *, rng: RNGLike = None, dtype: Any = np.float64) -> SO3:
        """Draw ``n`` rotations from the Haar (uniform) measure.

        Normalised 4-D Gaussian quaternions; exact Haar.

        Examples
        --------
        >>> from symalg.lie import SO3
        >>> SO3.sample_haar(4, rng=0).batch_shape
        (4,)
        """
        n = check_int("n", n, where="SO3.sample_haar", minimum=0)
        gen = check_rng(rng, where="SO3.sample_haar")
        q = gen.standard_normal((n, 4))
        q /= np.linalg.norm(q, axis=-1, keepdims=True)
        return cls(quaternion_to_matrix(q).astype(dtype))

    @staticmethod
    def hat(omega: Any) -> np.ndarray:
        """``(..., 3) -> (..., 3, 3)`` skew matrices."""
        return hat3(as_float_array(omega, (3,), where="SO3.hat", name="omega"))

    @staticmethod
    def vee(matrix: Any) -> np.ndarray:
        """``(..., 3, 3) -> (..., 3)``: vee of the skew part."""
        return vee3(as_float_array(matrix, (3, 3), where="SO3.vee", name="matrix"))

    @staticmethod
    def left_jacobian(omega: Any) -> np.ndarray:
        """``J_l(omega) = I + B Omega + C Omega^2``, shape ``(..., 3, 3)``."""
        return so3_jl(as_float_array(omega, (3,), where="SO3.left_jacobian", name="omega"))

    @staticmethod
    def right_jacobian(omega: Any) -> np.ndarray:
        """``J_r(omega) = J_l(-omega)``, shape ``(..., 3, 3)``."""
        return so3_jl(as_float_array(omega, (3,), where="SO3.right_jacobian", name="omega"), -1.0)

    @staticmethod
    def left_jacobian_inv(omega: Any) -> np.ndarray:
        """``J_l(omega)^{-1} = I - Omega/2 + D Omega^2``, finite up to ``|omega| < 2 pi``."""
        w = as_float_array(omega, (3,), where="SO3.left_jacobian_inv", name="omega")
        return so3_jl_inv(w)

    @staticmethod
    def right_jacobian_inv(omega: Any) -> np.ndarray:
        """``J_r(omega)^{-1} = J_l(-omega)^{-1}``."""
        w = as_float_array(omega, (3,), where="SO3.right_jacobian_inv", name="omega")
        return so3_jl_inv(w, -1.0)

    def log(self, *, backend: str = "numba") -> np.ndarray:
        """Principal logarithm, ``(..., 3)`` with norm in ``[0, pi]``.

        Warns
        -----
        NonUniqueLogWarning
            For a rotation by exactly pi (in the working precision).
        """
        check_backend(backend, where="SO3.log")
        r = self._m
        k = kernel("so3_log", r.dtype.name) if backend == "numba" else None
        if k is None:
            return so3_log(r)
        out = np.asarray(k(np.ascontiguousarray(r)))[..., 0]
        if np.any(out[..., 3] == r.dtype.type(np.pi)):
            _warn_pi()
        return np.ascontiguousarray(out[..., :3])

    def inverse(self) -> SO3:
        """``R^T``."""
        return SO3(np.swapaxes(self._m, -1, -2).copy())

    def adjoint(self) -> np.ndarray:
        """``Ad_R = R`` on so(3) in vee coordinates."""
        return self._m.copy()

    def apply(self, points: Any) -> np.ndarray:
        """Rotate points ``(..., 3)``; batch dimensions broadcast."""
        p = as_float_array(points, (3,), where="SO3.apply", name="points")
        return np.einsum("...ij,...j->...i", self._m, p)

    def interpolate(self, other: SO3, t: Any) -> SO3:
        """Geodesic ``self exp(t log(self^{-1} other))``; ``t`` broadcasts over the batch."""
        tt = np.asarray(t, dtype=self.dtype)[..., None]
        return self @ SO3.exp(tt * (self.inverse() @ other).log())

    def normalize(self) -> SO3:
        """Project back onto SO(3) (after long products drift off it)."""
        return SO3(project_to_so(self._m))


def _warn_pi() -> None:
    warnings.warn(
        "SO3.log: rotation by exactly pi; its log is +-pi*u and one of the two was returned.",
        NonUniqueLogWarning,
        stacklevel=3,
    )


def quaternion_to_matrix(q: np.ndarray) -> np.ndarray:
    """Convert unit quaternions ``(w, x, y, z)`` to rotation matrices."""
    w, x, y, z = (q[..., i] for i in range(4))
    return np.stack(
        [
            np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], -1),
            np.stack([2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], -1),
            np.stack([2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)], -1),
        ],
        -2,
    )
