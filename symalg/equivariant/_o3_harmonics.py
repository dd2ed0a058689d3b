"""Real spherical harmonics: exact sympy expressions, compiled kernels, a numpy evaluator."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

import functools
from typing import Any

import sympy

from symalg._validation import check_option
from symalg.codegen import Kernel, compile_kernel
from symalg.equivariant._o3_checks import check_degree

__all__ = ["spherical_harmonics", "spherical_harmonics_kernel", "sh_norm"]

_XYZ = sympy.symbols("x y z", real=True)


def sh_norm(l: int, m: int) -> sympy.Expr:
    """Exact factor of the real harmonic ``(l, m)``: ``sqrt((2l+1)/4pi (l-|m|)!/(l+|m|)!)``.

    Times ``sqrt(2)`` for ``m != 0`` (the standard real basis, no extra Condon-Shortley phase).
    """
    a = abs(m)
    base = sympy.sqrt(
        sympy.Rational(2 * l + 1)
        / (4 * sympy.pi)
        * sympy.factorial(l - a)
        / sympy.factorial(l + a)
    )
    return base if m == 0 else sympy.sqrt(2) * base


@functools.cache
def _legendre_derivative(l: int, m: int) -> tuple[sympy.Rational, ...]:
    """Coefficients (in powers of t) of ``d^m P_l(t) / dt^m``."""
    t = sympy.Symbol("t")
    poly = sympy.Poly(sympy.diff(sympy.legendre(l, t), t, m), t)
    coeffs = poly.all_coeffs()[::-1]
    return tuple(sympy.Rational(c) for c in coeffs)


def _harmonic_polys(l: int, x: Any, y: Any, z: Any) -> list[sympy.Expr]:
    """Homogeneous degree-l numerators ``r^l Y_{l,mu}`` for mu = -l..l."""
    r2 = x**2 + y**2 + z**2
    out: list[sympy.Expr] = [sympy.S.Zero] * (2 * l + 1)
    for m in range(l + 1):
        coeffs = _legendre_derivative(l, m)
        h = sum(
            (c * z**k * r2 ** ((l - m - k) // 2) for k, c in enumerate(coeffs) if c != 0),
            sympy.S.Zero,
        )
        w = sympy.expand((x + sympy.I * y) ** m)
        re, im = sympy.re(w), sympy.im(w)
        out[l + m] = sh_norm(l, m) * h * re
        if m:
            out[l - m] = sh_norm(l, -m) * h * im
    return out


def spherical_harmonics(l: int, x: Any, y: Any, z: Any) -> sympy.Matrix:
    """Exact real spherical harmonics ``Y_l(x, y, z)`` of the direction of ``(x, y, z)``.

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.
    x, y, z : sympy expressions or numbers
        A point (not necessarily on the unit sphere); symbols give closed forms.

    Returns
    -------
    sympy.Matrix of shape (2l+1, 1)
        ``(Y_{l,-l}, ..., Y_{l,l})`` evaluated at ``(x, y, z) / r``.

    Raises
    ------
    InvalidArgumentError
        If ``l`` is negative or not an integer.

    Notes
    -----
    Conventions (fixed for all of ``symalg.equivariant``): the complex ``Y_l^m`` carry the
    Condon-Shortley phase and are orthonormal on the sphere (sympy ``Ynm``); the real basis
    is ``Y_{l,mu} = sqrt(2) (-1)^mu Re Y_l^mu`` (mu > 0), ``Y_l^0`` (mu = 0),
    ``sqrt(2) (-1)^mu Im Y_l^|mu|`` (mu < 0), with no extra Condon-Shortley phase. Hence
    ``l = 1`` is ``sqrt(3/(4 pi)) (y, z, x) / r``. The functions are orthonormal on the unit
    sphere, homogeneous of degree 0, have parity ``Y_l(-x) = (-1)^l Y_l(x)`` and satisfy
    ``Y_l(R x) = D^l(R) Y_l(x)`` with :func:`wigner_D`.

    Examples
    --------
    >>> import sympy
    >>> x, y, z = sympy.symbols("x y z", real=True)
    >>> spherical_harmonics(1, 0, 0, 1).T
    Matrix([[0, sqrt(3)/(2*sqrt(pi)), 0]])
    >>> sympy.simplify(spherical_harmonics(2, x, y, z)[0])
    sqrt(15)*x*y/(2*sqrt(pi)*(x**2 + y**2 + z**2))
    >>> spherical_harmonics(-1, x, y, z)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: spherical_harmonics: l=-1 must be a non-negative integer.
    """
    l = check_degree("l", l, where="spherical_harmonics")
    x, y, z = (sympy.sympify(v) for v in (x, y, z))
    r = sympy.sqrt(x**2 + y**2 + z**2)
    return sympy.Matrix([p / r**l for p in _harmonic_polys(l, x, y, z)])


@functools.cache
def _sh_kernel(l: int, dtype: str, backend: str) -> Kernel:
    x, y, z = _XYZ
    exprs = list(spherical_harmonics(l, x, y, z))
    return compile_kernel(exprs, [x, y, z], backend=backend, dtype=dtype)


def spherical_harmonics_kernel(
    l: int, *, dtype: str = "float64", backend: str = "numba"
) -> Kernel:
    """Compile :func:`spherical_harmonics` into a batched kernel ``k(x, y, z) -> (..., 2l+1)``.

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.
    dtype : {"float64", "float32"}, default "float64"
    backend : {"numba", "symengine", "numpy"}, default "numba"
        Passed to :func:`symalg.codegen.compile_kernel`; kernels are cached per process.

    Returns
    -------
    Kernel
        Broadcasts over the shapes of ``x, y, z``; the origin gives NaN.

    Raises
    ------
    InvalidArgumentError
        If ``l`` is negative or an option is not supported.

    Notes
    -----
    The same conventions as :func:`spherical_harmonics` (real basis, mu = -l..l, ``l = 1``
    proportional to ``(y, z, x)``).

    Examples
    --------
    >>> import numpy as np
    >>> k = spherical_harmonics_kernel(1, backend="numpy")
    >>> y = k(np.array([0.0]), np.array([2.0]), np.array([0.0]))
    >>> np.round(y / np.sqrt(3 / (4 * np.pi)), 12)
    array([[1., 0., 0.]])
    >>> spherical_harmonics_kernel(1, dtype="int8")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: spherical_harmonics_kernel: dtype='int8' is not ...
    """
    where = "spherical_harmonics_kernel"
    l = check_degree("l", l, where=where)
    check_option("dtype", dtype, ("float64", "float32"), where=where)
    check_option("backend", backend, ("numba", "symengine", "numpy"), where=where)
    return _sh_kernel(l, dtype, backend)
