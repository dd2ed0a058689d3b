"""Graph polynomials: values vs einsum and sympy, equivariance, rank, batching, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.equivariant import (
    GraphPolynomial,
    Multigraph,
    count_graph_polynomials,
    evaluate_basis,
    graph_polynomial_basis,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from tests.equivariant.sn_strategies import (
    einsum_reference,
    graphs_with_permutations,
    permute_output,
)

KINDS = ("invariant", "node", "edge")
ORDER = {"invariant": 0, "node": 1, "edge": 2}
CASES = [(d, k, s) for d in (0, 1, 2, 3) for k in KINDS for s in (False, True)]


def _rel_err(a: np.ndarray, b: np.ndarray) -> float:
    """Largest error of each basis slot relative to that slot's size (axis 0 = basis)."""
    a, b = np.moveaxis(a, -1 - 0, -1), np.moveaxis(b, -1 - 0, -1)
    scale = np.maximum(np.abs(b).max(axis=tuple(range(b.ndim - 1)), keepdims=True), 1e-300)
    return float((np.abs(a - b) / scale).max()) if a.size else 0.0


@pytest.mark.parametrize(("degree", "output", "symmetric"), CASES)
def test_planned_contraction_matches_einsum_of_the_spec(
    degree: int, output: str, symmetric: bool
) -> None:
    rng = np.random.default_rng(degree)
    x = rng.standard_normal((2, 5, 5))
    if symmetric:
        x = x + x.swapaxes(-1, -2)
    basis = graph_polynomial_basis(degree, output=output, symmetric=symmetric)
    got = evaluate_basis(basis, x)
    for k, p in enumerate(basis):
        for b in range(2):
            want = einsum_reference(p, x[b])
            scale = max(np.abs(want).max(), 1.0)
            np.testing.assert_allclose(got[b, k], want, atol=1e-12 * scale, err_msg=p.einsum)


