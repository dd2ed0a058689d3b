"""verification: property-based checks of equivariance and invariance claims.

``verification`` may import the public ``symalg`` API; ``symalg`` never imports it.

Examples
--------
>>> import numpy as np
>>> from verification import assert_invariant, groups, strategies
>>> report = assert_invariant(lambda x: np.linalg.norm(x), group=groups.O3(),
...                           input_action="vectors", inputs=strategies.point_clouds(4), seed=0)
>>> report.passed
True
"""

from __future__ import annotations

from verification import actions, groups, strategies, zoo
from verification._campaign import ClaimJob, TargetJob, claim_jobs, verify_campaign
from verification._check import (
    assert_equivariant,
    assert_invariant,
    check_equivariance,
    equivariance_error,
    raise_for,
)
from verification._errors import (
    AlgebraicLawError,
    ComponentError,
    EquivarianceError,
    InvarianceError,
    RepresentationError,
    VerificationError,
)
from verification._forces import check_forces, numerical_forces
from verification._laws import check_monoid_laws, check_weight_permutation
from verification._profile import (
    ProfileEntry,
    StabilityReport,
    equivariance_profile,
    stability_ratio,
)
from verification._report import Counterexample, Report
from verification._runner import verify_claim, verify_component
from verification._tolerances import TOLERANCES, Tolerance, tolerance

__all__ = [
    "check_equivariance",
    "assert_equivariant",
    "assert_invariant",
    "equivariance_error",
    "raise_for",
    "check_monoid_laws",
    "check_weight_permutation",
    "check_forces",
    "numerical_forces",
    "equivariance_profile",
    "ProfileEntry",
    "stability_ratio",
    "StabilityReport",
    "verify_claim",
    "verify_component",
    "verify_campaign",
    "claim_jobs",
    "ClaimJob",
    "TargetJob",
    "Report",
    "Counterexample",
    "tolerance",
    "Tolerance",
    "TOLERANCES",
    "VerificationError",
    "EquivarianceError",
    "InvarianceError",
    "RepresentationError",
    "AlgebraicLawError",
    "ComponentError",
    "groups",
    "actions",
    "strategies",
    "zoo",
]
