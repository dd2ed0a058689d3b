"""A lifting + group-convolution layer for R^2 ⋊ GL+(2) or SL(2) with Haar-weighted Monte Carlo.

Reference (numpy) implementation of the architecture of Mironenco and Forré: a lifting layer
``L mu(g) = sum_j c_j k(g^{-1} x_j)`` from point sets with features to functions on the
affine group, then one group convolution ``(Phi F)(g) = int F(g') kappa(g^{-1} g') dmu(g')``
against the left Haar measure, estimated by Monte Carlo with importance weights.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from symalg._validation import check_bool, check_int, check_rng
from symalg.errors import InvalidArgumentError, ShapeError
from symalg.lie._affine import Affine, AffineElement
from symalg.lie._base import as_float_array
from symalg.lie._gl2 import log_spd2, polar2
from symalg.lie._haar import cartan_density, sample_spd_lognormal
from symalg.lie._linear import SL, GLPlus, check_group
from symalg.typing import RNGLike

__all__ = ["AffineGroupConv"]


def _chart_features(m: np.ndarray) -> np.ndarray:
    """Continuous chart coordinates ``(t, log P, cos a, sin a)`` of affine elements.

    The rotation enters through ``(cos a, sin a)`` so the features are continuous on all of G.
    """
    p, _, a = polar2(m[..., :2, :2])
    lp = log_spd2(p)
    t = m[..., :2, 2]
    cols = [
        t[..., 0],
        t[..., 1],
        lp[..., 0, 0],
        lp[..., 0, 1],
        lp[..., 1, 1],
        np.cos(a),
        np.sin(a),
    ]
    return np.stack(cols, -1)


def _act_inverse(m: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``g^{-1} x_j`` for every ``g`` in ``m (..., 3, 3)`` and point ``x_j``: ``(..., n, 2)``.

    The affine inverse ``(A^{-1}, -A^{-1} t)`` with the 2x2 inverse in closed form.
    """
    a, b, c, d = m[..., 0, 0], m[..., 0, 1], m[..., 1, 0], m[..., 1, 1]
    det = a * d - b * c
    inv = np.stack([np.stack([d, -b], -1), np.stack([-c, a], -1)], -2) / det[..., None, None]
    shift = -(inv @ m[..., :2, 2:3])[..., 0]  # (..., 2)
    return x @ np.swapaxes(inv, -1, -2) + shift[..., None, :]


@numba.njit(cache=True)
def _lift_sum(gm, s, x, c, w_in, b_in, mix, weights):  # pragma: no cover - numba
    """Fused ``w_i L mu(g s_i)`` for homogeneous ``gm (m, 3, 3)``, ``s (N, 3, 3)``: (m, N, in)."""
    m, n_s, n_p, hid, n_in = gm.shape[0], s.shape[0], x.shape[0], w_in.shape[0], c.shape[1]
    out = np.zeros((m, n_s, n_in))
    val = np.empty(hid)
    for a in range(m):
        for i in range(n_s):
            g, q = gm[a], s[i]
            p00 = g[0, 0] * q[0, 0] + g[0, 1] * q[1, 0]
            p01 = g[0, 0] * q[0, 1] + g[0, 1] * q[1, 1]
            p10 = g[1, 0] * q[0, 0] + g[1, 1] * q[1, 0]
            p11 = g[1, 0] * q[0, 1] + g[1, 1] * q[1, 1]
            t0 = g[0, 0] * q[0, 2] + g[0, 1] * q[1, 2] + g[0, 2]
            t1 = g[1, 0] * q[0, 2] + g[1, 1] * q[1, 2] + g[1, 2]
            det = p00 * p11 - p01 * p10
            for j in range(n_p):
                u0, u1 = x[j, 0] - t0, x[j, 1] - t1
                y0 = (p11 * u0 - p01 * u1) / det
                y1 = (p00 * u1 - p10 * u0) / det
                env = np.exp(-0.5 * (y0 * y0 + y1 * y1))
                for h in range(hid):
                    val[h] = env * np.tanh(w_in[h, 0] * y0 + w_in[h, 1] * y1 + b_in[h])
                for ch in range(n_in):
                    acc = 0.0
                    for h in range(hid):
                        acc += mix[ch, h] * val[h]
                    out[a, i, ch] += acc * c[j, ch]
            for ch in range(n_in):
                out[a, i, ch] *= weights[i]
    return out


