from __future__ import annotations

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError
from symalg.nn import SPE
from verification import equivariance_profile, groups, stability_ratio, strategies


def _model(alpha: float):  # noqa: ANN202
    """Rotation invariant up to an injected perturbation alpha; never translation invariant."""

    def f(x: np.ndarray) -> np.ndarray:
        return np.linalg.norm(x, axis=1) + alpha * x[:, 0]

    return f


PROFILE_GROUPS = {
    "rotations": (groups.SO3(), "points", "trivial"),
    "translations": (groups.Translations(3), "points", "trivial"),
}


def _draw(rng: np.random.Generator) -> np.ndarray:
    return rng.standard_normal((6, 3))


def test_profile_is_monotone_in_the_injected_perturbation() -> None:
    levels = [
        equivariance_profile(_model(a), PROFILE_GROUPS, _draw, n_samples=40, rng=0)
        for a in (0.0, 1e-6, 1e-3, 1e-1)
    ]
    rot = [p["rotations"].mean for p in levels]
    assert rot[0] <= 1e-13  # epsilon(0) within tolerance
    assert all(a < b for a, b in zip(rot, rot[1:], strict=False))
    for p in levels:
        assert p["rotations"].mean <= p["rotations"].upper
        assert p["rotations"].max >= p["rotations"].mean


def test_profile_ranks_the_types() -> None:
    prof = equivariance_profile(_model(1e-4), PROFILE_GROUPS, _draw, n_samples=40, rng=1)
    assert prof["rotations"].upper < prof["translations"].mean


def test_profile_accepts_a_sample_list_and_validates() -> None:
    xs = [np.eye(3), np.ones((2, 3))]
    prof = equivariance_profile(_model(0.0), PROFILE_GROUPS, xs, n_samples=4, rng=0)
    assert prof["rotations"].n == 4
    with pytest.raises(InvalidArgumentError, match="must be \\(group, input_action"):
        equivariance_profile(_model(0.0), {"r": "SO3"}, xs)
    with pytest.raises(InvalidArgumentError, match="confidence=1.5"):
        equivariance_profile(_model(0.0), PROFILE_GROUPS, xs, confidence=1.5)


def _sym(d: np.ndarray) -> np.ndarray:
    return (d + d.T) / 2


def test_spe_is_stable_and_naive_eigenvector_encodings_are_flagged() -> None:
    spe = SPE(n_eigs=None)
    stable = stability_ratio(
        spe.encode_laplacian,
        inputs=strategies.laplacians(6),
        project=_sym,
        max_examples=60,
        seed=0,
    )
    assert stable.stable, stable

    def naive(lap: np.ndarray) -> np.ndarray:
        return np.linalg.eigh(lap)[1][:, :3]

    jumpy = stability_ratio(
        naive, inputs=strategies.laplacians(6), project=_sym, max_examples=60, seed=0
    )
    assert not jumpy.stable
    assert jumpy.by_scale[1e-6] > 1e4  # O(1) jumps at perturbations of size 1e-6


def test_holder_exponent_of_sqrt() -> None:
    def root(x: np.ndarray) -> np.ndarray:
        return np.sqrt(np.abs(x))

    half = stability_ratio(root, inputs=strategies.arrays((2,)), beta=0.5, seed=0)
    lip = stability_ratio(root, inputs=strategies.arrays((2,)), beta=1.0, seed=0)
    assert half.stable and not lip.stable


def test_stability_ratio_validates_scales() -> None:
    with pytest.raises(InvalidArgumentError, match="at least two scales"):
        stability_ratio(np.tanh, inputs=strategies.arrays((2,)), scales=(1e-3,))
