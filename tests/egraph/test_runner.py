from __future__ import annotations

import pytest

from symalg.egraph import (
    BackoffScheduler,
    ConstantFolding,
    EGraph,
    Rewrite,
    Runner,
    SimpleScheduler,
    birewrite,
    parse_term,
)
from symalg.errors import (
    ConvergenceError,
    InvalidArgumentError,
    InvalidTypeError,
    SaturationWarning,
)

EXPLODING = [
    Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"),
    Rewrite("comm-mul", "(* ?a ?b)", "(* ?b ?a)"),
    *birewrite("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)"),
    *birewrite("assoc-mul", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)"),
    Rewrite("distribute", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))"),
    Rewrite("factor", "(+ (* ?a ?b) (* ?a ?c))", "(* ?a (+ ?b ?c))"),
    Rewrite("add-0", "?a", "(+ ?a 0)"),
]


def _check(runner: Runner) -> None:
    runner.egraph.check_invariants()


def _big() -> tuple[EGraph, list[int]]:
    eg = EGraph()
    roots = [eg.add_term(parse_term("(* (+ a (+ b (+ c d))) (+ e (+ f (+ g h))))"))]
    return eg, roots


@pytest.mark.parametrize("limit", [2_000, 20_000])
def test_node_limit_holds_inside_an_iteration(limit: int) -> None:
    eg, _ = _big()
    rep = Runner(
        eg, EXPLODING, iter_limit=50, node_limit=limit, time_limit=60, scheduler="simple"
    ).run()
    assert rep.stop_reason == "node_limit"
    assert rep.n_nodes <= 1.1 * limit
    eg.check_invariants()
    # the same iteration without the limit grows far beyond it: the stop was mid-iteration
    eg2, _ = _big()
    rep2 = Runner(
        eg2,
        EXPLODING,
        iter_limit=rep.n_iterations,
        node_limit=100 * limit,
        time_limit=60,
        scheduler="simple",
    ).run()
    assert rep2.iterations[rep.n_iterations - 1].n_nodes > 1.1 * limit


def test_saturation_with_invariants_after_every_rebuild() -> None:
    eg = EGraph(analysis=ConstantFolding())
    root = eg.add_term(parse_term("(+ (* (+ 1 2) x) (* 0 y))"))
    rules = [
        Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"),
        Rewrite("mul-0", "(* 0 ?a)", "0"),
        Rewrite("add-0", "(+ 0 ?a)", "?a"),
        Rewrite("comm-mul", "(* ?a ?b)", "(* ?b ?a)"),
    ]
    rep = Runner(eg, rules, hooks=[_check]).run()
    assert rep.stop_reason == "saturated"
    assert eg.equiv(root, parse_term("(* x 3)"))
    it = rep.iterations[0]
    assert it.matches["comm-add"] >= 1 and it.applied["comm-add"] >= 1
    assert min(it.search_time, it.apply_time, it.rebuild_time) >= 0
    assert rep.iterations[-1].applied == {}


def test_iteration_and_time_limits() -> None:
    eg, _ = _big()
    rep = Runner(eg, EXPLODING, iter_limit=2, node_limit=10**6, scheduler="simple").run()
    assert (rep.stop_reason, rep.n_iterations) == ("iteration_limit", 2)
    eg, _ = _big()
    rep = Runner(
        eg, EXPLODING, iter_limit=100, node_limit=10**7, time_limit=0.05, scheduler="simple"
    ).run()
    assert rep.stop_reason == "time_limit"
    assert rep.total_time < 5


def test_goals_proven_stops_early() -> None:
    eg = EGraph()
    root = eg.add_term(parse_term("(+ a (+ b c))"))
    rep = Runner(eg, EXPLODING[:3], node_limit=10**5).run(
        roots=[root], goals=[parse_term("(+ (+ c b) a)")]
    )
    assert rep.stop_reason == "goals_proven"
    assert eg.equiv(root, parse_term("(+ (+ c b) a)"))


