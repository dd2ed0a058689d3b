from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, ShapeError
from symalg.sem import (
    MixedGraph,
    covariance_kernel,
    covariance_matrix,
    fit,
    sigma_and_derivatives,
    simulate,
)
from tests.sem.strategies import mixed_graphs

CYCLE = MixedGraph.parse("1->2, 2->3, 3->4, 4->1, 1->3, 1<->2")


@pytest.fixture(scope="module")
def cycle_kernel():
    return covariance_kernel(CYCLE)


def _random_theta(graph: MixedGraph, rng: np.random.Generator, size: int) -> np.ndarray:
    nd, n = len(graph.directed), graph.n_vertices
    theta = rng.uniform(-0.4, 0.4, (size, graph.n_parameters))
    theta[:, nd : nd + n] = rng.uniform(1.0, 2.0, (size, n))
    theta[:, nd + n :] = rng.uniform(-0.3, 0.3, (size, len(graph.bidirected)))
    return theta


def _numpy_sigma(graph: MixedGraph, theta: np.ndarray) -> np.ndarray:
    out = []
    for t in theta:
        sigma, _, _ = sigma_and_derivatives(graph, t)
        out.append(sigma)
    return np.array(out)


def _reference_sigma(graph: MixedGraph, theta: np.ndarray) -> np.ndarray:
    n, ix = graph.n_vertices, graph.index
    out = []
    nd = len(graph.directed)
    for t in theta:
        L = np.zeros((n, n))
        W = np.zeros((n, n))
        for k, (a, b) in enumerate(graph.directed):
            L[ix[a], ix[b]] = t[k]
        W[np.diag_indices(n)] = t[nd : nd + n]
        for k, (a, b) in enumerate(graph.bidirected):
            W[ix[a], ix[b]] = W[ix[b], ix[a]] = t[nd + n + k]
        inv = np.linalg.inv(np.eye(n) - L)
        out.append(inv.T @ W @ inv)
    return np.array(out)


def test_kernel_matches_numpy_inverse(cycle_kernel) -> None:
    theta = _random_theta(CYCLE, np.random.default_rng(0), 500)
    got = cycle_kernel(theta)
    ref = _reference_sigma(CYCLE, theta)
    err = np.abs(got - ref).max() / np.abs(ref).max()
    assert err < 1e-12, f"max relative error {err:.2e}"


