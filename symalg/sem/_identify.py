"""Per-parameter identifiability: the minimal relation between a parameter and Sigma.

For a parameter theta with torus weight w (w = e_j - e_i for l_i_j, e_k + e_l for w_k_l), a
relation sum_t theta^t a_t(s) is multihomogeneous: a_t has multidegree alpha - t w. For each
alpha the relations are the nullspace of the columns theta^t s^beta at random model points
mod p; the smallest theta-degree t whose top coefficient a_t does not vanish on the model bounds
the number of values theta takes on a generic fibre. t = 1 gives a rational formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from symalg._validation import check_int, check_option
from symalg.sem._certify import certify
from symalg.sem._covariance import check_graph
from symalg.sem._dimension import jacobian_ranks
from symalg.sem._graph import MixedGraph
from symalg.sem._groebner import BACKENDS, detect_backend, eliminate, implicit_ideal
from symalg.sem._modular import PRIMES, model_points_mod, nullspace_mod
from symalg.sem._search import (
    agrees,
    exponent_vector,
    lift_rows,
    monomial_groups,
    primitive_integers,
)

__all__ = ["ParameterStatus", "identifiability"]

Status = Literal["identifiable", "k-to-one", "not identifiable", "undetermined"]
_N_POINTS_MARGIN = 12


@dataclass(frozen=True)
class ParameterStatus:
    """The identifiability verdict for one parameter.

    Attributes
    ----------
    parameter : sympy.Symbol
    status : {"identifiable", "k-to-one", "not identifiable", "undetermined"}
        ``"identifiable"``: rationally (generically) identifiable, ``formula`` gives it.
        ``"k-to-one"``: a certified relation of degree ``degree`` >= 2 in the parameter and none
        of lower degree up to the search bounds: at most ``degree`` values on a generic fibre
        (exactly that many when the relation is the minimal polynomial, which the search
        bounds make likely but do not prove).
        ``"not identifiable"``: the parameter is algebraically independent of Sigma
        (Jacobian rank test), so generic fibres contain a curve of its values.
        ``"undetermined"``: no relation up to ``max_degree`` (a search limit, not a verdict).
    degree : int or None
        The degree in the parameter of ``relation``.
    relation : sympy.Expr or None
        A polynomial in the parameter and the s_i_j vanishing on the model (the certificate).
    formula : sympy.Expr or None
        For ``"identifiable"``: the parameter as a rational function of the s_i_j.
    certificate : str
        How ``relation`` was checked (``"exact"`` or ``"schwartz-zippel"``), or the test used.
    """

    parameter: sympy.Symbol
    status: Status
    degree: int | None
    relation: sympy.Expr | None
    formula: sympy.Expr | None
    certificate: str


def _weight(graph: MixedGraph, q: int) -> tuple[list[int], int]:
    """(torus weight of parameter q, its s-degree shift per power)."""
    n, ix = graph.n_vertices, graph.index
    w = [0] * n
    nd = len(graph.directed)
    if q < nd:
        a, b = graph.directed[q]
        w[ix[b]] += 1
        w[ix[a]] -= 1
        return w, 0
    if q < nd + n:
        w[q - nd] = 2
        return w, 1
    a, b = graph.bidirected[q - nd - n]
    w[ix[a]] += 1
    w[ix[b]] += 1
    return w, 1


def _columns(alpha, w, shift, e, groups, max_t):
    cols = []
    for t in range(max_t, -1, -1):
        deg = e - t * shift
        if deg < 0:
            continue
        beta = tuple(a - t * x for a, x in zip(alpha, w, strict=True))
        if min(beta) < 0:
            continue
        for combo in groups.get(deg, {}).get(beta, []):
            cols.append((t, combo))
    return cols


def _values(cols, theta, svals, p):
    out = np.empty((len(theta), len(cols)), dtype=np.int64)
    for c, (t, combo) in enumerate(cols):
        v = np.ones(len(theta), dtype=np.int64)
        for k in combo:
            v = (v * svals[:, k]) % p
        for _ in range(t):
            v = (v * theta) % p
        out[:, c] = v
    return out


def _relation_mod(cols, theta, svals, p) -> np.ndarray | None:
    """Echelon relation with the largest t's first; the first whose top coefficient is nonzero."""
    if not any(t for t, _ in cols):
        return None
    rows = min(len(theta), len(cols) + _N_POINTS_MARGIN)
    V = _values(cols, theta[:rows], svals[:rows], p)
    K = nullspace_mod(V, p)
    for vec in K:
        top = max(t for (t, _), c in zip(cols, vec, strict=True) if c)
        if top == 0:
            continue
        sel = [k for k, (t, _) in enumerate(cols) if t == top]
        lead = np.zeros(rows, dtype=np.int64)
        for k in sel:
            lead = (lead + (V[:, k] * int(vec[k])) % p) % p
        if np.any(lead):  # a_top does not vanish on the model
            return vec
    return None


