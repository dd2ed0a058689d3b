from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symalg.codegen import compile_kernel
from tests.codegen._reference import error_bound, exact
from tests.codegen.strategies import SYMBOLS, X, Y, Z, expressions, points

EPS = {"float64": float(np.finfo(np.float64).eps), "float32": float(np.finfo(np.float32).eps)}
SLACK = 16  # reassociation, pow -> mul and CSE change the order, not the order of the bound


def _check_against_exact(
    exprs: list[sympy.Expr], pts: list[tuple[float, ...]], dtype: str
) -> None:
    k = compile_kernel(exprs, list(SYMBOLS), dtype=dtype)
    arr = np.array(pts, dtype=dtype)
    got = k(arr[:, 0], arr[:, 1], arr[:, 2])
    assert got.shape == (len(pts), len(exprs)) and got.dtype == np.dtype(dtype)
    for i in range(len(pts)):
        subs = dict(zip(SYMBOLS, map(float, arr[i]), strict=True))
        for j, e in enumerate(exprs):
            ref = exact(e, subs)
            bound = error_bound(e, subs, EPS[dtype])
            if abs(ref.imag) > 1e-30 or not math.isfinite(bound) or abs(ref) > 1e30:
                continue
            # float32: the result is also rounded to float32 on output
            tol = SLACK * bound + 2 * EPS[dtype] * abs(ref) + 16 * float(np.finfo(dtype).tiny)
            err = abs(float(got[i, j]) - ref.real)
            assert err <= tol, (
                f"{e} at {subs}: kernel {got[i, j]!r}, exact {ref.real!r}, "
                f"error {err:.3g} > tolerance {tol:.3g} ({dtype})"
            )


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(
    exprs=st.lists(expressions, min_size=1, max_size=8),
    pts=st.lists(points, min_size=1, max_size=4),
)
@settings(max_examples=12)
def test_kernel_matches_exact_evaluation(
    dtype: str, exprs: list[sympy.Expr], pts: list[tuple[float, ...]]
) -> None:
    _check_against_exact(exprs, pts, dtype)


@pytest.mark.parametrize(
    ("expr", "x"),
    [
        (sympy.log(1 + X), 1e-12),
        (sympy.exp(X) - 1, 1e-12),
        (sympy.log(X + 1), -3e-11),
        (sympy.exp(X) - 1, -3e-10),
    ],
)
def test_accuracy_rewrites_keep_relative_accuracy_where_naive_cancels(expr, x) -> None:
    k = compile_kernel(expr, [X])
    ref = exact(expr, {X: x}).real
    naive = float(sympy.lambdify(X, expr, "math")(x))
    assert abs(naive - ref) / abs(ref) > 1e-8  # the naive formula does cancel here
    assert abs(k(x) - ref) / abs(ref) <= 2e-16
    assert "log1p" in k.source or "expm1" in k.source


def test_constants_are_correctly_rounded_float64() -> None:
    c = sympy.sqrt(sympy.pi) / 3 + sympy.Rational(1, 7)
    k = compile_kernel(c * X, [X])
    assert k(1.0) == float(c.evalf(40))


def test_matrix_argument_and_output_shape() -> None:
    M = sympy.Matrix(3, 3, sympy.symbols("m0:9"))
    k = compile_kernel(M.inv(), [M])
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 4, 3, 3)) + 3 * np.eye(3)
    got = k(A)
    assert got.shape == (5, 4, 3, 3)
    cond = np.linalg.cond(A).max()
    np.testing.assert_allclose(got, np.linalg.inv(A), rtol=0, atol=1e-14 * cond)


def test_broadcasting_over_leading_dimensions() -> None:
    k = compile_kernel([X * Y + Z, X - Y], [X, Y, Z])
    x = np.arange(3.0).reshape(3, 1)
    y = np.arange(4.0).reshape(1, 4)
    got = k(x, y, 0.5)
    assert got.shape == (3, 4, 2)
    np.testing.assert_array_equal(got[..., 0], x * y + 0.5)
    np.testing.assert_array_equal(got[..., 1], np.broadcast_to(x - y, (3, 4)))


def test_scalars_give_output_shape_only() -> None:
    k = compile_kernel(sympy.Matrix([[X, Y], [X * Y, 1]]), [X, Y])
    got = k(2.0, 3.0)
    assert got.shape == (2, 2)
    np.testing.assert_array_equal(got, [[2.0, 3.0], [6.0, 1.0]])


def test_out_is_written_in_place_and_returned() -> None:
    k = compile_kernel([sympy.sin(X), X**2], [X])
    x = np.linspace(0, 1, 7)
    out = np.full((7, 2), np.nan)
    res = k(x, out=out)
    assert res is out
    np.testing.assert_allclose(out, np.stack([np.sin(x), x**2], -1), rtol=1e-15)
    strided = np.zeros((7, 4))[:, ::2]  # not C-contiguous: written through a buffer
    assert k(x, out=strided) is strided
    np.testing.assert_array_equal(strided, out)


def test_jacobian_matches_symbolic_derivative() -> None:
    M = sympy.Matrix(2, 2, sympy.symbols("a b c d"))
    exprs = [sympy.sin(X) * M[0, 1] + M.det(), sympy.exp(X * M[1, 0]), sympy.Integer(3)]
    args = [X, M]
    k = compile_kernel(exprs, args).jacobian()
    rng = np.random.default_rng(2)
    x, A = rng.normal(size=6), rng.normal(size=(6, 2, 2))
    values, jac = k(x, A)
    assert values.shape == (6, 3) and jac.shape == (6, 3, 5)
    syms = [X, *M]
    ref = sympy.lambdify(syms, sympy.Matrix(exprs).jacobian(syms), "numpy")
    for i in range(6):
        want = np.array(ref(x[i], *A[i].ravel()), dtype=float)
        np.testing.assert_allclose(jac[i], want, rtol=1e-14, atol=1e-14)
    assert np.all(jac[:, 2, :] == 0)


