from __future__ import annotations

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError
from symalg.nn import MonoidAggregator, PermutableMLP
from verification import (
    AlgebraicLawError,
    InvarianceError,
    check_monoid_laws,
    check_weight_permutation,
    raise_for,
    strategies,
)

FAST = {"max_examples": 30, "seed": 0}


def test_addition_and_the_learned_monoid_satisfy_the_laws() -> None:
    assert check_monoid_laws(
        np.add, identity=np.zeros(4), inputs=strategies.multisets(3), **FAST
    ).passed
    agg = MonoidAggregator()
    r = check_monoid_laws(
        agg.combine, identity=agg.identity_element(), inputs=strategies.multisets(3), **FAST
    )
    assert r.passed and set(r.by_type) == {"commutativity", "associativity", "identity"}


@pytest.mark.parametrize(
    ("op", "identity", "law"),
    [
        (lambda a, b: (a + b) / 2, None, "associativity"),
        (lambda a, b: a.copy(), None, "commutativity"),  # left projection: associative only
        (np.add, np.ones(4), "identity"),
    ],
    ids=["mean", "left-projection", "wrong-identity"],
)
def test_each_broken_law_is_named(op, identity, law) -> None:  # noqa: ANN001
    r = check_monoid_laws(op, identity=identity, inputs=strategies.multisets(3), **FAST)
    assert r.status == "violation" and r.counterexample.element_type == law
    with pytest.raises(AlgebraicLawError, match=law):
        raise_for(r)


def test_commutativity_is_checked_bitwise() -> None:
    def almost(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b + (1e-15 * a if a[0] > b[0] else 0.0)

    r = check_monoid_laws(almost, inputs=strategies.multisets(3), **FAST)
    assert r.counterexample.element_type == "commutativity"
    assert r.counterexample.rel_error < 1e-13  # tiny, but not bitwise equal


def test_laws_need_three_elements() -> None:
    with pytest.raises(InvalidArgumentError, match="at least 3 rows"):
        check_monoid_laws(np.add, inputs=strategies.multisets(2), **FAST)


def test_weight_permutation_holds_and_forgetting_the_bias_is_caught() -> None:
    mlp = PermutableMLP()
    assert check_weight_permutation(mlp, inputs=strategies.arrays((3, 4)), **FAST).passed

    def forget(model: PermutableMLP, perms) -> PermutableMLP:  # noqa: ANN001
        full = [np.arange(4), *perms, np.arange(3)]
        new = [(w[full[i + 1]][:, full[i]], b) for i, (w, b) in enumerate(model.params)]
        return PermutableMLP(model.sizes, params=new)

    r = check_weight_permutation(mlp, permute=forget, inputs=strategies.arrays((3, 4)), **FAST)
    assert r.status == "violation"
    with pytest.raises(InvarianceError, match="function invariance"):
        raise_for(r)


def test_weight_permutation_checks_singular_values_too() -> None:
    mlp = PermutableMLP()

    def scale_first(model: PermutableMLP, perms) -> PermutableMLP:  # noqa: ANN001
        p = model.permute_hidden(perms)
        (w, b), *rest = p.params
        return PermutableMLP(model.sizes, params=[(w * 1.0001, b), *rest])

    r = check_weight_permutation(
        mlp, permute=scale_first, inputs=strategies.arrays((3, 4)), **FAST
    )
    assert r.status == "violation"
    assert max(v for k, v in r.by_type.items() if k.startswith("singular")) > 1e-5


def test_weight_permutation_needs_a_permutation_routine() -> None:
    with pytest.raises(InvalidArgumentError, match="no permute_hidden method"):
        check_weight_permutation(np.tanh, inputs=strategies.arrays((3, 4)))
