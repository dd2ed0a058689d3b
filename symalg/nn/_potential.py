"""Smooth pair potential with analytic forces (a derived-quantity reference)."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int
from symalg.nn._claims import Claim, InputSpec
from symalg.nn._common import as_input, check_size

__all__ = ["PairPotential"]


class PairPotential:
    """``E(x) = sum_{i<j} a exp(-r_ij^2 / s^2) + b / (1 + r_ij^2)`` with forces ``-grad E``.

    Parameters
    ----------
    n_points : int, default 6
    a, b, s : float
        Strengths and width of the two terms.

    Notes
    -----
    ``E`` depends on distances only, so it is E(3)-invariant; its negative gradient
    ``F = -grad E`` is then E(3)-equivariant as vectors, ``F(x R^T + t) = F(x) R^T``.
    :meth:`forces` is the analytic gradient; both claims are declared, and
    ``verification.check_forces`` also compares ``F`` with central differences of ``E``.

    Examples
    --------
    >>> import numpy as np
    >>> p = PairPotential()
    >>> x = np.random.default_rng(0).standard_normal((6, 3))
    >>> bool(np.allclose(p.forces(x).sum(axis=0), 0.0))  # Newton's third law
    True
    """

    name = "pair_potential"

    def __init__(self, n_points: int = 6, a: float = 1.5, b: float = 0.7, s: float = 1.3) -> None:
        self.n_points = check_int("n_points", n_points, where="PairPotential", minimum=2)
        self.a, self.b, self.s = float(a), float(b), float(s)
        inputs = (InputSpec("point_clouds", {"n_points": self.n_points}),)
        self.claims = (
            Claim("energy-e3-invariance", "E3", "points", "trivial", inputs, method="energy"),
            Claim("forces-e3-equivariance", "E3", "points", "vectors", inputs, method="forces"),
        )

    def _pairs(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x = as_input(x, where="PairPotential", name="x", ndim=2)
        check_size("PairPotential", "x", x, 1, 3)
        diff = x[:, None, :] - x[None, :, :]
        r2 = (diff**2).sum(axis=-1)
        mask = 1.0 - np.eye(len(x), dtype=x.dtype)
        return diff, r2, mask

    def energy(self, x: np.ndarray) -> np.ndarray:
        """Energy of a configuration ``x`` of shape (n, 3), as a 0-d array."""
        _, r2, mask = self._pairs(x)
        phi = self.a * np.exp(-r2 / self.s**2) + self.b / (1.0 + r2)
        return np.asarray(0.5 * (phi * mask).sum())

    def forces(self, x: np.ndarray) -> np.ndarray:
        """Return the forces ``-dE/dx``, shape (n, 3)."""
        diff, r2, mask = self._pairs(x)
        dphi = -self.a / self.s**2 * np.exp(-r2 / self.s**2) - self.b / (1.0 + r2) ** 2
        return -2.0 * ((dphi * mask)[:, :, None] * diff).sum(axis=1)
