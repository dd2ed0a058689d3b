from __future__ import annotations

import subprocess
import sys

import pytest
import sympy

from symalg._cli import main
from symalg.sem import MixedGraph, covariance_matrix


def test_covariance_prints_plain_and_latex(capsys) -> None:
    assert main(["sem", "covariance", "1->2, 2->3, 3->1, 1<->3"]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(" = ", 1) for line in out.splitlines() if line.startswith("s_"))
    sigma = covariance_matrix(MixedGraph.parse("1->2, 2->3, 3->1, 1<->3"))
    assert sympy.cancel(sympy.sympify(lines["s_1_3"]) - sigma[0, 2]) == 0
    assert "LaTeX:" in out and r"\frac" in out


def test_ideal_prints_generators(capsys) -> None:
    assert main(["sem", "ideal", "1->2, 2->3"]) == 0
    out = capsys.readouterr().out
    gens = [sympy.sympify(x) for x in out.splitlines()[2:]]
    s12, s13, s22, s23 = sympy.symbols("s_1_2 s_1_3 s_2_2 s_2_3")
    assert len(gens) == 1 and sympy.expand(gens[0] - (s12 * s23 - s13 * s22)) == 0


def test_ideal_elimination_with_sympy(capsys) -> None:
    assert (
        main(["sem", "ideal", "1->2, 3->2", "--method", "elimination", "--backend", "sympy"]) == 0
    )
    assert capsys.readouterr().out.splitlines()[-1] == "s_1_3"


def test_identify_prints_verdicts(capsys) -> None:
    assert main(["sem", "identify", "1->2, 2->3, 3->1"]) == 0
    out = capsys.readouterr().out
    assert "l_1_2: generically 2-to-one" in out and "model dimension: 6" in out


@pytest.mark.parametrize(
    ("argv", "pattern"),
    [
        (["sem", "covariance", "1->2, 2-3"], "unexpected '-' at position 7"),
        (["sem", "identify", "1->1"], "self-loop 1 -> 1"),
        (["sem", "covariance", "1->2, 2->1", "--method", "trek"], "needs an acyclic"),
    ],
)
def test_bad_graph_is_one_line_and_exit_2(capsys, argv, pattern) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert pattern in err and len(err.splitlines()) == 1


def test_subprocess_entry_point() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "symalg._cli", "sem", "ideal", "1->2, 3->2"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0 and run.stdout.splitlines()[-1] == "s_1_3"
