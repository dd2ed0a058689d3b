"""Kernel specifications: validated expressions, arguments and options, as data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from symalg._validation import check_bool, check_option
from symalg.codegen import _walk
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError

BACKENDS = ("numba", "symengine", "numpy")
DTYPES = ("float64", "float32", "complex128")
PARALLEL = ("auto", True, False)

_WHERE = "compile_kernel"


@dataclass(frozen=True)
class ArgSpec:
    """One kernel argument: a symbol (shape ``()``) or a matrix of symbols."""

    shape: tuple[int, ...]
    symbols: tuple[sympy.Symbol, ...]

    @property
    def size(self) -> int:
        """Number of scalar components."""
        return len(self.symbols)


@dataclass(frozen=True)
class KernelSpec:
    """Everything that determines a kernel. Validated on construction; does no work."""

    exprs: tuple[sympy.Expr, ...]
    out_shape: tuple[int, ...]
    args: tuple[ArgSpec, ...]
    backend: str = "numba"
    dtype: str = "float64"
    cse: bool = True
    optimize: Callable[[list[sympy.Expr]], list[sympy.Expr]] | None = None
    parallel: str | bool = "auto"
    fastmath: bool = False
    cache: bool = True
    vector_trig: bool = False
    fma: bool = False
    simd: str | bool = "auto"
    n_value_outputs: int = field(default=-1)

    def __post_init__(self) -> None:
        check_option("backend", self.backend, BACKENDS, where=_WHERE)
        check_option("dtype", self.dtype, DTYPES, where=_WHERE)
        if self.parallel not in PARALLEL or not isinstance(self.parallel, (str, bool)):
            raise InvalidArgumentError(
                f"{_WHERE}: parallel={self.parallel!r} is not supported; "
                "use 'auto', True or False."
            )
        for name in ("cse", "fastmath", "cache", "vector_trig", "fma"):
            check_bool(name, getattr(self, name), where=_WHERE)
        if self.simd not in PARALLEL or not isinstance(self.simd, (str, bool)):
            raise InvalidArgumentError(
                f"{_WHERE}: simd={self.simd!r} is not supported; use 'auto', True or False."
            )
        if self.simd is True and self.dtype == "complex128":
            raise InvalidArgumentError(
                f"{_WHERE}: simd=True needs a real dtype ('float64' or 'float32'), got "
                "'complex128'; compile complex kernels with simd=False."
            )
        if self.optimize is not None and not callable(self.optimize):
            raise InvalidTypeError(
                f"{_WHERE}: optimize must be a callable list[Expr] -> list[Expr] or None, "
                f"got {type(self.optimize).__name__}."
            )
        if self.n_value_outputs == -1:
            object.__setattr__(self, "n_value_outputs", len(self.exprs))

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        """All scalar argument symbols, matrix arguments flattened in row-major order."""
        return tuple(s for a in self.args for s in a.symbols)


def _to_sympy(obj: Any) -> Any:
    if isinstance(obj, sympy.Basic):
        return obj
    if hasattr(obj, "_sympy_"):  # symengine objects
        return obj._sympy_()
    if isinstance(obj, (bool,)) or not isinstance(obj, (int, float, complex)):
        raise InvalidTypeError(
            f"{_WHERE}: cannot compile {obj!r} of type {type(obj).__name__}; "
            "pass sympy (or symengine) expressions, nested lists of them, or a Matrix/Array."
        )
    return sympy.sympify(obj)


def normalize_exprs(exprs: Any) -> tuple[tuple[sympy.Expr, ...], tuple[int, ...]]:
    """Flatten ``exprs`` (expression, nested list/tuple, Matrix or Array) row-major."""
    if isinstance(exprs, (sympy.MatrixBase, sympy.NDimArray)):
        shape = tuple(int(d) for d in exprs.shape)
        flat = list(exprs) if isinstance(exprs, sympy.MatrixBase) else list(exprs._array)
        items = [_to_sympy(e) for e in flat]
    elif isinstance(exprs, (list, tuple)):
        items, shape = _flatten_nested(exprs)
    else:
        items, shape = [_to_sympy(exprs)], ()
    for e in items:
        if not isinstance(e, sympy.Expr):
            raise InvalidTypeError(
                f"{_WHERE}: {e!r} ({type(e).__name__}) is not an expression; "
                "booleans and relations only appear inside Piecewise conditions."
            )
    if not items:
        raise ShapeError(f"{_WHERE}: exprs is empty; pass at least one expression.")
    return tuple(items), shape


def _flatten_nested(exprs: Sequence[Any]) -> tuple[list[Any], tuple[int, ...]]:
    if len(exprs) == 0:
        return [], (0,)
    parts = [
        _flatten_nested(e) if isinstance(e, (list, tuple)) else ([_to_sympy(e)], ()) for e in exprs
    ]
    shapes = {p[1] for p in parts}
    if len(shapes) != 1:
        raise ShapeError(
            f"{_WHERE}: nested exprs are ragged (sub-shapes {sorted(shapes)}); "
            "every row must have the same shape."
        )
    items = [item for p in parts for item in p[0]]
    return items, (len(exprs), *parts[0][1])


def normalize_args(args: Any) -> tuple[ArgSpec, ...]:
    """Validate ``args``: Symbols or Matrices of Symbols, each symbol used once."""
    if isinstance(args, (sympy.Basic, sympy.MatrixBase)) or not isinstance(args, (list, tuple)):
        raise InvalidTypeError(
            f"{_WHERE}: args must be a list or tuple of Symbols or Matrices of Symbols, "
            f"got {type(args).__name__}; wrap a single symbol as [x]."
        )
    specs = []
    for a in args:
        if hasattr(a, "_sympy_") and not isinstance(a, sympy.Basic):
            a = a._sympy_()
        if isinstance(a, sympy.Symbol):
            specs.append(ArgSpec((), (a,)))
        elif isinstance(a, sympy.MatrixBase) and all(isinstance(s, sympy.Symbol) for s in a):
            specs.append(ArgSpec(tuple(int(d) for d in a.shape), tuple(a)))
        else:
            raise InvalidTypeError(
                f"{_WHERE}: argument {a!r} is neither a Symbol nor a Matrix of Symbols."
            )
    flat = [s for spec in specs for s in spec.symbols]
    dupes = sorted({str(s) for s in flat if flat.count(s) > 1})
    if dupes:
        raise InvalidArgumentError(
            f"{_WHERE}: symbols {dupes} appear more than once in args; list each once."
        )
    return tuple(specs)


def check_free_symbols(exprs: Sequence[sympy.Expr], args: Sequence[ArgSpec]) -> None:
    """Raise if an expression has a free symbol that is not an argument."""
    known = {s for a in args for s in a.symbols}
    free = _walk.free_symbols(exprs)
    missing = sorted(str(s) for s in free - known)
    if missing:
        raise InvalidArgumentError(
            f"{_WHERE}: free symbols {missing} are not in args; add them to args "
            "or substitute values for them."
        )
