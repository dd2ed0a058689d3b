"""Irreps: parsing, layout, errors with positions, the O(3) action."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.equivariant import Irreps
from symalg.errors import InvalidArgumentError, InvalidTypeError
from verification import strategies

o3_elements = st.tuples(strategies.rotations(), st.booleans()).map(
    lambda t: -t[0] if t[1] else t[0]
)


def test_parse_layout_and_round_trip() -> None:
    ir = Irreps(" 2x0e + 1o+3x2e + 1x12o ")
    assert ir.items == ((2, 0, 1), (1, 1, -1), (3, 2, 1), (1, 12, -1))
    assert ir.dim == 2 + 3 + 15 + 25 and ir.lmax == 12 and len(ir) == 4
    assert Irreps(str(ir)) == ir and str(ir) == "2x0e+1x1o+3x2e+1x12o"
    assert [s.stop - s.start for s in ir.slices()] == [2, 3, 15, 25]
    assert ir[1:3] == Irreps("1x1o+3x2e") and ir[0] == (2, 0, 1)
    assert Irreps("1x0e") + "1x1o" == Irreps([(1, 0, 1), (1, 1, -1)])
    assert Irreps("").dim == 0
    assert str(Irreps.spherical_harmonics(2)) == "1x0e+1x1o+1x2e"


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ("1x0e + 2y1o", r"cannot parse irrep '2y1o' at position 7 of '1x0e \+ 2y1o'"),
        ("1x0e+", r"cannot parse irrep '' at position 5"),
        ("0x1o", r"cannot parse irrep '0x1o' at position 0"),
        ("1x1", r"cannot parse irrep '1x1' at position 0"),
        ("1x-1e", r"cannot parse irrep '1x-1e'"),
    ],
)
def test_malformed_strings_name_the_term_and_position(spec: str, match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        Irreps(spec)


def test_bad_items_and_types() -> None:
    with pytest.raises(InvalidArgumentError, match="parity=2 must be"):
        Irreps([(1, 1, 2)])
    with pytest.raises(InvalidTypeError, match="expected a string"):
        Irreps(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="must be \\(mul, l, parity\\) tuples"):
        Irreps([(1, 1)])


@given(o3_elements, o3_elements)
def test_action_is_an_orthogonal_homomorphism_of_O3(g: np.ndarray, h: np.ndarray) -> None:
    ir = Irreps("2x0e+1x0o+1x1o+1x1e+2x2e+1x3o")
    dg, dh = ir.D_from_matrix(g), ir.D_from_matrix(h)
    np.testing.assert_allclose(ir.D_from_matrix(g @ h), dg @ dh, atol=1e-13)
    np.testing.assert_allclose(dg @ dg.T, np.eye(ir.dim), atol=1e-13)


@given(o3_elements)
def test_vectors_and_pseudovectors(g: np.ndarray) -> None:
    perm = [1, 2, 0]
    d = Irreps("1x1o+1x1e+1x0o").D_from_matrix(g)
    a, b = np.random.default_rng(0).standard_normal((2, 3))
    det = np.linalg.det(g)
    np.testing.assert_allclose(d[:3, :3] @ a[perm], (g @ a)[perm], atol=1e-14)
    np.testing.assert_allclose(d[3:6, 3:6] @ a[perm], det * (g @ a)[perm], atol=1e-14)
    np.testing.assert_allclose(d[6, 6], det)
    cross = np.cross(g @ a, g @ b)
    np.testing.assert_allclose(d[3:6, 3:6] @ np.cross(a, b)[perm], cross[perm], atol=1e-13)


def test_check_features_shape_error() -> None:
    from symalg.errors import ShapeError

    with pytest.raises(ShapeError, match=r"expected \(\.\.\., 4\) for irreps 1x0e\+1x1o"):
        Irreps("1x0e+1x1o").check_features("f", "x", np.zeros((2, 5)))
