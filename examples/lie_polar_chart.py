"""Global coordinates on SL(2) where the exponential map fails, via the polar decomposition.

Run: python examples/lie_polar_chart.py
"""

from __future__ import annotations

import numpy as np

from symalg.lie import SL, NotInImageError, polar, xi, xi_inv


def main() -> dict[str, float]:
    g = np.array([[-2.0, 0.3], [0.0, -0.5]])  # trace/2 < -1: not exp of anything in sl(2)
    try:
        SL(2).log(g)
        in_image = True
    except NotInImageError as err:
        print(f"log fails as it should: {err}")
        in_image = False
    p, k = polar(g)
    x = xi_inv(g)
    out = {
        "in_image": float(in_image),
        "polar_residual": float(np.abs(p @ k - g).max()),
        "chart_residual": float(np.abs(xi(x) - g).max()),
        "trace_of_chart": float(np.trace(x)),
        "rotation_angle": float(x[1, 0]),
    }
    for key, val in out.items():
        print(f"{key:>15}: {val: .3e}")
    # an ill-conditioned element: the SVD route keeps K orthogonal at condition 1e12
    h = np.array([[1e6, 3e5], [0.0, 1e-6]])
    _, kh = polar(h)
    err = float(np.abs(kh @ kh.T - np.eye(2)).max())
    out["orthogonality_at_cond_1e12"] = err
    print(f"|K K^T - I| at condition {np.linalg.cond(h):.0e}: {err:.1e}")
    return out


if __name__ == "__main__":
    main()
