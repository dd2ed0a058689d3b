from __future__ import annotations

import numpy as np
import pytest

from symalg.nn import PairPotential
from verification import EquivarianceError, check_forces, numerical_forces, raise_for, strategies

FAST = {"max_examples": 20, "seed": 0}


def test_pair_potential_energy_forces_and_gradient_hold() -> None:
    p = PairPotential()
    reports = check_forces(p.energy, forces=p.forces, inputs=strategies.point_clouds(6), **FAST)
    assert [r.status for r in reports] == ["holds"] * 3
    assert reports[2].max_rel_error < 1e-6


def test_numerical_forces_of_an_invariant_energy_are_equivariant() -> None:
    p = PairPotential(n_points=4)
    reports = check_forces(p.energy, inputs=strategies.point_clouds(4), **FAST)
    assert all(r.passed for r in reports)


def test_forces_of_a_non_invariant_energy_are_caught() -> None:
    def energy(x: np.ndarray) -> np.ndarray:
        return PairPotential().energy(x) + x[:, 2].sum()  # external field

    r_energy, r_forces, _ = check_forces(energy, inputs=strategies.point_clouds(6), **FAST)
    assert r_energy.status == "violation" and r_forces.status == "violation"
    with pytest.raises(EquivarianceError):
        raise_for(r_forces)


def test_a_wrong_hand_written_gradient_is_caught() -> None:
    p = PairPotential()
    reports = check_forces(
        p.energy, forces=lambda x: 1.01 * p.forces(x), inputs=strategies.point_clouds(6), **FAST
    )
    assert reports[1].passed  # still equivariant ...
    assert reports[2].status == "violation"  # ... but not -grad E


def test_numerical_forces_of_a_quadratic() -> None:
    x = np.random.default_rng(0).standard_normal((3, 3))
    np.testing.assert_allclose(numerical_forces(lambda y: 0.5 * np.sum(y**2), x), -x, atol=1e-8)