def test_goal_pairs_are_validated() -> None:
    eg = EGraph()
    r = [eg.add_term(parse_term("a")), eg.add_term(parse_term("b"))]
    with pytest.raises(InvalidArgumentError, match="3 goals for 2 roots"):
        Runner(eg, []).run(roots=r, goals=[parse_term("a")] * 3)


def test_on_limit_warn_and_raise() -> None:
    eg, _ = _big()
    with pytest.warns(SaturationWarning, match="iteration_limit"):
        Runner(eg, EXPLODING, iter_limit=1, node_limit=10**6).run(on_limit="warn")
    eg, _ = _big()
    with pytest.raises(ConvergenceError, match="stopped by iteration_limit"):
        Runner(eg, EXPLODING, iter_limit=1, node_limit=10**6).run(on_limit="raise")


def test_runner_arguments_are_validated() -> None:
    eg = EGraph()
    with pytest.raises(
        InvalidArgumentError,
        match="scheduler='fast' is not supported; use one of 'backoff', 'simple'",
    ):
        Runner(eg, [], scheduler="fast")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="two rules are named 'comm-add'"):
        Runner(eg, [EXPLODING[0], EXPLODING[0]])
    with pytest.raises(InvalidArgumentError, match="time_limit=0 must be > 0"):
        Runner(eg, [], time_limit=0)
    with pytest.raises(InvalidTypeError, match="rules must be Rewrite"):
        Runner(eg, ["(+ ?a 0)"])  # type: ignore[list-item]


def test_backoff_ban_is_decided_before_applying() -> None:
    eg = EGraph()
    for i in range(6):
        eg.add_term(parse_term(f"(+ x{i} y{i})"))
    sched = BackoffScheduler(match_limit=3, ban_length=2)
    rules = [Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)")]
    n0 = eg.n_nodes
    runner = Runner(eg, rules, scheduler=sched, iter_limit=1)
    rep = runner.run()
    # 6 matches > 3: banned at iteration 0, none applied
    assert rep.iterations[0].applied == {} and rep.iterations[0].matches == {"comm-add": 0}
    assert eg.n_nodes == n0
    assert sched.stats["comm-add"].times_banned == 1
    assert rep.stop_reason == "iteration_limit"  # not "saturated": the rule was banned


def test_backoff_never_reports_saturation_while_banned() -> None:
    eg = EGraph()
    for i in range(6):
        eg.add_term(parse_term(f"(+ x{i} y{i})"))
    sched = BackoffScheduler(match_limit=4, ban_length=5)
    rep = Runner(eg, [Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)")], scheduler=sched).run()
    # banned at 0 (6 > 4), fast-forwarded, then threshold 8 admits the 6 matches
    assert rep.stop_reason == "saturated"
    assert eg.equiv(parse_term("(+ y3 x3)"), parse_term("(+ x3 y3)"))
    assert rep.iterations[0].applied == {}
    assert sum(it.applied.get("comm-add", 0) for it in rep.iterations) == 6
    assert rep.n_iterations < 5  # fast-forward skipped the idle ban


def test_simple_scheduler_applies_everything() -> None:
    eg = EGraph()
    for i in range(6):
        eg.add_term(parse_term(f"(+ x{i} y{i})"))
    rep = Runner(
        eg, [Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)")], scheduler=SimpleScheduler()
    ).run()
    assert rep.iterations[0].applied == {"comm-add": 6}
    assert rep.stop_reason == "saturated"


def test_conflicting_constants_raise() -> None:
    from symalg.egraph import ConstantConflictError

    eg = EGraph(analysis=ConstantFolding(prune=False))
    eg.add_term(parse_term("(+ 1 1)"))
    with pytest.raises(ConstantConflictError, match="different constants"):
        Runner(eg, [Rewrite("unsound", "(+ ?a ?a)", "?a")]).run()
