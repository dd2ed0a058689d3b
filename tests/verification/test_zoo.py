"""The verifier must catch what it claims to catch, and stay quiet on correct components."""

from __future__ import annotations

import pytest

from symalg.nn import component_names, make_component
from verification import VerificationError, verify_claim, zoo

CASES = zoo.broken_cases()
CLAIMS = [
    (name, c.name)
    for name in component_names()
    if not name.startswith("test-")
    for c in make_component(name).claims
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_component_is_caught_with_its_specific_exception(case) -> None:  # noqa: ANN001
    err = case.assert_caught(seed=0)
    assert type(err) is case.expected
    assert isinstance(err, VerificationError) and isinstance(err, AssertionError)
    assert err.report is not None and not err.report.passed


@pytest.mark.parametrize(("component", "claim"), CLAIMS, ids=[f"{a}/{b}" for a, b in CLAIMS])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_correct_component_claims_hold(component: str, claim: str, dtype: str) -> None:
    comp = make_component(component)
    c = next(c for c in comp.claims if c.name == claim)
    r = verify_claim(comp, c, max_examples=20, dtype=dtype, seed=0)
    assert r.passed, r.summary()


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detection_rate_is_at_least_99_of_100_seeds(case) -> None:  # noqa: ANN001
    caught = 0
    for seed in range(100):
        try:
            case.assert_caught(seed=seed)
            caught += 1
        except AssertionError:
            pass
    assert caught >= 99


@pytest.mark.slow
@pytest.mark.parametrize(("component", "claim"), CLAIMS, ids=[f"{a}/{b}" for a, b in CLAIMS])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_no_false_alarm_in_100_seeds(component: str, claim: str, dtype: str) -> None:
    comp = make_component(component)
    c = next(c for c in comp.claims if c.name == claim)
    failures = [
        s
        for s in range(100)
        if not verify_claim(comp, c, max_examples=100, dtype=dtype, seed=s).passed
    ]
    assert failures == []
