from __future__ import annotations

import json
import math
import time

import numpy as np
import pytest
import sympy

from symalg.codegen import _source, compile_kernel
from symalg.codegen._engines import generate_source
from symalg.codegen._spec import KernelSpec, normalize_args, normalize_exprs
from symalg.codegen._walk import count_ops
from symalg.errors import CodegenError

x, y, z = sympy.symbols("x y z")


def _wide(n_terms: int) -> sympy.Expr:
    """A sum of n_terms distinct products and function calls (~7 ops per term).

    Built unevaluated: sympy's own constructors spend minutes on assumptions at this size.
    """
    with sympy.evaluate(False):
        terms = [
            sympy.sin(k * x + y) * sympy.exp(-z / (k + 1)) + sympy.Rational(1, k + 1) * x * y
            for k in range(n_terms)
        ]
        return sympy.Add(*terms)


def _deep(n: int) -> sympy.Expr:
    """A chain of depth ~2n: e = sin(e) * x + y, unevaluated-friendly."""
    e = x
    for _ in range(n):
        e = sympy.sin(e) * x + y
    return e


def _source_for(exprs, args) -> str:
    """Run the whole numba pipeline up to the module text, without asking numba to compile."""
    flat, shape = normalize_exprs(exprs)
    spec = KernelSpec(exprs=flat, out_shape=shape, args=normalize_args(args), cache=False)
    return generate_source(spec, list(flat))


def test_deep_expression_generates_without_recursion_error() -> None:
    e = _deep(2000)  # depth 6000: far deeper than sympy's recursive walks allow by default
    body = _source_for(e, [x, y])
    compile(body, "<kernel>", "exec")  # valid Python, no nesting limits hit
    assert body.count("math.sin(") == 2 * 2000  # serial and parallel variants
    k_nb = compile_kernel(_deep(60), [x, y])
    ref = float(_deep(60).subs({x: 0.3, y: 0.2}).evalf(30))
    assert abs(k_nb(0.3, 0.2) - ref) < 1e-13


def test_deep_expression_is_refused_clearly_by_the_numpy_backend() -> None:
    with pytest.raises(CodegenError, match="use backend='numba'"):
        compile_kernel(_deep(400), [x, y], backend="numpy", cse=False)


def test_1e5_op_expression_is_printed_without_recursion_error() -> None:
    e = _wide(8_500)
    assert count_ops([e]) >= 100_000
    t0 = time.perf_counter()
    body = _source_for(e, [x, y, z])
    assert time.perf_counter() - t0 < 120
    n_lines = json.loads(json.loads(body.rsplit("META = ", 1)[1]))["n_lines"]
    assert body.count("def part") // 2 == -(-n_lines // _source.PART_LINES) >= 5  # split
    compile(body, "<kernel>", "exec")


def test_split_kernel_with_spills_matches_unsplit(monkeypatch) -> None:
    exprs = [
        sympy.sin(x * y) + sympy.exp(z) * x,
        (x + y) ** 3 / (1 + z**2),
        sympy.atan(x - y) * sympy.cos(z) + (x + y) ** 3,
    ]
    whole = compile_kernel(exprs, [x, y, z], cache=False)
    monkeypatch.setattr(_source, "PART_LINES", 3)
    split = compile_kernel(exprs, [x, y, z], cache=False)
    assert split._impl.engine.n_parts > 2 and split._impl.engine.n_spill > 0
    rng = np.random.default_rng(5)
    pts = [rng.normal(size=20_000) for _ in range(3)]  # several blocks of 8192
    np.testing.assert_allclose(split(*pts), whole(*pts), rtol=1e-15, atol=0)


def test_long_sum_split_spills_partial_sums_not_terms(monkeypatch) -> None:
    # the chunk sums of a long sum are scheduled as soon as their terms exist, so only
    # partial sums cross the parts (before: every term did, 2224 spills for 2400 terms)
    e = _wide(300)
    whole = compile_kernel(e, [x, y, z], cache=False)
    monkeypatch.setattr(_source, "PART_LINES", 500)
    split = compile_kernel(e, [x, y, z], cache=False)
    engine = split._impl.engine
    # at most the unfinished 32-term chunk and a few shared values cross each cut
    assert engine.n_parts >= 4 and 0 < engine.n_spill <= (engine.n_parts - 1) * 32 + 8
    monkeypatch.setattr(_source, "_schedule", lambda lines: lines)
    body = _source_for(e, [x, y, z])
    assert json.loads(json.loads(body.rsplit("META = ", 1)[1]))["n_spill"] > 4 * engine.n_spill
    pts = [np.random.default_rng(s).normal(size=300) for s in range(3)]
    np.testing.assert_array_equal(split(*pts), whole(*pts))  # same operations, same order


@pytest.mark.slow
def test_compile_time_per_output_stays_flat_across_the_split(monkeypatch) -> None:
    """Outputs of 1x and 4x the part size compile in roughly proportional time."""
    monkeypatch.setattr(_source, "PART_LINES", 1000)
    times = []
    for n in (300, 1200):
        exprs = [sympy.sin(k * x) * y + sympy.cos(z * k) / (k + 1) for k in range(1, n + 1)]
        t0 = time.perf_counter()
        k = compile_kernel(exprs, [x, y, z], cache=False)
        k(0.1, 0.2, 0.3)
        times.append((time.perf_counter() - t0) / n)
    assert times[1] < 2.0 * times[0]


@pytest.mark.slow
def test_1e5_op_expression_compiles_and_runs() -> None:
    e = _wide(8_500)
    k = compile_kernel(e, [x, y, z], cache=False)
    # reference: the same terms summed exactly in Python (sympy.lambdify's printed source
    # is too deeply nested for Python's compiler at this size)
    a, b, c = 0.1, 0.2, 0.3
    ref = math.fsum(
        math.sin(n * a + b) * math.exp(-c / (n + 1)) + a * b / (n + 1) for n in range(8_500)
    )
    assert abs(k(a, b, c) - ref) < 1e-12 * 8_500
