"""S_n-equivariant graph polynomials P_H indexed by multigraphs (Puny et al., ICML 2023)."""

from __future__ import annotations

import functools
import itertools
import string
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
import sympy

from symalg._validation import check_bool, check_int, check_option
from symalg.equivariant._sn_contract import Plan, make_plan, run_plans
from symalg.equivariant._sn_multigraph import Multigraph, enumerate_multigraphs
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError

__all__ = ["GraphPolynomial", "graph_polynomial_basis", "evaluate_basis", "as_graph_input"]

OUTPUTS = ("invariant", "node", "edge")
_MAX_SYMBOLIC_TERMS = 200_000


def as_graph_input(x: Any, *, where: str) -> np.ndarray:
    """Validate X of shape (..., n, n) and return it as float32 / float64."""
    if not isinstance(x, (np.ndarray, list, tuple)):
        raise InvalidTypeError(
            f"{where}: X must be an array of shape (..., n, n), got {type(x).__name__}."
        )
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise InvalidTypeError(f"{where}: X has dtype {arr.dtype}; expected a real float array.")
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] == 0:
        raise ShapeError(f"{where}: X has shape {arr.shape}; expected (..., n, n) with n >= 1.")
    return arr


@dataclass(frozen=True)
class GraphPolynomial:
    r"""The equivariant polynomial P_H of a multigraph H with ordered special nodes.

    ``P_H(X)[i_a, i_b] = sum over i_c (c non-special) of prod_{(u, w) in E} X[i_u, i_w]``:
    a homomorphism sum over all index assignments, collisions included.

    Parameters
    ----------
    graph : Multigraph
        The multigraph spec (vertices, edge multiset, special nodes, directedness).
    output : {"invariant", "node", "edge"}
        Output kind; must match the number of special nodes.

    Notes
    -----
    Equivariance: ``P(X[p][:, p]) = P(X)[p][:, p]`` (edge), ``P(X)[p]`` (node), ``P(X)``
    (invariant) for every permutation ``p``. An edge polynomial with ``a == b`` is a
    diagonal matrix; an isolated special node broadcasts along its axis. An undirected H
    (``symmetric=True`` bases) evaluates each edge as ``X[i_u, i_w]`` with ``u <= w``; on
    symmetric X the orientation does not matter, and on general X the value is still
    equivariant.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.equivariant import graph_polynomial_basis
    >>> p = next(q for q in graph_polynomial_basis(2, output="edge") if q.einsum == "ac,cb->ab")
    >>> p.special_nodes, p.degree
    ((1, 2), 2)
    >>> x = np.arange(9.0).reshape(3, 3)
    >>> bool(np.allclose(p(x), x @ x))
    True
    """

    graph: Multigraph
    output: Literal["invariant", "node", "edge"]

    def __post_init__(self) -> None:
        check_option("output", self.output, OUTPUTS, where="GraphPolynomial")
        need = {"invariant": 0, "node": 1, "edge": 2}[self.output]
        if len(self.graph.special) != need:
            raise InvalidArgumentError(
                f"GraphPolynomial: output={self.output!r} needs {need} special node(s), the "
                f"graph has special={self.graph.special}."
            )

    @property
    def degree(self) -> int:
        """Number of edges of H (the polynomial degree)."""
        return self.graph.degree

    @property
    def symmetric(self) -> bool:
        """``True`` for an undirected H (a polynomial of symmetric X)."""
        return not self.graph.directed

    @property
    def special_nodes(self) -> tuple[int, ...]:
        """Ordered special nodes: ``()``, ``(a,)`` or ``(a, b)`` (``a == b``: diagonal)."""
        return self.graph.special

    @property
    def multigraph(self) -> nx.MultiDiGraph | nx.MultiGraph:
        """H as a fresh networkx multigraph; special nodes carry ``special="a"/"b"/"ab"``."""
        h = nx.MultiDiGraph() if self.graph.directed else nx.MultiGraph()
        names = {1: "a", 2: "b", 3: "ab"}
        for v, role in enumerate(self.graph.roles):
            h.add_node(v, **({"special": names[role]} if role else {}))
        h.add_edges_from(self.graph.edges)
        return h

    @functools.cached_property
    def _letters(self) -> dict[int, str]:
        letters, spare = {}, iter(string.ascii_lowercase[2:] + string.ascii_uppercase)
        for s, name in zip(self.graph.special, "ab", strict=False):
            letters.setdefault(s, name)
        for v in [u for e in self.graph.edges for u in e]:
            if v not in letters:
                letters[v] = next(spare)
        return letters

    @property
    def einsum(self) -> str:
        """``numpy.einsum`` subscripts of P_H.

        One ``X`` operand per edge (sorted), then one all-ones vector per isolated special
        node; for ``a == b`` the (vector) result is the diagonal of the value.
        """
        let = self._letters
        ops = sorted("".join(let[u] for u in e) for e in self.graph.edges)
        touched = {v for e in self.graph.edges for v in e}
        ops += [let[s] for s in dict.fromkeys(self.graph.special) if s not in touched]
        out = "".join(let[s] for s in dict.fromkeys(self.graph.special))
        return f"{','.join(ops)}->{out}"

    @functools.cached_property
    def plan(self) -> Plan:
        """The contraction plan (elimination order and shared intermediates)."""
        return make_plan(self.graph, self.output)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Evaluate on X of shape (..., n, n): (...,), (..., n) or (..., n, n)."""
        values = evaluate_basis((self,), x)
        return np.take(values, 0, axis=values.ndim - 1 - _order(self.output))

    def symbolic(self, n: int) -> sympy.Matrix:
        """Exact polynomial for ``n`` nodes in symbols ``x_i_j`` (``i <= j`` if symmetric).

        Computed by summing over every index assignment directly (no contraction plan),
        so it is an independent route for small n. Returns a sympy Matrix of shape (1, 1)
        (invariant), (n, 1) (node) or (n, n) (edge).
        """
        n = check_int("n", n, where="GraphPolynomial.symbolic", minimum=1)
        free = [v for v in range(self.graph.n_nodes) if v not in self.graph.special]
        if n**self.graph.n_nodes > _MAX_SYMBOLIC_TERMS:
            raise InvalidArgumentError(
                f"GraphPolynomial.symbolic: n={n} with {self.graph.n_nodes} vertices needs "
                f"{n**self.graph.n_nodes} terms (limit {_MAX_SYMBOLIC_TERMS}); use a smaller n."
            )
        sym = self.symmetric

        def x(i: int, j: int) -> sympy.Symbol:
            return sympy.Symbol(f"x_{min(i, j)}_{max(i, j)}" if sym else f"x_{i}_{j}")

        shape = {"invariant": (1, 1), "node": (n, 1), "edge": (n, n)}[self.output]
        out = sympy.zeros(*shape)
        spec = self.graph.special
        for outer in itertools.product(range(n), repeat=len(dict.fromkeys(spec))):
            fixed = dict(zip(dict.fromkeys(spec), outer, strict=True))
            pos = (fixed.get(spec[0], 0) if spec else 0, fixed[spec[-1]] if len(spec) == 2 else 0)
            terms = []
            for inner in itertools.product(range(n), repeat=len(free)):
                idx = {**fixed, **dict(zip(free, inner, strict=True))}
                terms.append(sympy.Mul(*(x(idx[u], idx[w]) for u, w in self.graph.edges)))
            out[pos] = sympy.Add(*terms)
        return out


def _order(output: str) -> int:
    return {"invariant": 0, "node": 1, "edge": 2}[output]


def evaluate_basis(
    basis: tuple[GraphPolynomial, ...], x: np.ndarray, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Evaluate a tuple of graph polynomials of one output kind, sharing intermediates.

    Parameters
    ----------
    basis : tuple of GraphPolynomial
        Polynomials of the same output kind (e.g. from :func:`graph_polynomial_basis`).
    x : ndarray of shape (..., n, n)
        Batch of matrices; float32 stays float32, other reals become float64.
    out : ndarray, optional
        C-contiguous array of the result's shape and dtype to write into (saves allocating
        and first-touching a large result when evaluating repeatedly).

    Returns
    -------
    ndarray of shape (..., K), (..., K, n) or (..., K, n, n)
        ``K = len(basis)``; slot k is ``basis[k](x)``.

    Raises
    ------
    InvalidTypeError
        If an element is not a GraphPolynomial or X is not a real array.
    InvalidArgumentError
        If the output kinds differ or the basis is empty.
    ShapeError
        If X is not of shape (..., n, n), or ``out`` does not fit.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.equivariant import graph_polynomial_basis, evaluate_basis
    >>> basis = graph_polynomial_basis(1, output="node")
    >>> evaluate_basis(basis, np.ones((2, 4, 4))).shape
    (2, 5, 4)
    >>> evaluate_basis(basis, np.ones((4, 3)))
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: evaluate_basis: X has shape (4, 3); expected (..., n, n) with n >= 1.
    """
    where = "evaluate_basis"
    if not basis or not all(isinstance(p, GraphPolynomial) for p in basis):
        raise InvalidTypeError(f"{where}: basis must be a non-empty tuple of GraphPolynomial.")
    kinds = {p.output for p in basis}
    if len(kinds) != 1:
        raise InvalidArgumentError(
            f"{where}: basis mixes output kinds {sorted(kinds)}; evaluate each kind separately."
        )
    arr = as_graph_input(x, where=where)
    n, lead = arr.shape[-1], arr.shape[:-2]
    flat = np.ascontiguousarray(arr.reshape(-1, n, n))
    order = _order(basis[0].output)
    shape = (*lead, len(basis), *(n,) * order)
    if out is None:
        out = np.empty(shape, dtype=arr.dtype)
    elif not (
        isinstance(out, np.ndarray)
        and out.shape == shape
        and out.dtype == arr.dtype
        and out.flags.c_contiguous
    ):
        got = (out.shape, out.dtype) if isinstance(out, np.ndarray) else type(out).__name__
        raise ShapeError(
            f"{where}: out is {got}; expected a C-contiguous array of shape {shape} and "
            f"dtype {arr.dtype}."
        )
    run_plans(tuple(p.plan for p in basis), flat, out.reshape(flat.shape[0], *shape[len(lead) :]))
    return out


