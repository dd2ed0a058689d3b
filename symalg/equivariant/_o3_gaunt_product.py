"""The Gaunt tensor product: multiply spherical functions in a 2-D Fourier basis with FFTs."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import scipy.fft

from symalg._validation import check_int, check_option
from symalg.equivariant._o3_checks import check_degree
from symalg.equivariant._o3_fourier import fourier_to_sh_table, sh_to_fourier_table
from symalg.equivariant._o3_irreps import Irreps, check_feature_pair

__all__ = ["GauntTensorProduct"]

#: ``method="auto"`` uses dense DFT matrices in phi up to this grid size, FFTs above it.
_DFT_MAX = 64
#: Grid values per batch chunk (about 256 KiB of float64, so the grids stay in cache).
_CHUNK = 2**15


def _theta_grid(n_theta: int) -> np.ndarray:
    return 2 * np.pi * np.arange(n_theta) / n_theta


def _theta_values(lmax: int, n_theta: int) -> np.ndarray:
    """``T[m, l, j] = Theta_{l,m}(theta_j)``, j <= n_theta // 2, from exact coefficients."""
    a = sh_to_fourier_table(lmax)
    u = np.arange(-lmax, lmax + 1)
    half = _theta_grid(n_theta)[: n_theta // 2 + 1]
    t = np.einsum("lmu,ju->mlj", a, np.exp(1j * np.outer(half, u)))
    assert np.abs(t.imag).max(initial=0.0) < 1e-12  # internal invariant: Theta is real
    return np.ascontiguousarray(t.real)


def _projection_values(lmax_out: int, umax: int, n_theta: int) -> np.ndarray:
    """``V[m, j, L]``: exact Fourier-to-SH integrals composed with the DFT in theta."""
    w = fourier_to_sh_table(lmax_out, umax)
    u = np.arange(-umax, umax + 1)
    v = np.einsum("Lmu,ju->mjL", w, np.exp(-1j * np.outer(_theta_grid(n_theta), u))) / n_theta
    assert np.abs(v.imag).max(initial=0.0) < 1e-12  # internal invariant: V is real
    # f(2 pi - theta, phi) = f(theta, phi + pi): fold row n - j onto row j with (-1)^m
    half, sign = n_theta // 2, (-1.0) ** np.arange(w.shape[1])[:, None, None]
    folded = v.real[:, : half + 1].copy()
    folded[:, 1:] += sign * v.real[:, :half:-1]
    return np.ascontiguousarray(folded)


def _gather_index(lmax: int) -> np.ndarray:
    """``idx[m, c, l]``: column of x holding ``(l, +m)`` (c = 0) or ``(l, -m)`` (c = 1)."""
    n = (lmax + 1) ** 2
    idx = np.full((lmax + 1, 2, lmax + 1), n)  # n points at an appended zero column
    for m in range(lmax + 1):
        for l in range(m, lmax + 1):
            idx[m, 0, l] = l * l + l + m
            if m:
                idx[m, 1, l] = l * l + l - m
    return idx


def _phi_basis(n_orders: int, n_phi: int) -> np.ndarray:
    """``B[(m, c), k]``: cos(m phi_k) for c = 0 and sin(m phi_k) for c = 1."""
    ang = np.outer(np.arange(n_orders), 2 * np.pi * np.arange(n_phi) / n_phi)
    return np.stack([np.cos(ang), np.sin(ang)], axis=1).reshape(2 * n_orders, n_phi)


class GauntTensorProduct:
    """Gaunt tensor product of spherical-harmonic features via 2-D FFTs [1]_.

    Parameters
    ----------
    lmax1, lmax2 : int
        Degrees of the inputs, whose irreps are ``0e + 1o + ... `` up to ``lmax``
        (:meth:`Irreps.spherical_harmonics`, dimension ``(lmax+1)**2``).
    lmax_out : int
        Degree of the output (terms above ``lmax1 + lmax2`` are zero).
    workers : int, default 1
        Threads for ``scipy.fft``.

    Attributes
    ----------
    weights1, weights2, weights_out : ndarray
        Learnable per-degree weights (initially ones) applied to each input and output degree.

    Notes
    -----
    With ``F_x = sum x_{l,mu} Y_{l,mu}`` (real harmonics of :func:`spherical_harmonics`) the
    output is ``z_{L,M} = int F_x F_y Y_{L,M} dOmega``, i.e.
    ``z = sum G[i, j, k] x_i y_j`` with the real Gaunt tensor (:func:`real_gaunt_table`).
    This is a different operation from the full Clebsch-Gordan product: each path
    ``(l1, l2, L)`` enters with the fixed weight ``c(l1, l2, L)`` times ``Q``
    (:func:`gaunt_constant`), and the odd paths (``l1 + l2 + L`` odd, e.g. the cross product
    ``1 x 1 -> 1``) vanish (exactly in the coefficients, to round-off in the FFT route). It is
    O(3)-equivariant with the parities of the
    harmonics. The harmonics are exact trigonometric polynomials in ``(theta, phi)``
    (coefficients derived with sympy), their product is a 2-D convolution done by
    zero-padded ``rfft2``/``irfft2``, and the projection back uses exact integrals:
    O(L^3) work per sample instead of O(L^6).

    References
    ----------
    .. [1] S. Luo, T. Chen, A. S. Krishnapriyan, "Enabling Efficient Equivariant Operations
       in the Fourier Basis via Gaunt Tensor Products", ICLR 2024, arXiv:2401.10216.

    Examples
    --------
    >>> import numpy as np
    >>> gp = GauntTensorProduct(1, 1, 2)
    >>> x = np.zeros(4); x[0] = np.sqrt(4 * np.pi)  # the constant function 1
    >>> y = np.array([0.1, 0.2, 0.3, 0.4])
    >>> (np.round(gp(x, y), 12) + 0.0).tolist()  # 1 * F_y = F_y
    [0.1, 0.2, 0.3, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0]
    >>> gp(x, np.zeros(3))
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: GauntTensorProduct: x2 has shape (3,); expected (..., 4) ...
    """

    def __init__(
        self,
        lmax1: int,
        lmax2: int,
        lmax_out: int,
        *,
        method: Literal["auto", "fft", "dft"] = "auto",
        workers: int = 1,
    ) -> None:
        where = "GauntTensorProduct"
        self.lmax1 = check_degree("lmax1", lmax1, where=where)
        self.lmax2 = check_degree("lmax2", lmax2, where=where)
        self.lmax_out = check_degree("lmax_out", lmax_out, where=where)
        method = check_option("method", method, ("auto", "fft", "dft"), where=where)
        self.workers = check_int("workers", workers, where=where, minimum=1)
        self.irreps_in1 = Irreps.spherical_harmonics(self.lmax1)
        self.irreps_in2 = Irreps.spherical_harmonics(self.lmax2)
        self.irreps_out = Irreps.spherical_harmonics(self.lmax_out)
        self.weights1 = np.ones(self.lmax1 + 1)
        self.weights2 = np.ones(self.lmax2 + 1)
        self.weights_out = np.ones(self.lmax_out + 1)
        lsum = self.lmax1 + self.lmax2
        self.n_theta = 2 * lsum + 1
        n_phi = max(lsum + self.lmax_out + 1, 2 * max(self.lmax1, self.lmax2) + 2)
        while (n_phi := scipy.fft.next_fast_len(n_phi, real=True)) % 2:
            n_phi += 1  # even, so that phi + pi lies on the grid
        self.n_phi = n_phi
        self._n_rows = self.n_theta // 2 + 1
        self.method = ("dft" if self.n_phi <= _DFT_MAX else "fft") if method == "auto" else method
        self._t1 = _theta_values(self.lmax1, self.n_theta)
        self._t2 = _theta_values(self.lmax2, self.n_theta)
        self._v = _projection_values(self.lmax_out, lsum, self.n_theta)
        self._idx1, self._idx2 = _gather_index(self.lmax1), _gather_index(self.lmax2)
        self._to_grid1 = _phi_basis(self.lmax1 + 1, self.n_phi)
        self._to_grid2 = _phi_basis(self.lmax2 + 1, self.n_phi)
        self._from_grid = _phi_basis(self.lmax_out + 1, self.n_phi).T / self.n_phi

    def _grid(
        self, x: np.ndarray, t: np.ndarray, idx: np.ndarray, basis: np.ndarray
    ) -> np.ndarray:
        """Values ``f[b, j, k]`` of ``sum x_{l,mu} Y_{l,mu}`` at ``(theta_j, phi_k)``."""
        n_batch, n_orders = x.shape[0], t.shape[0]
        xp = np.concatenate([x, np.zeros((n_batch, 1))], axis=1)[:, idx]  # (b, m, c, l)
        h = np.matmul(xp.transpose(1, 0, 2, 3).reshape(n_orders, 2 * n_batch, -1), t)
        h = h.reshape(n_orders, n_batch, 2, self._n_rows)  # (m, b, c, j)
        if self.method == "dft":
            flat = h.transpose(1, 3, 0, 2).reshape(n_batch * self._n_rows, 2 * n_orders)
            return (flat @ basis).reshape(n_batch, self._n_rows, self.n_phi)
        spec = np.zeros((n_batch, self._n_rows, n_orders), dtype=np.complex128)
        spec.real = h[:, :, 0].transpose(1, 2, 0)
        spec.imag = -h[:, :, 1].transpose(1, 2, 0)
        spec[..., 1:] *= 0.5
        return scipy.fft.irfft(spec, n=self.n_phi, axis=-1, norm="forward", workers=self.workers)

    def _project(self, f: np.ndarray) -> np.ndarray:
        n_batch, n_orders = f.shape[0], self.lmax_out + 1
        if self.method == "dft":
            g = (f.reshape(-1, self.n_phi) @ self._from_grid).reshape(n_batch, self._n_rows, -1)
        else:
            spec = scipy.fft.rfft(f, axis=-1, norm="forward", workers=self.workers)[..., :n_orders]
            g = np.stack([spec.real, -spec.imag], axis=-1)
        g = g.reshape(n_batch, self._n_rows, n_orders, 2).transpose(2, 3, 0, 1)  # (m, c, b, j)
        s = np.matmul(g.reshape(n_orders, 2 * n_batch, self._n_rows), self._v)  # (m, 2b, L)
        s = s.reshape(n_orders, 2, n_batch, n_orders)
        out = np.empty((n_batch, n_orders**2))
        for m in range(n_orders):
            ls = np.arange(m, n_orders)
            out[:, ls * ls + ls + m] = s[m, 0, :, m:]
            if m:
                out[:, ls * ls + ls - m] = s[m, 1, :, m:]
        return out

    def __call__(self, x1: Any, x2: Any) -> np.ndarray:
        """Return ``z`` of shape ``batch + ((lmax_out+1)**2,)``."""
        where = "GauntTensorProduct"
        a, b, batch, dtype = check_feature_pair(where, self.irreps_in1, self.irreps_in2, x1, x2)
        deg1 = np.repeat(self.weights1, 2 * np.arange(self.lmax1 + 1) + 1)
        deg2 = np.repeat(self.weights2, 2 * np.arange(self.lmax2 + 1) + 1)
        a = (np.broadcast_to(a, batch + a.shape[-1:]) * deg1).reshape(-1, a.shape[-1])
        b = (np.broadcast_to(b, batch + b.shape[-1:]) * deg2).reshape(-1, b.shape[-1])
        a, b = a.astype(np.float64), b.astype(np.float64)
        out = np.empty((a.shape[0], (self.lmax_out + 1) ** 2))
        n_chunks = -(-a.shape[0] * self._n_rows * self.n_phi // _CHUNK)  # grids stay in cache
        step = max(1, -(-a.shape[0] // max(n_chunks, 1)))
        for i in range(0, a.shape[0], step):
            f = self._grid(a[i : i + step], self._t1, self._idx1, self._to_grid1)
            f *= self._grid(b[i : i + step], self._t2, self._idx2, self._to_grid2)
            out[i : i + step] = self._project(f)
        out *= np.repeat(self.weights_out, 2 * np.arange(self.lmax_out + 1) + 1)
        return out.astype(dtype, copy=False).reshape(batch + (out.shape[-1],))
