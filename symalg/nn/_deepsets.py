"""DeepSets set encoder: rho(sum_i phi(x_i)), invariant to permutations of the set."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.nn._claims import Claim, InputSpec
from symalg.nn._common import as_input, check_size, dense_params, mlp
from symalg.typing import RNGLike

__all__ = ["DeepSets"]


class DeepSets:
    """Permutation-invariant set encoder ``rho(sum_i phi(x_i))`` [1]_.

    Parameters
    ----------
    n_points : int, default 6
        Set size used by the claims (the encoder itself accepts any size).
    n_features, n_hidden, n_out : int
        Feature sizes of the elements, of ``phi``'s output and of the encoding.
    rng : int, Generator or None, default 0
        Seed for the random weights.

    Notes
    -----
    Claims: invariance under ``Permutations(n_points)`` acting on the rows of the set.
    Summation order changes under a permutation, so the property holds to round-off,
    not bitwise.

    References
    ----------
    .. [1] M. Zaheer et al., "Deep Sets", NeurIPS 2017, arXiv:1703.06114.

    Examples
    --------
    >>> import numpy as np
    >>> f = DeepSets()
    >>> x = np.random.default_rng(1).standard_normal((6, 3))
    >>> bool(np.allclose(f(x), f(x[::-1])))
    True
    """

    name = "deepsets"

    def __init__(
        self,
        n_points: int = 6,
        n_features: int = 3,
        n_hidden: int = 16,
        n_out: int = 4,
        *,
        rng: RNGLike = 0,
    ) -> None:
        where = "DeepSets"
        self.n_points = check_int("n_points", n_points, where=where, minimum=1)
        self.n_features = check_int("n_features", n_features, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        self.phi = dense_params(gen, (self.n_features, n_hidden, n_hidden))
        self.rho = dense_params(gen, (n_hidden, n_hidden, n_out))
        self.claims = (
            Claim(
                "permutation-invariance",
                f"Permutations({self.n_points})",
                "rows",
                "trivial",
                (InputSpec("arrays", {"shape": (self.n_points, self.n_features)}),),
            ),
        )

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Encode a set ``x`` of shape (n, n_features) into a vector of shape (n_out,)."""
        x = as_input(x, where="DeepSets", name="x", ndim=2)
        check_size("DeepSets", "x", x, 1, self.n_features)
        return mlp(self.rho, np.tanh(mlp(self.phi, x)).sum(axis=0))
