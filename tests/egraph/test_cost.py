from __future__ import annotations

import math

import pytest

from symalg.egraph import (
    CostModel,
    calibrate_cost_model,
    herbie_costs,
    load_cost_model,
    op_count,
    symbolics_cycles,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError

EMITTED = [
    "+",
    "-",
    "*",
    "/",
    "neg",
    "pow",
    "sqrt",
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "expm1",
    "log1p",
    "abs",
]


@pytest.mark.parametrize("model", [symbolics_cycles(), herbie_costs()], ids=lambda m: m.name)
def test_tables_cover_every_emitted_op(model: CostModel) -> None:
    for op in EMITTED:
        assert model.node_cost(op, 1) > 0


def test_symbolics_table_values() -> None:
    m = symbolics_cycles()
    assert [m.node_cost(op, 2) for op in ("+", "*", "/", "pow")] == [1, 3, 24, 100]
    assert m.node_cost("sqrt", 1) > m.node_cost("*", 2)  # not the silent 1 of SymbolicUtils
    assert m.node_cost("x", 0) == 0 and m.node_cost(2.5, 0) == 0 and m.node_cost("@pi", 0) == 0


def test_op_count_counts_operations() -> None:
    m = op_count()
    assert m("f", [m("g", [0.0]), 0.0]) == 2


def test_costs_are_validated() -> None:
    with pytest.raises(
        InvalidArgumentError, match="cost of '\\*' is -1; expected a finite number >= 0"
    ):
        CostModel("bad", {"*": -1})
    with pytest.raises(InvalidArgumentError, match="cost of '\\+' is nan"):
        CostModel("bad", {"+": math.nan})
    with pytest.raises(InvalidTypeError, match="op_costs must be a mapping"):
        CostModel("bad", [1, 2])  # type: ignore[arg-type]
    with pytest.raises(
        InvalidArgumentError, match="no cost for operator 'gamma'; add it to op_costs"
    ):
        symbolics_cycles().node_cost("gamma", 1)


def test_with_costs_and_json_roundtrip(tmp_path) -> None:
    m = symbolics_cycles().with_costs("mine", pow=5.0)
    assert m.node_cost("pow", 2) == 5.0 and m.name == "mine"
    path = tmp_path / "m.json"
    path.write_text(m.to_json())
    assert load_cost_model(path) == m
    assert load_cost_model(tmp_path / "missing.json") is None


def test_calibration_measures_and_stores(tmp_path) -> None:
    path = tmp_path / "cal.json"
    m = calibrate_cost_model(n=512, reps=4, repeats=2, store=True, path=path)
    assert m.node_cost("*", 2) == 1.0
    assert all(m.node_cost(op, 1) > 0 for op in EMITTED)
    # transcendental calls cost far more than a vectorised multiply on any CPU
    assert m.node_cost("sin", 1) > 3 * m.node_cost("*", 2)
    assert m.node_cost("pow", 2) > m.node_cost("+", 2)
    assert load_cost_model(path) == m
    assert m.meta["cpu"]
    with pytest.raises(InvalidArgumentError, match="n=8 must be >= 16"):
        calibrate_cost_model(n=8, store=False)
