"""Hypothesis strategies and oracles shared by the S_n tests."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from symalg.equivariant import GraphPolynomial


def bell(m: int) -> int:
    """Bell numbers by the Bell triangle (independent of the set-partition code)."""
    row = [1]
    for _ in range(m):
        new = [row[-1]]
        for v in row:
            new.append(new[-1] + v)
        row = new
    return row[0]


def stirling2(m: int, j: int) -> int:
    """Stirling numbers of the second kind by the explicit alternating sum."""
    total = sum((-1) ** i * math.comb(j, i) * (j - i) ** m for i in range(j + 1))
    return total // math.factorial(j)


@st.composite
def graphs_with_permutations(
    draw: st.DrawFn, *, min_n: int = 1, max_n: int = 6, symmetric: bool | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A matrix X (general, symmetric or 0/1 adjacency) and a permutation of its nodes."""
    n = draw(st.integers(min_n, max_n))
    x = draw(hnp.arrays(np.float64, (n, n), elements=st.floats(-2, 2, width=64)))
    kind = draw(st.sampled_from(["general", "symmetric", "adjacency"]))
    if symmetric is True or (symmetric is None and kind == "symmetric"):
        x = (x + x.T) / 2
    if kind == "adjacency":
        x = (x > 0).astype(float)
        x = np.triu(x, 1) + np.triu(x, 1).T
    perm = np.array(draw(st.permutations(range(n))), dtype=np.int64)
    return x, perm


def einsum_reference(p: GraphPolynomial, x: np.ndarray) -> np.ndarray:
    """P_H(X) straight from its einsum string (numpy.einsum, no contraction plan)."""
    n = x.shape[-1]
    lhs, rhs = p.einsum.split("->")
    ops = [x if len(t) == 2 else np.ones(n) for t in lhs.split(",")] if lhs else []
    if ops:
        value = np.einsum(p.einsum, *ops)
    else:  # degree 0: constant 1 broadcast to the output letters
        value = np.ones((n,) * len(rhs))
    if p.output == "edge" and len(rhs) == 1:
        value = np.diag(value)
    return value


def permute_output(value: np.ndarray, perm: np.ndarray, output: str) -> np.ndarray:
    """The S_n action on an output of the given kind (leading batch axes untouched)."""
    if output == "invariant":
        return value
    if output == "node":
        return value[..., perm]
    return value[..., perm, :][..., perm]
