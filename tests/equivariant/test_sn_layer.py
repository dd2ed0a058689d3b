"""GraphPolynomialLayer: its S_n claim holds under the verifier, and a broken copy is caught."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given

import verification
from symalg.equivariant import GraphPolynomialLayer, evaluate_basis
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.nn import claims_from_data
from tests.equivariant.sn_strategies import graphs_with_permutations, permute_output


def _with_claims(layer: Any) -> Any:
    """Attach symalg.nn Claims built from the layer's claim data (what symalg.nn does)."""
    layer.claims = claims_from_data(layer.claim_data)
    return layer


class _BrokenLayer(GraphPolynomialLayer):
    """Adds ``X[0, 0]`` everywhere: node 0 is singled out, so S_n-equivariance fails."""

    def __call__(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return super().__call__(x) + x[..., :1, :1]


@pytest.mark.parametrize("output", ["invariant", "node", "edge"])
def test_verifier_confirms_the_permutation_claim(output: str) -> None:
    layer = _with_claims(GraphPolynomialLayer(degree=2, output=output, n_nodes=5))
    (report,) = verification.verify_component(layer, max_examples=15, seed=0)
    assert report.passed, report.message


def test_verifier_catches_a_non_equivariant_term() -> None:
    layer = _with_claims(_BrokenLayer(degree=2, output="edge", n_nodes=5))
    (report,) = verification.verify_component(layer, max_examples=15, seed=0)
    assert not report.passed and report.status == "violation"
    with pytest.raises(verification.EquivarianceError):
        verification.raise_for(report)


@given(graphs_with_permutations(min_n=2, max_n=6))
def test_layer_is_equivariant_with_degree_three_terms(xp: tuple[np.ndarray, np.ndarray]) -> None:
    x, perm = xp
    for output in ("node", "edge"):
        f = GraphPolynomialLayer(degree=3, output=output, symmetric=True, rng=1)
        want = permute_output(f(x), perm, output)
        got = f(x[perm][:, perm])
        assert np.abs(got - want).max() <= 1e-12 * max(np.abs(want).max(), 1.0)


def test_layer_is_the_weighted_normalised_sum_of_its_basis() -> None:
    f = GraphPolynomialLayer(degree=2, output="node", rng=3)
    x = np.random.default_rng(0).standard_normal((2, 4, 4))
    values = evaluate_basis(f.basis, x)
    free = np.array([p.graph.n_nodes - len(set(p.special_nodes)) for p in f.basis])
    np.testing.assert_allclose(f(x), np.einsum("bkn,k->bn", values, f.weights / 4.0**free))
    assert f.weights.shape == (len(f.basis),) == (1 + 5 + 32,)


def test_layer_rejects_bad_arguments() -> None:
    with pytest.raises(InvalidArgumentError, match=r"output='graph'"):
        GraphPolynomialLayer(output="graph")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"degree=-1 must be >= 0"):
        GraphPolynomialLayer(degree=-1)
    with pytest.raises(InvalidTypeError, match=r"rng must be an int seed"):
        GraphPolynomialLayer(rng="seed")  # type: ignore[arg-type]
    with pytest.raises(ShapeError, match=r"X has shape \(2, 3\)"):
        GraphPolynomialLayer()(np.ones((2, 3)))
