from __future__ import annotations

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.nn import Claim, InputSpec
from verification import verify_claim, verify_component


class Doubler:
    name = "doubler"
    claims = (
        Claim("o3", "O3", "vectors", "vectors", (InputSpec("point_clouds", {"n_points": 4}),)),
        Claim(
            "approx",
            "O3",
            "vectors",
            "vectors",
            (InputSpec("point_clouds", {"n_points": 4}),),
            method="noisy",
            exact=False,
            rtol=1e-3,
        ),
        Claim(
            "bad-action",
            "Permutations(4)",
            "points",
            "trivial",
            (InputSpec("point_clouds", {"n_points": 4}),),
        ),
        Claim(
            "bad-method",
            "O3",
            "vectors",
            "vectors",
            (InputSpec("point_clouds", {"n_points": 4}),),
            method="missing",
        ),
    )

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return 2.0 * x

    def noisy(self, x: np.ndarray) -> np.ndarray:
        return 2.0 * x + 1e-5 * np.abs(x)  # approximately equivariant


def test_user_component_claims_are_checked_with_their_tolerances() -> None:
    reports = verify_component(Doubler(), claims=["o3", "approx"], max_examples=20, seed=0)
    assert [r.passed for r in reports] == [True, True]
    assert reports[1].rtol == 1e-3 and reports[1].max_rel_error > 1e-7


def test_bad_claims_name_component_and_claim() -> None:
    with pytest.raises(
        InvalidArgumentError, match="doubler/bad-action.*'points' needs a geometric"
    ):
        verify_component(Doubler(), claims=["bad-action"], max_examples=5, seed=0)
    with pytest.raises(
        InvalidArgumentError, match="doubler/bad-method.*no callable method 'missing'"
    ):
        verify_component(Doubler(), claims=["bad-method"], max_examples=5, seed=0)


def test_unknown_claims_and_objects_without_claims_are_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match=r"unknown claim\(s\) \['x'\]"):
        verify_component(Doubler(), claims=["x"])
    with pytest.raises(InvalidArgumentError, match="declares no claims"):
        verify_component(object())
    with pytest.raises(InvalidTypeError, match="claim must be a symalg.nn.Claim"):
        verify_claim(Doubler(), "o3")  # type: ignore[arg-type]


def test_registered_component_by_name() -> None:
    reports = verify_component(
        "egnn", claims=["permutation-equivariance"], max_examples=10, seed=0
    )
    assert reports[0].passed and reports[0].name == "egnn/permutation-equivariance"
