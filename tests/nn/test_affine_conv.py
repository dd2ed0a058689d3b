"""AffineConvLayer: its claims hold, and the verifier catches layers that break them."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from symalg.errors import InvalidArgumentError
from symalg.nn import AffineConvLayer, make_component
from verification import check_equivariance, strategies


@pytest.fixture(scope="module", params=["GLPlus", "SL"])
def layer(request: pytest.FixtureRequest) -> AffineConvLayer:
    return AffineConvLayer(request.param)


def _affine(rng: np.random.Generator, special: bool) -> np.ndarray:
    a = rng.uniform(-0.7, 0.7, (2, 2))
    if special:
        a -= np.trace(a) / 2 * np.eye(2)
    g = np.eye(3)
    g[:2, :2], g[:2, 2] = expm(a), rng.uniform(-2, 2, 2)
    return g


def _inputs(rng: np.random.Generator, special: bool) -> tuple[np.ndarray, ...]:
    x, c = rng.uniform(-1.5, 1.5, (4, 2)), rng.uniform(-1, 1, (4, 2))
    return x, c, np.stack([_affine(rng, special) for _ in range(2)])


def test_shared_samples_are_invariant_to_round_off(layer: AffineConvLayer) -> None:
    rng = np.random.default_rng(3)
    special = layer.group.n == 2 and type(layer.group).__name__ == "SL"
    for _ in range(5):
        x, c, g = _inputs(rng, special)
        h = _affine(rng, special)
        lhs = layer.shared(x @ h[:2, :2].T + h[:2, 2], c, h @ g)
        np.testing.assert_allclose(lhs, layer.shared(x, c, g), rtol=1e-11, atol=1e-13)


def test_fresh_samples_differ_between_calls(layer: AffineConvLayer) -> None:
    x, c, g = _inputs(np.random.default_rng(4), False)
    g = np.broadcast_to(np.eye(3), g.shape)
    a, b = layer(x, c, g), layer(x, c, g)
    assert not np.array_equal(a, b)
    # both estimate the same integral: Monte Carlo error, well below the output scale
    assert np.linalg.norm(a - b) < 0.6 * np.linalg.norm(a)


def test_monte_carlo_error_falls_with_samples() -> None:
    x, c, g = _inputs(np.random.default_rng(5), False)
    g = np.broadcast_to(np.eye(3), g.shape)
    spread = []
    for n in (1024, 16384):
        f = AffineConvLayer(n_samples=n)
        outs = np.array([f(x, c, g) for _ in range(4)])
        spread.append(np.std(outs, axis=0).sum())
    assert spread[1] < 0.5 * spread[0]  # ~ 1/4 expected for 16x the samples


# the claims themselves are checked for every registered component in test_zoo.py


def test_stochastic_claim_is_declared_so() -> None:
    claim = AffineConvLayer().claims[1]
    assert claim.stochastic and not claim.exact and claim.rtol is not None


def _check(layer: AffineConvLayer, f, claim) -> str:
    inputs = tuple(strategies.from_spec(s) for s in claim.inputs)
    return check_equivariance(
        f,
        group=claim.group,
        input_action=claim.input_action,
        inputs=inputs,
        rtol=claim.rtol,
        stochastic=claim.stochastic,
        max_examples=10,
        seed=0,
    ).status


def test_verifier_catches_a_layer_that_drops_the_output_translation() -> None:
    layer = AffineConvLayer()

    def broken(x: np.ndarray, c: np.ndarray, g: np.ndarray) -> np.ndarray:
        g = g.copy()
        g[..., :2, 2] = 0.0
        return layer(x, c, g)

    assert _check(layer, broken, layer.claims[1]) == "violation"


def test_stochastic_checks_do_not_excuse_sampling_error_as_rounding_noise() -> None:
    # an invariant-in-expectation layer with far too few samples must fail the tight claim
    layer = AffineConvLayer(n_samples=64)
    assert _check(layer, layer, layer.claims[1]) == "violation"


def test_registered_and_rejects_bad_options() -> None:
    assert make_component("affine_group_conv").name == "affine_group_conv"
    with pytest.raises(InvalidArgumentError, match="group='SO2' is not supported"):
        AffineConvLayer("SO2")


def test_mc_gap_shrinks_far_from_the_data() -> None:
    layer = AffineConvLayer()
    x, c = np.array([[0.0, 0.0], [0.5, 0.2], [-0.3, 0.4], [0.1, -0.5]]), np.ones((4, 2))
    near = np.eye(3)[None]
    far = np.eye(3)[None].copy()
    far[0, :2, 2] = [6.0, -6.0]  # every lifted point is many kernel widths away
    assert layer.mc_gap(x, c, near) > 0.4
    assert layer.mc_gap(x, c, far) < 0.1
    assert layer.mc_gap(x, 1e-3 * c, near) == pytest.approx(layer.mc_gap(x, c, near))
