"""Haar samples on SO(3) and SL(2): the figure of docs/explanation/lie.md.

Run: python examples/lie_haar_plot.py [OUTPUT.png]
The samples and statistics need only symalg; drawing the figure needs matplotlib (not a
dependency of symalg): without it the script prints the statistics and skips the figure.
"""

from __future__ import annotations

import sys

import numpy as np

from symalg.lie import (
    SO2,
    SO3,
    importance_weights,
    sample_spd_lognormal,
    sample_uniform_tangent_so3,
    xi,
)


def samples(n: int = 100_000) -> dict[str, np.ndarray]:
    def angles(m: np.ndarray) -> np.ndarray:
        return np.arccos(np.clip((np.trace(m, axis1=1, axis2=2) - 1) / 2, -1, 1))

    y, logq = sample_spd_lognormal(2, 4000, scale=0.6, traceless=True, rng=1)
    k = SO2.sample_haar(40, rng=2).log()
    y2, _ = sample_spd_lognormal(2, 40, scale=0.4, traceless=True, rng=3)
    x = y2.copy()
    x[:, 0, 1] -= k
    x[:, 1, 0] += k
    return {
        "haar_angles": angles(SO3.sample_haar(n, rng=0).as_matrix()),
        "tangent_angles": angles(sample_uniform_tangent_so3(n, rng=0)),
        "y": y,
        "weights": importance_weights(y, logq),
        "sl2": xi(x),
    }


def draw(data: dict[str, np.ndarray], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 3, figsize=(13, 4))
    t = np.linspace(0, np.pi, 200)
    ax[0].hist(
        data["haar_angles"], bins=60, density=True, histtype="step", label="SO3.sample_haar"
    )
    ax[0].hist(data["tangent_angles"], bins=60, density=True, histtype="step",
               label="exp(uniform ball) (not Haar)")  # fmt: skip
    ax[0].plot(t, (1 - np.cos(t)) / np.pi, "k--", label="Haar: (1 - cos t)/pi")
    ax[0].plot(t, 3 * t**2 / np.pi**3, "k:", label="3 t^2 / pi^3")
    ax[0].set_xlabel("rotation angle t")
    ax[0].set_title("SO(3): Haar vs uniform tangent")
    ax[0].legend(fontsize=7)
    y, w = data["y"], data["weights"]
    sc = ax[1].scatter(y[:, 0, 0], y[:, 0, 1], c=np.log(w * len(w)), s=4, cmap="viridis")
    fig.colorbar(sc, ax=ax[1], label="log(N w): importance weight J(Y)/q(Y)")
    ax[1].set_xlabel("Y11")
    ax[1].set_ylabel("Y12")
    ax[1].set_title("SL(2) P factor: log-normal proposal + weights", fontsize=10)
    circ = np.stack([np.cos(2 * t), np.sin(2 * t)])
    for g in data["sl2"]:
        pts = g @ circ
        ax[2].plot(pts[0], pts[1], lw=0.6, alpha=0.7)
        ax[2].plot(*(g @ np.array([1.0, 0.0])), "k.", ms=3)
    ax[2].set_aspect("equal")
    ax[2].set_title("SL(2): g = exp(Y) K applied to the unit circle", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main(argv: list[str]) -> dict[str, float]:
    data = samples()
    stats = {
        "mean_cos_haar": float(np.mean(np.cos(data["haar_angles"]))),  # Haar: -1/2
        "mean_cos_tangent": float(np.mean(np.cos(data["tangent_angles"]))),
        # Haar has infinite mass on SL(2)'s P factor, so these weights are heavy-tailed
        "effective_sample_size": float(1 / np.sum(data["weights"] ** 2)),
    }
    print(stats)
    if argv:
        try:
            draw(data, argv[0])
        except ImportError:
            print("matplotlib is not installed: figure skipped")
    return stats


if __name__ == "__main__":
    main(sys.argv[1:])
