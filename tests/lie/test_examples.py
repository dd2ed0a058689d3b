from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_so3_near_pi_example_shows_the_gap() -> None:
    rows = runpy.run_path(str(EXAMPLES / "lie_so3_near_pi.py"))["main"]()
    for gap, ours, naive in rows:
        assert ours <= 1e-15
        if gap <= 1e-6:
            assert naive > 1e4 * max(ours, 1e-17)


def test_polar_chart_example() -> None:
    out = runpy.run_path(str(EXAMPLES / "lie_polar_chart.py"))["main"]()
    assert out["in_image"] == 0.0
    assert out["polar_residual"] < 1e-15 and out["chart_residual"] < 1e-14
    assert abs(out["trace_of_chart"]) < 1e-15
    assert out["orthogonality_at_cond_1e12"] < 1e-15


@pytest.mark.parametrize("name", ["lie_so3_near_pi.py", "lie_polar_chart.py"])
def test_examples_run_as_scripts(name: str) -> None:
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")


def test_haar_plot_example_statistics() -> None:
    stats = runpy.run_path(str(EXAMPLES / "lie_haar_plot.py"))["main"]([])
    # Haar on SO(3): E[cos t] = int cos t (1 - cos t)/pi dt = -1/2; the uniform ball is far off
    assert abs(stats["mean_cos_haar"] + 0.5) < 0.01
    assert abs(stats["mean_cos_tangent"] + 0.5) > 0.1
    # Haar has infinite mass on the P factor: the weights are heavy-tailed, not degenerate
    assert 1.0 <= stats["effective_sample_size"] < 4000