def graph_polynomial_basis(
    degree: int,
    *,
    output: Literal["invariant", "node", "edge"] = "edge",
    symmetric: bool = False,
) -> tuple[GraphPolynomial, ...]:
    """Basis of homogeneous degree-``degree`` S_n-equivariant polynomials of X in R^{n x n}.

    One element P_H per isomorphism class of multigraphs H with exactly ``degree`` edges
    (loops and parallel edges allowed), no isolated non-special vertex, and the ordered
    special nodes of the output kind [1]_.

    Parameters
    ----------
    degree : int
        Number of edges of H, ``>= 0``.
    output : {"invariant", "node", "edge"}
        Output R, R^n or R^{n x n}. Edge outputs include the diagonal classes (a = b).
    symmetric : bool
        ``False``: directed H, a basis for general X. ``True``: undirected H, a basis for
        symmetric X.

    Returns
    -------
    tuple of GraphPolynomial
        Sorted by number of vertices, then canonical edge list; cached per arguments.

    Raises
    ------
    InvalidTypeError
        If ``degree`` is not an integer or ``symmetric`` not a bool.
    InvalidArgumentError
        If ``degree < 0`` or ``output`` is unknown.

    Notes
    -----
    The elements span the degree-d equivariant polynomials for every n and are linearly
    independent iff ``n >= 2 degree + s`` (s = 0, 1, 2 special nodes); for smaller n the
    span has dimension ``count_graph_polynomials(degree, output=..., symmetric=..., n=n)``,
    the number of classes with at most n vertices. Isomorphism classes come from an exact canonical
    form (colour refinement with individualisation); classes at ``d`` edges are grown from
    those at ``d - 1`` by adding one edge in every way.

    References
    ----------
    .. [1] O. Puny, D. Lim, B. T. Kiani, H. Maron, Y. Lipman, "Equivariant Polynomials for
       Graph Neural Networks", ICML 2023, arXiv:2302.11556.

    Examples
    --------
    >>> [len(graph_polynomial_basis(1, output=kind)) for kind in ("invariant", "node", "edge")]
    [2, 5, 15]
    >>> sorted(p.einsum for p in graph_polynomial_basis(1, output="invariant"))
    ['cc->', 'cd->']
    >>> graph_polynomial_basis(2, output="graph")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: graph_polynomial_basis: output='graph' is not ...
    """
    where = "graph_polynomial_basis"
    degree = check_int("degree", degree, where=where, minimum=0)
    output = check_option("output", output, OUTPUTS, where=where)  # type: ignore[assignment]
    symmetric = check_bool("symmetric", symmetric, where=where)
    return _basis(degree, output, symmetric)


@functools.cache
def _basis(degree: int, output: str, symmetric: bool) -> tuple[GraphPolynomial, ...]:
    graphs = enumerate_multigraphs(degree, output, directed=not symmetric)
    return tuple(GraphPolynomial(g, output) for g in graphs)  # type: ignore[arg-type]
