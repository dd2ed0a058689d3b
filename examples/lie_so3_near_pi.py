"""SO(3) log near angle pi: symalg's atan2 + symmetric-part route against the textbook arccos.

Run: python examples/lie_so3_near_pi.py
"""

from __future__ import annotations

import math

import numpy as np

from symalg.lie import SO3


def textbook_log(r: np.ndarray) -> np.ndarray:
    theta = math.acos(max(-1.0, min(1.0, (np.trace(r) - 1) / 2)))
    v = 0.5 * np.array([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]])
    return theta / math.sin(theta) * v


def main() -> list[tuple[float, float, float]]:
    u = np.array([0.48, -0.6, 0.64])
    rows = []
    print(f"{'pi - theta':>11} {'symalg':>10} {'arccos':>10}")
    for gap in (1e-2, 1e-6, 1e-9, 1e-12):
        w = (math.pi - gap) * u
        r = SO3.exp(w).as_matrix()
        ours = float(np.abs(SO3.from_matrix(r).log() - w).max())
        naive = float(np.abs(textbook_log(r) - w).max())
        rows.append((gap, ours, naive))
        print(f"{gap:11.0e} {ours:10.1e} {naive:10.1e}")
    return rows


if __name__ == "__main__":
    main()
