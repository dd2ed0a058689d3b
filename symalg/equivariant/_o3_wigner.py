"""Real Wigner-D matrices of SO(3): from ZYZ Euler angles and from rotation matrices."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from symalg.equivariant._o3_checks import check_degree
from symalg.equivariant._o3_tables import real_cg_float
from symalg.errors import InvalidArgumentError, ShapeError

__all__ = ["wigner_D", "wigner_D_from_matrix", "PERMUTATION"]

#: ``P`` with ``P (x, y, z) = (y, z, x)``: ``D^1(R) = P R P^T``.
PERMUTATION = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
PERMUTATION.setflags(write=False)


def _z_rotation(l: int, angle: np.ndarray) -> np.ndarray:
    """Real D^l of Rz(angle): mixes (mu, -mu) by cos(mu a), sin(mu a)."""
    out = np.zeros(angle.shape + (2 * l + 1, 2 * l + 1))
    out[..., l, l] = 1.0
    for mu in range(1, l + 1):
        c, s = np.cos(mu * angle), np.sin(mu * angle)
        out[..., l + mu, l + mu] = c
        out[..., l - mu, l - mu] = c
        out[..., l + mu, l - mu] = -s
        out[..., l - mu, l + mu] = s
    return out


def _recursive(lmax: int, d1: np.ndarray) -> list[np.ndarray]:
    """D^0..D^lmax from D^1 through D^L = Q^T (D^{L-1} (x) D^1) Q (exact algebra)."""
    batch = d1.shape[:-2]
    ds = [np.ones(batch + (1, 1)), d1]
    for L in range(2, lmax + 1):
        q = real_cg_float(L - 1, 1, L).reshape(3 * (2 * L - 1), 2 * L + 1)
        prev = ds[-1]
        kron = np.einsum("...ac,...bd->...abcd", prev, d1).reshape(
            batch + (3 * (2 * L - 1), 3 * (2 * L - 1))
        )
        ds.append(q.T @ kron @ q)
    return ds[: lmax + 1]


@functools.cache
def _quarter_turn(l: int) -> np.ndarray:
    """D^l(Rx(-pi/2)); Rx(-pi/2) maps the z axis onto the y axis."""
    rx = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
    out = _recursive(l, PERMUTATION @ rx @ PERMUTATION.T)[l]
    out.setflags(write=False)
    return out


def _angles(where: str, *angles: Any) -> list[np.ndarray]:
    arrs = []
    for name, a in zip(("alpha", "beta", "gamma"), angles, strict=True):
        arr = np.asarray(a, dtype=np.float64)
        if not np.all(np.isfinite(arr)):
            raise InvalidArgumentError(
                f"{where}: {name} has non-finite entries; pass finite angles."
            )
        arrs.append(arr)
    try:
        return list(np.broadcast_arrays(*arrs))
    except ValueError as err:
        shapes = ", ".join(str(a.shape) for a in arrs)
        raise ShapeError(f"{where}: angle shapes {shapes} do not broadcast.") from err


def wigner_D(l: int, alpha: Any, beta: Any, gamma: Any) -> np.ndarray:
    """Real Wigner-D matrix ``D^l(R)`` of ``R = Rz(alpha) Ry(beta) Rz(gamma)``.

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.
    alpha, beta, gamma : float or array_like
        ZYZ Euler angles (active, right-handed), broadcast against each other.

    Returns
    -------
    ndarray of shape (..., 2l+1, 2l+1)
        Float64, orthogonal.

    Raises
    ------
    InvalidArgumentError
        If ``l`` is negative or not an integer, or an angle is not finite.
    ShapeError
        If the angle shapes do not broadcast.

    Notes
    -----
    ``Rz(t) = [[c, -s, 0], [s, c, 0], [0, 0, 1]]``, ``Ry(t) = [[c, 0, s], [0, 1, 0],
    [-s, 0, c]]``. ``D`` acts on the real harmonics of :func:`spherical_harmonics`:
    ``Y_l(R x) = D^l(R) Y_l(x)``; it is a homomorphism ``D(R1 R2) = D(R1) D(R2)``,
    orthogonal, and ``D^1(R) = P R P^T`` with ``P (x, y, z) = (y, z, x)``. In terms of the
    complex ``D^l_{m'm} = e^{-i m' alpha} d^l_{m'm}(beta) e^{-i m gamma}`` it is
    ``U conj(D) U^H`` (:func:`real_to_complex_basis`). Computed as
    ``Z(alpha) J Z(beta) J^T Z(gamma)`` with ``J = D(Rx(-pi/2))``.

    Examples
    --------
    >>> import numpy as np
    >>> d = wigner_D(1, 0.3, 1.1, -0.4)
    >>> rz = lambda t: np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    >>> ry = lambda t: np.array([[np.cos(t), 0, np.sin(t)], [0, 1, 0], [-np.sin(t), 0, np.cos(t)]])
    >>> r = rz(0.3) @ ry(1.1) @ rz(-0.4)
    >>> p = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    >>> bool(np.allclose(d, p @ r @ p.T))
    True
    >>> wigner_D(2, np.zeros(4), 0.0, 0.0).shape
    (4, 5, 5)
    >>> wigner_D(2, 0.0, np.nan, 0.0)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: wigner_D: beta has non-finite entries; pass finite angles.
    """
    where = "wigner_D"
    l = check_degree("l", l, where=where)
    a, b, g = _angles(where, alpha, beta, gamma)
    j = _quarter_turn(l)
    return _z_rotation(l, a) @ j @ _z_rotation(l, b) @ j.T @ _z_rotation(l, g)


def check_matrices(where: str, matrix: Any, *, proper: bool) -> np.ndarray:
    """Validate ``(..., 3, 3)`` orthogonal matrices (with ``det = +1`` when ``proper``)."""
    r = np.asarray(matrix, dtype=np.float64)
    if r.ndim < 2 or r.shape[-2:] != (3, 3):
        raise ShapeError(f"{where}: matrix has shape {r.shape}; expected (..., 3, 3).")
    if not np.all(np.isfinite(r)):
        raise InvalidArgumentError(f"{where}: matrix has non-finite entries.")
    err = np.abs(np.swapaxes(r, -1, -2) @ r - np.eye(3)).max(initial=0.0)
    if err > 1e-6:
        raise InvalidArgumentError(
            f"{where}: matrix is not orthogonal (max |R^T R - I| = {err:.2e}); pass a rotation "
            "or reflection matrix, e.g. from symalg.lie.SO3.from_matrix(m, project=True)."
        )
    if proper and np.any(np.linalg.det(r) < 0):
        raise InvalidArgumentError(
            f"{where}: matrix has det = -1 (an improper rotation); D^l is defined on SO(3). "
            "Use Irreps(...).D_from_matrix for O(3), which applies the parity."
        )
    return r


def wigner_D_from_matrix(l: int, matrix: Any) -> np.ndarray:
    """Real Wigner-D matrix ``D^l(R)`` of rotation matrices ``R``.

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.
    matrix : array_like of shape (..., 3, 3)
        Rotation matrices (orthogonal, ``det = +1``).

    Returns
    -------
    ndarray of shape (..., 2l+1, 2l+1)
        The same matrices as :func:`wigner_D` of the Euler angles of ``R``.

    Raises
    ------
    ShapeError
        If ``matrix`` does not have shape ``(..., 3, 3)``.
    InvalidArgumentError
        If ``l`` is invalid, or ``matrix`` is not orthogonal or has ``det = -1``.

    Notes
    -----
    Built without Euler angles (no gimbal lock): ``D^1 = P R P^T`` and
    ``D^L = Q^T (D^{L-1} (x) D^1) Q`` with ``Q`` the real coupling tensor of
    ``(L-1) x 1 -> L`` (:func:`real_clebsch_gordan`), which is an isometry intertwining the
    two representations.

    Examples
    --------
    >>> import numpy as np
    >>> bool(np.allclose(wigner_D_from_matrix(3, np.eye(3)), np.eye(7)))
    True
    >>> wigner_D_from_matrix(1, -np.eye(3))
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: wigner_D_from_matrix: matrix has det = -1 ...
    """
    where = "wigner_D_from_matrix"
    l = check_degree("l", l, where=where)
    r = check_matrices(where, matrix, proper=True)
    return _recursive(l, PERMUTATION @ r @ PERMUTATION.T)[l]


def all_wigner_D_from_matrix(lmax: int, r: np.ndarray) -> list[np.ndarray]:
    """``[D^0(R), ..., D^lmax(R)]`` of validated rotation matrices (one recursion)."""
    return _recursive(lmax, PERMUTATION @ r @ PERMUTATION.T)
