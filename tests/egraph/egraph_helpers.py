"""Independent helpers for the e-graph tests: a float64 evaluator and term strategies."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from symalg.egraph import Term

_UNARY = {
    "neg": np.negative,
    "sqrt": np.sqrt,
    "exp": np.exp,
    "log": np.log,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "expm1": np.expm1,
    "log1p": np.log1p,
    "abs": np.abs,
}
_BINARY = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "pow": np.power,
}


def evaluate(term: Term, env: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluate a term in float64 with numpy semantics (IEEE, no reassociation)."""
    with np.errstate(all="ignore"):
        return _eval(term, env)


def _eval(term: Term, env: dict[str, np.ndarray]) -> np.ndarray:
    op = term.op
    if not term.args:
        if isinstance(op, Fraction):
            return np.float64(
                op.numerator / op.denominator if op.denominator != 1 else op.numerator
            )
        if isinstance(op, float):
            return np.float64(op)
        if op == "@pi":
            return np.float64(math.pi)
        if op == "@E":
            return np.float64(math.e)
        return env[op]
    args = [_eval(a, env) for a in term.args]
    if op in _UNARY and len(args) == 1:
        return _UNARY[op](args[0])
    if op in _BINARY and len(args) == 2:
        return _BINARY[op](args[0], args[1])
    raise KeyError(op)


def same_float(a: np.ndarray, b: np.ndarray) -> bool:
    """Bitwise equality (NaN == NaN, 0.0 != -0.0)."""
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    return bool(np.all((a.view(np.int64) == b.view(np.int64)) | (np.isnan(a) & np.isnan(b))))


def close(
    a: np.ndarray, b: np.ndarray, rtol: float = 1e-9, atol: float = 1e-9
) -> tuple[bool, str]:
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    ok = np.isclose(a, b, rtol=rtol, atol=atol) | (np.isnan(a) & np.isnan(b))
    if ok.all():
        return True, ""
    i = int(np.argmin(ok))
    err = float(np.max(np.abs(a - b)[~ok]))
    return False, f"max error {err:.3g} at index {i} ({a.flat[i]} vs {b.flat[i]}); rtol={rtol}"


SYMS = ("x", "y", "z")


def leaves() -> st.SearchStrategy[Term]:
    return st.one_of(
        st.sampled_from(SYMS).map(Term),
        st.integers(-3, 5).map(Term),
        st.sampled_from([Fraction(1, 2), Fraction(-3, 4)]).map(Term),
        st.sampled_from([0.5, 2.0, -1.25]).map(Term),
    )


def terms(ops: tuple[str, ...] = ("+", "-", "*"), max_leaves: int = 8) -> st.SearchStrategy[Term]:
    """Arithmetic terms over x, y, z and small constants."""

    def extend(children: st.SearchStrategy[Term]) -> st.SearchStrategy[Term]:
        binary = st.tuples(st.sampled_from([o for o in ops if o != "neg"]), children, children)
        out = binary.map(lambda t: Term(t[0], (t[1], t[2])))
        if "neg" in ops:
            out = st.one_of(out, children.map(lambda c: Term("neg", (c,))))
        return out

    return st.recursive(leaves(), extend, max_leaves=max_leaves)


def sample_env(
    rng: np.random.Generator, n: int = 64, positive: bool = False
) -> dict[str, np.ndarray]:
    lo = 0.25 if positive else -2.0
    return {s: rng.uniform(lo, 2.0, n) for s in SYMS}
