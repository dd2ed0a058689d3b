from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.nn import InputSpec
from verification import strategies


@given(strategies.point_clouds(8))
def test_point_clouds_are_finite_and_bounded(x: np.ndarray) -> None:
    assert x.shape == (8, 3) and np.all(np.isfinite(x)) and np.abs(x).max() < 1e3


@given(strategies.point_clouds(6, spectrum=(0.5, 2.0, 2.0)))
def test_prescribed_spectrum_is_exact(x: np.ndarray) -> None:
    y = x - x.mean(axis=0)
    np.testing.assert_allclose(np.linalg.eigvalsh(y.T @ y / 6), [0.5, 2.0, 2.0], rtol=1e-9)


@given(strategies.eigenpairs((1, 2, 3)))
def test_eigenpairs_have_the_multiplicities(pair: tuple[np.ndarray, np.ndarray]) -> None:
    v, lam = pair
    np.testing.assert_allclose(v.T @ v, np.eye(6), atol=1e-12)
    assert lam[1] == lam[2] and lam[3] == lam[4] == lam[5]
    assert lam[1] - lam[0] >= 0.1 - 1e-12 and lam[3] - lam[2] >= 0.1 - 1e-12


@given(strategies.laplacians(6))
def test_laplacians_are_symmetric_psd_with_zero_row_sums(lap: np.ndarray) -> None:
    np.testing.assert_allclose(lap, lap.T)
    np.testing.assert_allclose(lap.sum(axis=1), 0.0, atol=1e-12)
    assert np.linalg.eigvalsh(lap).min() > -1e-10


def test_structured_graphs_have_repeated_eigenvalues() -> None:
    from hypothesis import find

    a = find(strategies.adjacency_matrices(8), lambda a: True)  # shrinks to the first structure
    lam = np.linalg.eigvalsh(a)
    assert np.min(np.diff(lam)) < 1e-12


def test_from_spec_builds_named_strategies_and_rejects_bad_ones() -> None:
    assert strategies.from_spec(InputSpec("node_graphs", {"n_nodes": 3})) is not None
    with pytest.raises(InvalidArgumentError, match="unknown input strategy 'spheres'"):
        strategies.from_spec("spheres")
    with pytest.raises(InvalidArgumentError, match="bad parameters for 'arrays'"):
        strategies.from_spec("arrays", size=3)
    with pytest.raises(InvalidTypeError, match="n_points must be an integer"):
        strategies.point_clouds(2.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="needs 3 positive values"):
        strategies.point_clouds(8, spectrum=(1.0, -1.0, 2.0))
