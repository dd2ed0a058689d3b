"""symalg.egraph against egglog-python, side by side in one process.

Run:  .venv/bin/python benchmarks/egraph_bench.py [--quick]

1. latency: algebra and calculus identities proved from scratch (start and goal added to a
   fresh e-graph, rules run until they share an e-class); same rules, same limits.
2. growth: an arithmetic rule set (commutativity, associativity, distributivity,
   identities) run iteration by iteration from several start terms until more than 1e5
   e-nodes; new e-nodes per second; peak RSS measured in a child process per engine.
3. extraction of one root from the largest e-graph of (2), tree cost (AST size).

egglog-python is optional (`pip install egglog`); without it only our figures print.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from symalg.egraph import (
    ConstantFolding,
    CostModel,
    EGraph,
    Rewrite,
    Runner,
    extract,
    parse_term,
)

try:
    import egglog
    from egglog import Expr, StringLike, function, i64, i64Like, ne, rewrite, ruleset, vars_

    HAVE_EGGLOG = True
except ImportError:
    HAVE_EGGLOG = False

# ----------------------------------------------------------------------------- egglog port

if HAVE_EGGLOG:

    class Math(Expr):
        def __init__(self, v: i64Like) -> None: ...

        @classmethod
        def var(cls, name: StringLike) -> Math: ...

        def __add__(self, o: Math) -> Math: ...

        def __sub__(self, o: Math) -> Math: ...

        def __mul__(self, o: Math) -> Math: ...

        def __truediv__(self, o: Math) -> Math: ...

        def __pow__(self, o: Math) -> Math: ...

    @function
    def d(x: Math, e: Math) -> Math: ...

    @function
    def sin(e: Math) -> Math: ...

    @function
    def cos(e: Math) -> Math: ...

    @function
    def ln(e: Math) -> Math: ...

    _a, _b, _c, _x = vars_("a b c x", Math)
    _i, _j = vars_("i j", i64)
    _s, _t = vars_("s t", egglog.String)
    _M0, _M1, _Mm1 = Math(0), Math(1), Math(-1)
    _FOLD = [
        rewrite(Math(_i) + Math(_j), subsume=True).to(Math(_i + _j)),
        rewrite(Math(_i) * Math(_j), subsume=True).to(Math(_i * _j)),
        rewrite(Math(_i) - Math(_j), subsume=True).to(Math(_i - _j)),
    ]
    _AC = [
        rewrite(_a + _b).to(_b + _a),
        rewrite(_a * _b).to(_b * _a),
        rewrite(_a + (_b + _c)).to((_a + _b) + _c),
        rewrite((_a + _b) + _c).to(_a + (_b + _c)),
        rewrite(_a * (_b * _c)).to((_a * _b) * _c),
        rewrite((_a * _b) * _c).to(_a * (_b * _c)),
    ]
    EGGLOG_MATH = ruleset(
        *_AC,
        *_FOLD,
        rewrite(_a - _b).to(_a + _Mm1 * _b),
        rewrite(_a / _b).to(_a * _b**_Mm1, ne(_b).to(_M0)),
        rewrite(_a + _M0).to(_a),
        rewrite(_a * _M0, subsume=True).to(_M0),
        rewrite(_a * _M1).to(_a),
        rewrite(_a - _a, subsume=True).to(_M0),
        rewrite(_a + _Mm1 * _a, subsume=True).to(_M0),
        rewrite(_a / _a, subsume=True).to(_M1, ne(_a).to(_M0)),
        rewrite(_a * (_b + _c)).to(_a * _b + _a * _c),
        rewrite(_a * _b + _a * _c).to(_a * (_b + _c)),
        rewrite(_a**_b * _a**_c).to(_a ** (_b + _c)),
        rewrite(_x**_M1).to(_x),
        rewrite(_x ** Math(2)).to(_x * _x),
        rewrite(_x**_Mm1).to(_M1 / _x, ne(_x).to(_M0)),
        rewrite(_x * (_M1 / _x), subsume=True).to(_M1, ne(_x).to(_M0)),
        rewrite(d(Math.var(_s), Math.var(_s)), subsume=True).to(_M1),
        rewrite(d(Math.var(_s), Math.var(_t)), subsume=True).to(_M0, ne(_s).to(_t)),
        rewrite(d(Math.var(_s), Math(_i)), subsume=True).to(_M0),
        rewrite(d(_x, _a + _b)).to(d(_x, _a) + d(_x, _b)),
        rewrite(d(_x, _a * _b)).to(_a * d(_x, _b) + _b * d(_x, _a)),
        rewrite(d(_x, sin(_x))).to(cos(_x)),
        rewrite(d(_x, cos(_x))).to(_Mm1 * sin(_x)),
        rewrite(d(_x, ln(_x))).to(_M1 / _x, ne(_x).to(_M0)),
        rewrite(sin(_a) * sin(_a) + cos(_a) * cos(_a), subsume=True).to(_M1),
    )
    EGGLOG_GROWTH = ruleset(
        rewrite(_a * _b).to(_b * _a),
        rewrite(_a + (_b + _c)).to((_a + _b) + _c),
        rewrite(_a * (_b + _c)).to(_a * _b + _a * _c),
        rewrite(_a + _M0).to(_a),
        rewrite(_a * _M1).to(_a),
        rewrite(_a * _M0).to(_M0),
    )
    _BINARY = {
        "+": "__add__",
        "-": "__sub__",
        "*": "__mul__",
        "/": "__truediv__",
        "pow": "__pow__",
    }
    _UNARY = {"sin": sin, "cos": cos, "ln": ln}


def _to_egglog(text: str):
    def conv(t):
        if not t.args:
            return Math(int(t.op)) if not isinstance(t.op, str) else Math.var(t.op)
        args = [conv(a) for a in t.args]
        if t.op in _BINARY:
            return getattr(args[0], _BINARY[t.op])(args[1])
        if t.op == "d":
            return d(args[0], args[1])
        return _UNARY[t.op](args[0])

    return conv(parse_term(text))


def _egglog_size(eg) -> int:
    return sum(n for _, n in eg.all_function_sizes())


def egglog_prove(start: str, goal: str, limits: dict) -> tuple[bool, int, int]:
    eg = egglog.EGraph()
    eg.register(_M0, _M1)
    s, g = eg.let("s", _to_egglog(start)), eg.let("g", _to_egglog(goal))
    fact = egglog.eq(s).to(g)
    t0 = time.perf_counter()
    for it in range(limits["iter_limit"]):
        if eg.check_bool(fact):
            return True, _egglog_size(eg), it
        if (
            _egglog_size(eg) > limits["node_limit"]
            or time.perf_counter() - t0 > limits["time_limit"]
        ):
            break
        if not eg.run(1, ruleset=EGGLOG_MATH).updated:
            return eg.check_bool(fact), _egglog_size(eg), it + 1  # saturated
    return eg.check_bool(fact), _egglog_size(eg), limits["iter_limit"]


def egglog_growth(terms: list[str], n_iter: int):
    eg = egglog.EGraph()
    exprs = [_to_egglog(t) for t in terms]
    eg.register(*exprs)
    sizes, times, t0 = [], [], time.perf_counter()
    for _ in range(n_iter):
        eg.run(1, ruleset=EGGLOG_GROWTH)
        sizes.append(_egglog_size(eg))
        times.append(time.perf_counter() - t0)
    return sizes, times, eg, exprs[0]


def egglog_extract(eg, root) -> tuple[str, int]:
    expr, cost = eg.extract(root, include_cost=True)
    return str(expr), cost


# ----------------------------------------------------------------------------- latency


def _nonzero(var: str):
    """egg's math-suite semantics: not known to be the constant 0."""
    return lambda eg, s: eg.data(s[var]) != 0


