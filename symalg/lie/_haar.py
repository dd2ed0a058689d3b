"""Haar measures: densities in Cartan and Iwasawa coordinates, samplers, importance weights."""

from __future__ import annotations

from typing import Any

import numpy as np

from symalg._validation import check_bool, check_int, check_option, check_rng
from symalg.errors import InvalidArgumentError
from symalg.lie._base import as_float_array, as_square
from symalg.lie._coefficients import evaluate
from symalg.lie._so3_math import so3_exp
from symalg.typing import RNGLike

__all__ = [
    "sample_haar_orthogonal",
    "sample_uniform_tangent_so3",
    "cartan_density",
    "iwasawa_density",
    "spd_density",
    "importance_weights",
    "sample_spd_lognormal",
]


def sample_haar_orthogonal(
    n: int,
    size: int,
    *,
    special: bool = True,
    method: str = "qr",
    rng: RNGLike = None,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Exact Haar samples on SO(n) (``special=True``) or O(n), shape ``(size, n, n)``.

    Parameters
    ----------
    n, size : int
        Matrix size and number of samples.
    special : bool
        SO(n) (flip the first column where det < 0) or O(n).
    method : {"qr", "polar"}
        QR of a Gaussian matrix with the sign fix ``Q diag(sign(diag R))``, or the
        orthogonal polar factor ``U V^T`` of a Gaussian matrix; both are exactly Haar.

    Notes
    -----
    QR without the sign fix is not Haar (the mean of ``Q[0, 0]`` is about -0.5, not 0).

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import sample_haar_orthogonal
    >>> Q = sample_haar_orthogonal(3, 5, rng=0)
    >>> bool(np.allclose(np.linalg.det(Q), 1) and np.allclose(Q @ Q.transpose(0, 2, 1), np.eye(3)))
    True
    """
    where = "sample_haar_orthogonal"
    n = check_int("n", n, where=where, minimum=1)
    size = check_int("size", size, where=where, minimum=0)
    special = check_bool("special", special, where=where)
    method = check_option("method", method, ("qr", "polar"), where=where)
    gen = check_rng(rng, where=where)
    z = gen.standard_normal((size, n, n))
    if method == "qr":
        q, r = np.linalg.qr(z)
        q = q * np.where(np.diagonal(r, axis1=-2, axis2=-1) < 0, -1.0, 1.0)[..., None, :]
    else:
        u, _, vt = np.linalg.svd(z)
        q = u @ vt
    if special:
        q[..., :, 0] *= np.where(np.linalg.det(q) < 0, -1.0, 1.0)[..., None]
    return q.astype(dtype)


def sample_uniform_tangent_so3(size: int, *, rng: RNGLike = None) -> np.ndarray:
    """``exp`` of tangent vectors uniform in the ball of radius pi: **not** Haar.

    A negative control for Haar tests: its rotation angle has density ``3 t^2 / pi^3``,
    Haar's is ``(1 - cos t) / pi``.

    Examples
    --------
    >>> from symalg.lie import sample_uniform_tangent_so3
    >>> sample_uniform_tangent_so3(3, rng=0).shape
    (3, 3, 3)
    """
    size = check_int("size", size, where="sample_uniform_tangent_so3", minimum=0)
    gen = check_rng(rng, where="sample_uniform_tangent_so3")
    d = gen.standard_normal((size, 3))
    d /= np.linalg.norm(d, axis=-1, keepdims=True)
    r = np.pi * gen.uniform(0, 1, size) ** (1 / 3)
    return so3_exp(d * r[:, None])


def _pair_product(lam: np.ndarray, scale: float) -> np.ndarray:
    n = lam.shape[-1]
    out = np.ones(lam.shape[:-1], dtype=lam.dtype)
    for i in range(n):
        for j in range(i + 1, n):
            d = (lam[..., i] - lam[..., j]) * scale
            out = out * evaluate("SH", d * d)
    return out


def _symmetric(y: Any, where: str) -> np.ndarray:
    a = as_square(y, None, where=where, name="Y")
    asym = np.abs(a - np.swapaxes(a, -1, -2)).max() if a.size else 0.0
    if asym > 1e-10 * (1 + np.abs(a).max()):
        raise InvalidArgumentError(
            f"{where}: Y is not symmetric (max |Y - Y^T| = {asym:.3g}); pass (Y + Y^T)/2."
        )
    return a


def cartan_density(y: Any) -> np.ndarray:
    """Haar density of GL+(n) in Cartan coordinates ``g = exp(Y) K``.

    ``2^{n(n-1)/2} prod_{i<j} sinh(y_i - y_j)/(y_i - y_j)`` with ``y`` the eigenvalues of the
    symmetric ``Y``, with respect to Lebesgue measure on the upper-triangular entries of
    ``Y`` times ``dK`` in exponential coordinates of the basis ``E_ij - E_ji``; the same
    formula holds on SL(n) with traceless ``Y``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import cartan_density
    >>> float(cartan_density(np.zeros((3, 3))))
    8.0
    """
    a = _symmetric(y, "cartan_density")
    n = a.shape[-1]
    return 2.0 ** (n * (n - 1) / 2) * _pair_product(np.linalg.eigvalsh(a), 1.0)


def spd_density(x: Any) -> np.ndarray:
    """Invariant density of SPD(n) in ``S = exp(X)`` coordinates: ``prod sinh(d/2)/(d/2)``.

    ``d = x_i - x_j`` over pairs of eigenvalues of ``X``; the reference measure is
    ``det(S)^{-(n+1)/2} prod_{i<=j} dS_ij`` pulled back, normalised to 1 at ``X = 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import spd_density
    >>> float(spd_density(np.diag([1.0, -1.0]))) == float(np.sinh(1.0))
    True
    """
    a = _symmetric(x, "spd_density")
    return _pair_product(np.linalg.eigvalsh(a), 0.5)


def iwasawa_density(t: Any) -> np.ndarray:
    """Haar density ``prod_i r_ii^{-i}`` (i = 1..n) of GL+(n) in ``g = K T`` coordinates.

    ``T`` upper triangular with positive diagonal; reference measure: Lebesgue on the
    entries of ``T`` times ``dK`` (normalised as in :func:`cartan_density`).

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import iwasawa_density
    >>> float(iwasawa_density(np.array([[2.0, 5.0], [0.0, 4.0]])))
    0.03125
    """
    a = as_square(t, None, where="iwasawa_density", name="T")
    d = np.diagonal(a, axis1=-2, axis2=-1)
    if np.any(d <= 0):
        raise InvalidArgumentError(
            f"iwasawa_density: T has a diagonal entry {d.min():.6g} <= 0; expected the "
            "positive-diagonal factor of iwasawa(g) (A @ N)."
        )
    powers = np.arange(1, a.shape[-1] + 1)
    return np.prod(d ** (-powers.astype(a.dtype)), axis=-1)


def importance_weights(y: Any, log_proposal: Any, *, normalize: bool = True) -> np.ndarray:
    """Weights ``J(Y) / q(Y)`` turning samples of a proposal on the P factor into Haar.

    Parameters
    ----------
    y : array_like of shape (m, n, n)
        Symmetric Cartan coordinates of the samples (``P = exp(Y)``).
    log_proposal : array_like of shape (m,)
        Log density of the proposal at each sample, in the coordinates of
        :func:`cartan_density`.
    normalize : bool
        Divide by the sum (self-normalised importance sampling).

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import sample_spd_lognormal, importance_weights
    >>> Y, logq = sample_spd_lognormal(2, 4, rng=0)
    >>> w = importance_weights(Y, logq)
    >>> bool(np.isclose(w.sum(), 1.0) and np.all(w > 0))
    True
    """
    dens = cartan_density(y)
    lq = as_float_array(
        np.asarray(log_proposal)[..., None], (1,), where="importance_weights", name="log_proposal"
    )[..., 0]
    if lq.shape != dens.shape:
        raise InvalidArgumentError(
            f"importance_weights: log_proposal has shape {lq.shape}; expected {dens.shape}."
        )
    logw = np.log(dens) - lq
    w = np.exp(logw - (logw.max() if normalize and logw.size else 0.0))
    return w / w.sum() if normalize else w


def sample_spd_lognormal(
    n: int, size: int, *, scale: float = 0.3, traceless: bool = False, rng: RNGLike = None
) -> tuple[np.ndarray, np.ndarray]:
    """Log-normal proposal on the P factor: Gaussian symmetric ``Y``, ``P = exp(Y)``.

    Upper-triangular entries of ``Y`` are independent ``N(0, scale^2)``; with
    ``traceless=True`` (SL) the diagonal is projected to trace zero and the density is taken
    on the remaining free coordinates. Returns ``(Y, log q(Y))`` for
    :func:`importance_weights`.

    Examples
    --------
    >>> from symalg.lie import sample_spd_lognormal
    >>> Y, logq = sample_spd_lognormal(3, 2, rng=1)
    >>> Y.shape, logq.shape
    ((2, 3, 3), (2,))
    """
    where = "sample_spd_lognormal"
    n = check_int("n", n, where=where, minimum=1)
    size = check_int("size", size, where=where, minimum=0)
    if not (np.isfinite(scale) and scale > 0):
        raise InvalidArgumentError(f"{where}: scale={scale!r} must be finite and > 0.")
    gen = check_rng(rng, where=where)
    iu = np.triu_indices(n, 1)
    off = gen.normal(0, scale, (size, len(iu[0])))
    diag = gen.normal(0, scale, (size, n - 1 if traceless else n))
    free = np.concatenate([diag, off], axis=1)
    if traceless:
        diag = np.concatenate([diag, -diag.sum(axis=1, keepdims=True)], axis=1)
    y = np.zeros((size, n, n))
    y[:, np.arange(n), np.arange(n)] = diag
    y[:, iu[0], iu[1]] = off
    y[:, iu[1], iu[0]] = off
    logq = -0.5 * np.sum(free**2, axis=1) / scale**2 - free.shape[1] * np.log(
        scale * np.sqrt(2 * np.pi)
    )
    return y, logq
