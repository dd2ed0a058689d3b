"""compile_kernel(..., fma=True): fused multiply-adds; fast options stay within error bounds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.codegen import compile_kernel
from symalg.errors import InvalidTypeError
from tests.codegen._reference import assert_within_bound
from tests.codegen.strategies import SYMBOLS, X, Y, Z, expressions, points


def test_option_reaches_numba_and_the_cache_key() -> None:
    plain = compile_kernel(X * Y + Z, [X, Y, Z])
    fused = compile_kernel(X * Y + Z, [X, Y, Z], fma=True)
    assert 'fastmath={"contract"}' in fused.source
    assert "fastmath=False" in plain.source
    assert plain.source.splitlines()[0] != fused.source.splitlines()[0]  # the key line
    # full fast-math includes contraction and takes precedence
    assert "fastmath=True" in compile_kernel(X * Y + Z, [X, Y, Z], fma=True, fastmath=True).source


def test_fused_product_is_the_exactly_rounded_one() -> None:
    # x*x - 1 at x = 1 + 2^-30: unfused, x*x rounds away 2^-60; fused, it is exact
    k = compile_kernel(X * X - 1, [X], fma=True)
    x = 1.0 + 2.0**-30
    assert float(k(np.array([x]))[0]) == 2.0**-29 + 2.0**-60


def test_non_finite_values_still_propagate() -> None:
    k = compile_kernel(X * Y + Z, [X, Y, Z], fma=True)
    got = k(np.array([np.nan, np.inf, 1.0]), np.array([1.0, 0.0, np.inf]), 1.0)
    assert np.isnan(got[0]) and np.isnan(got[1]) and got[2] == np.inf


def test_option_type_is_checked() -> None:
    with pytest.raises(InvalidTypeError, match="fma"):
        compile_kernel(X, [X], fma="yes")


@pytest.mark.parametrize(
    "options",
    [{"fma": True}, {"vector_trig": True}, {"fma": True, "vector_trig": True}],
    ids=["fma", "vector_trig", "both"],
)
@given(
    exprs=st.lists(expressions, min_size=1, max_size=6),
    pts=st.lists(points, min_size=1, max_size=3),
)
@settings(max_examples=10)
def test_random_expressions_stay_within_the_error_bound(options, exprs, pts) -> None:
    k = compile_kernel(exprs, list(SYMBOLS), **options)
    assert_within_bound(k, exprs, pts, SYMBOLS)