def test_jacobian_out_pair_with_structural_zeros_is_reset() -> None:
    k = compile_kernel([X * Y, X], [X, Y]).jacobian()
    values, jac = np.full((3, 2), 7.0), np.full((3, 2, 2), 7.0)
    k(np.ones(3), 2.0, out=(values, jac))
    np.testing.assert_array_equal(jac[0], [[2.0, 1.0], [1.0, 0.0]])


def test_nan_inputs_propagate() -> None:
    k = compile_kernel(
        [
            X + 1,
            sympy.sin(X) * Y,
            sympy.Max(X, Y),
            sympy.Abs(X),
            X**2,
            sympy.sqrt(X**2 + 1),
            sympy.sign(X),
        ],
        [X, Y],
    )
    got = k(np.nan, 1.0)
    assert np.isnan(got).all()


@pytest.mark.parametrize("backend", ["numba", "symengine", "numpy"])
def test_backends_agree(backend: str) -> None:
    exprs = [
        sympy.sin(X) * sympy.exp(-(Y**2)),
        sympy.atan2(Y, X),
        sympy.sqrt(X**2 + Y**2),
        sympy.Piecewise((X, X > Y), (Y, True)),
    ]
    k = compile_kernel(exprs, [X, Y], backend=backend)
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=50), rng.normal(size=50)
    want = np.stack(
        [np.sin(x) * np.exp(-(y**2)), np.arctan2(y, x), np.hypot(x, y), np.maximum(x, y)], -1
    )
    np.testing.assert_allclose(k(x, y), want, rtol=4e-16 * 8, atol=0)


def test_complex_dtype() -> None:
    z = sympy.Symbol("z")
    k = compile_kernel(
        [sympy.exp(sympy.I * z) * z**2, sympy.sqrt(z), sympy.conjugate(z)], [z], dtype="complex128"
    )
    v = np.array([1 + 1j, -1 + 0j, 0.5j])
    np.testing.assert_allclose(
        k(v), np.stack([np.exp(1j * v) * v**2, np.sqrt(v), v.conj()], -1), rtol=1e-15
    )


def test_piecewise_without_true_branch_gives_nan() -> None:
    k = compile_kernel(sympy.Piecewise((X, X > 0), (-X, X < -1)), [X])
    got = k(np.array([2.0, -2.0, -0.5]))
    assert got[0] == 2.0 and got[1] == 2.0 and np.isnan(got[2])


def test_nested_piecewise_conditions_with_ite_compile() -> None:
    # sympy folds a Piecewise nested in another's conditions into ITE(c, a, b)
    inner = sympy.Piecewise((X, X < Y), (-X, True))
    cond = sympy.ITE(X < Y, inner > 0, Z > 1)
    e = sympy.Piecewise((X * Z, cond), (Y, True))
    k = compile_kernel(e, [X, Y, Z])
    ref = sympy.lambdify([X, Y, Z], e)
    pts = np.array([[1.0, 2.0, 3.0], [-1.0, 2.0, 3.0], [3.0, 2.0, 5.0], [3.0, 2.0, 0.5]])
    assert list(k(*pts.T)) == [float(ref(*p)) for p in pts]


def test_a_constant_seen_twice_still_folds() -> None:
    # exp(2) after 2 was already printed: still evaluated once at 30 digits, not at run time
    k = compile_kernel([2 * X, 1 / (1 + sympy.exp(2))], [X])
    assert "math.exp" not in k.source
    assert float(k(1.0)[1]) == float(1 / (1 + sympy.exp(2)).evalf(30))
    # ...but a CSE symbol standing for a constant is not folded as if it were one
    e = [sympy.cos(sympy.Rational(1, 3)), 25 * sympy.cos(sympy.Rational(1, 3)) / 29 + Y]
    np.testing.assert_allclose(
        compile_kernel(e, [Y])(1.0), [math.cos(1 / 3), 25 * math.cos(1 / 3) / 29 + 1], rtol=1e-15
    )


def test_float32_kernel_computes_in_float32() -> None:
    k = compile_kernel(X / 3, [X], dtype="float32")
    got = k(np.array([1.0], dtype=np.float64))
    assert got.dtype == np.float32 and got[0] == np.float32(1) / np.float32(3)


def test_n_ops_reports_cse_savings() -> None:
    L = sympy.Matrix(3, 3, lambda i, j: sympy.Symbol(f"l{i}{j}") if i != j else 0)
    expr = (sympy.eye(3) - L).inv()
    k = compile_kernel(expr, list(L.free_symbols and sorted(L.free_symbols, key=str)))
    assert k.n_ops.after < k.n_ops.before


def test_unevaluated_input_is_not_miscompiled() -> None:
    # sympy.cse (1.14) returns 0 for this unevaluated tree; compile_kernel must not
    e = sympy.Add(
        sympy.Mul(Z, sympy.Mul(Z, Z, evaluate=False), evaluate=False),
        sympy.Mul(-1, sympy.Mul(3, Z, evaluate=False), evaluate=False),
        evaluate=False,
    )
    k = compile_kernel(e, [Z])
    assert k(2.0) == 2.0 and k(3.0) == 18.0
