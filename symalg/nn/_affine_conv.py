"""Array front end of ``symalg.lie.AffineGroupConv`` with its affine-invariance claims."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from symalg._validation import check_int, check_option, check_rng
from symalg.lie import SL, Affine, AffineGroupConv, GLPlus
from symalg.nn._claims import Claim, Degeneracy, InputSpec
from symalg.nn._common import as_input
from symalg.typing import RNGLike

__all__ = ["AffineConvLayer"]


class AffineConvLayer:
    """Lifting + Monte Carlo group convolution on ``R^2 ⋊ GL+(2)`` (or ``SL(2)``) [1]_.

    Wraps :class:`symalg.lie.AffineGroupConv` with plain arrays: ``points (n, 2)``,
    ``features (n, in_channels)`` and output positions ``g_out`` as homogeneous matrices
    ``(m, 3, 3)``; the result has shape ``(m, out_channels)``.

    Parameters
    ----------
    group : {"GLPlus", "SL"}, default "GLPlus"
        Linear part of the affine group.
    in_channels, out_channels : int
    n_samples : int, default 16384
        Monte Carlo samples of the group integral per call (the tolerance of the
        stochastic claim is calibrated for the default).
    n_points, n_out : int
        Sizes of the inputs the claims are about.
    rng : int, Generator or None, default 0
        Seeds the kernel weights and the stream of Monte Carlo samples.

    Notes
    -----
    Claims (``h`` acts on points by ``x -> A x + t`` and on ``g_out`` by left translation,
    features are scalars):

    - ``affine-invariance-shared-samples`` (exact, method :meth:`shared`): with the same
      Monte Carlo samples in both calls, ``layer(h x, c, h g) = layer(x, c, g)`` to
      round-off, since ``L_{h mu}(h g s) = L_mu(g s)`` term by term.
    - ``affine-invariance`` (approximate and stochastic, ``rtol = 0.6``): :meth:`__call__`
      uses a different Monte Carlo sample set than the call before it (it cycles through
      four independent sets drawn at construction), so the two sides differ by Monte Carlo
      error, of order ``n_samples^{-1/2}`` relative to the output. The importance weights of
      the non-compact group make the estimator heavy-tailed where few samples carry the
      integral (points far from every ``g_out``), so the claim's degeneracy measure
      :meth:`mc_gap` scales the tolerance by the estimated relative standard error there.
      A layer that breaks the symmetry (e.g. drops the translation of ``g_out``) exceeds
      the tolerance where the estimate is reliable.

    References
    ----------
    .. [1] A. Mironenco, P. Forré, "Lie Group Decompositions for Equivariant Neural
       Networks", ICLR 2024, arXiv:2310.11366.

    Examples
    --------
    >>> import numpy as np
    >>> layer = AffineConvLayer(n_samples=512)
    >>> x, c = np.array([[0.0, 0.0], [1.0, 0.5]]), np.ones((2, 2))
    >>> g = np.broadcast_to(np.eye(3), (4, 3, 3))
    >>> h = np.array([[2.0, 1.0, 0.5], [0.0, 0.5, -1.0], [0.0, 0.0, 1.0]])
    >>> bool(np.allclose(layer.shared(x @ h[:2, :2].T + h[:2, 2], c, h @ g),
    ...                  layer.shared(x, c, g)))
    True
    """

    name = "affine_group_conv"

    def __init__(
        self,
        group: Literal["GLPlus", "SL"] = "GLPlus",
        *,
        in_channels: int = 2,
        out_channels: int = 3,
        n_samples: int = 16384,
        n_points: int = 4,
        n_out: int = 1,
        rng: RNGLike = 0,
    ) -> None:
        where = "AffineConvLayer"
        kind = check_option("group", group, ("GLPlus", "SL"), where=where)
        self.group = GLPlus(2) if kind == "GLPlus" else SL(2)
        self.affine = Affine(self.group)
        self.n_samples = check_int("n_samples", n_samples, where=where, minimum=1)
        n_points = check_int("n_points", n_points, where=where, minimum=1)
        n_out = check_int("n_out", n_out, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        seed = int(gen.integers(2**63))
        self.conv = AffineGroupConv(
            self.group, in_channels=in_channels, out_channels=out_channels, rng=gen
        )
        # fresh samples per call, cycling through a pool of independent sample sets (two
        # consecutive calls never share samples); drawing them once keeps calls cheap
        self._pool = []
        for k in range(1, 5):
            s, w = self.conv.sample(self.n_samples, rng=seed + k)
            self._pool.append((s, w, self.conv.kernel(s)))
        self._next = 0
        spec = f"Affine{kind}(2)"
        inputs = (
            InputSpec("arrays", {"shape": (n_points, 2), "bound": 1.5}),
            InputSpec("arrays", {"shape": (n_points, self.conv.in_channels), "bound": 1.0}),
            InputSpec("affine_elements", {"n": n_out, "special": kind == "SL", "scale": 0.5}),
        )
        actions = ("points", "trivial", "left")
        self.claims = (
            Claim(
                "affine-invariance-shared-samples",
                spec,
                actions,
                "trivial",
                inputs,
                method="shared",
            ),
            Claim(
                "affine-invariance",
                spec,
                actions,
                "trivial",
                inputs,
                exact=False,
                rtol=0.6,
                stochastic=True,
                degeneracy=Degeneracy(
                    "mc_gap",
                    0.1,
                    "few Monte Carlo samples carry the integral (relative standard error > 0.5)",
                ),
            ),
        )

    def _inputs(self, points: Any, features: Any, g_out: Any) -> tuple:
        """Validated ``(points, features, AffineElement g_out)``."""
        where = "AffineConvLayer"
        x = as_input(points, where=where, name="points", ndim=2)
        c = as_input(features, where=where, name="features", ndim=2)
        g = self.affine.from_matrix(as_input(g_out, where=where, name="g_out"))
        return x, c, g

    def _run(self, points: Any, features: Any, g_out: Any, samples: tuple) -> np.ndarray:
        s, w, kappa = samples
        return self.conv.convolve(*self._inputs(points, features, g_out), s, w, kappa=kappa)

    def __call__(self, points: Any, features: Any, g_out: Any) -> np.ndarray:
        """Layer output at ``g_out`` with fresh Monte Carlo samples, ``(m, out_channels)``."""
        self._next = (self._next + 1) % len(self._pool)
        return self._run(points, features, g_out, self._pool[self._next])

    def mc_gap(self, points: Any, features: Any, g_out: Any) -> float:
        """``min(1, 0.05 / SE)`` for the estimated relative standard error SE of the output.

        1 where the Monte Carlo estimate is reliable (SE <= 5%); the stochastic claim's
        tolerance grows as ``rtol / gap`` where it is not, and inputs with ``gap < 0.1``
        (SE > 50%) are expected-degenerate.
        """
        s, w, kappa = self._pool[0]
        args = self._inputs(points, features, g_out)
        se = self.conv.relative_standard_error(*args, s, w, kappa=kappa)
        return min(1.0, 0.05 / se) if se > 0 else 1.0

    def shared(self, points: Any, features: Any, g_out: Any) -> np.ndarray:
        """Layer output with the same Monte Carlo samples on every call."""
        return self._run(points, features, g_out, self._pool[0])