def _is_sym(var: str):
    return lambda eg, s: any(not ch and isinstance(op, str) for op, ch in eg.nodes(s[var]))


def _const_or_other_sym(x: str, c: str):
    def cond(eg, s):
        if eg.data(s[c]) is not None:
            return True
        return _is_sym(c)(eg, s) and eg.find(s[x]) != eg.find(s[c])

    return cond


MATH_RULES = [
    Rewrite("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"),
    Rewrite("comm-mul", "(* ?a ?b)", "(* ?b ?a)"),
    Rewrite("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)"),
    Rewrite("assoc-add-rev", "(+ (+ ?a ?b) ?c)", "(+ ?a (+ ?b ?c))"),
    Rewrite("assoc-mul", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)"),
    Rewrite("assoc-mul-rev", "(* (* ?a ?b) ?c)", "(* ?a (* ?b ?c))"),
    Rewrite("sub-canon", "(- ?a ?b)", "(+ ?a (* -1 ?b))"),
    Rewrite("div-canon", "(/ ?a ?b)", "(* ?a (pow ?b -1))", condition=_nonzero("?b")),
    Rewrite("zero-add", "(+ ?a 0)", "?a"),
    Rewrite("zero-mul", "(* ?a 0)", "0"),
    Rewrite("one-mul", "(* ?a 1)", "?a"),
    Rewrite("cancel-sub", "(- ?a ?a)", "0"),
    Rewrite("cancel-add", "(+ ?a (* -1 ?a))", "0"),
    Rewrite("cancel-div", "(/ ?a ?a)", "1", condition=_nonzero("?a")),
    Rewrite("distribute", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))"),
    Rewrite("factor", "(+ (* ?a ?b) (* ?a ?c))", "(* ?a (+ ?b ?c))"),
    Rewrite("pow-mul", "(* (pow ?a ?b) (pow ?a ?c))", "(pow ?a (+ ?b ?c))"),
    Rewrite("pow1", "(pow ?x 1)", "?x"),
    Rewrite("pow2", "(pow ?x 2)", "(* ?x ?x)"),
    Rewrite("pow-recip", "(pow ?x -1)", "(/ 1 ?x)", condition=_nonzero("?x")),
    Rewrite("recip-mul-div", "(* ?x (/ 1 ?x))", "1", condition=_nonzero("?x")),
    Rewrite("d-variable", "(d ?x ?x)", "1", condition=_is_sym("?x")),
    Rewrite("d-constant", "(d ?x ?c)", "0", condition=_const_or_other_sym("?x", "?c")),
    Rewrite("d-add", "(d ?x (+ ?a ?b))", "(+ (d ?x ?a) (d ?x ?b))"),
    Rewrite("d-mul", "(d ?x (* ?a ?b))", "(+ (* ?a (d ?x ?b)) (* ?b (d ?x ?a)))"),
    Rewrite("d-sin", "(d ?x (sin ?x))", "(cos ?x)"),
    Rewrite("d-cos", "(d ?x (cos ?x))", "(* -1 (sin ?x))"),
    Rewrite("d-ln", "(d ?x (ln ?x))", "(/ 1 ?x)", condition=_nonzero("?x")),
    Rewrite("pythagoras", "(+ (* (sin ?a) (sin ?a)) (* (cos ?a) (cos ?a)))", "1"),
]

