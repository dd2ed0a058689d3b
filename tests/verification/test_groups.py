from __future__ import annotations

import numpy as np
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, InvalidTypeError
from verification import groups

SPECS = [
    "Permutations(5)",
    "SignFlips(4)",
    "BlockOrthogonal(1,2)",
    "SO2",
    "O2",
    "SO3",
    "O3",
    "SE3",
    "E3",
    "Translations(3)",
    "GLPlus(2)",
    "SL(2)",
    "Permutations(3)*O3",
]


@pytest.fixture(params=SPECS)
def group(request: pytest.FixtureRequest) -> groups.Group:
    return groups.from_spec(request.param)


def _elements(group: groups.Group) -> st.SearchStrategy:
    return group.elements()


def test_matrix_is_a_homomorphism(group: groups.Group) -> None:
    @given(_elements(group), _elements(group))
    def check(a, b):  # noqa: ANN001, ANN202
        m = group.matrix(group.compose(a, b))
        np.testing.assert_allclose(m, group.matrix(a) @ group.matrix(b), atol=1e-10)
        np.testing.assert_allclose(
            group.matrix(group.compose(a, group.inverse(a))), np.eye(group.dim), atol=1e-10
        )

    check()


def test_translations_compose_like_affine_maps(group: groups.Group) -> None:
    rng = np.random.default_rng(0)
    a, b = group.sample(rng), group.sample(rng)
    ab = group.compose(a, b)
    expected = group.matrix(a) @ group.translation(b) + group.translation(a)
    np.testing.assert_allclose(group.translation(ab), expected, atol=1e-9)


def test_special_elements_start_with_identity_and_belong_to_the_group(group: groups.Group) -> None:
    specials = group.special_elements()
    label, e = specials[0]
    assert label == "identity"
    np.testing.assert_allclose(group.matrix(e), np.eye(group.dim))
    for _, g in specials:
        m = group.matrix(g)
        if group.name.startswith(("SO", "SE", "SL")):
            assert np.isclose(np.linalg.det(m), 1.0)
        if group.is_compact:
            np.testing.assert_allclose(m @ m.T, np.eye(group.dim), atol=1e-12)
        if group.name == "GLPlus(2)":
            assert np.linalg.det(m) > 0


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(s, marks=[] if s in ("Permutations(5)", "SO3", "E3") else [pytest.mark.slow])
        for s in SPECS
    ],
)
def test_hypothesis_elements_shrink_to_the_identity(spec: str) -> None:
    group = groups.from_spec(spec)
    g = find(group.generic(), lambda g: True)
    np.testing.assert_allclose(group.matrix(g), np.eye(group.dim), atol=1e-12)
    np.testing.assert_allclose(group.translation(g), 0.0)


def test_o3_specials_include_the_elements_random_sampling_misses() -> None:
    labels = dict(groups.O3().special_elements())
    for name in ("rot90-x", "rot180-z", "inversion", "mirror-z"):
        assert name in labels
    np.testing.assert_allclose(labels["rot180-z"], np.diag([-1.0, -1.0, 1.0]), atol=1e-15)


def test_haar_so3_matches_the_characters_of_the_defining_representation() -> None:
    # Haar: E[tr R] = 0 (no invariant vector), E[tr(R)^2] = 1 (irreducible)
    rng = np.random.default_rng(0)
    tr = np.array([np.trace(groups.SO3().sample(rng)) for _ in range(4000)])
    assert abs(tr.mean()) < 0.06
    assert abs((tr**2).mean() - 1.0) < 0.1


def test_uniform_permutations_fix_one_point_on_average() -> None:
    rng = np.random.default_rng(1)
    fixed = [np.sum(groups.Permutations(6).sample(rng) == np.arange(6)) for _ in range(4000)]
    assert abs(np.mean(fixed) - 1.0) < 0.06


def test_o3_sampling_hits_both_components() -> None:
    rng = np.random.default_rng(2)
    dets = [np.linalg.det(groups.O3().sample(rng)) for _ in range(400)]
    assert 0.4 < np.mean(np.array(dets) < 0) < 0.6


def test_non_compact_scale_is_the_condition_number() -> None:
    g = groups.GLPlus(2)
    m = np.diag([4.0, 0.5])
    assert g.scale(m) == pytest.approx(8.0)
    assert groups.SO3().scale(np.eye(3)) == 1.0


@given(st.permutations(range(5)).map(np.array), st.permutations(range(5)).map(np.array))
def test_permutation_compose_matches_index_composition(a: np.ndarray, b: np.ndarray) -> None:
    x = np.arange(5) * 10
    s = groups.Permutations(5)
    np.testing.assert_array_equal(x[s.compose(a, b)], x[b][a])


def test_element_types_label_reflections_and_translations() -> None:
    e3 = groups.E3()
    g = dict(e3.special_elements())["inversion"]
    assert e3.element_type(g) == "reflection"
    assert e3.element_type(dict(e3.special_elements())["translate-0"]) == "rotation+translation"
    assert groups.Permutations(4).element_type(np.array([1, 0, 2, 3])) == "transposition"


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ("O4", "unknown group 'O4'.*use one of AffineGLPlus"),
        ("Permutations(x)", "arguments of 'Permutations\\(x\\)' must be integers"),
        ("Permutations(3", "unbalanced parentheses"),
        ("SO3(2)", "bad arguments in 'SO3\\(2\\)'"),
    ],
)
def test_from_spec_errors_name_the_problem(spec: str, match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        groups.from_spec(spec)


def test_group_constructors_validate_sizes() -> None:
    with pytest.raises(InvalidArgumentError, match="n=0 must be >= 1"):
        groups.Permutations(0)
    with pytest.raises(InvalidTypeError, match="n must be an integer"):
        groups.Permutations(2.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="Product: needs at least two groups"):
        groups.Product(groups.SO3())
