"""Every shipped rule keeps the value its validity tag promises, checked numerically."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from symalg.egraph import EGraph, Rewrite, Runner, Term, extract_k_best, parse_term
from symalg.egraph.rules import RULESETS, select_rules
from symalg.errors import InvalidArgumentError
from tests.egraph.egraph_helpers import close, evaluate, same_float

ALL = [r for rules in RULESETS.values() for r in rules]
PATTERN_RULES = [r for r in ALL if r.rhs is not None and not r.conditions]
SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e308, -1e-310, 1.0, -1.0, 3.5])


def _instantiate(t: Term, names: dict[str, str]) -> Term:
    if not t.args and isinstance(t.op, str) and t.op.startswith("?"):
        return Term(names[t.op])
    return Term(t.op, tuple(_instantiate(a, names) for a in t.args))


def _env(rule: Rewrite, values: list[np.ndarray]) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    names = {v: f"v{i}" for i, v in enumerate(rule.lhs.vars)}
    return names, {f"v{i}": values[i % len(values)] for i in range(len(names))}


def test_rule_names_are_unique_and_tagged() -> None:
    names = [r.name for r in ALL]
    assert len(names) == len(set(names))
    assert {r.validity for r in ALL} == {"sound", "domain", "fast_math"}
    assert all(r.note for r in ALL if r.validity == "domain")


@pytest.mark.parametrize(
    "rule", [r for r in PATTERN_RULES if r.validity == "sound"], ids=lambda r: r.name
)
def test_sound_rules_are_bitwise_exact(rule: Rewrite) -> None:
    rng = np.random.default_rng(1)
    grid = np.concatenate([SPECIALS, rng.normal(0, 10, 54)])
    cols = np.meshgrid(*([grid] * max(1, len(rule.lhs.vars))), indexing="ij")
    names, env = _env(rule, [c.ravel() for c in cols])
    lhs = evaluate(_instantiate(rule.lhs.term, names), env)
    rhs = evaluate(_instantiate(rule.rhs.term, names), env)
    assert same_float(lhs, rhs), rule


@pytest.mark.parametrize(
    "rule", [r for r in PATTERN_RULES if r.validity != "sound"], ids=lambda r: r.name
)
def test_other_rules_hold_in_the_reals(rule: Rewrite) -> None:
    rng = np.random.default_rng(2)
    values = [rng.uniform(0.2, 1.5, 200) for _ in range(3)]  # positive: inside every domain
    names, env = _env(rule, values)
    lhs = evaluate(_instantiate(rule.lhs.term, names), env)
    rhs = evaluate(_instantiate(rule.rhs.term, names), env)
    ok, msg = close(lhs, rhs, rtol=1e-12, atol=1e-12)
    assert ok, f"{rule.name}: {msg}"


INSTANCES = {
    "div-self": ["(/ 3 3)", "(/ 1/2 1/2)"],
    "div-pow2": ["(/ x 4)", "(/ x 1/8)", "(/ x 0.5)"],
    "pow-int": ["(pow x 3)", "(pow x 7)", "(pow (+ x y) 16)"],
    "pow-peel": ["(pow x 3)", "(pow y 10)"],
}


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, ts in INSTANCES.items() for t in ts])
def test_conditional_and_custom_rules_keep_value(name: str, text: str) -> None:
    (rule,) = [r for r in ALL if r.name == name]
    eg = EGraph()  # no folding: let the rule itself do the work
    root = eg.add_term(parse_term(text))
    rep = Runner(eg, [rule], iter_limit=1).run()
    assert sum(it.applied.get(name, 0) for it in rep.iterations) >= 1
    rng = np.random.default_rng(3)
    env = {"x": rng.normal(0, 2, 100), "y": rng.normal(0, 2, 100)}
    original = evaluate(parse_term(text), env)
    for t, _ in extract_k_best(eg, root, 6):
        got = evaluate(t, env)
        if rule.validity == "sound":
            assert same_float(got, original), t
        else:
            ok, msg = close(got, original, rtol=1e-12)
            assert ok, f"{t}: {msg}"


def test_pow_int_skips_exponents_out_of_range() -> None:
    (rule,) = [r for r in ALL if r.name == "pow-int"]
    eg = EGraph()
    eg.add_term(parse_term("(pow x 40)"))
    eg.add_term(parse_term("(pow x 1/3)"))
    n = eg.n_nodes
    Runner(eg, [rule]).run()
    assert eg.n_nodes == n


def test_select_rules_filters_by_validity() -> None:
    sound = select_rules()
    assert sound and all(r.validity == "sound" for r in sound)
    fm = select_rules(fast_math=True)
    assert {r.validity for r in fm} == {"sound", "fast_math"}
    assert {r.validity for r in select_rules(["core"], domain=True)} <= {"sound", "domain"}
    with pytest.raises(InvalidArgumentError, match="unknown rule set 'trig'; use some of core"):
        select_rules(["trig"])


def test_fast_math_only_rules_are_off_by_default() -> None:
    names = {r.name for r in select_rules()}
    for fm in ("assoc-add", "distribute", "factor", "add-0", "mul-0", "sub-self", "div-recip"):
        assert fm not in names
    assert Fraction(1) == 1
