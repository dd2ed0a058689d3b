"""Route (a): the implicit ideal and elimination through an established Groebner engine.

Detection (``backend="auto"``), first match wins: the ``Singular`` binary on PATH, the
``M2`` (Macaulay2) binary on PATH, python-flint (``import flint``; its
``fmpz_mpoly_vec.buchberger_naive`` in lex order), and finally sympy's ``groebner`` (lex),
which is only viable on very small graphs.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import sympy

from symalg.errors import InvalidArgumentError
from symalg.sem._graph import MixedGraph

__all__ = ["BACKENDS", "available_backends", "detect_backend", "implicit_ideal", "eliminate"]

BACKENDS = ("singular", "macaulay2", "flint", "sympy")
_BINARIES = {"singular": "Singular", "macaulay2": "M2"}


def _flint() -> object | None:
    try:
        flint = importlib.import_module("flint")
    except ImportError:
        return None
    vec = getattr(flint, "fmpz_mpoly_vec", None)
    return flint if vec is not None and hasattr(vec, "buchberger_naive") else None


def available_backends() -> tuple[str, ...]:
    """The Groebner engines usable here, in detection order (``"sympy"`` is always last)."""
    found = [b for b in ("singular", "macaulay2") if shutil.which(_BINARIES[b])]
    if _flint() is not None:
        found.append("flint")
    return (*found, "sympy")


def detect_backend() -> str:
    """The engine ``backend="auto"`` uses: the first of :func:`available_backends`."""
    return available_backends()[0]


def implicit_ideal(
    graph: MixedGraph,
) -> tuple[list[sympy.Expr], list[sympy.Symbol], list[sympy.Symbol]]:
    """(generators, variables to eliminate, covariance symbols) of the implicit ideal J.

    J = < ((I - Lambda)^T S (I - Lambda))_ij : i < j, i <-> j not in B >
    + < t det(I - Lambda) - 1 >;
    I_G = J intersected with Q[s]. No Omega variables; ``t`` keeps det(I - Lambda) != 0.
    """
    n = graph.n_vertices
    A = sympy.eye(n) - graph.lambda_matrix()
    S = graph.covariance_symbol_matrix()
    M = (A.T * S * A).applyfunc(sympy.expand)
    ix = graph.index
    bid = {(ix[a], ix[b]) for a, b in graph.bidirected}
    gens = [M[i, j] for i in range(n) for j in range(i + 1, n) if (i, j) not in bid]
    t = sympy.Symbol("t_")
    det = A.det(method="berkowitz").expand()
    lam = list(graph.parameters[: len(graph.directed)])
    elim = [t, *lam]
    if det != 1:
        gens.append(sympy.expand(t * det - 1))
    else:
        elim = lam
    return gens, elim, list(graph.covariance_symbols)


def eliminate(
    gens: list[sympy.Expr], elim: list[sympy.Symbol], keep: list[sympy.Symbol], backend: str
) -> list[sympy.Expr]:
    """Generators of <gens> intersected with Q[keep], computed by ``backend``."""
    if backend == "auto":
        backend = detect_backend()
    if backend not in available_backends():
        raise InvalidArgumentError(
            f"vanishing_ideal: backend={backend!r} is not available here "
            f"(available: {list(available_backends())}); install Singular "
            "(apt-get install singular), Macaulay2 (apt-get install macaulay2) or "
            "python-flint (pip install python-flint), or use backend='auto'."
        )
    if not gens:
        return []
    if backend == "sympy":
        gb = sympy.groebner(gens, *elim, *keep, order="lex")
        out = [g for g in gb.exprs if not (g.free_symbols & set(elim))]
    elif backend == "flint":
        out = _flint_eliminate(gens, elim, keep)
    else:
        out = _subprocess_eliminate(gens, elim, keep, backend)
    return [_normalize(g, keep) for g in out if g != 0]


def _normalize(g: sympy.Expr, keep: list[sympy.Symbol]) -> sympy.Expr:
    """Primitive over Z with a positive leading coefficient (lex in ``keep``)."""
    poly = sympy.Poly(g, *keep)
    _, poly = poly.primitive()
    if poly.LC() < 0:
        poly = -poly
    return poly.as_expr()


def _renamed(
    elim: list[sympy.Symbol], keep: list[sympy.Symbol]
) -> dict[sympy.Symbol, sympy.Symbol]:
    return {v: sympy.Symbol(f"x{k}") for k, v in enumerate([*elim, *keep])}


def _flint_eliminate(
    gens: list[sympy.Expr], elim: list[sympy.Symbol], keep: list[sympy.Symbol]
) -> list[sympy.Expr]:
    flint = _flint()
    allv = [*elim, *keep]
    ctx = flint.fmpz_mpoly_ctx.get(tuple(f"x{k}" for k in range(len(allv))), "lex")
    polys = [
        ctx.from_dict({e: int(c) for e, c in sympy.Poly(g, *allv).as_dict().items()}) for g in gens
    ]
    gb = flint.fmpz_mpoly_vec(polys, ctx).buchberger_naive().autoreduction()
    out = []
    for p in gb:
        d = p.to_dict()
        if all(not any(e[: len(elim)]) for e in d):
            out.append(sympy.Poly.from_dict({e: int(c) for e, c in d.items()}, *allv).as_expr())
    return out


def _subprocess_eliminate(
    gens: list[sympy.Expr], elim: list[sympy.Symbol], keep: list[sympy.Symbol], backend: str
) -> list[sympy.Expr]:
    ren = _renamed(elim, keep)
    back = {str(v): k for k, v in ren.items()}
    names = [str(ren[v]) for v in [*elim, *keep]]
    polys = [str(sympy.expand(g.xreplace(ren))).replace("**", "^") for g in gens]
    prod = "*".join(names[: len(elim)])
    if backend == "singular":
        script = (
            f"ring r = 0, ({', '.join(names)}), dp;\n"
            f"ideal J = {', '.join(polys)};\n"
            f"ideal E = eliminate(J, {prod});\n"
            "E = minbase(E);\n"
            "int k; for (k = 1; k <= ncols(E); k++) { print(string(E[k])); }\nquit;\n"
        )
        cmd = [shutil.which("Singular"), "-q", "--no-warn"]
    else:
        script = (
            f"R = QQ[{', '.join(names)}];\n"
            f"J = ideal({', '.join(polys)});\n"
            f"E = eliminate({{{', '.join(names[: len(elim)])}}}, J);\n"
            "scan(flatten entries mingens E, f -> print toString f);\nexit 0\n"
        )
        cmd = [shutil.which("M2"), "--script"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("ideal.sing" if backend == "singular" else "ideal.m2")
        path.write_text(script)
        run = subprocess.run(
            [*cmd, str(path)], capture_output=True, text=True, timeout=3600, check=False
        )
    if run.returncode != 0:
        raise InvalidArgumentError(
            f"vanishing_ideal: {backend} failed (exit {run.returncode}): "
            f"{run.stderr.strip()[:300]}"
        )
    out = []
    for line in run.stdout.splitlines():
        line = line.strip()
        if line and line != "0":
            expr = sympy.sympify(
                line.replace("^", "**"), locals={k: sympy.Symbol(k) for k in back}
            )
            out.append(expr.xreplace({sympy.Symbol(k): v for k, v in back.items()}))
    return out