class AffineGroupConv:
    """Lifting layer plus one group convolution on ``R^2 ⋊ G``, G = GL+(2) or SL(2).

    Parameters
    ----------
    group : GLPlus or SL
        ``GLPlus(2)`` or ``SL(2)``.
    in_channels, out_channels : int
        Feature sizes of the input points and of the output.
    hidden : int
        Width of the lifting kernel.
    proposal_scale : (float, float)
        Standard deviations of the Gaussian translation and of the log-normal P factor of
        the Monte Carlo proposal; the Haar weights make the result independent of them.
    rng : int, Generator or None
        Seed of the fixed random kernel weights.

    Notes
    -----
    Kernels are smooth with Gaussian envelopes: the lifting kernel
    ``k(y) = exp(-|y|^2/2) tanh(W y + b)`` and the group kernel
    ``kappa(s) = exp(-|t|^2/2 - |log P|^2/2) tanh(V phi(s) + c)`` with ``phi`` the continuous
    chart features ``(t, log P, cos a, sin a)`` of ``s = g_out^{-1} g'``.

    The group integral ``int F(g') kappa(g^{-1} g') dmu(g')`` is rewritten, by left
    invariance, as ``int F(g s) kappa(s) dmu(s)`` and estimated with samples
    ``s = (t, exp(Y) K)`` (``t`` Gaussian, ``Y`` log-normal, ``K`` Haar on SO(2)) weighted by
    ``w = |det A|^{-1} J(Y) / (q_t(t) q_Y(Y))``, the left Haar density of the affine group
    over the proposal density. The lifting is exactly equivariant; the group convolution is
    equivariant in expectation, so with fresh samples on every call the layer is
    **approximately equivariant**: ``layer(h . mu)(g) ≈ layer(mu)(h^{-1} g)`` with a Monte
    Carlo error falling like ``n_samples^{-1/2}`` (exactly equal when both calls share the
    samples, i.e. the same ``rng`` seed). Without the weights (``weighted=False``) the sum
    integrates against the proposal instead of the Haar measure: it converges, but to a
    different operator.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import AffineGroupConv, Affine, GLPlus
    >>> layer = AffineGroupConv(GLPlus(2), in_channels=2, out_channels=3, rng=0)
    >>> pts, feats = np.array([[0.0, 0.0], [1.0, 0.5]]), np.ones((2, 2))
    >>> g_out = Affine(GLPlus(2)).identity((4,))
    >>> layer(pts, feats, g_out, n_samples=100, rng=1).shape
    (4, 3)
    """

    def __init__(
        self,
        group: GLPlus,
        *,
        in_channels: int,
        out_channels: int,
        hidden: int = 8,
        proposal_scale: tuple[float, float] = (1.0, 0.8),
        rng: RNGLike = None,
    ) -> None:
        where = "AffineGroupConv"
        self.group = check_group(group, where=where)
        if group.n != 2:
            raise InvalidArgumentError(f"{where}: group {group!r} has n={group.n}; expected n=2.")
        self.affine = Affine(group)
        self.in_channels = check_int("in_channels", in_channels, where=where, minimum=1)
        self.out_channels = check_int("out_channels", out_channels, where=where, minimum=1)
        hidden = check_int("hidden", hidden, where=where, minimum=1)
        scales = tuple(float(v) for v in np.ravel(proposal_scale))
        if len(scales) != 2 or not all(np.isfinite(v) and v > 0 for v in scales):
            raise InvalidArgumentError(
                f"{where}: proposal_scale={proposal_scale!r} must be two positive numbers "
                "(std of the translation and of the log-normal P factor)."
            )
        self.proposal_scale = scales
        gen = check_rng(rng, where=where)
        self._w = gen.standard_normal((hidden, 2))
        self._b = gen.standard_normal(hidden)
        self._mix = gen.standard_normal((self.in_channels, hidden)) / np.sqrt(hidden)
        self._v = gen.standard_normal((self.in_channels * self.out_channels, 7)) / np.sqrt(7)
        self._c = gen.standard_normal(self.in_channels * self.out_channels)

    def lift(self, points: Any, features: Any, g: AffineElement) -> np.ndarray:
        """Lift: ``L mu(g) = sum_j c_j k(g^{-1} x_j)``, shape ``(..., in_channels)``.

        Exactly equivariant: ``lift(h x, c, g) = lift(x, c, h^{-1} g)``.
        """
        x, c = self._check_input(points, features)
        return self._lift_at(_act_inverse(g.as_matrix(), x), c)

    def _lift_at(self, y: np.ndarray, c: np.ndarray) -> np.ndarray:
        env = np.exp(-0.5 * np.sum(y * y, axis=-1))[..., None]
        h = env * np.tanh(y @ self._w.T + self._b)  # (..., n_points, hidden)
        return np.sum((h @ self._mix.T) * c, axis=-2)

    def _check_input(self, points: Any, features: Any) -> tuple[np.ndarray, np.ndarray]:
        x = as_float_array(points, (2,), where="AffineGroupConv", name="points")
        c = as_float_array(features, (self.in_channels,), where="AffineGroupConv", name="features")
        if x.ndim != 2 or c.shape[0] != x.shape[0]:
            raise ShapeError(
                f"AffineGroupConv: points {x.shape} and features {c.shape} must be (n, 2) and "
                f"(n, {self.in_channels}) with the same n."
            )
        return x, c

    def kernel(self, s: AffineElement) -> np.ndarray:
        """Group kernel ``kappa(s)``, shape ``(..., in_channels, out_channels)``."""
        f = _chart_features(s.as_matrix())
        env = np.exp(-(np.sum(f[..., :2] ** 2, -1) + np.sum(f[..., 2:5] ** 2, -1)))
        val = np.tanh(f @ self._v.T + self._c) * env[..., None]
        return val.reshape(f.shape[:-1] + (self.in_channels, self.out_channels))

    def sample(self, n_samples: int, *, rng: RNGLike = None, weighted: bool = True) -> tuple:
        """Draw ``n_samples`` group elements and their Haar importance weights (or ones)."""
        n = check_int("n_samples", n_samples, where="AffineGroupConv.sample", minimum=1)
        weighted = check_bool("weighted", weighted, where="AffineGroupConv.sample")
        gen = check_rng(rng, where="AffineGroupConv.sample")
        sig_t, sig_y = self.proposal_scale
        special = isinstance(self.group, SL)
        y, logq_y = sample_spd_lognormal(2, n, scale=sig_y, traceless=special, rng=gen)
        a = gen.uniform(-np.pi, np.pi, n)
        cs, sn = np.cos(a), np.sin(a)
        k = np.stack([np.stack([cs, -sn], -1), np.stack([sn, cs], -1)], -2)
        lam, u = np.linalg.eigh(y)
        lin = (u * np.exp(lam)[:, None, :]) @ np.swapaxes(u, -1, -2) @ k
        t = gen.normal(0.0, sig_t, (n, 2))
        g = self.affine.from_parts(t, lin)
        if not weighted:
            return g, np.ones(n)
        logq_t = -0.5 * np.sum(t * t, -1) / sig_t**2 - np.log(2 * np.pi * sig_t**2)
        det = np.exp(np.sum(lam, -1))
        w = cartan_density(y) / det * np.exp(-(logq_y + logq_t))
        return g, w

    def __call__(
        self,
        points: Any,
        features: Any,
        g_out: AffineElement,
        *,
        n_samples: int = 1000,
        rng: RNGLike = None,
        weighted: bool = True,
    ) -> np.ndarray:
        """Layer output at ``g_out`` (batch of affine elements), ``(..., out_channels)``.

        ``Phi(L mu)(g) = int L mu(g s) kappa(s) dmu(s) ≈ (1/N) sum_i w_i L mu(g s_i) kappa(s_i)``
        (left invariance of the Haar measure moves the integral to ``s = g^{-1} g'``).
        """
        s, w = self.sample(n_samples, rng=rng, weighted=weighted)
        return self.convolve(points, features, g_out, s, w)

    def convolve(
        self,
        points: Any,
        features: Any,
        g_out: AffineElement,
        s: AffineElement,
        w: Any,
        *,
        kappa: np.ndarray | None = None,
    ) -> np.ndarray:
        """Layer output at ``g_out`` for samples ``s`` and weights ``w`` from :meth:`sample`.

        ``(1/N) sum_i w_i L mu(g s_i) kappa(s_i)``; reusing one sample set makes repeated calls
        deterministic (and the layer exactly equivariant between them). ``kappa``, the
        precomputed ``self.kernel(s)``, saves recomputing it for a reused sample set.
        """
        feat, kap = self._terms(points, features, g_out, s, w, kappa, "convolve")
        flat = feat.reshape(feat.shape[:-2] + (-1,))
        return flat @ kap.reshape(-1, kap.shape[-1]) / len(kap)

    def relative_standard_error(
        self,
        points: Any,
        features: Any,
        g_out: AffineElement,
        s: AffineElement,
        w: Any,
        *,
        kappa: np.ndarray | None = None,
    ) -> float:
        """Estimated relative standard error of :meth:`convolve` for these samples.

        ``sqrt(sum_i |t_i - mean|^2 / N) / (sqrt(N) |mean|)`` over the per-sample terms
        ``t_i = w_i L mu(g s_i) kappa(s_i)`` (all outputs together): the Monte Carlo error
        to expect relative to the output. It is large where few samples carry the sum or
        the terms cancel (points far from every ``g_out``); ``inf`` when the mean is zero.
        """
        feat, kap = self._terms(points, features, g_out, s, w, kappa, "relative_standard_error")
        terms = np.einsum("...ni,nio->n...o", feat, kap).reshape(len(kap), -1)
        mean = terms.mean(axis=0)
        spread = float(np.sqrt(np.mean(np.sum((terms - mean) ** 2, axis=1))))
        size = float(np.linalg.norm(mean)) * np.sqrt(len(kap))
        return spread / size if size > 0 else float("inf")

    def _terms(
        self,
        points: Any,
        features: Any,
        g_out: AffineElement,
        s: AffineElement,
        w: Any,
        kappa: np.ndarray | None,
        name: str,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Weighted lifted features ``(..., N, in)`` and kernel values ``(N, in, out)``."""
        if not isinstance(g_out, AffineElement) or g_out.group != self.affine:
            raise InvalidArgumentError(
                f"AffineGroupConv: g_out must be an element of {self.affine!r} "
                f"(build it with {self.affine!r}.from_parts(t, g))."
            )
        x, c = self._check_input(points, features)
        w = np.asarray(w, dtype=np.float64)
        ok = isinstance(s, AffineElement) and s.group == self.affine
        if not ok or w.ndim != 1 or s.as_matrix().shape[:-2] != w.shape:
            raise InvalidArgumentError(
                f"AffineGroupConv.{name}: s and w must come from AffineGroupConv.sample: "
                f"elements of {self.affine!r} of shape (N, 3, 3) and weights of shape (N,)."
            )
        gm = g_out.as_matrix()
        batch = gm.shape[:-2]
        gm = np.ascontiguousarray(gm.reshape((-1, 3, 3)), dtype=np.float64)
        sm = np.ascontiguousarray(s.as_matrix(), dtype=np.float64)
        args = (x.astype(np.float64), c.astype(np.float64), self._w, self._b, self._mix, w)
        feat = _lift_sum(gm, sm, *args).reshape(batch + (len(w), self.in_channels))
        return feat, self.kernel(s) if kappa is None else kappa
