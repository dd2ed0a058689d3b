"""A learnable combination of S_n-equivariant graph polynomials, with its symmetry claim."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from symalg._validation import check_bool, check_int, check_option, check_rng
from symalg.equivariant._sn_polynomial import (
    OUTPUTS,
    GraphPolynomial,
    as_graph_input,
    evaluate_basis,
    graph_polynomial_basis,
)
from symalg.typing import RNGLike

__all__ = ["GraphPolynomialLayer"]

_ACTIONS = {"invariant": "trivial", "node": "rows", "edge": "matrix"}


class GraphPolynomialLayer:
    """``f(X) = sum_H w_H P_H(X) / n^{m_H}``: all graph polynomials up to a degree.

    Parameters
    ----------
    degree : int, default 2
        Largest polynomial degree; the basis holds every P_H of degree ``0..degree``.
    output : {"invariant", "node", "edge"}, default "edge"
        Output R, R^n or R^{n x n}.
    symmetric : bool, default False
        Use the (smaller) basis for symmetric X.
    n_nodes : int, default 5
        Graph size used by the claim (the layer accepts any size).
    rng : int, Generator or None, default 0
        Seed for the standard-normal weights ``w_H``.

    Attributes
    ----------
    basis : tuple of GraphPolynomial
    weights : ndarray of shape (len(basis),)
    claim_data : tuple of dict
        The S_n claim as plain data: the keyword arguments of ``symalg.nn.Claim`` with
        ``inputs`` as ``(strategy, params)`` pairs (``symalg.nn`` turns them into
        ``Claim`` objects; ``symalg.equivariant`` may not import ``symalg.nn``).

    Notes
    -----
    ``m_H`` is the number of non-special vertices of H, so each term is an average over
    index assignments and stays O(|X|^degree) for every n. Claim (exact, to round-off):
    for every permutation p, ``f(X[p][:, p]) = f(X)[p][:, p]`` (edge), ``f(X)[p]`` (node)
    or ``f(X)`` (invariant). For ``degree >= 3`` it computes polynomials that no message
    passing network computes (``computable_by(p, "mpnn")`` is False for the triangle).

    Examples
    --------
    >>> import numpy as np
    >>> f = GraphPolynomialLayer(degree=2)
    >>> x = np.random.default_rng(0).standard_normal((5, 5))
    >>> p = np.array([2, 0, 1, 4, 3])
    >>> bool(np.allclose(f(x[p][:, p]), f(x)[p][:, p]))
    True
    >>> len(f.basis), f.claim_data[0]["output_action"]
    (134, 'matrix')
    >>> f(np.ones((2, 3)))
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: GraphPolynomialLayer: X has shape (2, 3); expected (..., n, n) ...
    """

    name = "graph_polynomial_layer"

    def __init__(
        self,
        degree: int = 2,
        output: Literal["invariant", "node", "edge"] = "edge",
        *,
        symmetric: bool = False,
        n_nodes: int = 5,
        rng: RNGLike = 0,
    ) -> None:
        where = "GraphPolynomialLayer"
        degree = check_int("degree", degree, where=where, minimum=0)
        self.output = check_option("output", output, OUTPUTS, where=where)
        symmetric = check_bool("symmetric", symmetric, where=where)
        self.n_nodes = check_int("n_nodes", n_nodes, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        self.basis: tuple[GraphPolynomial, ...] = tuple(
            p
            for d in range(degree + 1)
            for p in graph_polynomial_basis(d, output=output, symmetric=symmetric)
        )
        self.weights = gen.standard_normal(len(self.basis))
        self._free = np.array(
            [p.graph.n_nodes - len(set(p.graph.special)) for p in self.basis], dtype=float
        )
        self.claim_data: tuple[dict[str, Any], ...] = (
            {
                "name": "permutation-equivariance",
                "group": f"Permutations({self.n_nodes})",
                "input_action": "matrix",
                "output_action": _ACTIONS[self.output],
                "inputs": (("square_matrices", {"n": self.n_nodes}),),
            },
        )

    def __call__(self, x: Any) -> np.ndarray:
        """Map X of shape (..., n, n) to (...,), (..., n) or (..., n, n)."""
        arr = as_graph_input(x, where="GraphPolynomialLayer")
        values = evaluate_basis(self.basis, arr)
        coef = (self.weights / float(arr.shape[-1]) ** self._free).astype(arr.dtype)
        return np.tensordot(values, coef, axes=([arr.ndim - 2], [0]))
