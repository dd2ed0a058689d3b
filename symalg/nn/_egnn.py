"""EGNN-style message passing layer: E(3)- and permutation-equivariant."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.errors import ShapeError
from symalg.nn._claims import Claim, InputSpec
from symalg.nn._common import as_input, check_size, dense_params, mlp
from symalg.typing import RNGLike

__all__ = ["EGNNLayer"]


class EGNNLayer:
    """E(n)-equivariant graph layer on a fully connected graph [1]_.

    ``m_ij = phi_e(h_i, h_j, |x_i - x_j|^2)``,
    ``x_i' = x_i + sum_{j != i} (x_i - x_j) phi_x(m_ij) / (n - 1)``,
    ``h_i' = h_i + phi_h(h_i, sum_{j != i} m_ij)``.

    Parameters
    ----------
    n_nodes : int, default 5
    n_features : int, default 4
    n_messages : int, default 8
    rng : int, Generator or None, default 0

    Notes
    -----
    ``(h, x) -> (h', x')`` is invariant in ``h`` and equivariant in ``x`` under E(3)
    (``x -> x R^T + t``), and equivariant under node permutations acting on the rows of
    both ``h`` and ``x``: exactly in exact arithmetic, to round-off in floating point.

    References
    ----------
    .. [1] V. G. Satorras, E. Hoogeboom, M. Welling, "E(n) Equivariant Graph Neural
       Networks", ICML 2021, arXiv:2102.09844.

    Examples
    --------
    >>> import numpy as np
    >>> f = EGNNLayer()
    >>> rng = np.random.default_rng(0)
    >>> h, x = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    >>> h2, x2 = f(h, x + 1.0)
    >>> bool(np.allclose(x2, f(h, x)[1] + 1.0))
    True
    """

    name = "egnn"

    def __init__(
        self, n_nodes: int = 5, n_features: int = 4, n_messages: int = 8, *, rng: RNGLike = 0
    ) -> None:
        where = "EGNNLayer"
        self.n_nodes = check_int("n_nodes", n_nodes, where=where, minimum=2)
        self.n_features = check_int("n_features", n_features, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        f, m = self.n_features, n_messages
        self.phi_e = dense_params(gen, (2 * f + 1, 16, m))
        self.phi_x = dense_params(gen, (m, 16, 1))
        self.phi_h = dense_params(gen, (f + m, 16, f))
        inputs = (InputSpec("node_graphs", {"n_nodes": self.n_nodes, "n_features": f}),)
        self.claims = (
            Claim("e3-equivariance", "E3", ("trivial", "points"), ("trivial", "points"), inputs),
            Claim(
                "permutation-equivariance",
                f"Permutations({self.n_nodes})",
                ("rows", "rows"),
                ("rows", "rows"),
                inputs,
            ),
        )

    def __call__(self, h: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Update node features ``h`` (n, n_features) and positions ``x`` (n, 3)."""
        h = as_input(h, where="EGNNLayer", name="h", ndim=2)
        x = as_input(x, where="EGNNLayer", name="x", ndim=2)
        check_size("EGNNLayer", "h", h, 1, self.n_features)
        check_size("EGNNLayer", "x", x, 1, 3)
        if h.shape[0] != x.shape[0]:
            raise ShapeError(
                f"EGNNLayer: h has {h.shape[0]} nodes and x has {x.shape[0]}; they must match."
            )
        n = h.shape[0]
        diff = x[:, None, :] - x[None, :, :]  # (n, n, 3)
        d2 = (diff**2).sum(axis=-1, keepdims=True)
        pair = np.concatenate(
            [
                np.broadcast_to(h[:, None], (n, n, h.shape[1])),
                np.broadcast_to(h[None, :], (n, n, h.shape[1])),
                d2,
            ],
            axis=-1,
        )
        mask = (1.0 - np.eye(n, dtype=h.dtype))[:, :, None]
        msg = np.tanh(mlp(self.phi_e, pair)) * mask
        x_new = x + (diff * mlp(self.phi_x, msg)).sum(axis=1) / (n - 1)
        h_new = h + mlp(self.phi_h, np.concatenate([h, msg.sum(axis=1)], axis=-1))
        return h_new, x_new
