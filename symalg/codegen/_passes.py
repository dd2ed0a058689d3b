"""Optimisation passes run before printing: user optimiser, accuracy rewrites, CSE."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sympy
from sympy.codegen.cfunctions import expm1, log1p

from symalg.codegen import _walk
from symalg.errors import CodegenError, InvalidTypeError

T = TypeVar("T")

#: Above this many operations, sympy's CSE and the pattern-based accuracy rewrites are
#: skipped (both superlinear); the printer's hash-consing still shares every repeated
#: subtree, in linear time. symengine's C++ cse was measured and rejected for this role:
#: on sums of 1k / 3k / 9k distinct terms it took 0.36 / 2.5 / 49 s (quadratic).
LARGE_OPS = 20_000
#: Above this depth, sympy's recursive algorithms run on a thread with a large stack.
DEEP = 200


@dataclass(frozen=True)
class Prepared:
    """Expressions ready for printing."""

    replacements: list[tuple[sympy.Symbol, sympy.Expr]]
    reduced: list[sympy.Expr]


def run_deep(fn: Callable[..., T], *args: Any, depth: int) -> T:
    """Call ``fn(*args)``; for deep expressions on a thread with a 512 MiB stack."""
    if depth < DEEP:
        return fn(*args)
    box: dict[str, Any] = {}

    def target() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 40 * depth + 10_000))
        try:
            box["value"] = fn(*args)
        except BaseException as err:  # re-raised in the caller's thread
            box["error"] = err
        finally:
            sys.setrecursionlimit(old)

    old_size = threading.stack_size(512 * 2**20)
    try:
        worker = threading.Thread(target=target, name="symalg-deep-sympy")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_size)
    if "error" in box:
        raise box["error"]
    return box["value"]


def apply_optimizer(
    optimize: Callable[[list[sympy.Expr]], list[sympy.Expr]], exprs: Sequence[sympy.Expr]
) -> list[sympy.Expr]:
    """Run a user optimiser and check that it kept the number of expressions."""
    try:
        result = optimize(list(exprs))
    except Exception as err:
        raise CodegenError(
            f"compile_kernel: the optimize callable {optimize!r} raised "
            f"{type(err).__name__}: {err}"
        ) from err
    if not isinstance(result, (list, tuple)) or len(result) != len(exprs):
        raise InvalidTypeError(
            f"compile_kernel: optimize must return a list of {len(exprs)} expressions, "
            f"got {type(result).__name__} {_length(result)}."
        )
    return [sympy.sympify(e) for e in result]


def _length(obj: Any) -> str:
    return f"of length {len(obj)}" if hasattr(obj, "__len__") else "(no length)"


def accuracy_rewrites(exprs: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    """Rebuild every node with evaluation and apply the accuracy rewrites.

    ``log(1 + u) -> log1p(u)`` and ``exp(u) - 1 -> expm1(u)``, bottom-up, no recursion.

    Rebuilding matters beyond the rewrites: ``sympy.cse`` (1.14) silently drops terms of
    unevaluated trees (``Add(Mul(z, Mul(z, z)), -3*z, evaluate=False)`` becomes ``0``), so
    CSE only ever sees evaluated expressions. Only the two exact shapes above are rewritten
    (sympy's ``optims_c99`` factors whole expressions to find them, exponential here).
    """
    memo: dict[int, sympy.Basic] = {}
    for node in _walk.postorder(exprs):
        new = node
        if node.args and not isinstance(node, (sympy.Number, sympy.NumberSymbol)):
            new = node.func(*(memo[id(c)] for c in node.args))
        memo[id(node)] = _rewrite_one(new)
    return [memo[id(e)] for e in exprs]


def _rewrite_one(node: sympy.Basic) -> sympy.Basic:
    if isinstance(node, sympy.log) and isinstance(node.args[0], sympy.Add):
        terms = node.args[0].args
        if sympy.S.One in terms:
            rest = list(terms)
            rest.remove(sympy.S.One)
            return log1p(sympy.Add(*rest))
    if isinstance(node, sympy.Add) and sympy.S.NegativeOne in node.args:
        exps = [t for t in node.args if isinstance(t, sympy.exp)]
        if exps:
            rest = [t for t in node.args if t is not exps[0]]
            rest.remove(sympy.S.NegativeOne)
            return sympy.Add(expm1(exps[0].args[0]), *rest)
    return node


def cse(exprs: Sequence[sympy.Expr]) -> tuple[list, list]:
    """Common subexpressions across all outputs (sympy's cse)."""
    return sympy.cse(list(exprs), order="none")


def prepare(exprs: Sequence[sympy.Expr], *, use_cse: bool) -> Prepared:
    """The pass pipeline after the user's optimiser: accuracy rewrites, then CSE."""
    depth = _walk.depth(exprs)
    large = _walk.count_ops(exprs) > LARGE_OPS
    if not large:
        exprs = run_deep(accuracy_rewrites, exprs, depth=depth)
    if use_cse and not large:
        reps, reduced = run_deep(cse, exprs, depth=depth)
    else:
        reps, reduced = [], list(exprs)
    return Prepared(list(reps), list(reduced))


def jacobian_exprs(
    exprs: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol]
) -> list[sympy.Expr]:
    """Row-major Jacobian entries d exprs[i] / d symbols[j]."""
    depth = _walk.depth(exprs)

    def diff_all() -> list[sympy.Expr]:
        return [sympy.diff(e, s) for e in exprs for s in symbols]

    return run_deep(diff_all, depth=depth)