@dataclass
class _Points:
    graph: MixedGraph
    q: int
    n: int

    def __post_init__(self) -> None:
        self.cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def get(self, p: int) -> tuple[np.ndarray, np.ndarray]:
        if p not in self.cache:
            th, s = model_points_mod(self.graph, self.n, p, np.random.default_rng([p, self.q]))
            self.cache[p] = (th[:, self.q] % p, s)
        return self.cache[p]


def _search_parameter(graph: MixedGraph, q: int, max_degree: int, max_power: int):
    w, shift = _weight(graph, q)
    n = graph.n_vertices
    groups = {d: monomial_groups(n, d) for d in range(1, max_degree + 1)}
    groups[0] = {tuple([0] * n): [()]}
    n_points = max(len(c) for g in groups.values() for c in g.values()) * (max_power + 1)
    pts = _Points(graph, q, n_points + _N_POINTS_MARGIN)
    best = None
    for e in range(1, max_degree + 1):
        for alpha in groups[e]:
            limit = max_power if best is None else best[0] - 1
            for t_top in range(1, limit + 1):
                cols = _columns(alpha, w, shift, e, groups, t_top)
                theta, svals = pts.get(PRIMES[0])
                vec = _relation_mod(cols, theta, svals, PRIMES[0])
                if vec is not None:
                    best = (t_top, alpha, e, cols)
                    break
            if best is not None and best[0] == 1:
                return best, pts
    return best, pts


def _lift_relation(graph, q, best, pts):
    t_top, alpha, e, cols = best
    mats, primes = [], []
    for p in PRIMES[:6]:
        theta, svals = pts.get(p)
        vec = _relation_mod(cols, theta, svals, p)
        if vec is None:
            continue
        vec = vec[None, :]
        if len(mats) >= 2:
            lifted = lift_rows(mats, primes)
            if lifted is not None and agrees(lifted, vec, p):
                return lifted[0]
        mats.append(vec)
        primes.append(p)
    return None


def _to_terms(row, cols, m):
    return [
        (v, exponent_vector(combo, m), t)
        for v, (t, combo) in zip(primitive_integers(row), cols, strict=True)
        if v
    ]


def _status_for(graph: MixedGraph, q: int, max_degree: int, max_power: int) -> ParameterStatus:
    param = graph.parameters[q]
    best, pts = _search_parameter(graph, q, max_degree, max_power)
    if best is None:
        return ParameterStatus(
            param, "undetermined", None, None, None,
            f"no relation of s-degree <= {max_degree} and parameter-degree <= {max_power}",
        )  # fmt: skip
    row = _lift_relation(graph, q, best, pts)
    terms = _to_terms(row, best[3], len(graph.covariance_symbols)) if row is not None else None
    cert = certify(graph, terms, q) if terms else None
    if cert is None:
        return ParameterStatus(
            param, "undetermined", None, None, None, "relation found mod p failed to lift"
        )
    syms = graph.covariance_symbols
    parts: dict[int, sympy.Expr] = {}
    for c, exps, t in terms:
        mono = sympy.Mul(*[s**k for s, k in zip(syms, exps, strict=True)])
        parts[t] = parts.get(t, sympy.S.Zero) + c * mono
    relation = sympy.Add(*[a * param**t for t, a in parts.items()])
    k = max(parts)
    if k == 1:
        formula = sympy.factor(-parts.get(0, sympy.S.Zero) / parts[1])
        return ParameterStatus(param, "identifiable", 1, relation, formula, cert)
    return ParameterStatus(param, "k-to-one", k, relation, None, cert)


