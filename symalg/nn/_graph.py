"""Two-layer permutation-equivariant layer on adjacency matrices (S_n: A -> P A P^T)."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.nn._claims import Claim, InputSpec
from symalg.nn._common import as_input, check_size
from symalg.typing import RNGLike

__all__ = ["GraphLayer"]

N_OPS = 12


def equivariant_ops(h: np.ndarray) -> np.ndarray:
    """Stack 12 linear S_n-equivariant maps of an (n, n, c) tensor into (n, n, c, 12)."""
    n = h.shape[0]
    one = np.ones((n, 1, 1), dtype=h.dtype)
    eye = np.eye(n, dtype=h.dtype)[:, :, None]
    diag = np.einsum("iic->ic", h)  # (n, c)
    row = h.sum(axis=1) / n  # (n, c)
    col = h.sum(axis=0) / n
    total = h.sum(axis=(0, 1)) / n**2  # (c,)
    trace = diag.sum(axis=0) / n
    ops = [
        h,
        h.transpose(1, 0, 2),
        eye * diag[:, None, :],
        row[:, None, :] * one,
        row[None, :, :] * one,
        col[:, None, :] * one,
        col[None, :, :] * one,
        total[None, None, :] * one * one.transpose(1, 0, 2),
        eye * trace[None, None, :],
        eye * row[:, None, :],
        diag[:, None, :] * one,
        diag[None, :, :] * one,
    ]
    return np.stack([np.broadcast_to(o, h.shape) for o in ops], axis=-1)


class GraphLayer:
    """Two equivariant linear layers on adjacency matrices with a tanh between them [1]_.

    Parameters
    ----------
    n_nodes : int, default 5
        Graph size used by the claims (the layer accepts any size).
    n_hidden : int, default 4
        Channels of the hidden (n, n, c) tensor.
    rng : int, Generator or None, default 0
        Seed for the random weights.

    Notes
    -----
    Each layer is a linear combination of 12 of the 15 basis maps of S_n-equivariant linear
    maps on 2-tensors plus the equivariant biases ``b 11^T + c I``. Claim: ``A -> P A P^T``
    maps the output to ``P f(A) P^T`` (to round-off: sums are reordered).

    References
    ----------
    .. [1] H. Maron, H. Ben-Hamu, N. Shamir, Y. Lipman, "Invariant and Equivariant Graph
       Networks", ICLR 2019, arXiv:1812.09902.

    Examples
    --------
    >>> import numpy as np
    >>> f = GraphLayer()
    >>> a = np.random.default_rng(0).standard_normal((5, 5))
    >>> p = np.array([2, 0, 1, 4, 3])
    >>> bool(np.allclose(f(a[p][:, p]), f(a)[p][:, p]))
    True
    """

    name = "graph_layer"

    def __init__(self, n_nodes: int = 5, n_hidden: int = 4, *, rng: RNGLike = 0) -> None:
        where = "GraphLayer"
        self.n_nodes = check_int("n_nodes", n_nodes, where=where, minimum=1)
        hidden = check_int("n_hidden", n_hidden, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        self.layers = []
        for c_in, c_out in ((1, hidden), (hidden, 1)):
            w = gen.standard_normal((c_out, c_in, N_OPS)) / np.sqrt(c_in * N_OPS)
            self.layers.append(
                (w, 0.1 * gen.standard_normal(c_out), 0.1 * gen.standard_normal(c_out))
            )
        self.claims = (
            Claim(
                "permutation-equivariance",
                f"Permutations({self.n_nodes})",
                "matrix",
                "matrix",
                (InputSpec("square_matrices", {"n": self.n_nodes}),),
            ),
        )

    def __call__(self, a: np.ndarray) -> np.ndarray:
        """Map an (n, n) matrix to an (n, n) matrix."""
        a = as_input(a, where="GraphLayer", name="a", ndim=2)
        check_size("GraphLayer", "a", a, 1, a.shape[0])
        h = a[:, :, None]
        eye = np.eye(a.shape[0], dtype=a.dtype)[:, :, None]
        for i, (w, b, c) in enumerate(self.layers):
            h = np.einsum("ijck,ock->ijo", equivariant_ops(h), w.astype(a.dtype))
            h = h + b.astype(a.dtype) + eye * c.astype(a.dtype)
            if i == 0:
                h = np.tanh(h)
        return h[:, :, 0]
