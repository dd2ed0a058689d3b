"""Cost models: operation count, CPU-cycle tables, and a calibrated table."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from symalg.egraph._term import Op, is_constant
from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["CostModel", "op_count", "symbolics_cycles", "herbie_costs", "load_cost_model"]


@dataclass(frozen=True)
class CostModel:
    """An additive cost: each node costs ``op_costs[op]``, a term the sum over its nodes.

    Parameters
    ----------
    name : str
        Shown in reports.
    op_costs : mapping of str to float
        Cost of each operator, whatever its arity. Non-negative and finite.
    default : float or None, default None
        Cost of an operator missing from the table; ``None`` makes a missing operator an
        error, so that no operation silently costs 1 (a gap of the SymbolicUtils table).
    symbol, constant : float, default 0.0
        Cost of a symbol leaf and of a constant leaf.
    meta : mapping, optional
        Provenance (CPU name, date, method) for calibrated tables.

    Raises
    ------
    InvalidArgumentError
        If a cost is negative or not finite; when called on an operator missing from the
        table without a default (the message names the operator and the fix).

    Examples
    --------
    >>> m = CostModel("toy", {"+": 1, "*": 3})
    >>> m("*", [0.0, m("+", [0.0, 0.0])])
    4.0
    >>> m("sin", [0.0])
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: CostModel 'toy': no cost for operator 'sin'; ...
    """

    name: str
    op_costs: Mapping[str, float]
    default: float | None = None
    symbol: float = 0.0
    constant: float = 0.0
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.op_costs, Mapping):
            raise InvalidTypeError(
                f"CostModel: op_costs must be a mapping of operator name to cost, got "
                f"{type(self.op_costs).__name__}."
            )
        costs = {str(k): _check_cost(self.name, k, v) for k, v in self.op_costs.items()}
        object.__setattr__(self, "op_costs", MappingProxyType(costs))
        for attr in ("symbol", "constant"):
            object.__setattr__(self, attr, _check_cost(self.name, attr, getattr(self, attr)))
        if self.default is not None:
            object.__setattr__(self, "default", _check_cost(self.name, "default", self.default))
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    def node_cost(self, op: Op, arity: int) -> float:
        """Cost of one node, children excluded."""
        if arity == 0:
            if is_constant(op):
                return self.constant
            if isinstance(op, str) and op.startswith("@"):  # named constants such as @pi
                return self.constant
            if op not in self.op_costs:
                return self.symbol
        c = self.op_costs.get(op)  # type: ignore[call-overload]
        if c is not None:
            return c
        if self.default is None:
            known = ", ".join(sorted(self.op_costs))
            raise InvalidArgumentError(
                f"CostModel {self.name!r}: no cost for operator {op!r}; add it to op_costs "
                f"or pass default=... (known: {known})."
            )
        return self.default

    def __call__(self, op: Op, child_costs: Sequence[float]) -> float:
        """Tree cost of a node: its own cost plus its children's."""
        return self.node_cost(op, len(child_costs)) + float(sum(child_costs))

    def with_costs(self, name: str | None = None, **costs: float) -> CostModel:
        """Return a copy with some operator costs replaced (names as keywords or via dict)."""
        merged = {**self.op_costs, **costs}
        return CostModel(
            name or self.name, merged, self.default, self.symbol, self.constant, self.meta
        )

    def to_json(self) -> str:
        """Serialise (the inverse of :func:`load_cost_model` on the text)."""
        return json.dumps(
            {
                "name": self.name,
                "op_costs": dict(self.op_costs),
                "default": self.default,
                "symbol": self.symbol,
                "constant": self.constant,
                "meta": dict(self.meta),
            },
            indent=1,
        )


def _check_cost(name: str, key: object, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidTypeError(
            f"CostModel {name!r}: cost of {key!r} must be a number, got {value!r}."
        )
    if not (math.isfinite(value) and value >= 0):
        raise InvalidArgumentError(
            f"CostModel {name!r}: cost of {key!r} is {value!r}; expected a finite number >= 0."
        )
    return float(value)


_UNARY = (
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "expm1",
    "log1p",
    "exp2",
    "log2",
    "log10",
    "cbrt",
    "erf",
)


def op_count() -> CostModel:
    """Every operation costs 1, leaves 0: the number of operations of a term.

    Examples
    --------
    >>> from symalg.egraph import parse_term
    >>> op_count()("+", [op_count()("*", [0, 0]), 0.0])
    2.0
    """
    return CostModel("op_count", {}, default=1.0)


def symbolics_cycles() -> CostModel:
    """The CPU-cycle table of SymbolicUtils.jl's e-graph optimiser, with its gaps filled.

    From SymbolicUtils.jl ``src/egraph.jl``: ``+``/``-`` 1, ``abs`` 2, ``*`` 3, ``exp`` 18,
    ``/`` 24, ``^`` 100, ``log1p`` 124, ``acos`` 127, ``sin``/``cos`` 134, ``atan`` 135,
    ``tan`` 156. Filled in (SymbolicUtils charges 1 for them): ``neg`` 1, ``sqrt`` 24 (like a
    division), ``log`` 20, ``expm1`` 20, ``fma`` 3, ``hypot`` 40, other inverse and
    hyperbolic functions 130, ``cbrt`` 100 (like ``pow``).

    Examples
    --------
    >>> symbolics_cycles().node_cost("pow", 2) / symbolics_cycles().node_cost("*", 2)
    33.333333333333336
    """
    table = {
        "+": 1,
        "-": 1,
        "neg": 1,
        "abs": 2,
        "*": 3,
        "fma": 3,
        "exp": 18,
        "/": 24,
        "sqrt": 24,
        "log": 20,
        "expm1": 20,
        "pow": 100,
        "cbrt": 100,
        "log1p": 124,
        "acos": 127,
        "asin": 127,
        "sin": 134,
        "cos": 134,
        "atan": 135,
        "tan": 156,
        "hypot": 40,
        "atan2": 140,
    }
    for op in _UNARY:
        table.setdefault(op, 130)
    return CostModel("symbolics_cycles", table)


def herbie_costs() -> CostModel:
    """Herbie's measured binary64 C-platform costs (``src/platforms/c.rkt``), relative units.

    Examples
    --------
    >>> herbie_costs().node_cost("/", 2)
    0.35
    """
    table = {
        "neg": 0.125,
        "abs": 0.125,
        "+": 0.2,
        "-": 0.2,
        "*": 0.25,
        "sqrt": 0.25,
        "/": 0.35,
        "fma": 0.375,
        "log": 0.75,
        "expm1": 0.9,
        "log1p": 1.3,
        "exp": 1.375,
        "hypot": 1.7,
        "pow": 2.0,
        "cbrt": 2.0,
        "sin": 4.2,
        "cos": 4.2,
        "tan": 4.65,
    }
    for op in _UNARY:
        table.setdefault(op, 4.2)
    return CostModel("herbie", table)


def load_cost_model(path: str | Path | None = None) -> CostModel | None:
    """Load a stored cost model (by default the one :func:`calibrate_cost_model` stored).

    Returns None if there is none.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.json"
    >>> _ = p.write_text(symbolics_cycles().to_json())
    >>> load_cost_model(p) == symbolics_cycles()
    True
    """
    if path is None:
        from symalg._config import cache_dir

        path = cache_dir() / "egraph_cost_model.json"
    path = Path(path)
    if not path.exists():
        return None
    raw = json.loads(path.read_text())
    return CostModel(
        raw["name"],
        raw["op_costs"],
        raw.get("default"),
        raw.get("symbol", 0.0),
        raw.get("constant", 0.0),
        raw.get("meta", {}),
    )
