"""Learnable commutative monoid aggregator reduced over a balanced tree."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.nn._claims import Claim, InputSpec
from symalg.nn._common import as_input, check_size
from symalg.typing import RNGLike

__all__ = ["MonoidAggregator", "tree_reduce"]


def tree_reduce(combine, items: np.ndarray) -> np.ndarray:
    """Reduce ``items`` (k, ...) with a binary ``combine`` over a balanced binary tree.

    Adjacent pairs are combined level by level (depth ``ceil(log2 k)``); an odd element
    out is carried to the next level unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> float(tree_reduce(lambda a, b: a + b, np.arange(5.0)))
    10.0
    """
    level = list(items)
    while len(level) > 1:
        nxt = [combine(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


class MonoidAggregator:
    """Learnable commutative monoid ``a (+) b = psi^{-1}(psi(a) + psi(b))`` [1]_.

    ``psi(x) = sinh(s * (M x))`` with learnable scales ``s > 0`` and invertible ``M``.

    Parameters
    ----------
    n_features : int, default 4
    sizes : tuple of int, default (3, 5, 7)
        Multiset sizes of the permutation-invariance claims (not powers of two on purpose:
        a balanced tree of size ``2^m`` hides non-associativity).
    rng : int, Generator or None, default 0

    Notes
    -----
    ``(+)`` is commutative bitwise (floating-point addition commutes), associative and has
    identity ``e = 0`` in exact arithmetic; in floating point associativity and identity hold
    to round-off, so reducing a multiset over the tree is permutation invariant to round-off.

    References
    ----------
    .. [1] E. Ong, P. Velickovic, "Learnable Commutative Monoids for Graph Neural Networks",
       LoG 2022, arXiv:2212.08541.

    Examples
    --------
    >>> import numpy as np
    >>> agg = MonoidAggregator()
    >>> x = np.random.default_rng(0).uniform(-1, 1, (5, 4))
    >>> bool(np.allclose(agg(x), agg(x[[3, 1, 4, 0, 2]])))
    True
    """

    name = "monoid"

    def __init__(
        self, n_features: int = 4, sizes: tuple[int, ...] = (3, 5, 7), *, rng: RNGLike = 0
    ) -> None:
        where = "MonoidAggregator"
        self.n_features = check_int("n_features", n_features, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        f = self.n_features
        self.scale = gen.uniform(0.5, 1.0, f)
        self.mix = np.eye(f) + 0.3 * gen.standard_normal((f, f)) / np.sqrt(f)
        self.mix_inv = np.linalg.inv(self.mix)
        claims = [
            Claim(
                f"permutation-invariance-{k}",
                f"Permutations({k})",
                "rows",
                "trivial",
                (InputSpec("multisets", {"size": k, "n_features": f}),),
            )
            for k in (check_int("sizes", s, where=where, minimum=2) for s in sizes)
        ]
        claims.append(
            Claim(
                "monoid-laws",
                "Permutations(3)",
                "rows",
                "trivial",
                (InputSpec("multisets", {"size": 3, "n_features": f}),),
                kind="monoid_laws",
            )
        )
        self.claims = tuple(claims)

    def _psi(self, x: np.ndarray) -> np.ndarray:
        return np.sinh(self.scale.astype(x.dtype) * (x @ self.mix.T.astype(x.dtype)))

    def _psi_inv(self, y: np.ndarray) -> np.ndarray:
        return (np.arcsinh(y) / self.scale.astype(y.dtype)) @ self.mix_inv.T.astype(y.dtype)

    def combine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Return ``a (+) b`` for arrays of shape (..., n_features)."""
        return self._psi_inv(self._psi(a) + self._psi(b))

    def identity_element(self, dtype: type = np.float64) -> np.ndarray:
        """Return the identity ``e`` of the monoid (the zero vector)."""
        return np.zeros(self.n_features, dtype=dtype)

    def __call__(self, multiset: np.ndarray) -> np.ndarray:
        """Aggregate a multiset of shape (k, n_features) into (n_features,)."""
        x = as_input(multiset, where="MonoidAggregator", name="multiset", ndim=2)
        check_size("MonoidAggregator", "multiset", x, 1, self.n_features)
        return tree_reduce(self.combine, x)
