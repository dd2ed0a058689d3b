from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from verification import actions, groups, strategies

CASES = [
    ("Permutations(4)", "rows", (4, 2)),
    ("Permutations(4)", "matrix", (4, 4)),
    ("Permutations(4)", "vectors", (3, 4)),
    ("SignFlips(3)", "vectors", (5, 3)),
    ("O3", "vectors", (5, 3)),
    ("O3", "pseudovectors", (5, 3)),
    ("O3", "rows", (3, 2)),
    ("E3", "points", (5, 3)),
    ("E3", "vectors", (5, 3)),
    ("GLPlus(3)", "matrix", (3, 3)),
    ("SL(2)", "vectors", (4, 2)),
    ("O3", "irreps:2x0e+1x1o+1x1e+1x0o", (2, 9)),
    ("Permutations(5)*E3", "rows*points", (5, 3)),
]


@pytest.mark.parametrize(("spec", "name", "shape"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_named_actions_are_group_actions(spec: str, name: str, shape: tuple[int, ...]) -> None:
    group = groups.from_spec(spec)
    act = actions.resolve(name, group)
    x = np.random.default_rng(0).standard_normal(shape)

    @given(group.elements(), group.elements())
    def check(g, h):  # noqa: ANN001, ANN202
        np.testing.assert_allclose(act(g, act(h, x)), act(group.compose(g, h), x), atol=1e-8)
        np.testing.assert_allclose(act(group.inverse(g), act(g, x)), x, atol=1e-8)

    np.testing.assert_array_equal(act(group.identity(), x), x)
    check()


@given(strategies.permutations(5))
def test_permutation_actions_match_explicit_matrices(p: np.ndarray) -> None:
    s = groups.Permutations(5)
    m = np.eye(5)[p]
    a = np.random.default_rng(1).standard_normal((5, 5))
    np.testing.assert_allclose(actions.resolve("rows", s)(p, a), m @ a)
    np.testing.assert_allclose(actions.resolve("matrix", s)(p, a), m @ a @ m.T)
    np.testing.assert_allclose(actions.resolve("vectors", s)(p, a), a @ m.T)


@given(strategies.rotations(), st.booleans())
def test_cross_product_transforms_as_a_pseudovector(r: np.ndarray, flip: bool) -> None:
    r = -r if flip else r
    o3 = groups.O3()
    a, b = np.random.default_rng(2).standard_normal((2, 3))
    pseudo = actions.resolve("pseudovectors", o3)
    vec = actions.resolve("vectors", o3)
    np.testing.assert_allclose(
        np.cross(vec(r, a), vec(r, b)), pseudo(r, np.cross(a, b)), atol=1e-12
    )


def test_irreps_blocks_follow_parity() -> None:
    o3 = groups.O3()
    act = actions.resolve("irreps:1x0e+1x0o+1x1o+1x1e", o3)
    x = np.arange(1.0, 9.0)
    out = act(-np.eye(3), x)
    np.testing.assert_allclose(out, [1.0, -2.0, -3.0, -4.0, -5.0, 6.0, 7.0, 8.0])


@given(strategies.rotations(), st.booleans())
def test_irreps_blocks_of_any_degree_rotate_spherical_harmonics(r: np.ndarray, flip: bool) -> None:
    from symalg.equivariant import spherical_harmonics_kernel

    g = -r if flip else r
    act = actions.resolve("irreps:1x0e+1x1o+1x2e+1x3o", groups.O3())
    pts = np.random.default_rng(3).standard_normal((4, 3))
    kernels = [spherical_harmonics_kernel(deg, backend="numpy") for deg in range(4)]
    harmonics = lambda p: np.concatenate([k(*p.T) for k in kernels], axis=-1)  # noqa: E731
    np.testing.assert_allclose(act(g, harmonics(pts)), harmonics(pts @ g.T), atol=1e-12)


def test_callable_actions_are_wrapped() -> None:
    act = actions.resolve(lambda g, x: x @ g.T, groups.SO2())
    np.testing.assert_allclose(act(np.eye(2), np.ones((3, 2))), np.ones((3, 2)))


@pytest.mark.parametrize(
    ("name", "spec", "error", "match"),
    [
        ("spin", "O3", InvalidArgumentError, "unknown action 'spin'; use one of 'trivial'"),
        ("points", "Permutations(3)", InvalidArgumentError, "'points' needs a geometric group"),
        ("rows", "E3", InvalidArgumentError, "would ignore its translations"),
        ("rows*points", "E3", InvalidArgumentError, "has 2 factors but E3 has 1"),
        ("irreps:1x2y", "O3", InvalidArgumentError, "cannot parse irrep '1x2y' at position 0"),
        ("irreps:1xq", "O3", InvalidArgumentError, "cannot parse irrep '1xq'"),
        ("irreps:1x1o", "SO2", InvalidArgumentError, "needs O\\(3\\), SO\\(3\\)"),
        (3, "O3", InvalidTypeError, "action must be a name"),
    ],
)
def test_bad_actions_are_rejected_with_the_fix(name, spec, error, match) -> None:  # noqa: ANN001
    with pytest.raises(error, match=match):
        actions.resolve(name, groups.from_spec(spec))


def test_validate_reports_expected_shape() -> None:
    act = actions.resolve("matrix", groups.Permutations(4))
    with pytest.raises(ShapeError, match=r"expects shape \(4, 4, \.\.\.\), got shape \(4, 3\)"):
        act.validate(np.zeros((4, 3)), where="here")
    bad = actions.resolve(lambda g, x: x[:1], groups.SO3())
    with pytest.raises(ShapeError, match="an action must preserve the shape"):
        bad.validate(np.zeros((4, 3)), where="here")