CASES = [
    ("identities", "(+ (* x 1) 0)", "x", True),
    ("commuted-product", "(- (* a b) (* b a))", "0", True),
    ("reorder-sum", "(+ a (+ b (+ c d)))", "(+ d (+ c (+ b a)))", True),
    ("distribute-2", "(* 2 (+ x y))", "(+ (* y 2) (* x 2))", True),
    ("sub-cancel", "(- (+ x y) y)", "x", True),
    ("div-cancel", "(/ (* x y) x)", "y", True),
    ("d-linear", "(d x (+ (* 3 x) 1))", "3", True),
    ("d-square", "(d x (* x x))", "(+ x x)", True),
    ("d-sin", "(d x (sin x))", "(cos x)", True),
    ("d-x-ln-x", "(d x (* x (ln x)))", "(+ (ln x) 1)", True),
    (
        "d-sin-cos",
        "(d x (* (sin x) (cos x)))",
        "(- (* (cos x) (cos x)) (* (sin x) (sin x)))",
        True,
    ),
    ("pythagoras-sum", "(+ (* (cos y) (cos y)) (+ (* (sin y) (sin y)) z))", "(+ z 1)", True),
    ("pow-add", "(* (pow x 2) (pow x 3))", "(pow x 5)", True),
    ("factor-div", "(/ (+ (* 2 x) (* 2 y)) 2)", "(+ x y)", True),
    ("d-poly", "(d x (+ (* x x) (* 3 x)))", "(+ (+ x x) 3)", True),
    ("diff-of-squares", "(* (+ x 1) (- x 1))", "(- (* x x) 1)", True),
    ("not-equal", "(+ x 1)", "x", False),
    ("wrong-derivative", "(d x (* x y))", "x", False),
]
LIMITS = {"iter_limit": 30, "node_limit": 10_000, "time_limit": 5.0}


