"""compile_kernel(simd=...): the explicit-SIMD loop gives the plain loop's results.

The plain numba loop is the independent route: without fused multiply-adds both evaluate
the same statements in the same order with IEEE operations, so every output bit must
agree, NaN, infinities and signed zeros included, for float64 and float32 and for every
number of points (whole vectors plus a scalar rest).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.codegen import _source, compile_kernel
from symalg.errors import CodegenError, InvalidArgumentError, InvalidTypeError
from tests.codegen._reference import assert_within_bound
from tests.codegen.strategies import SYMBOLS, X, Y, Z, extend_with, leaves, points

_UNARY = [
    sympy.sin,
    sympy.cos,
    sympy.Abs,
    sympy.floor,
    sympy.ceiling,
    lambda u: sympy.sqrt(u**2 + sympy.Rational(1, 4)),
    lambda u: sympy.Min(u, X),
    lambda u: sympy.Max(u, sympy.Rational(1, 3)),
    lambda u: sympy.Piecewise((u, u < Y), (u * Z, sympy.Eq(u, 0)), (-u, True)),
    lambda u: sympy.Piecewise((u**2, sympy.And(u > 0, Z <= 1)), (u, sympy.Ne(u, Y)), (Y, True)),
]


simd_expressions = st.recursive(leaves, extend_with(_UNARY), max_leaves=10)
_specials = st.sampled_from([0.0, -0.0, np.nan, np.inf, -np.inf, 1e-300, -2.5, 3.0])


def _same_bits(a: np.ndarray, b: np.ndarray) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype
    nan = np.isnan(a)
    np.testing.assert_array_equal(nan, np.isnan(b))
    uint = np.uint64 if a.dtype == np.float64 else np.uint32
    np.testing.assert_array_equal(a[~nan].view(uint), b[~nan].view(uint))


def _pair(exprs, args, **options):
    plain = compile_kernel(exprs, args, vector_trig=True, simd=False, **options)
    simd = compile_kernel(exprs, args, vector_trig=True, simd=True, **options)
    return plain, simd


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(
    exprs=st.lists(simd_expressions, min_size=1, max_size=6),
    pts=st.lists(st.one_of(points, st.tuples(_specials, _specials, _specials)), max_size=19),
)
@settings(max_examples=15, deadline=None)
def test_random_expressions_match_the_plain_loop_bit_for_bit(dtype, exprs, pts) -> None:
    plain, simd = _pair(exprs, list(SYMBOLS), dtype=dtype)
    cols = np.array(pts, dtype=dtype).reshape(-1, 3).T
    with np.errstate(all="ignore"):
        _same_bits(plain(*cols), simd(*cols))


@given(
    exprs=st.lists(simd_expressions, min_size=1, max_size=6),
    pts=st.lists(points, min_size=1, max_size=9),
)
@settings(max_examples=10, deadline=None)
def test_fused_multiply_adds_stay_within_the_error_bound(exprs, pts) -> None:
    pieces = any(e.has(sympy.Piecewise, sympy.floor, sympy.ceiling) for e in exprs)
    simd = compile_kernel(exprs, list(SYMBOLS), vector_trig=True, fma=True, simd=True)
    if not pieces:  # a rounding difference may flip a comparison: the bound is for smooth code
        assert_within_bound(simd, exprs, pts, SYMBOLS)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9, 17, 1001])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_every_batch_length_and_both_dtypes(n, dtype) -> None:
    w = sympy.Matrix(3, 1, sympy.symbols("w0:3", real=True))
    t = sympy.sqrt((w.T * w)[0])
    r = sympy.eye(3) * sympy.cos(t) + (w * w.T) * sympy.Piecewise(
        (sympy.Rational(1, 2), t < sympy.Rational(1, 100)), ((1 - sympy.cos(t)) / t**2, True)
    )
    plain, simd = _pair(r, [w], dtype=dtype)
    x = np.random.default_rng(n).standard_normal((n, 3, 1)).astype(dtype)
    _same_bits(plain(x), simd(x))
    assert simd(x).shape == (n, 3, 3)


def test_several_arguments_outputs_and_broadcasting() -> None:
    a = sympy.Matrix(2, 2, sympy.symbols("a0:4", real=True))
    s = sympy.Symbol("s", real=True)
    exprs = [[(a * a)[0, 0] * s, sympy.Max(a[0, 1], s)], [sympy.Abs(a.det()), s]]
    plain, simd = _pair(exprs, [a, s])
    rng = np.random.default_rng(0)
    mats = rng.standard_normal((7, 2, 2))
    _same_bits(plain(mats, 0.5), simd(mats, 0.5))  # s broadcast to every point
    s_pts = rng.standard_normal(7)
    _same_bits(plain(mats, s_pts), simd(mats, s_pts))
    out = np.empty((7, 2, 2))
    assert simd(mats, 2.0, out=out) is out
    _same_bits(out, plain(mats, 2.0))


def test_jacobian_kernel_writes_both_outputs() -> None:
    f = [sympy.sin(X) * Y, X * Y * Z + sympy.sqrt(Z**2 + 1)]
    plain, simd = _pair(f, [X, Y, Z])
    pts = np.random.default_rng(1).standard_normal((3, 11))
    (v0, j0), (v1, j1) = plain.jacobian()(*pts), simd.jacobian()(*pts)
    _same_bits(v0, v1)
    _same_bits(j0, j1)


def test_split_kernels_spill_through_vectors(monkeypatch) -> None:
    monkeypatch.setattr(_source, "PART_LINES", 4)
    exprs = [sympy.sin(X + k) * Y**k + sympy.Min(Z, k * X) for k in range(1, 5)]
    plain, simd = _pair(exprs, [X, Y, Z], cache=False)
    assert "part1_simd" in simd.source and "spill[" in simd.source
    pts = np.random.default_rng(2).standard_normal((3, 23))
    _same_bits(plain(*pts), simd(*pts))


def test_vector_loop_stores_rows_without_scatters() -> None:
    w = sympy.Matrix(3, 1, sympy.symbols("w0:3", real=True))
    k = compile_kernel(w * w.T, [w], simd=True, cache=False)
    k(np.ones((8, 3, 1)))
    fn = k._impl.engine.module.part0_simd
    asm = fn.inspect_asm(fn.signatures[0])
    assert "scatter" not in asm


def test_unsupported_function_names_the_fix() -> None:
    with pytest.raises(CodegenError, match=r"math\.exp.*simd=False"):
        compile_kernel(sympy.exp(X), [X], simd=True)
    with pytest.raises(CodegenError, match="math.sin.*simd=False"):
        compile_kernel(sympy.sin(X), [X], simd=True)  # needs vector_trig=True


def test_option_is_validated() -> None:
    with pytest.raises(InvalidArgumentError, match="real dtype"):
        compile_kernel(X, [X], simd=True, dtype="complex128")
    with pytest.raises(InvalidArgumentError, match="'auto', True or False"):
        compile_kernel(X, [X], simd="yes")
    with pytest.raises(InvalidArgumentError, match="'auto', True or False"):
        compile_kernel(X, [X], simd=1)


def test_auto_is_the_default_and_steps_aside_for_other_functions() -> None:
    vec = compile_kernel([X * Y, sympy.Max(X, Z)], [X, Y, Z])
    assert "def part0_simd" in vec.source and vec._impl.engine.simd
    lib = compile_kernel([X * Y, sympy.exp(X)], [X, Y])  # math.exp: the plain loop
    assert "part0_simd" not in lib.source and not lib._impl.engine.simd
    assert float(lib(1.0, 2.0)[1]) == float(np.exp(1.0))
    cplx = compile_kernel(X * Y, [X, Y], dtype="complex128")  # complex: the plain loop
    assert "part0_simd" not in cplx.source


def test_other_backends_ignore_it() -> None:
    k = compile_kernel(X * Y, [X, Y], backend="numpy", simd=True)
    assert float(k(2.0, 3.0)) == 6.0


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(
    a=st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), max_size=23),
    s=st.floats(-(2.0**100), 2.0**100, width=32),
)
@settings(max_examples=30, deadline=None)
def test_input_max_comes_from_the_same_pass(dtype, a, s) -> None:
    # the largest |x| over every input entry (a broadcast scalar included), NaN/inf if any
    k = compile_kernel([X * Y, sympy.Max(X, Y)], [X, Y], dtype=dtype)
    arr = np.array(a, dtype=dtype)
    with np.errstate(all="ignore"):
        values, hi = k.call_with_input_max(arr, np.array(s, dtype=dtype))
        _same_bits(values, k(arr, np.array(s, dtype=dtype)))
    entries = np.abs(np.concatenate([arr, [s] if arr.size else []]).astype(dtype))
    if np.isnan(entries).any():
        assert np.isnan(hi)
    else:
        assert hi == (entries.max() if entries.size else 0.0)


def test_input_max_is_none_where_the_plain_loop_ran() -> None:
    plain = compile_kernel(X * Y, [X, Y], simd=False)
    assert plain.call_with_input_max(np.ones(5), 2.0)[1] is None
    k = compile_kernel([sympy.Min(X, j * Y) + j for j in range(6)], [X, Y])
    assert k.call_with_input_max(np.arange(9.0), -20.0)[1] == 20.0  # broadcast: block path


def test_input_max_refuses_dask_arrays_clearly() -> None:
    da = pytest.importorskip("dask.array")
    k = compile_kernel(X * Y, [X, Y])
    with pytest.raises(InvalidTypeError, match="NumPy arrays, not Dask"):
        k.call_with_input_max(da.ones(4, chunks=2), 2.0)
