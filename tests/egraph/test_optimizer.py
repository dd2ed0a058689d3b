from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symalg.egraph import (
    CostModel,
    egraph_optimizer,
    op_count,
    optimize_exprs,
    simplify_for_evaluation,
    symbolics_cycles,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError
from tests.egraph.test_sympy import X, Y, Z, sympy_exprs

A, B, C, D = sympy.symbols("a b c d")


def _check_same_values(orig: list, new: list, positive: bool, rtol: float) -> None:
    syms = sorted(set().union(*(e.free_symbols for e in orig)), key=str)
    rng = np.random.default_rng(7)
    lo = 0.3 if positive else -2.0
    pts = [rng.uniform(lo, 2.0, 50) for _ in syms]
    for e0, e1 in zip(orig, new, strict=True):
        f0, f1 = sympy.lambdify(syms, e0, "numpy"), sympy.lambdify(syms, e1, "numpy")
        with np.errstate(all="ignore"):
            v0 = np.broadcast_to(np.asarray(f0(*pts), float), (50,))
            v1 = np.broadcast_to(np.asarray(f1(*pts), float), (50,))
        ok = np.isclose(v0, v1, rtol=rtol, atol=rtol) | (np.isnan(v0) & np.isnan(v1))
        assert ok.all(), f"{e0} -> {e1}: max error {np.max(np.abs(v0 - v1)[~ok]):.3g}"


FAMILIES = [
    [X**2 * Y + X**2, X**3 - 3 * X**2 * Y],
    [(X + Y) ** 2 + sympy.sin(X + Y), sympy.cos(X + Y) * (X + Y) ** 2],
    [X / Y + Z / Y, X / (Y * Z), 4 * X / 8],
    [sympy.exp(X) * sympy.exp(Y), sympy.exp(X) - 1, sympy.log(1 + X)],
    [A * B + A * C + A * D, A**4 + 2 * A**3 + A, (A - B) * (A + B)],
    [sympy.sqrt(X) * X, X ** sympy.Rational(3, 2), 1 / X**2],
]


@pytest.mark.parametrize("exprs", FAMILIES, ids=range(len(FAMILIES)))
@pytest.mark.parametrize("fast_math", [False, True])
def test_optimised_expressions_equal_originals(exprs: list, fast_math: bool) -> None:
    res = optimize_exprs(exprs, fast_math=fast_math, domain=fast_math)
    assert res.cost_after <= res.cost_before
    _check_same_values(exprs, res.exprs, positive=fast_math, rtol=1e-10)


@given(st.lists(sympy_exprs(), min_size=1, max_size=3))
def test_random_expressions_keep_their_values(exprs: list) -> None:
    out = simplify_for_evaluation(exprs, limits={"node_limit": 3000, "iter_limit": 6})
    _check_same_values(exprs, out, positive=True, rtol=1e-9)


def test_sound_mode_is_bitwise_identical_for_pow_and_negation() -> None:
    exprs = [X**2 - Y, -X * Y + 2 * X]
    out = simplify_for_evaluation(exprs)
    rng = np.random.default_rng(3)
    pts = [rng.normal(0, 3, 100), rng.normal(0, 3, 100)]
    for e0, e1 in zip(exprs, out, strict=True):
        v0 = sympy.lambdify([X, Y], e0)(*pts)
        v1 = sympy.lambdify([X, Y], e1)(*pts)
        assert np.array_equal(v0, v1)


def test_fast_math_finds_horner_and_factoring() -> None:
    res = optimize_exprs(
        [X**3 + 2 * X**2 + 3 * X + 4, A * B + A * C], fast_math=True, cost=op_count()
    )
    assert str(res.exprs[0]) == "x*(x*(x + 2) + 3) + 4"  # Horner: 5 operations
    assert str(res.exprs[1]) == "a*(b + c)"
    assert res.cost_after == 5 + 2 and res.improved


def test_cheapest_under_the_model_never_worse() -> None:
    cost = CostModel("flat", {}, default=1.0)
    exprs = [X + Y]
    res = optimize_exprs(exprs, cost=cost)
    assert res.exprs == exprs and not res.improved


def test_shared_work_is_counted_once_across_outputs() -> None:
    res = optimize_exprs([(X + Y) ** 2, sympy.sin(X + Y)], cost=symbolics_cycles())
    # x+y once, the square as one product, a sine: nothing cheaper exists
    assert res.cost_before == res.cost_after == 1 + 3 + 134
    assert not res.improved


def test_optimizer_arguments_are_validated() -> None:
    with pytest.raises(
        InvalidArgumentError, match="unknown limit 'nodes'; use some of iter_limit"
    ):
        egraph_optimizer(limits={"nodes": 3})
    with pytest.raises(InvalidArgumentError, match="extraction='exact' is not supported"):
        egraph_optimizer(extraction="exact")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="cost must be a CostModel"):
        egraph_optimizer(cost={"+": 1})  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="fast_math must be True or False"):
        egraph_optimizer(fast_math="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"sequence of sympy expressions, e.g. \[expr\]"):
        simplify_for_evaluation(X + 1)
    with pytest.raises(InvalidArgumentError, match="two different symbols are named 'x'"):
        simplify_for_evaluation([X + sympy.Symbol("x", positive=True)])


def test_optimizer_plugs_into_compile_kernel() -> None:
    codegen = pytest.importorskip("symalg.codegen")
    exprs = [X**3 + 2 * X**2 * Y + 3 * X * Y**2, sympy.exp(X) * sympy.exp(Y) + X**2 * Y]
    plain = codegen.compile_kernel(exprs, [X, Y])
    opt = codegen.compile_kernel(exprs, [X, Y], optimize=egraph_optimizer(fast_math=True))
    rng = np.random.default_rng(0)
    pts = rng.uniform(0.5, 2, 64), rng.uniform(0.5, 2, 64)
    np.testing.assert_allclose(opt(*pts), plain(*pts), rtol=1e-12)
    assert opt.n_ops.after <= plain.n_ops.after


def test_unconvertible_expressions_pass_through_and_unknown_ops_are_priced() -> None:
    pw = sympy.Piecewise((X, X > 0), (-X, True))
    out = simplify_for_evaluation(
        [pw, X**3 + 2 * X**2 + 3 * X + 4, sympy.gamma(X) * 2], fast_math=True
    )
    assert out[0] == pw
    assert str(out[1]) == "x*(x*(x + 2) + 3) + 4"
    for v in (0.7, 1.7, 3.2):
        assert float(out[2].subs(X, v)) == pytest.approx(float(2 * sympy.gamma(v)), rel=1e-14)


def test_output_survives_sympy_cse() -> None:
    # sympy.cse drops terms of some unevaluated trees; the optimiser's output must not be one
    z = sympy.Symbol("z")
    exprs = [5 * z**3 - 3 * z, sympy.sqrt(7) * (5 * z**3 - 3 * z) / (4 * sympy.sqrt(sympy.pi))]
    out = simplify_for_evaluation(exprs, fast_math=True)
    reps, reduced = sympy.cse(out, order="none")
    for e0, e1 in zip(exprs, reduced, strict=True):
        for v in (0.3, 1.5, 2.0):
            back = e1.subs(list(reversed(reps))).subs(z, v)
            assert float(back) == pytest.approx(float(e0.subs(z, v)), rel=1e-13)
