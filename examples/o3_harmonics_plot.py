"""Real spherical harmonics of symalg.equivariant: the figure of docs/explanation/o3.md.

Run: python examples/o3_harmonics_plot.py [OUTPUT.png]
The values and checks need only symalg; drawing the figure needs matplotlib (not a
dependency of symalg): without it the script prints the checks and skips the figure.
"""

# ruff: noqa: E741  (l is the degree)

from __future__ import annotations

import sys

import numpy as np

from symalg.equivariant import spherical_harmonics_kernel

LMAX = 3


def grid(n_theta: int = 60, n_phi: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Directions on a (theta, phi) grid with Gauss-Legendre nodes in cos(theta)."""
    t, w = np.polynomial.legendre.leggauss(n_theta)
    phi = 2 * np.pi * np.arange(n_phi) / n_phi
    s = np.sqrt(1 - t**2)
    pts = np.stack([np.outer(s, np.cos(phi)), np.outer(s, np.sin(phi)), np.outer(t, 1 + 0 * phi)])
    weights = np.outer(w, np.full(n_phi, 2 * np.pi / n_phi))
    return pts, weights, phi


def values(pts: np.ndarray) -> list[np.ndarray]:
    """``Y_l`` of every degree up to LMAX, shape (n_theta, n_phi, 2l+1)."""
    return [spherical_harmonics_kernel(l)(*pts) for l in range(LMAX + 1)]


def draw(pts: np.ndarray, ys: list[np.ndarray], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2 * (2 * LMAX + 1), 2.1 * (LMAX + 1)))
    for l, y in enumerate(ys):
        for mu in range(-l, l + 1):
            ax = fig.add_subplot(
                LMAX + 1, 2 * LMAX + 1, l * (2 * LMAX + 1) + mu + LMAX + 1, projection="3d"
            )
            v = y[..., mu + l]
            r = np.abs(v)
            colors = plt.cm.coolwarm(0.5 + 0.5 * v / np.abs(v).max())
            ax.plot_surface(*(r * pts), facecolors=colors, rstride=2, cstride=2, lw=0)
            lim = r.max()
            ax.set(xlim=(-lim, lim), ylim=(-lim, lim), zlim=(-lim, lim))
            ax.set_box_aspect((1, 1, 1))
            ax.set_axis_off()
            ax.set_title(f"l={l}, mu={mu}", fontsize=8)
    fig.suptitle("Real spherical harmonics |Y_{l,mu}| (red > 0, blue < 0); z is up", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=70)


def main(argv: list[str]) -> dict[str, float]:
    pts, weights, _ = grid()
    ys = values(pts)
    y = np.concatenate(ys, axis=-1).reshape(-1, (LMAX + 1) ** 2)
    gram = (y * weights.reshape(-1, 1)).T @ y
    # l = 1 is sqrt(3/(4 pi)) (y, z, x)
    expected = np.sqrt(3 / (4 * np.pi)) * np.stack([pts[1], pts[2], pts[0]], axis=-1)
    stats = {
        "orthonormality_error": float(np.abs(gram - np.eye(len(gram))).max()),
        "degree_one_error": float(np.abs(ys[1] - expected).max()),
    }
    print(stats)
    if argv:
        try:
            draw(pts, ys, argv[0])
        except ImportError:
            print("matplotlib is not installed: figure skipped")
    return stats


if __name__ == "__main__":
    main(sys.argv[1:])