def ours_prove(start: str, goal: str) -> tuple[bool, int, int]:
    eg = EGraph(analysis=ConstantFolding(prune=True))
    s, g = eg.add_term(parse_term(start)), eg.add_term(parse_term(goal))
    rep = Runner(eg, MATH_RULES, scheduler="backoff", **LIMITS).run(
        roots=[s], goals=[parse_term(goal)]
    )
    del g
    return rep.stop_reason == "goals_proven", eg.n_nodes, rep.n_iterations


def bench_latency(repeats: int, have_egglog: bool) -> list[dict]:
    rows = []
    for name, start, goal, expect in CASES:
        row = {"case": name, "expect": expect}
        best = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            proved, nodes, iters = ours_prove(start, goal)
            best = min(best, time.perf_counter() - t)
        row.update(
            ours_ms=best * 1e3, ours_ok=proved == expect, ours_nodes=nodes, ours_iters=iters
        )
        if have_egglog:
            best = float("inf")
            for _ in range(repeats):
                t = time.perf_counter()
                proved, nodes, iters = egglog_prove(start, goal, LIMITS)
                best = min(best, time.perf_counter() - t)
            row.update(
                egglog_ms=best * 1e3,
                egglog_ok=proved == expect,
                egglog_nodes=nodes,
                egglog_iters=iters,
            )
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------- growth

GROWTH_RULES = [
    Rewrite("comm-mul", "(* ?a ?b)", "(* ?b ?a)"),
    Rewrite("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)"),
    Rewrite("distribute", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))"),
    Rewrite("zero-add", "(+ ?a 0)", "?a"),
    Rewrite("one-mul", "(* ?a 1)", "?a"),
    Rewrite("zero-mul", "(* ?a 0)", "0"),
]


def _chain(op: str, items: list[str]) -> str:
    t = items[-1]
    for x in reversed(items[:-1]):
        t = f"({op} {x} {t})"
    return t


#: A product of 12 binomials (distribution doubles its sums each iteration, associativity
#: regroups them) and four small terms that saturate early.
GROWTH_TERMS = [
    _chain("*", [f"(+ a{i} b{i})" for i in range(12)]),
    "(+ (* 2 m) (* 3 n))",
    "(* (+ x 1) (+ y 0))",
    "(* (+ p q) r)",
    "(+ a (+ b (+ c d)))",
]
MIN_ITERATIONS = 10


def ours_growth(n_iter: int) -> tuple[list[int], list[float], EGraph, int]:
    eg = EGraph()
    roots = [eg.add_term(parse_term(t)) for t in GROWTH_TERMS]
    runner = Runner(
        eg, GROWTH_RULES, iter_limit=n_iter, node_limit=10**8, time_limit=600, scheduler="simple"
    )
    sizes, times, t0 = [], [], time.perf_counter()
    runner.hooks.append(
        lambda r: (sizes.append(eg.n_nodes), times.append(time.perf_counter() - t0))
    )
    runner.run()
    return sizes, times, eg, roots[0]


