"""Optional: compare with Macaulay2's GraphicalModels on acyclic graphs (needs the M2 binary)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import sympy

from symalg.sem import MixedGraph, vanishing_ideal
from tests.sem._ideals import same_ideal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 (M2) is not installed"),
]

ACYCLIC = [
    "1->2, 2->3",
    "1->2, 3->2",
    "1->2, 2->3, 3->4, 1<->4",
    "1->2, 1->3, 2->4, 3->4",
    "1->2, 2->3, 1<->3, 3->4",
]


def _graphical_models_ideal(g: MixedGraph, tag: str) -> list[sympy.Expr]:
    succ = {v: [b for a, b in g.directed if a == v] for v in g.vertices}
    digraph = ", ".join(f"{{{v}, {{{', '.join(map(str, succ[v]))}}}}}" for v in g.vertices)
    bigraph = ", ".join(f"{{{a}, {b}}}" for a, b in g.bidirected)
    # a distinct variable name per graph: GraphicalModels caches rings by vertex list
    # (Macaulay2/M2 issue #3553)
    script = (
        'needsPackage "GraphicalModels"\n'
        f"G = mixedGraph(digraph {{{digraph}}}, bigraph {{{bigraph}}})\n"
        f'R = gaussianRing(G, sVariableName => "s{tag}")\n'
        "I = gaussianVanishingIdeal R\n"
        "scan(flatten entries mingens I, f -> print toString f)\n"
        "exit 0\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.m2"
        path.write_text(script)
        run = subprocess.run(
            ["M2", "--script", str(path)], capture_output=True, text=True, timeout=600, check=False
        )
    assert run.returncode == 0, run.stderr
    out = []
    for line in run.stdout.splitlines():
        line = re.sub(rf"s{tag}_\((\w+),(\w+)\)", r"s_\1_\2", line.strip()).replace("^", "**")
        if line:
            out.append(sympy.sympify(line))
    return out


@pytest.mark.parametrize("k", range(len(ACYCLIC)))
def test_matches_gaussian_vanishing_ideal(k: int) -> None:
    g = MixedGraph.parse(ACYCLIC[k])
    theirs = _graphical_models_ideal(g, f"g{k}")
    ours = vanishing_ideal(g, 4)
    assert same_ideal(theirs, ours, g.covariance_symbols)