def identifiability(
    graph: MixedGraph,
    *,
    method: Literal["search", "elimination"] = "search",
    backend: Literal["auto", "singular", "macaulay2", "flint", "sympy"] = "auto",
    max_degree: int = 3,
    max_power: int = 4,
) -> dict[sympy.Symbol, ParameterStatus]:
    """Each parameter's identifiability status, with the relation that certifies it.

    Parameters
    ----------
    graph : MixedGraph
        Cyclic directed parts are allowed.
    method : {"search", "elimination"}
        How the relation of each edge weight l_i_j is found. ``"search"`` (default): the
        multidegree-by-multidegree modular search below. ``"elimination"``: eliminate the
        other edge weights from the implicit ideal with a Groebner engine (``backend``, as in
        :func:`vanishing_ideal`; only small graphs without Singular/Macaulay2/python-flint).
    backend : {"auto", "singular", "macaulay2", "flint", "sympy"}
        The engine for ``method="elimination"``.
    max_degree : int
        Bound on the degree in the s_i_j of the coefficients searched.
    max_power : int
        Bound on the degree in the parameter.

    Returns
    -------
    dict of sympy.Symbol to ParameterStatus
        In ``graph.parameters`` order.

    Notes
    -----
    A parameter is "not identifiable" when appending its unit row raises the rank of the
    Jacobian of vech Sigma (it is then algebraically independent of Sigma; rank computed mod
    primes at random points). Otherwise the relation of least degree k in the parameter whose
    leading coefficient does not vanish on the model is searched multidegree by multidegree
    (the same torus grading as the vanishing ideal), lifted to Q and certified on the closed
    form: k = 1 gives the rational formula, k >= 2 at most k values on a generic fibre (a
    relation of lower degree with coefficients of s-degree above ``max_degree`` is not
    excluded). Elimination (Macaulay2's ``identifyParameters``) computes the same relations
    through Groebner bases.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, identifiability
    >>> res = identifiability(MixedGraph.parse("1->2, 2->3, 1<->3"))
    >>> res[sympy.Symbol("l_2_3")].formula
    (s_1_1*s_2_3 - s_1_2*s_1_3)/(s_1_1*s_2_2 - s_1_2**2)
    >>> [v.status for v in identifiability(MixedGraph.parse("1->2, 2->3, 3->1")).values()][:3]
    ['k-to-one', 'k-to-one', 'k-to-one']
    >>> identifiability(MixedGraph.parse("1->2, 1<->2"))[sympy.Symbol("l_1_2")].status
    'not identifiable'
    """
    check_graph(graph, "identifiability")
    check_option("method", method, ("search", "elimination"), where="identifiability")
    check_option("backend", backend, ("auto", *BACKENDS), where="identifiability")
    max_degree = check_int("max_degree", max_degree, where="identifiability", minimum=1)
    max_power = check_int("max_power", max_power, where="identifiability", minimum=1)
    rank, extra = jacobian_ranks(graph, list(range(graph.n_parameters)))
    out: dict[sympy.Symbol, ParameterStatus] = {}
    nd = len(graph.directed)
    order = list(range(nd)) + list(range(nd, graph.n_parameters))
    for q in order:
        param = graph.parameters[q]
        if extra[q] > rank:
            out[param] = ParameterStatus(
                param, "not identifiable", None, None, None,
                "Jacobian rank rises when the parameter is joined to Sigma",
            )  # fmt: skip
            continue
        status = _omega_from_lambda(graph, q, out) if q >= nd else None
        if status is not None and status.status == "k-to-one":
            status = _check_relation(graph, q, status)
        if status is None and method == "elimination" and q < nd:
            status = _status_by_elimination(graph, q, backend)
        out[param] = status or _status_for(graph, q, max_degree, max_power)
    return out


