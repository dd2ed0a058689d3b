"""Converters to e3nn's and sympy's conventions."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from symalg.equivariant import (
    E3NN_PERMUTATION,
    e3nn_sh_factor,
    e3nn_to_symalg_matrix,
    e3nn_to_symalg_vectors,
    spherical_harmonics_kernel,
    symalg_to_e3nn_matrix,
    symalg_to_e3nn_vectors,
    wigner_D_from_matrix,
)
from symalg.errors import InvalidArgumentError, ShapeError
from verification import strategies

P = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])


@given(strategies.rotations())
def test_round_trips(r: np.ndarray) -> None:
    v = np.random.default_rng(0).standard_normal((4, 3))
    np.testing.assert_array_equal(symalg_to_e3nn_vectors(e3nn_to_symalg_vectors(v)), v)
    np.testing.assert_allclose(symalg_to_e3nn_matrix(e3nn_to_symalg_matrix(r)), r)
    # rotating in e3nn's frame = rotating the converted points in symalg's frame
    np.testing.assert_allclose(
        e3nn_to_symalg_vectors(v @ r.T), e3nn_to_symalg_vectors(v) @ e3nn_to_symalg_matrix(r).T
    )


@given(strategies.rotations())
def test_e3nn_vector_irrep_is_the_matrix_itself(r_e3nn: np.ndarray) -> None:
    # e3nn documents D_from_matrix(R) = R for "1o" in its own frame; with the map, symalg's
    # D^1(Pi R_e Pi^T) = P Pi R_e Pi^T P^T and P Pi = I
    np.testing.assert_array_equal(P @ E3NN_PERMUTATION, np.eye(3))
    np.testing.assert_allclose(wigner_D_from_matrix(1, e3nn_to_symalg_matrix(r_e3nn)), r_e3nn)


def test_e3nn_degree_one_component_normalisation_is_sqrt3_v() -> None:
    # e3nn: spherical_harmonics(1, v, normalize=True, normalization="component") = sqrt(3) v/|v|
    v = np.random.default_rng(1).standard_normal((5, 3))
    p = e3nn_to_symalg_vectors(v)
    ours = e3nn_sh_factor(1, "component") * spherical_harmonics_kernel(1)(*p.T)
    np.testing.assert_allclose(ours, np.sqrt(3) * v / np.linalg.norm(v, axis=1)[:, None])
    assert e3nn_sh_factor(2, "norm") == pytest.approx(np.sqrt(4 * np.pi / 5))
    assert e3nn_sh_factor(3) == 1.0


def test_bad_inputs() -> None:
    with pytest.raises(ShapeError, match=r"expected \(\.\.\., 3\)"):
        e3nn_to_symalg_vectors(np.zeros((2, 2)))
    with pytest.raises(ShapeError, match=r"expected \(\.\.\., 3, 3\)"):
        symalg_to_e3nn_matrix(np.zeros(3))
    with pytest.raises(InvalidArgumentError, match="normalization='unit' is not supported"):
        e3nn_sh_factor(1, "unit")  # type: ignore[arg-type]
