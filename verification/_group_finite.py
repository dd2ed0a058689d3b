"""Permutations, sign flips and block-orthogonal groups."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from symalg import InvalidArgumentError, InvalidTypeError
from verification._group_base import Group


def _check_size(where: str, name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidTypeError(f"{where}: {name} must be an integer, got {value!r}.")
    if value < minimum:
        raise InvalidArgumentError(f"{where}: {name}={value} must be >= {minimum}.")
    return int(value)


class Permutations(Group):
    """The symmetric group S_n; an element is an index array ``p`` with ``P = I[p]``.

    ``"rows"`` maps ``x`` to ``x[p]`` and ``"matrix"`` maps ``A`` to ``A[p][:, p]``
    (exact re-indexing, no arithmetic). Sampling is uniform; the special elements are the
    identity, the transpositions ``(0 1)`` and ``(n-2 n-1)``, the cyclic shift and the
    reversal. Hypothesis failures shrink towards the identity permutation.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> s = groups.Permutations(3)
    >>> s.compose(np.array([1, 2, 0]), np.array([1, 0, 2])).tolist()
    [0, 2, 1]
    >>> [label for label, _ in s.special_elements()]
    ['identity', 'transposition(0 1)', 'transposition(1 2)', 'cyclic-shift', 'reversal']
    """

    is_permutation = True
    is_exact = True

    def __init__(self, n: int) -> None:
        self.dim = _check_size("Permutations", "n", n)
        self.name = f"Permutations({self.dim})"

    def identity(self) -> np.ndarray:  # noqa: D102
        return np.arange(self.dim)

    def compose(self, a: Any, b: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(b)[np.asarray(a)]

    def inverse(self, a: Any) -> np.ndarray:  # noqa: D102
        return np.argsort(a)

    def matrix(self, g: Any) -> np.ndarray:  # noqa: D102
        return np.eye(self.dim)[np.asarray(g)]

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        return rng.permutation(self.dim)

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        n = self.dim
        out: list[tuple[str, Any]] = [("identity", np.arange(n))]
        if n >= 2:
            swap = np.arange(n)
            swap[[0, 1]] = [1, 0]
            out.append(("transposition(0 1)", swap))
        if n >= 3:
            last = np.arange(n)
            last[[n - 2, n - 1]] = [n - 1, n - 2]
            out += [
                (f"transposition({n - 2} {n - 1})", last),
                ("cyclic-shift", np.roll(np.arange(n), 1)),
                ("reversal", np.arange(n)[::-1]),
            ]
        return tuple(out)

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        return st.permutations(range(self.dim)).map(np.array)

    def element_type(self, g: Any) -> str:  # noqa: D102
        moved = int(np.sum(np.asarray(g) != np.arange(self.dim)))
        return {0: "identity", 2: "transposition"}.get(moved, "permutation")

    def format(self, g: Any) -> str:  # noqa: D102
        return str(np.asarray(g).tolist())


class SignFlips(Group):
    """The group {+1, -1}^k acting by ``diag(s)``; an element is a float sign vector.

    The group of eigenvector sign ambiguities: ``"vectors"`` maps ``V`` (n, k) to
    ``V diag(s)``. Sampling is uniform; hypothesis failures shrink towards all ``+1``.

    Examples
    --------
    >>> from verification import groups
    >>> g = groups.SignFlips(2)
    >>> g.matrix(g.special_elements()[1][1]).tolist()
    [[-1.0, 0.0], [0.0, -1.0]]
    """

    is_exact = True

    def __init__(self, k: int) -> None:
        self.dim = _check_size("SignFlips", "k", k)
        self.name = f"SignFlips({self.dim})"

    def identity(self) -> np.ndarray:  # noqa: D102
        return np.ones(self.dim)

    def compose(self, a: Any, b: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(a) * np.asarray(b)

    def inverse(self, a: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(a).copy()

    def matrix(self, g: Any) -> np.ndarray:  # noqa: D102
        return np.diag(np.asarray(g, dtype=np.float64))

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        return rng.choice([-1.0, 1.0], size=self.dim)

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        first, last = np.ones(self.dim), np.ones(self.dim)
        first[0], last[-1] = -1.0, -1.0
        return (
            ("identity", np.ones(self.dim)),
            ("all-flipped", -np.ones(self.dim)),
            ("flip-first", first),
            ("flip-last", last),
        )

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        return st.lists(st.booleans(), min_size=self.dim, max_size=self.dim).map(
            lambda bits: np.where(bits, -1.0, 1.0)
        )

    def element_type(self, g: Any) -> str:  # noqa: D102
        return "identity" if np.all(np.asarray(g) > 0) else "flip"


def orthogonal_from(a: np.ndarray, reflect: bool) -> np.ndarray:
    """Q factor of ``I + a`` with positive diagonal R (Q = I at a = 0), optionally reflected."""
    q, r = np.linalg.qr(np.eye(len(a)) + a)
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    if reflect:
        q[:, 0] = -q[:, 0]
    return q


def haar_orthogonal(rng: np.random.Generator, n: int, special: bool) -> np.ndarray:
    """Haar-distributed O(n) (or SO(n) when ``special``) matrix (Mezzadri's QR recipe)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    q = q * np.sign(np.diag(r))
    if special and np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def orthogonal_matrices(n: int, special: bool) -> st.SearchStrategy[np.ndarray]:
    """Strategy over O(n)/SO(n): Q factor of I + A, A with entries in [-1, 1]; shrinks to I."""
    entries = st.floats(-1.0, 1.0, allow_subnormal=False)
    mats = hnp.arrays(np.float64, (n, n), elements=entries)
    reflect = st.just(False) if special else st.booleans()
    return st.builds(orthogonal_from, mats, reflect)


class BlockOrthogonal(Group):
    """``O(m_1) x O(m_2) x ...`` as block-diagonal matrices: the basis group of eigenspaces.

    With eigenvalue multiplicities ``m_i``, ``V -> V Q`` for block-diagonal orthogonal ``Q``
    is the ambiguity of an eigenbasis (sign flips when every ``m_i = 1``).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> g = groups.BlockOrthogonal(1, 2)
    >>> q = g.sample(np.random.default_rng(0))
    >>> bool(np.allclose(q @ q.T, np.eye(3)) and q[0, 1] == 0.0)
    True
    """

    def __init__(self, *multiplicities: int) -> None:
        if not multiplicities:
            raise InvalidArgumentError(
                "BlockOrthogonal: give the block sizes, e.g. BlockOrthogonal(1, 2, 3)."
            )
        self.blocks = tuple(
            _check_size("BlockOrthogonal", "block size", m) for m in multiplicities
        )
        self.dim = sum(self.blocks)
        self.name = f"BlockOrthogonal({','.join(map(str, self.blocks))})"

    def _assemble(self, blocks: list[np.ndarray]) -> np.ndarray:
        out = np.zeros((self.dim, self.dim))
        i = 0
        for b in blocks:
            out[i : i + len(b), i : i + len(b)] = b
            i += len(b)
        return out

    def identity(self) -> np.ndarray:  # noqa: D102
        return np.eye(self.dim)

    def inverse(self, a: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(a).T.copy()

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        return self._assemble([haar_orthogonal(rng, m, special=False) for m in self.blocks])

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        flip = self._assemble([np.diag([-1.0] + [1.0] * (m - 1)) for m in self.blocks])
        swaps = [np.eye(m)[np.roll(np.arange(m), 1)] for m in self.blocks]
        return (
            ("identity", np.eye(self.dim)),
            ("minus-identity", -np.eye(self.dim)),
            ("flip-first-of-each-block", flip),
            ("cycle-within-blocks", self._assemble(swaps)),
        )

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        parts = [orthogonal_matrices(m, special=False) for m in self.blocks]
        return st.tuples(*parts).map(lambda bs: self._assemble(list(bs)))

    def element_type(self, g: Any) -> str:  # noqa: D102
        return "rotation" if np.linalg.det(g) > 0 else "reflection"
