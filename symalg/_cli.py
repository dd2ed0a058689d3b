"""The ``symalg`` command.

Subcommands: ``kernel`` (compile and run a kernel) and ``sem covariance|ideal|identify GRAPH``
(linear structural equation models) are built in; other packages contribute
subcommands through the ``symalg.commands`` entry-point group (``verification`` adds
``verify``). Every :class:`symalg.SymalgError` becomes a one-line message and a non-zero
exit: 2 for bad usage (invalid arguments or types), 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

import numpy as np
import sympy

import symalg
from symalg.codegen import Kernel, compile_kernel
from symalg.errors import InvalidArgumentError, InvalidTypeError, SymalgError

EXAMPLES = ("sem-cycle", "harmonics", "rotation")


def _example(name: str) -> tuple[str, object, list[object]]:
    if name == "sem-cycle":
        n = 4
        L = sympy.zeros(n, n)
        for i in range(n):
            L[i, (i + 1) % n] = sympy.Symbol(f"l_{i + 1}_{(i + 1) % n + 1}")
        W = sympy.diag(*[sympy.Symbol(f"w_{i + 1}_{i + 1}") for i in range(n)])
        inv = (sympy.eye(n) - L).inv()
        sigma = inv.T * W * inv
        params = [L[i, (i + 1) % n] for i in range(n)] + [W[i, i] for i in range(n)]
        return (
            "covariance (I - L)^-T W (I - L)^-1 of a linear SEM on the directed 4-cycle "
            "1->2->3->4->1",
            sigma,
            params,
        )
    if name == "harmonics":
        x, y, z = sympy.symbols("x y z")
        r2 = x**2 + y**2 + z**2
        c = sympy.sqrt(15 / (4 * sympy.pi))
        exprs = [
            c * x * y / r2,
            c * y * z / r2,
            sympy.sqrt(5 / (16 * sympy.pi)) * (3 * z**2 - r2) / r2,
            c * x * z / r2,
            c / 2 * (x**2 - y**2) / r2,
        ]
        return "real spherical harmonics of degree 2 of (x, y, z)", exprs, [x, y, z]
    t = sympy.Symbol("t")
    rot = sympy.Matrix([[sympy.cos(t), -sympy.sin(t)], [sympy.sin(t), sympy.cos(t)]])
    return "the 2-D rotation matrix R(t)", rot, [t]


def _parse_exprs(texts: Sequence[str], arg_text: str | None) -> tuple[object, list[object]]:
    try:
        exprs = [sympy.sympify(t) for t in texts]
    except (sympy.SympifyError, SyntaxError, TypeError) as err:
        raise InvalidArgumentError(f"symalg kernel: cannot parse {list(texts)}: {err}") from err
    if arg_text:
        args = [sympy.Symbol(s.strip()) for s in arg_text.split(",") if s.strip()]
    else:
        args = sorted(set().union(*(e.free_symbols for e in exprs)), key=str)
    return exprs if len(exprs) > 1 else exprs[0], args


def _kernel_main(ns: argparse.Namespace) -> int:
    if ns.exprs and ns.example:
        raise InvalidArgumentError("symalg kernel: give expressions or --example, not both.")
    if ns.exprs:
        what, (exprs, args) = "the given expressions", _parse_exprs(ns.exprs, ns.args)
    else:
        what, exprs, args = _example(ns.example or "sem-cycle")
    if ns.points < 1:
        raise InvalidArgumentError(f"symalg kernel: --points={ns.points} must be >= 1.")
    t0 = time.perf_counter()
    kernel = compile_kernel(exprs, args, backend=ns.backend, dtype=ns.dtype, cache=not ns.no_cache)
    rng = np.random.default_rng(ns.seed)
    inputs = [rng.uniform(-0.5, 0.5, (ns.points, *getattr(a, "shape", ()))) for a in args]
    inputs = [x if x.ndim > 1 else x.reshape(ns.points) for x in inputs]
    kernel(*[x[:1] for x in inputs])  # first call: numba compiles or loads from cache
    t_build = time.perf_counter() - t0
    t1 = time.perf_counter()
    values = kernel(*inputs)
    t_run = time.perf_counter() - t1
    print(f"symalg {symalg.__version__}: compiled {what}")
    print(f"  arguments : {', '.join(map(str, args))}")
    print(f"  outputs   : shape {kernel.out_shape}, dtype {kernel.dtype}, backend {ns.backend}")
    print(f"  operations: {kernel.n_ops.before} as written -> {kernel.n_ops.after} after CSE")
    print(f"  build     : {t_build:.3f} s (generate + compile, or load from cache)")
    print(
        f"  evaluated : {ns.points} random points in {t_run:.4f} s "
        f"({1e9 * t_run / ns.points:.1f} ns/point)"
    )
    _report_check(kernel, exprs, args, inputs, values)
    if ns.show_source:
        print(kernel.source)
    return 0


def _report_check(
    kernel: Kernel, exprs: object, args: list[object], inputs: list[np.ndarray], values: np.ndarray
) -> None:
    m = min(200, len(inputs[0]))
    flat_syms = [s for a in args for s in (a if isinstance(a, sympy.MatrixBase) else [a])]
    if isinstance(exprs, sympy.MatrixBase):
        exprs = exprs.tolist()
    ref_fn = sympy.lambdify(flat_syms, exprs, modules="mpmath")
    worst = 0.0
    for i in range(m):
        point = [float(v) for x in inputs for v in np.ravel(x[i])]
        ref = np.array(ref_fn(*point), dtype=complex).reshape(kernel.out_shape)
        scale = max(1.0, float(np.max(np.abs(ref))))
        worst = max(worst, float(np.max(np.abs(values[i] - ref))) / scale)
    print(f"  check     : max relative deviation from mpmath on {m} points = {worst:.2e}")


def _sem_main(ns: argparse.Namespace) -> int:
    from symalg import sem

    graph = sem.MixedGraph.parse(ns.graph)
    print(f"graph: {graph}  (vertices {list(graph.vertices)}; ", end="")
    print(f"acyclic={graph.is_acyclic}, simple={graph.is_simple})")
    if ns.sem_command == "covariance":
        sigma = sem.covariance_matrix(graph, method=ns.method)
        syms = iter(graph.covariance_symbols)
        n = graph.n_vertices
        entries = [(next(syms), sigma[i, j]) for i in range(n) for j in range(i, n)]
        for sym, expr in entries:
            print(f"{sym} = {expr}")
        print("LaTeX:")
        for sym, expr in entries:
            print(f"{sympy.latex(sym)} = {sympy.latex(expr)}")
    elif ns.sem_command == "ideal":
        gens = sem.vanishing_ideal(graph, ns.max_degree, method=ns.method, backend=ns.backend)
        bound = "" if ns.method == "elimination" else " (degree-bounded search)"
        print(f"{len(gens)} generator(s){bound}:" if gens else f"zero ideal{bound}")
        for g in gens:
            print(g)
    else:
        print(f"parameters: {graph.n_parameters}, model dimension: {sem.model_dimension(graph)}")
        for param, st in sem.identifiability(graph, max_degree=ns.max_degree).items():
            what = st.status if st.status != "k-to-one" else f"generically {st.degree}-to-one"
            detail = f" = {st.formula}" if st.formula is not None else ""
            if st.formula is None and st.relation is not None:
                detail = f"; relation {st.relation} = 0"
            print(f"{param}: {what}{detail}  [{st.certificate}]")
    return 0


def _add_sem_parser(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("sem", help="linear SEMs on mixed graphs: covariance, ideal, identify")
    ssub = s.add_subparsers(dest="sem_command", metavar="SEM_COMMAND", required=True)
    graph_help = 'a mixed graph, e.g. "1->2, 2->3, 3->1, 1<->3"'
    c = ssub.add_parser("covariance", help="print Sigma in closed form (plain and LaTeX)")
    c.add_argument("graph", help=graph_help)
    c.add_argument(
        "--method", default="one_connection", choices=["one_connection", "trek", "inverse"]
    )
    i = ssub.add_parser("ideal", help="print generators of the vanishing ideal")
    i.add_argument("graph", help=graph_help)
    i.add_argument("--max-degree", type=int, default=None, help="degree bound of the search")
    i.add_argument("--method", default="search", choices=["search", "elimination"])
    i.add_argument(
        "--backend", default="auto", choices=["auto", "singular", "macaulay2", "flint", "sympy"]
    )
    d = ssub.add_parser("identify", help="print per-parameter identifiability verdicts")
    d.add_argument("graph", help=graph_help)
    d.add_argument("--max-degree", type=int, default=3, help="degree bound of the search")
    for p in (c, i, d):
        p.set_defaults(func=_sem_main)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="symalg", description=symalg.__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"symalg {symalg.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    k = sub.add_parser("kernel", help="compile symbolic expressions into a kernel and run it")
    k.add_argument("exprs", nargs="*", help="expressions in sympy syntax, e.g. 'sin(x)*y'")
    k.add_argument("--args", help="comma-separated argument symbols (default: free symbols)")
    k.add_argument("--example", choices=EXAMPLES, help="a built-in example (default sem-cycle)")
    k.add_argument("--backend", default="numba", choices=["numba", "symengine", "numpy"])
    k.add_argument("--dtype", default="float64", choices=["float64", "float32", "complex128"])
    k.add_argument("--points", type=int, default=1_000_000, help="points to evaluate")
    k.add_argument("--seed", type=int, default=0)
    k.add_argument("--show-source", action="store_true", help="print the generated source")
    k.add_argument("--no-cache", action="store_true", help="do not use the kernel cache")
    k.set_defaults(func=_kernel_main)
    _add_sem_parser(sub)
    for ep in sorted(entry_points(group="symalg.commands"), key=lambda e: e.name):
        try:
            register: Callable[[object], None] = ep.load()
        except (ImportError, AttributeError) as err:
            print(f"symalg: note: subcommand {ep.name!r} is unavailable ({err})", file=sys.stderr)
            continue
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symalg`` command; return the exit code."""
    parser = _build_parser()
    ns = parser.parse_args(argv)
    if not getattr(ns, "func", None):
        parser.print_help()
        return 2
    try:
        return int(ns.func(ns))
    except (InvalidArgumentError, InvalidTypeError) as err:
        print(f"symalg: error: {err}", file=sys.stderr)
        return 2
    except SymalgError as err:
        print(f"symalg: error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