@pytest.mark.parametrize(
    ("degree", "output"), [(1, "edge"), (2, "edge"), (2, "node"), (3, "invariant")]
)
def test_values_match_the_symbolic_polynomial(degree: int, output: str) -> None:
    n = 3 if degree < 3 else 2
    basis = graph_polynomial_basis(degree, output=output)
    x = np.random.default_rng(1).integers(-3, 4, (n, n)).astype(float)
    subs = {sympy.Symbol(f"x_{i}_{j}"): int(x[i, j]) for i in range(n) for j in range(n)}
    for p in basis[:: max(1, len(basis) // 25)]:
        exact = np.array(p.symbolic(n).xreplace(subs).tolist(), dtype=float)
        np.testing.assert_array_equal(p(x).reshape(exact.shape), exact, err_msg=p.einsum)


def test_symbolic_polynomial_of_symmetric_x_uses_upper_triangle_symbols() -> None:
    p = next(
        q
        for q in graph_polynomial_basis(2, output="invariant", symmetric=True)
        if q.einsum == "cd,cd->"
    )
    x01, x00 = sympy.Symbol("x_0_1"), sympy.Symbol("x_0_0")
    assert (
        sympy.expand(p.symbolic(2)[0, 0] - (2 * x01**2 + x00**2 + sympy.Symbol("x_1_1") ** 2)) == 0
    )
    assert x00 in p.symbolic(2).free_symbols


def test_matrix_square_and_triangle_are_what_they_claim() -> None:
    x = np.random.default_rng(2).standard_normal((4, 4))
    edge = {p.einsum: p for p in graph_polynomial_basis(2, output="edge")}
    np.testing.assert_allclose(edge["ac,cb->ab"](x), x @ x, rtol=1e-13)
    np.testing.assert_allclose(edge["ab,ba->ab"](x), x * x.T, rtol=1e-13)
    inv = {p.einsum: p for p in graph_polynomial_basis(3, output="invariant")}
    assert np.isclose(inv["cd,de,ec->"](x), np.trace(x @ x @ x))


def test_diagonal_and_broadcast_outputs_have_their_shape() -> None:
    x = np.random.default_rng(3).standard_normal((5, 5))
    for p in graph_polynomial_basis(2, output="edge"):
        value = p(x)
        a, b = p.special_nodes
        touched = {v for e in p.graph.edges for v in e}
        if a == b:
            assert np.count_nonzero(value - np.diag(np.diag(value))) == 0
        elif a not in touched:  # every row the same
            np.testing.assert_allclose(value, np.broadcast_to(value[0], value.shape))
        elif b not in touched:  # every column the same
            np.testing.assert_allclose(value, np.broadcast_to(value[:, :1], value.shape))


def _scale(want: np.ndarray, x: np.ndarray, degree: int) -> np.ndarray:
    """Per basis slot: the size of its value, floored by the input scale |X|^degree."""
    size = np.abs(want).reshape(want.shape[0], -1).max(axis=1)
    return np.maximum(size, float(np.abs(x).max()) ** degree) + 1e-300


@given(graphs_with_permutations(), st.sampled_from(KINDS), st.booleans())
def test_every_basis_element_up_to_degree_two_is_equivariant(
    xp: tuple[np.ndarray, np.ndarray], output: str, symmetric: bool
) -> None:
    x, perm = xp
    for degree in (0, 1, 2):
        basis = graph_polynomial_basis(degree, output=output, symmetric=symmetric)
        moved = evaluate_basis(basis, x[perm][:, perm])
        want = permute_output(evaluate_basis(basis, x), perm, output)
        scale = _scale(want, x, degree)
        err = np.abs(moved - want).reshape(len(basis), -1).max(axis=1) / scale
        assert err.max() <= 1e-12, (basis[int(err.argmax())].einsum, err.max())


@settings(max_examples=10)
@given(graphs_with_permutations(min_n=2, max_n=5), st.sampled_from(KINDS), st.booleans())
def test_every_degree_three_element_is_equivariant(
    xp: tuple[np.ndarray, np.ndarray], output: str, symmetric: bool
) -> None:
    x, perm = xp
    basis = graph_polynomial_basis(3, output=output, symmetric=symmetric)
    moved = evaluate_basis(basis, x[perm][:, perm])
    want = permute_output(evaluate_basis(basis, x), perm, output)
    scale = _scale(want, x, 3)
    err = np.abs(moved - want).reshape(len(basis), -1).max(axis=1) / scale
    assert err.max() <= 1e-12, (basis[int(err.argmax())].einsum, err.max())


def _evaluated_rank(
    basis: tuple[GraphPolynomial, ...], n: int, symmetric: bool, samples: int | None = None
) -> int:
    rng = np.random.default_rng(n)
    samples = samples or len(basis) + 4  # as many generic points as functions by default
    x = rng.standard_normal((samples, n, n))
    if symmetric:
        x = (x + x.swapaxes(-1, -2)) / 2
    values = np.moveaxis(evaluate_basis(basis, x), 1, 0).reshape(len(basis), -1)
    values /= np.linalg.norm(values, axis=1, keepdims=True)
    s = np.linalg.svd(values, compute_uv=False)
    return int((s > 1e-9 * s[0]).sum())


RANK_CASES = [
    (2, "invariant", False),
    (2, "node", True),
    (2, "edge", False),
    (2, "edge", True),
    (3, "invariant", False),
    (3, "node", True),
]


@pytest.mark.parametrize(("degree", "output", "symmetric"), RANK_CASES)
def test_evaluated_rank_is_full_from_the_threshold_and_the_count_below(
    degree: int, output: str, symmetric: bool
) -> None:
    basis = graph_polynomial_basis(degree, output=output, symmetric=symmetric)
    threshold = 2 * degree + ORDER[output]
    for n in range(1, threshold + 1):
        rank = _evaluated_rank(basis, n, symmetric)
        assert rank == count_graph_polynomials(degree, output=output, symmetric=symmetric, n=n), n
    assert rank == len(basis)


@pytest.mark.slow
def test_degree_three_edge_basis_has_full_rank_at_the_threshold() -> None:
    basis = graph_polynomial_basis(3, output="edge")
    assert _evaluated_rank(basis, 8, False, samples=60) == len(basis) == 877
    assert _evaluated_rank(basis, 5, False, samples=80) == count_graph_polynomials(3, n=5)


def test_batching_float32_and_out_argument() -> None:
    basis = graph_polynomial_basis(2, output="node", symmetric=True)
    x = np.random.default_rng(4).standard_normal((2, 3, 4, 4))
    full = evaluate_basis(basis, x)
    assert full.shape == (2, 3, len(basis), 4)
    np.testing.assert_allclose(full[1, 2], evaluate_basis(basis, x[1, 2]), rtol=1e-14)
    out = np.empty_like(full)
    assert evaluate_basis(basis, x, out=out) is out
    np.testing.assert_array_equal(out, full)
    single = evaluate_basis(basis, x.astype(np.float32))
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, full, rtol=1e-4, atol=1e-4 * np.abs(full).max())
    assert basis[3](x).shape == (2, 3, 4)
    assert evaluate_basis(basis, np.eye(3, dtype=int)).dtype == np.float64


def test_multigraph_view_has_the_edges_and_special_labels() -> None:
    p = next(q for q in graph_polynomial_basis(2, output="edge") if q.einsum == "ac,cb->ab")
    h = p.multigraph
    assert h.is_directed() and h.number_of_edges() == 2
    a, b = p.special_nodes
    assert h.nodes[a]["special"] == "a" and h.nodes[b]["special"] == "b"


@pytest.mark.parametrize(
    ("x", "error", "match"),
    [
        (np.ones((3, 4)), ShapeError, r"X has shape \(3, 4\); expected \(\.\.\., n, n\)"),
        (np.ones(3), ShapeError, r"X has shape \(3,\)"),
        (np.ones((2, 0, 0)), ShapeError, r"n >= 1"),
        (np.ones((2, 2), dtype=complex), InvalidTypeError, r"dtype complex128"),
        ("matrix", InvalidTypeError, r"X must be an array"),
    ],
)
def test_evaluation_rejects_bad_x(x: object, error: type, match: str) -> None:
    p = graph_polynomial_basis(1, output="edge")[0]
    with pytest.raises(error, match=match):
        p(x)


def test_evaluate_basis_rejects_mixed_kinds_and_bad_out() -> None:
    mixed = graph_polynomial_basis(1, output="node") + graph_polynomial_basis(1, output="edge")
    with pytest.raises(InvalidArgumentError, match=r"mixes output kinds \['edge', 'node'\]"):
        evaluate_basis(mixed, np.eye(3))
    with pytest.raises(InvalidTypeError, match="non-empty tuple of GraphPolynomial"):
        evaluate_basis((), np.eye(3))
    with pytest.raises(ShapeError, match=r"expected a C-contiguous array of shape \(5, 3\)"):
        evaluate_basis(graph_polynomial_basis(1, output="node"), np.eye(3), out=np.empty((3, 5)))


def test_symbolic_rejects_huge_expansions_and_bad_n() -> None:
    p = graph_polynomial_basis(3, output="edge")[-1]
    with pytest.raises(InvalidArgumentError, match=r"n=20 .* use a smaller n"):
        p.symbolic(20)
    with pytest.raises(InvalidTypeError, match=r"n must be an integer, got float"):
        p.symbolic(2.5)


def test_polynomial_spec_rejects_inconsistent_output() -> None:
    g = graph_polynomial_basis(1, output="node")[0].graph
    with pytest.raises(InvalidArgumentError, match=r"output='edge' needs 2 special node"):
        GraphPolynomial(g, "edge")


@pytest.mark.parametrize(
    ("edges", "special", "output"),
    [
        (((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)), (), "invariant"),  # K4
        (((0, 2), (0, 3), (1, 2), (1, 3), (2, 3)), (0, 1), "edge"),  # K4 minus an edge
        (((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (3, 3)), (3,), "node"),
    ],
)
def test_elimination_steps_with_three_neighbours_match_einsum(
    edges: tuple, special: tuple, output: str
) -> None:
    p = GraphPolynomial(Multigraph(4, edges, special, directed=True), output)  # type: ignore[arg-type]
    x = np.random.default_rng(5).standard_normal((3, 6, 6))
    got = p(x)
    for b in range(3):
        np.testing.assert_allclose(got[b], einsum_reference(p, x[b]), rtol=1e-12, atol=1e-12)