def test_kernel_jacobian_matches_analytic_derivatives(cycle_kernel) -> None:
    theta = _random_theta(CYCLE, np.random.default_rng(1), 20)
    values, jac = cycle_kernel.jacobian(theta)
    for t, v, j in zip(theta, values, jac, strict=True):
        sigma, _, d = sigma_and_derivatives(CYCLE, t)
        np.testing.assert_allclose(v, sigma, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(np.moveaxis(j, -1, 0), d, rtol=1e-10, atol=1e-11)


def test_kernel_matches_sympy_closed_form(cycle_kernel) -> None:
    theta = _random_theta(CYCLE, np.random.default_rng(2), 3)
    sigma = covariance_matrix(CYCLE)
    for t in theta:
        ref = np.array(sigma.subs(dict(zip(CYCLE.parameters, t, strict=True)))).astype(float)
        np.testing.assert_allclose(cycle_kernel(t), ref, rtol=1e-12)


@given(mixed_graphs(min_vertices=2, max_vertices=5), st.integers(0, 2**32 - 1))
@settings(max_examples=10)
def test_analytic_derivatives_match_finite_differences(g: MixedGraph, seed: int) -> None:
    theta = _random_theta(g, np.random.default_rng(seed), 1)[0]
    _, _, d = sigma_and_derivatives(g, theta)
    h = 1e-6
    for a in range(g.n_parameters):
        e = np.zeros_like(theta)
        e[a] = h
        fd = (_numpy_sigma(g, [theta + e])[0] - _numpy_sigma(g, [theta - e])[0]) / (2 * h)
        np.testing.assert_allclose(d[a], fd, rtol=1e-5, atol=1e-7)


def test_simulate_has_model_covariance() -> None:
    theta = _random_theta(CYCLE, np.random.default_rng(3), 1)[0]
    X = simulate(CYCLE, theta, 200_000, rng=4)
    emp = np.cov(X, rowvar=False)
    ref = _reference_sigma(CYCLE, theta[None])[0]
    assert np.abs(emp - ref).max() < 0.05 * np.abs(ref).max()


def test_simulate_accepts_names_and_is_reproducible() -> None:
    g = MixedGraph.parse("1->2")
    by_name = simulate(g, {"l_1_2": 0.3, "w_1_1": 1.0, sympy.Symbol("w_2_2"): 2.0}, 5, rng=7)
    assert np.array_equal(by_name, simulate(g, [0.3, 1.0, 2.0], 5, rng=7))


def test_fit_recovers_parameters_within_standard_errors() -> None:
    g = MixedGraph.parse("1->2, 2->3, 3->4, 1<->4")
    theta0 = np.array([0.7, -0.6, 0.5, 1.0, 1.5, 1.2, 0.8, 0.3])
    X = simulate(g, theta0, 50_000, rng=11)
    res = fit(g, X)
    assert res.converged and res.gradient_norm < 1e-5
    z = np.abs(res.theta - theta0) / res.standard_errors
    assert np.all(z < 5), z
    # the fitted covariance is the sample covariance's projection: residual is small
    assert res.discrepancy < 1e-3


def test_fit_on_covariance_equals_fit_on_data() -> None:
    g = MixedGraph.parse("1->2, 2->3")
    X = simulate(g, [0.5, 0.5, 1.0, 1.0, 1.0], 1000, rng=3)
    a = fit(g, X)
    b = fit(g, np.cov(X, rowvar=False, bias=True), n_samples=1000)
    np.testing.assert_allclose(a.theta, b.theta, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(a.standard_errors, b.standard_errors, rtol=1e-6)


def test_fit_cyclic_model_reaches_a_stationary_point() -> None:
    g = MixedGraph.parse("1->2, 2->3, 3->1, 1->4")
    theta0 = np.array([0.5, 0.4, -0.3, 0.6, 1.0, 1.0, 1.0, 1.0])
    X = simulate(g, theta0, 20_000, rng=5)
    res = fit(g, X)
    assert res.converged and res.gradient_norm < 1e-4
    np.testing.assert_allclose(res.sigma, np.cov(X, rowvar=False, bias=True), atol=0.05)


@pytest.mark.parametrize(
    ("call", "exc", "pattern"),
    [
        (
            lambda: fit(CYCLE, np.ones((5, 3))),
            ShapeError,
            r"data has shape \(5, 3\); expected \(n_samples, 4\)",
        ),
        (
            lambda: fit(CYCLE, np.eye(3), n_samples=10),
            ShapeError,
            r"sample covariance has shape \(3, 3\); expected \(4, 4\)",
        ),
        (
            lambda: fit(CYCLE, np.ones((10, 4))),
            InvalidArgumentError,
            r"sample covariance is singular .* collect more samples",
        ),
        (
            lambda: fit(CYCLE, np.random.default_rng(0).normal(size=(3, 4))),
            InvalidArgumentError,
            r"sample covariance is singular",
        ),
        (
            lambda: simulate(CYCLE, np.zeros(3), 10),
            ShapeError,
            r"theta has shape \(3,\); expected \(10,\)",
        ),
        (
            lambda: simulate(MixedGraph.parse("1->2, 2->1"), [1.0, 1.0, 1.0, 1.0], 10),
            InvalidArgumentError,
            r"det\(I - Lambda\) = 0",
        ),
        (
            lambda: simulate(MixedGraph.parse("1<->2"), [1.0, 1.0, 2.0], 10),
            InvalidArgumentError,
            r"Omega is not positive definite",
        ),
        (
            lambda: covariance_kernel(CYCLE, dtype="int8"),
            InvalidArgumentError,
            r"dtype='int8' is not supported",
        ),
    ],
)
def test_bad_input(call, exc, pattern) -> None:
    with pytest.raises(exc, match=pattern):
        call()
