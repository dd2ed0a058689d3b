"""Frame-averaged MLP for point clouds: exact E(3) invariance/equivariance off degeneracy."""

from __future__ import annotations

import itertools

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.nn._claims import Claim, Degeneracy, InputSpec
from symalg.nn._common import as_input, check_size, dense_params, mlp
from symalg.typing import RNGLike

__all__ = ["FrameAveragedMLP"]

_SIGNS = np.array(list(itertools.product((1.0, -1.0), repeat=3)))  # (8, 3)

#: Below this relative covariance gap the PCA frame is treated as undefined.
GAP_THRESHOLD = 1e-3


class FrameAveragedMLP:
    """MLP on point clouds made E(3)-invariant or -equivariant by frame averaging [1]_.

    The frame of a cloud ``X`` (n, 3) is its centroid ``c`` and the eigenvectors ``V`` of
    the covariance of ``X - c``; the 8 sign choices ``V diag(s)`` form the frame set, and
    the backbone is averaged over it.

    Parameters
    ----------
    n_points : int, default 8
    n_hidden : int, default 32
    n_out : int, default 4
        Size of the invariant output.
    rng : int, Generator or None, default 0

    Notes
    -----
    ``invariant(X)`` satisfies ``f(X R^T + t) = f(X)`` and ``equivariant(X)`` satisfies
    ``f(X R^T + t) = f(X) R^T + t`` for every ``R`` in O(3) and translation ``t``, exactly in
    exact arithmetic whenever the covariance eigenvalues are distinct. In floating point the
    error grows like ``eps / gap`` with ``gap = min_i (l_{i+1} - l_i) / l_max``
    (:meth:`covariance_gap`); at ``gap = 0`` the frame is undefined and the function is
    discontinuous. The claims declare this region (``gap < 1e-3``) as expected degeneracy.

    References
    ----------
    .. [1] O. Puny et al., "Frame Averaging for Invariant and Equivariant Network Design",
       ICLR 2022, arXiv:2110.03336.

    Examples
    --------
    >>> import numpy as np
    >>> f = FrameAveragedMLP()
    >>> x = np.random.default_rng(0).standard_normal((8, 3)) * [3.0, 2.0, 1.0]
    >>> q, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((3, 3)))
    >>> bool(np.allclose(f.invariant(x @ q.T + 5.0), f.invariant(x)))
    True
    """

    name = "frame_averaging"

    def __init__(
        self, n_points: int = 8, n_hidden: int = 32, n_out: int = 4, *, rng: RNGLike = 0
    ) -> None:
        where = "FrameAveragedMLP"
        self.n_points = check_int("n_points", n_points, where=where, minimum=2)
        gen = check_rng(rng, where=where)
        size = 3 * self.n_points
        self.inv_params = dense_params(gen, (size, n_hidden, n_out))
        self.eqv_params = dense_params(gen, (size, n_hidden, size))
        inputs = (InputSpec("point_clouds", {"n_points": self.n_points}),)
        degen = Degeneracy(
            "covariance_gap",
            GAP_THRESHOLD,
            "PCA frame undefined at repeated covariance eigenvalues",
        )
        self.claims = (
            Claim(
                "e3-invariance",
                "E3",
                "points",
                "trivial",
                inputs,
                method="invariant",
                degeneracy=degen,
            ),
            Claim(
                "e3-equivariance",
                "E3",
                "points",
                "points",
                inputs,
                method="equivariant",
                degeneracy=degen,
            ),
        )

    def _frames(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x = as_input(x, where="FrameAveragedMLP", name="x", ndim=2)
        check_size("FrameAveragedMLP", "x", x, 0, self.n_points)
        check_size("FrameAveragedMLP", "x", x, 1, 3)
        centroid = x.mean(axis=0)
        y = x - centroid
        _, v = np.linalg.eigh(y.T @ y / len(y))
        frames = v[None, :, :] * _SIGNS[:, None, :].astype(x.dtype)  # (8, 3, 3)
        return centroid, frames, y @ frames  # local: (8, n, 3) coordinates in each frame

    def covariance_gap(self, x: np.ndarray) -> float:
        """Return ``min_i (l_{i+1} - l_i) / l_max`` of the covariance of the centred cloud."""
        x = np.asarray(x, dtype=np.float64)
        y = x - x.mean(axis=0)
        lam = np.linalg.eigvalsh(y.T @ y / len(y))
        return float(np.min(np.diff(lam)) / max(lam[-1], np.finfo(np.float64).tiny))

    def invariant(self, x: np.ndarray) -> np.ndarray:
        """E(3)-invariant features of shape (n_out,) of a cloud of shape (n_points, 3)."""
        _, _, local = self._frames(x)
        return mlp(self.inv_params, local.reshape(8, -1)).mean(axis=0)

    def equivariant(self, x: np.ndarray) -> np.ndarray:
        """E(3)-equivariant points of shape (n_points, 3): rotate and translate with ``x``."""
        centroid, frames, local = self._frames(x)
        out = mlp(self.eqv_params, local.reshape(8, -1)).reshape(local.shape)
        return np.einsum("fnk,fjk->nj", out, frames) / 8 + centroid
