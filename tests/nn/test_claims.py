from __future__ import annotations

import pytest

import symalg.nn._registry as nn_registry
from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.nn import (
    Claim,
    Degeneracy,
    InputSpec,
    component_names,
    make_component,
    register_component,
)

SPECS = (InputSpec("point_clouds", {"n_points": 4}),)


def test_claim_rejects_unknown_kind_and_lists_valid_ones() -> None:
    with pytest.raises(InvalidArgumentError, match=r"kind='x'.*'equivariance', 'monoid_laws'"):
        Claim("c", "O3", "vectors", "trivial", SPECS, kind="x")


def test_approximate_claim_needs_a_tolerance() -> None:
    with pytest.raises(InvalidArgumentError, match="needs rtol"):
        Claim("c", "O3", "vectors", "trivial", SPECS, exact=False)


@pytest.mark.parametrize("action", ["", 3, ("vectors", 2)])
def test_claim_rejects_bad_action(action: object) -> None:
    with pytest.raises(InvalidTypeError, match="input_action must be an action name"):
        Claim("c", "O3", action, "trivial", SPECS)  # type: ignore[arg-type]


def test_claim_rejects_inputs_that_are_not_specs() -> None:
    with pytest.raises(InvalidTypeError, match="inputs must be a tuple of InputSpec"):
        Claim("c", "O3", "vectors", "trivial", ("point_clouds",))  # type: ignore[arg-type]


@pytest.mark.parametrize("threshold", [0.0, 2.0, float("nan")])
def test_degeneracy_threshold_must_lie_in_unit_interval(threshold: float) -> None:
    with pytest.raises(InvalidArgumentError, match=r"must be a finite number in \(0, 1\]"):
        Degeneracy("gap", threshold)


def test_is_invariance_reads_every_output_action() -> None:
    assert Claim("c", "E3", "points", ("trivial", "trivial"), SPECS).is_invariance
    assert not Claim("c", "E3", "points", ("trivial", "points"), SPECS).is_invariance


def test_every_registered_component_declares_claims_with_callable_methods() -> None:
    for name in component_names():
        comp = make_component(name)
        assert comp.name == name
        assert comp.claims
        for claim in comp.claims:
            assert isinstance(claim, Claim)
            method = comp if claim.method == "__call__" else getattr(comp, claim.method)
            assert callable(method)
            if claim.degeneracy is not None:
                assert callable(getattr(comp, claim.degeneracy.measure))


def test_registry_refuses_duplicates_and_unknown_names() -> None:
    with pytest.raises(InvalidArgumentError, match="already registered; pass replace=True"):
        register_component("deepsets", object)
    with pytest.raises(InvalidArgumentError, match="no component named 'nope'; known: 'deepsets'"):
        make_component("nope")
    with pytest.raises(InvalidTypeError, match="must be callable"):
        register_component("x-new", 3)  # type: ignore[arg-type]


def test_register_component_adds_a_factory(monkeypatch) -> None:  # noqa: ANN001
    # work on a copy of the registry: the registry is process-global, and a leftover dummy
    # would reach `symalg verify --list` and every later test that walks all components
    monkeypatch.setattr(nn_registry, "_REGISTRY", dict(nn_registry._REGISTRY))
    register_component("test-dummy", lambda: "made", replace=True)
    assert "test-dummy" in component_names()
    assert make_component("test-dummy") == "made"
