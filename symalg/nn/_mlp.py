"""MLP whose hidden units can be permuted without changing the function."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.errors import InvalidArgumentError
from symalg.nn._claims import Claim, InputSpec
from symalg.nn._common import Params, as_input, check_size, dense_params, mlp
from symalg.typing import RNGLike

__all__ = ["PermutableMLP"]


class PermutableMLP:
    """tanh MLP with weight-space permutation symmetry [1]_.

    Parameters
    ----------
    sizes : tuple of int, default (4, 6, 5, 3)
        Input, hidden and output sizes.
    rng : int, Generator or None, default 0
    params : list of (W, b), optional
        Explicit weights (``W`` of shape (out, in)); overrides ``rng``.

    Notes
    -----
    For permutations ``P_l`` of the hidden layers, ``W_l -> P_l W_l P_{l-1}^T`` and
    ``b_l -> P_l b_l`` (``P_0 = P_L = I``) leave the function unchanged (the activation is
    elementwise), and leave the singular values of each ``W_l`` unchanged. In floating point
    the sums are reordered, so invariance holds to round-off, not bitwise.

    References
    ----------
    .. [1] S. Ainsworth, J. Hayase, S. Srinivasa, "Git Re-Basin: Merging Models modulo
       Permutation Symmetries", ICLR 2023, arXiv:2209.04836.

    Examples
    --------
    >>> import numpy as np
    >>> f = PermutableMLP()
    >>> x = np.random.default_rng(0).standard_normal((2, 4))
    >>> g = f.permute_hidden([np.array([5, 4, 3, 2, 1, 0]), np.array([1, 2, 3, 4, 0])])
    >>> bool(np.allclose(f(x), g(x)))
    True
    """

    name = "permutable_mlp"

    def __init__(
        self,
        sizes: Sequence[int] = (4, 6, 5, 3),
        *,
        rng: RNGLike = 0,
        params: Params | None = None,
    ) -> None:
        where = "PermutableMLP"
        self.sizes = tuple(check_int("sizes", s, where=where, minimum=1) for s in sizes)
        if len(self.sizes) < 3:
            raise InvalidArgumentError(
                f"PermutableMLP: sizes={self.sizes} has no hidden layer; give at least 3 sizes."
            )
        self.params = (
            dense_params(check_rng(rng, where=where), self.sizes)
            if params is None
            else [(np.asarray(w), np.asarray(b)) for w, b in params]
        )
        group = "*".join(f"Permutations({h})" for h in self.hidden_sizes)
        self.claims = (
            Claim(
                "hidden-permutation-invariance",
                group,
                "trivial",
                "trivial",
                (InputSpec("arrays", {"shape": (5, self.sizes[0])}),),
                kind="weight_permutation",
            ),
        )

    @property
    def hidden_sizes(self) -> tuple[int, ...]:
        """Sizes of the hidden layers."""
        return self.sizes[1:-1]

    def permute_hidden(self, perms: Sequence[np.ndarray]) -> PermutableMLP:
        """Return the network with hidden units permuted by ``perms`` (one index array per layer).

        Raises
        ------
        InvalidArgumentError
            If the number of permutations or their sizes do not match the hidden layers.
        """
        if len(perms) != len(self.hidden_sizes):
            raise InvalidArgumentError(
                f"PermutableMLP.permute_hidden: got {len(perms)} permutations; expected "
                f"{len(self.hidden_sizes)}, one per hidden layer."
            )
        full = [
            np.arange(self.sizes[0]),
            *(np.asarray(p) for p in perms),
            np.arange(self.sizes[-1]),
        ]
        for p, size in zip(full[1:-1], self.hidden_sizes, strict=True):
            if sorted(p.tolist()) != list(range(size)):
                raise InvalidArgumentError(
                    f"PermutableMLP.permute_hidden: {p.tolist()} is not a permutation of "
                    f"range({size})."
                )
        new = [
            (w[full[i + 1]][:, full[i]], b[full[i + 1]]) for i, (w, b) in enumerate(self.params)
        ]
        return PermutableMLP(self.sizes, params=new)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Apply the network to ``x`` of shape (..., sizes[0])."""
        x = as_input(x, where="PermutableMLP", name="x")
        check_size("PermutableMLP", "x", x, -1, self.sizes[0])
        return mlp(self.params, x)
