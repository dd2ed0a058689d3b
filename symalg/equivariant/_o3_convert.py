"""Converters between symalg's O(3) conventions and those of e3nn and sympy."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import sympy
from sympy.physics.wigner import wigner_d as _sympy_wigner_d

from symalg._validation import check_option
from symalg.equivariant._o3_checks import check_degree
from symalg.equivariant._o3_real import real_to_complex_basis
from symalg.errors import ShapeError

__all__ = [
    "E3NN_PERMUTATION",
    "e3nn_to_symalg_vectors",
    "symalg_to_e3nn_vectors",
    "e3nn_to_symalg_matrix",
    "symalg_to_e3nn_matrix",
    "e3nn_sh_factor",
    "wigner_D_from_sympy",
]

#: ``Pi`` with ``Pi v = (v_3, v_1, v_2)``: e3nn's coordinates ``v`` are symalg's ``Pi v``.
E3NN_PERMUTATION = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
E3NN_PERMUTATION.setflags(write=False)


def _vectors(where: str, v: Any) -> np.ndarray:
    arr = np.asarray(v, dtype=np.float64)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise ShapeError(f"{where}: vectors have shape {arr.shape}; expected (..., 3).")
    return arr


def _matrices(where: str, m: Any) -> np.ndarray:
    arr = np.asarray(m, dtype=np.float64)
    if arr.ndim < 2 or arr.shape[-2:] != (3, 3):
        raise ShapeError(f"{where}: matrix has shape {arr.shape}; expected (..., 3, 3).")
    return arr


def e3nn_to_symalg_vectors(v: Any) -> np.ndarray:
    """Map points in e3nn's frame to symalg's: ``p = Pi v = (v_3, v_1, v_2)``.

    Parameters
    ----------
    v : array_like of shape (..., 3)

    Returns
    -------
    ndarray of shape (..., 3)

    Raises
    ------
    ShapeError
        If the last axis does not have length 3.

    Notes
    -----
    e3nn evaluates the standard real harmonics "with the argument in the order y, z, x":
    ``e3nn.o3.spherical_harmonics(l, v, normalization="integral") = Y_l(Pi v)``. Feature
    vectors of irreps need no conversion (e3nn's ``1o`` components ``(v_1, v_2, v_3)`` are
    symalg's ``(y, z, x)``); only Cartesian points and matrices do.

    Examples
    --------
    >>> e3nn_to_symalg_vectors([1.0, 2.0, 3.0]).tolist()
    [3.0, 1.0, 2.0]
    >>> e3nn_to_symalg_vectors([1.0, 2.0])
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: e3nn_to_symalg_vectors: vectors have shape (2,); expected (..., 3).
    """
    return _vectors("e3nn_to_symalg_vectors", v) @ E3NN_PERMUTATION.T


def symalg_to_e3nn_vectors(p: Any) -> np.ndarray:
    """Inverse of :func:`e3nn_to_symalg_vectors`: ``v = Pi^T p``.

    Examples
    --------
    >>> symalg_to_e3nn_vectors([3.0, 1.0, 2.0]).tolist()
    [1.0, 2.0, 3.0]
    """
    return _vectors("symalg_to_e3nn_vectors", p) @ E3NN_PERMUTATION


def e3nn_to_symalg_matrix(matrix: Any) -> np.ndarray:
    """Map a rotation acting in e3nn's frame to symalg's: ``R = Pi R_e Pi^T``.

    Notes
    -----
    With it, e3nn's ``Irrep(l, p).D_from_matrix(R_e)`` equals symalg's
    ``wigner_D_from_matrix(l, R)`` (times the parity for ``det < 0``). Euler angles do not
    transfer: e3nn uses Y-X-Y angles in its own frame, symalg Z-Y-Z.

    Examples
    --------
    >>> import numpy as np
    >>> r = e3nn_to_symalg_matrix(np.diag([1.0, -1.0, -1.0]))  # pi about e3nn's first axis
    >>> np.diag(r).tolist()  # = pi about symalg's y axis
    [-1.0, 1.0, -1.0]
    """
    r = _matrices("e3nn_to_symalg_matrix", matrix)
    return E3NN_PERMUTATION @ r @ E3NN_PERMUTATION.T


def symalg_to_e3nn_matrix(matrix: Any) -> np.ndarray:
    """Inverse of :func:`e3nn_to_symalg_matrix`: ``R_e = Pi^T R Pi``.

    Examples
    --------
    >>> import numpy as np
    >>> np.diag(symalg_to_e3nn_matrix(np.diag([-1.0, 1.0, -1.0]))).tolist()
    [1.0, -1.0, -1.0]
    """
    r = _matrices("symalg_to_e3nn_matrix", matrix)
    return E3NN_PERMUTATION.T @ r @ E3NN_PERMUTATION


def e3nn_sh_factor(
    l: int, normalization: Literal["integral", "component", "norm"] = "integral"
) -> float:
    """Factor ``c`` with ``e3nn.o3.spherical_harmonics(l, v, True, normalization) = c Y_l(Pi v)``.

    Parameters
    ----------
    l : int
    normalization : {"integral", "component", "norm"}, default "integral"
        e3nn's normalisations: orthonormal on the sphere (1), unit mean square per
        component (``sqrt(4 pi)``), unit norm per degree (``sqrt(4 pi / (2l+1))``).

    Examples
    --------
    >>> round(e3nn_sh_factor(1, "component") * (3 / (4 * 3.141592653589793)) ** 0.5, 12)
    1.732050807569
    >>> e3nn_sh_factor(1, "unit")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: e3nn_sh_factor: normalization='unit' is not supported; ...
    """
    where = "e3nn_sh_factor"
    l = check_degree("l", l, where=where)
    check_option("normalization", normalization, ("integral", "component", "norm"), where=where)
    scale = {"integral": 1.0, "component": 4 * np.pi, "norm": 4 * np.pi / (2 * l + 1)}
    return float(np.sqrt(scale[normalization]))


def wigner_D_from_sympy(l: int, alpha: Any, beta: Any, gamma: Any) -> sympy.Matrix:
    """Exact real Wigner-D built from sympy's ``wigner_d`` (a convention bridge).

    Parameters
    ----------
    l : int
    alpha, beta, gamma : sympy expressions or numbers
        ZYZ Euler angles in symalg's convention.

    Returns
    -------
    sympy.Matrix of shape (2l+1, 2l+1)
        Equal to :func:`wigner_D` (as exact expressions).

    Notes
    -----
    sympy's ``wigner_d(J, a, b, g)`` uses ``exp(+i a J_z)``, orders ``m`` from ``+J`` down
    to ``-J`` and swaps ``a`` and ``g`` relative to Edmonds (sympy PR 27583). The complex
    ``D_{m'm}(a, b, g) = e^{-i m' a} d_{m'm}(b) e^{-i m g}`` is
    ``wigner_d(l, -a, -b, -g)[l - m', l - m]``, and the real one is ``U conj(D) U^H``
    with ``U`` from :func:`real_to_complex_basis`.

    Examples
    --------
    >>> import sympy
    >>> d = wigner_D_from_sympy(1, 0, sympy.pi / 2, 0)
    >>> d
    Matrix([
    [1,  0, 0],
    [0,  0, -1],
    [0,  1, 0]])
    """
    l = check_degree("l", l, where="wigner_D_from_sympy")
    w = _sympy_wigner_d(l, -sympy.sympify(alpha), -sympy.sympify(beta), -sympy.sympify(gamma))
    n = 2 * l + 1
    dc = sympy.Matrix(n, n, lambda i, j: w[n - 1 - i, n - 1 - j])
    u = real_to_complex_basis(l)
    return (u * dc.conjugate() * u.H).applyfunc(lambda e: sympy.expand(sympy.expand_complex(e)))