def _peak_rss_mb() -> float:
    """VmHWM of this process (unlike ru_maxrss it is not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_rss(engine: str, n_iter: int) -> dict:
    code = (
        f"import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "import egraph_bench as b; base = b._peak_rss_mb(); "
        f"out = b.growth_in_child({engine!r}, {n_iter}); "
        "out['rss_mb'] = b._peak_rss_mb(); out['base_rss_mb'] = base; print(json.dumps(out))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def growth_in_child(engine: str, n_iter: int) -> dict:
    if engine == "ours":
        sizes, times, _, _ = ours_growth(n_iter)
    else:
        sizes, times, _, _ = egglog_growth(GROWTH_TERMS, n_iter)
    return {"sizes": sizes, "seconds": times[-1]}


def bench_growth(have_egglog: bool, target: int, repeats: int) -> dict:
    # the first iteration count (at least MIN_ITERATIONS) that takes us past the target
    n_iter = MIN_ITERATIONS
    if target < 100_000:
        n_iter = 7
    best = None
    for _ in range(repeats):  # best of `repeats`: the machine is shared
        run = ours_growth(n_iter)
        best = run if best is None or run[1][-1] < best[1][-1] else best
    sizes, times, eg, root = best
    out = {
        "iterations": n_iter,
        "ours_sizes": sizes,
        "ours_s": times[-1],
        "ours_eg": eg,
        "ours_root": root,
    }
    if have_egglog:
        best = None
        for _ in range(repeats):
            run = egglog_growth(GROWTH_TERMS, n_iter)
            best = run if best is None or run[1][-1] < best[1][-1] else best
        e_sizes, e_times, e_eg, e_root = best
        out.update(egglog_sizes=e_sizes, egglog_s=e_times[-1], egglog_eg=e_eg, egglog_root=e_root)
    out["ours_rss"] = _child_rss("ours", n_iter)
    if have_egglog:
        out["egglog_rss"] = _child_rss("egglog", n_iter)
    return out


def bench_extraction(g: dict, have_egglog: bool, repeats: int) -> dict:
    eg = g["ours_eg"]
    ast_size = CostModel("ast_size", {}, default=1.0, symbol=1.0, constant=1.0)  # egglog's
    tiny = EGraph()
    t = time.perf_counter()
    extract(tiny, tiny.add_term(parse_term("(+ x 1)")), ast_size)  # numba import + cache load
    first_call = time.perf_counter() - t
    best = (float("inf"), None, 0.0)
    for _ in range(repeats):
        t = time.perf_counter()
        term, cost = extract(eg, g["ours_root"], ast_size)
        best = min(best, (time.perf_counter() - t, term, cost), key=lambda b: b[0])
    out = {
        "ours_s": best[0],
        "ours_cost": best[2],
        "ours_term": str(best[1]),
        "first_call_s": first_call,
    }
    if have_egglog:
        e_best = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            e_term, e_cost = egglog_extract(g["egglog_eg"], g["egglog_root"])
            e_best = min(e_best, time.perf_counter() - t)
        out.update(egglog_s=e_best, egglog_cost=e_cost, egglog_term=e_term)
    return out


# ----------------------------------------------------------------------------- report


def _egglog_version() -> str:
    from importlib.metadata import version

    return version("egglog")


def _ratio(a: float, b: float) -> str:
    return f"{b / a:6.2f}x" if a > 0 else "   n/a"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--quick", action="store_true", help="1 repeat, 7 growth iterations (about 1e4 e-nodes)"
    )
    args = ap.parse_args()
    have = HAVE_EGGLOG
    version = _egglog_version() if have else ""
    print(
        f"egglog-python: {'available ' + version if have else 'unavailable (pip install egglog)'}"
    )
    repeats = 1 if args.quick else 3
    t = time.perf_counter()
    for r in MATH_RULES + GROWTH_RULES:  # compiling every pattern again, to time it
        Rewrite(
            r.name,
            r.lhs.term,
            r.rhs.term if r.rhs is not None else r.applier,
            condition=r.conditions or None,
        )
    print(
        f"pattern compilation (Python source -> code objects): "
        f"{(time.perf_counter() - t) * 1e3:.1f} ms for {len(MATH_RULES) + len(GROWTH_RULES)} "
        "rules; no numba in the engine, so no JIT compile time"
    )
    # warm-up: compile patterns, import egglog
    ours_prove("(+ x 0)", "x")
    if have:
        egglog_prove("(+ x 0)", "x", LIMITS)
    rows = bench_latency(repeats, have)
    print(f"\n1. latency (best of {repeats}, ms; ratio = egglog / ours, >1 means we are faster)")
    print(
        f"{'case':20s} {'ours':>9s} {'nodes':>6s} {'egglog':>9s} {'nodes':>6s} {'ratio':>7s} "
        "verdicts"
    )
    for r in rows:
        e = (
            f"{r['egglog_ms']:9.2f} {r['egglog_nodes']:6d} {_ratio(r['ours_ms'], r['egglog_ms'])}"
            if have
            else ""
        )
        ok = "ok" if r["ours_ok"] and (not have or r["egglog_ok"]) else "MISMATCH"
        print(f"{r['case']:20s} {r['ours_ms']:9.2f} {r['ours_nodes']:6d} {e} {ok}")
    med_o = statistics.median(r["ours_ms"] for r in rows)
    line = f"median: ours {med_o:.2f} ms"
    if have:
        med_e = statistics.median(r["egglog_ms"] for r in rows)
        line += f", egglog {med_e:.2f} ms, ratio {med_e / med_o:.2f}x (target >= 1)"
    print(line)

    target = 20_000 if args.quick else 100_000
    g = bench_growth(have, target, repeats)
    print(
        f"\n2. growth: {len(GROWTH_RULES)} rules, {len(GROWTH_TERMS)} start terms, simple "
        f"scheduler, {g['iterations']} iterations"
    )
    print("ours   sizes:", g["ours_sizes"])
    if have:
        print("egglog sizes:", g["egglog_sizes"])
    n = g["ours_sizes"][-1]
    print(
        f"ours   {g['ours_s']:.3f} s, {n / g['ours_s']:,.0f} e-nodes/s, peak RSS "
        f"{g['ours_rss']['rss_mb']:.0f} MB (imports alone {g['ours_rss']['base_rss_mb']:.0f} MB)"
    )
    if have:
        ne = g["egglog_sizes"][-1]
        print(
            f"egglog {g['egglog_s']:.3f} s, {ne / g['egglog_s']:,.0f} e-nodes/s, peak RSS "
            f"{g['egglog_rss']['rss_mb']:.0f} MB "
            f"(imports alone {g['egglog_rss']['base_rss_mb']:.0f} MB)"
        )
        o, e = g["ours_rss"], g["egglog_rss"]
        print(
            f"time ratio ours/egglog {g['ours_s'] / g['egglog_s']:.2f} (target <= 10); "
            f"peak RSS ratio {o['rss_mb'] / e['rss_mb']:.2f} (target <= 2); growth of RSS "
            f"over the imports "
            f"{(o['rss_mb'] - o['base_rss_mb']) / max(e['rss_mb'] - e['base_rss_mb'], 1):.2f}"
        )
    x = bench_extraction(g, have, repeats)
    print(
        f"\n3. extraction of the largest start term's e-class (tree cost, AST size; best of "
        f"{repeats}; egglog's cost also counts the string of each variable)"
    )
    print(
        f"first extraction call in this process (numba import, cached kernel load or "
        f"compile): {x['first_call_s']:.2f} s"
    )
    print(
        f"ours   {x['ours_s'] * 1e3:.1f} ms, cost {x['ours_cost']:.0f}: {x['ours_term'][:90]}..."
    )
    if have:
        e_term = " ".join(x["egglog_term"].split())
        print(f"egglog {x['egglog_s'] * 1e3:.1f} ms, cost {x['egglog_cost']}: {e_term[:90]}...")
        print(f"ratio egglog/ours {x['egglog_s'] / x['ours_s']:.2f} (target > 1)")


if __name__ == "__main__":
    main()
