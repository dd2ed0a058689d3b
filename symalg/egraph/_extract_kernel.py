"""The numba kernel of tree extraction (own module: compiled once and cached on disk)."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["tree_fixpoint"]


@numba.njit(cache=True, nogil=True)
def tree_fixpoint(
    node_cost: np.ndarray,
    kids: np.ndarray,
    starts: np.ndarray,
    class_ids: np.ndarray,
    cc: np.ndarray,
    choice: np.ndarray,
) -> int:
    """Gauss-Seidel fixpoint of ``cc[c] = min over nodes (cost + sum cc[children])``.

    Classes are visited in increasing id order (children are usually older, so few passes
    are needed); a node replaces the choice only if strictly cheaper, so ties keep the first
    node in the class's sorted list. Returns the number of passes.
    """
    n_classes = class_ids.shape[0]
    width = kids.shape[1]
    passes = 0
    changed = True
    while changed:
        changed = False
        passes += 1
        for ci in range(n_classes):
            c = class_ids[ci]
            best = cc[c]
            for j in range(starts[ci], starts[ci + 1]):
                v = node_cost[j]
                for q in range(width):
                    v += cc[kids[j, q]]
                if v < best:
                    best = v
                    choice[ci] = j
            if best < cc[c]:
                cc[c] = best
                changed = True
    return passes
