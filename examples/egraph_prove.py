"""Prove a calculus identity with equality saturation and print what each iteration did.

Run: python examples/egraph_prove.py
"""

from __future__ import annotations

from symalg.egraph import ConstantFolding, EGraph, Rewrite, Runner, extract, is_sym, parse_term


def main() -> None:
    rules = [
        Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"),
        Rewrite("comm-mul", "(* ?a ?b)", "(* ?b ?a)"),
        Rewrite("mul-1", "(* ?a 1)", "?a"),
        Rewrite("mul-0", "(* ?a 0)", "0", validity="fast_math"),
        Rewrite("add-0", "(+ ?a 0)", "?a", validity="fast_math"),
        Rewrite("d-var", "(d ?x ?x)", "1", condition=is_sym("?x")),
        Rewrite("d-const", "(d ?x ?c)", "0", condition=lambda eg, s: eg.data(s["?c"]) is not None),
        Rewrite("d-add", "(d ?x (+ ?a ?b))", "(+ (d ?x ?a) (d ?x ?b))"),
        Rewrite("d-mul", "(d ?x (* ?a ?b))", "(+ (* ?a (d ?x ?b)) (* ?b (d ?x ?a)))"),
    ]
    eg = EGraph(analysis=ConstantFolding(prune=True))
    start = parse_term("(d x (+ (* 3 x) (* x x)))")
    root = eg.add_term(start)
    report = Runner(eg, rules, hooks=[lambda r: r.egraph.check_invariants()]).run(
        roots=[root], goals=[parse_term("(+ 3 (+ x x))")]
    )
    print(f"{start} = (+ 3 (+ x x)): {report.stop_reason} after {report.n_iterations} iterations")
    for i, it in enumerate(report.iterations):
        print(
            f"  iteration {i}: {it.n_nodes} e-nodes, {it.n_classes} e-classes, "
            f"applied {it.applied}"
        )
    best, cost = extract(eg, root)
    print(f"cheapest form: {best} ({cost:.0f} operations)")
    assert report.stop_reason == "goals_proven"


if __name__ == "__main__":
    main()