def _status_by_elimination(graph: MixedGraph, q: int, backend: str) -> ParameterStatus | None:
    """The elimination generator of least positive degree in l_i_j, leading term off the model.

    Eliminates the other edge weights (and t) from the implicit ideal J; the leading
    coefficient is tested at a random model point mod p.
    """
    param = graph.parameters[q]
    gens, elim, keep = implicit_ideal(graph)
    found = eliminate(gens, [v for v in elim if v != param], [param, *keep], backend)
    p = PRIMES[-1]
    _, svals = model_points_mod(graph, 1, p, np.random.default_rng([q, 3]))
    point = dict(zip(keep, (int(x) for x in svals[0]), strict=True))
    best = None
    for g in found:
        poly = sympy.Poly(g, param)
        if poly.degree() < 1:
            continue
        lead = sympy.Poly(poly.LC(), *keep) if poly.LC().free_symbols else None
        if lead is not None and int(lead.eval(point)) % p == 0:
            continue
        if best is None or poly.degree() < best.degree():
            best = poly
    if best is None:
        return None
    cert = f"elimination [{backend if backend != 'auto' else detect_backend()}]"
    relation = best.as_expr()
    if best.degree() == 1:
        c1, c0 = best.all_coeffs()
        return ParameterStatus(param, "identifiable", 1, relation, sympy.factor(-c0 / c1), cert)
    return ParameterStatus(param, "k-to-one", best.degree(), relation, None, cert)


def _omega_from_lambda(
    graph: MixedGraph, q: int, done: dict[sympy.Symbol, ParameterStatus]
) -> ParameterStatus | None:
    """w_k_l = ((I - Lambda)^T Sigma (I - Lambda))_kl once the edges into k, l are identified."""
    n, ix = graph.n_vertices, graph.index
    nd = len(graph.directed)
    if q < nd + n:
        k = ll = q - nd
    else:
        a, b = graph.bidirected[q - nd - n]
        k, ll = ix[a], ix[b]
    into = [e for e, (_, b) in enumerate(graph.directed) if ix[b] in (k, ll)]
    statuses = [done[graph.parameters[e]] for e in into]
    open_ = [st for st in statuses if st.status != "identifiable"]
    A = sympy.eye(n) - graph.lambda_matrix()
    S = graph.covariance_symbol_matrix()
    value = (A.T * S * A)[k, ll].xreplace(
        {graph.parameters[e]: st.formula for e, st in zip(into, statuses, strict=True)
         if st.status == "identifiable"}
    )  # fmt: skip
    param = graph.parameters[q]
    if len(open_) == 1 and open_[0].status == "k-to-one":
        return _omega_by_resultant(param, value, open_[0])
    if open_:
        return None
    formula = _reduce(value)
    num, den = sympy.fraction(formula)
    return ParameterStatus(
        param, "identifiable", 1, den * param - num, formula,
        "Omega = (I - Lambda)^T Sigma (I - Lambda) with the edges into its vertices identified",
    )  # fmt: skip


def _reduce(value: sympy.Expr) -> sympy.Expr:
    """Value over one common denominator (not reduced: multivariate gcds can be slow)."""
    return sympy.together(value)


def _omega_by_resultant(
    param: sympy.Symbol, value: sympy.Expr, parent: ParameterStatus
) -> ParameterStatus:
    """W = value(l, s) with l a root of the parent's relation: eliminate l by a resultant."""
    num, den = sympy.fraction(sympy.cancel(value))
    lam = parent.parameter
    res = sympy.resultant(sympy.expand(parent.relation), sympy.expand(den * param - num), lam)
    res = sympy.factor_terms(sympy.expand(res))
    _, res = res.as_content_primitive()
    poly = sympy.Poly(res, param)
    k = poly.degree()
    if k < 1:
        return None
    relation = sympy.expand(res)
    if k == 1:
        c1, c0 = poly.all_coeffs()
        return ParameterStatus(
            param, "identifiable", 1, relation, sympy.factor(-c0 / c1),
            "resultant of the parent edge's relation and Omega = (I-Lambda)^T Sigma (I-Lambda)",
        )  # fmt: skip
    return ParameterStatus(
        param, "k-to-one", k, relation, None,
        "resultant of the parent edge's relation and Omega = (I-Lambda)^T Sigma (I-Lambda)",
    )  # fmt: skip


def _check_relation(graph: MixedGraph, q: int, status: ParameterStatus) -> ParameterStatus | None:
    """Certify a derived relation on the closed form (exact or Schwartz-Zippel)."""
    syms = graph.covariance_symbols
    param = graph.parameters[q]
    poly = sympy.Poly(status.relation, param, *syms)
    terms = [(int(c), tuple(e[1:]), e[0]) for e, c in poly.terms()]
    cert = certify(graph, terms, q)
    if cert is None:
        return None
    return ParameterStatus(param, status.status, status.degree, status.relation, None, cert)
