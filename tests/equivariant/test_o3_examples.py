"""The O(3) example script runs, checks what it claims, and draws when matplotlib exists."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "o3_harmonics_plot.py"


def test_example_checks_orthonormality_and_the_y_z_x_order(capsys) -> None:  # noqa: ANN001
    stats = runpy.run_path(str(EXAMPLE))["main"]([])
    assert stats["orthonormality_error"] < 1e-12
    assert stats["degree_one_error"] < 1e-14
    assert "orthonormality_error" in capsys.readouterr().out


def test_example_draws_the_figure(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "harmonics.png"
    runpy.run_path(str(EXAMPLE))["main"]([str(out)])
    assert out.stat().st_size > 10_000
