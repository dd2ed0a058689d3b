"""The Clebsch-Gordan tensor product of irreps features, as a sparse numba contraction."""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numba
import numpy as np

from symalg._validation import check_rng
from symalg.equivariant._o3_irreps import Irreps, check_feature_pair
from symalg.equivariant._o3_tables import real_cg_float
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.typing import RNGLike

__all__ = ["TensorProduct"]


@numba.njit(cache=True, nogil=True)
def _sparse_bilinear(x1t, x2t, pair_i1, pair_i2, pair_start, io, coef, outt):  # noqa: ANN001, ANN202
    """``out[io[e], :] += coef[e] x1[i1, :] x2[i2, :]`` with the batch innermost (SIMD).

    One product ``x1[i1, :] x2[i2, :]`` per distinct pair ``(i1, i2)`` (entries sorted by pair).
    """
    n = x1t.shape[1]
    prod = np.empty(n, dtype=x1t.dtype)
    for p in range(pair_i1.shape[0]):
        a, b = x1t[pair_i1[p]], x2t[pair_i2[p]]
        for k in range(n):
            prod[k] = a[k] * b[k]
        for e in range(pair_start[p], pair_start[p + 1]):
            c, o = coef[e], outt[io[e]]
            for k in range(n):
                o[k] += c * prod[k]


def _allowed(a: tuple[int, int, int], b: tuple[int, int, int], c: tuple[int, int, int]) -> bool:
    return abs(a[1] - b[1]) <= c[1] <= a[1] + b[1] and a[2] * b[2] == c[2]


def _offsets(irreps: Irreps) -> list[int]:
    return [s.start for s in irreps.slices()]


class TensorProduct:
    """Clebsch-Gordan tensor product ``z = sum_paths w_path Q(x1, x2)`` with learnable weights.

    Parameters
    ----------
    irreps_in1, irreps_in2, irreps_out : str or Irreps
    paths : "all" or sequence of (i1, i2, i_out), default "all"
        Terms (indices into the three irreps) that are coupled. ``"all"`` takes every triple
        allowed by the selection rules ``|l1 - l2| <= l_out <= l1 + l2`` and
        ``p1 p2 = p_out``.
    rng : int, Generator or None, default 0
        Seed of the initial weights (standard normal).

    Attributes
    ----------
    paths : tuple of (int, int, int)
    weight_shapes : tuple of (int, int, int)
        ``(mul1, mul2, mul_out)`` per path; ``weights`` is their flat concatenation.
    weights : ndarray of shape (n_weights,)

    Raises
    ------
    InvalidArgumentError
        If a path breaks a selection rule or indexes outside the irreps, or no path exists.
    InvalidTypeError
        If ``paths`` is neither ``"all"`` nor a sequence of triples.

    Notes
    -----
    For path ``(i1, i2, o)`` and copies ``u, v, w``:
    ``z[o, w, M] += w_path[u, v, w] / sqrt(fan_in(o)) sum Q[mu1, mu2, M] x1[i1, u, mu1]
    x2[i2, v, mu2]``, with ``Q`` the real coupling tensor of :func:`real_clebsch_gordan` and
    ``fan_in(o)`` the number of ``(path, u, v)`` feeding output term ``o``. Equivariant under
    O(3): ``z(D1 x1, D2 x2) = D_out z(x1, x2)`` for :meth:`Irreps.D_from_matrix`, with
    parities multiplying (so ``1o x 1o -> 1e`` is the cross product). The contraction visits
    only the structural nonzeros of ``Q`` (a numba loop, batch innermost, one product per
    input pair), ``O(sum nnz(Q))`` per sample.

    Examples
    --------
    >>> import numpy as np
    >>> tp = TensorProduct("1x1o", "1x1o", "1x0e + 1x1e")
    >>> tp.paths
    ((0, 0, 0), (0, 0, 1))
    >>> x, y = np.array([[0.0, 0.0, 1.0]]), np.array([[1.0, 0.0, 0.0]])
    >>> z = tp(x, y)  # x = e_x, y = e_y in (y, z, x) order: the cross product is e_z
    >>> bool(abs(z[0, 0]) < 1e-15 and abs(z[0, 1]) < 1e-15 and abs(z[0, 3]) < 1e-15)
    True
    >>> TensorProduct("1x1o", "1x1o", "1x1o", paths=[(0, 0, 0)])
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: TensorProduct: path (0, 0, 0) couples 1o x 1o -> 1o, ...
    """

    def __init__(
        self,
        irreps_in1: str | Irreps,
        irreps_in2: str | Irreps,
        irreps_out: str | Irreps,
        *,
        paths: Literal["all"] | Sequence[tuple[int, int, int]] = "all",
        rng: RNGLike = 0,
    ) -> None:
        self.irreps_in1, self.irreps_in2 = Irreps(irreps_in1), Irreps(irreps_in2)
        self.irreps_out = Irreps(irreps_out)
        self.paths = self._check_paths(paths)
        self.weight_shapes = tuple(
            (self.irreps_in1[a][0], self.irreps_in2[b][0], self.irreps_out[c][0])
            for a, b, c in self.paths
        )
        n_weights = sum(int(np.prod(s)) for s in self.weight_shapes)
        self.weights = check_rng(rng, where="TensorProduct").standard_normal(n_weights)
        self._build_entries()

    def _check_paths(self, paths: Any) -> tuple[tuple[int, int, int], ...]:
        ir1, ir2, iro = self.irreps_in1, self.irreps_in2, self.irreps_out
        if isinstance(paths, str):
            if paths != "all":
                raise InvalidArgumentError(
                    f"TensorProduct: paths={paths!r} is not supported; use 'all' or a list of "
                    "(i1, i2, i_out) triples."
                )
            found = tuple(
                (a, b, c)
                for a in range(len(ir1))
                for b in range(len(ir2))
                for c in range(len(iro))
                if _allowed(ir1[a], ir2[b], iro[c])
            )
        elif isinstance(paths, (list, tuple)):
            found = tuple(self._check_path(p) for p in paths)
        else:
            raise InvalidTypeError(
                f"TensorProduct: paths must be 'all' or a list of (i1, i2, i_out), got "
                f"{type(paths).__name__}."
            )
        if not found:
            raise InvalidArgumentError(
                f"TensorProduct: no allowed path couples {ir1} and {ir2} into {iro}; check "
                "the degrees (|l1 - l2| <= l <= l1 + l2) and parities (p1 p2 = p)."
            )
        return found

    def _check_path(self, p: Any) -> tuple[int, int, int]:
        irs = (self.irreps_in1, self.irreps_in2, self.irreps_out)
        if not (isinstance(p, tuple) and len(p) == 3 and all(isinstance(i, int) for i in p)):
            raise InvalidTypeError(f"TensorProduct: path {p!r} must be a tuple (i1, i2, i_out).")
        for i, ir, name in zip(p, irs, ("irreps_in1", "irreps_in2", "irreps_out"), strict=True):
            if not 0 <= i < len(ir):
                raise InvalidArgumentError(
                    f"TensorProduct: path {p} indexes term {i} of {name} = {ir}, which has "
                    f"{len(ir)} terms."
                )
        a, b, c = (ir[i] for ir, i in zip(irs, p, strict=True))
        if not _allowed(a, b, c):
            names = [f"{t[1]}{'e' if t[2] == 1 else 'o'}" for t in (a, b, c)]
            raise InvalidArgumentError(
                f"TensorProduct: path {p} couples {names[0]} x {names[1]} -> {names[2]}, which "
                "breaks |l1 - l2| <= l <= l1 + l2 or p1 p2 = p; drop it or use paths='all'."
            )
        return p

    def _build_entries(self) -> None:
        off1, off2, offo = (
            _offsets(ir) for ir in (self.irreps_in1, self.irreps_in2, self.irreps_out)
        )
        fan_in = np.zeros(len(self.irreps_out))
        for (_, _, c), (m1, m2, _) in zip(self.paths, self.weight_shapes, strict=True):
            fan_in[c] += m1 * m2
        cols: list[list[np.ndarray]] = [[], [], [], [], []]
        wstart = 0
        for (a, b, c), (m1, m2, mo) in zip(self.paths, self.weight_shapes, strict=True):
            l1, l2, lo = self.irreps_in1[a][1], self.irreps_in2[b][1], self.irreps_out[c][1]
            q = real_cg_float(l1, l2, lo) / np.sqrt(fan_in[c])
            i, j, k = np.nonzero(q)
            for u in range(m1):
                for v in range(m2):
                    for w in range(mo):
                        cols[0].append(off1[a] + u * (2 * l1 + 1) + i)
                        cols[1].append(off2[b] + v * (2 * l2 + 1) + j)
                        cols[2].append(offo[c] + w * (2 * lo + 1) + k)
                        cols[3].append(q[i, j, k])
                        cols[4].append(np.full(i.size, wstart + (u * m2 + v) * mo + w))
            wstart += m1 * m2 * mo
        i1, i2, io = (np.concatenate(c).astype(np.int64) for c in cols[:3])
        order = np.lexsort((io, i2, i1))  # group the entries by input pair
        self._i1, self._i2, self._io = i1[order], i2[order], io[order]
        self._coef = np.concatenate(cols[3])[order]
        self._widx = np.concatenate(cols[4]).astype(np.int64)[order]
        new_pair = np.ones(self._i1.size, dtype=bool)
        new_pair[1:] = (np.diff(self._i1) != 0) | (np.diff(self._i2) != 0)
        first = np.flatnonzero(new_pair)
        self._pair_i1, self._pair_i2 = self._i1[first], self._i2[first]
        self._pair_start = np.append(first, self._i1.size).astype(np.int64)

    @property
    def n_entries(self) -> int:
        """Number of multiply-adds per sample (structural nonzeros times copies)."""
        return int(self._coef.size)

    def dense_tensor(self, weights: Any = None) -> np.ndarray:
        """The bilinear map as a dense ``(dim1, dim2, dim_out)`` array (for checks)."""
        w = self._weights(weights)
        t = np.zeros((self.irreps_in1.dim, self.irreps_in2.dim, self.irreps_out.dim))
        np.add.at(t, (self._i1, self._i2, self._io), self._coef * w[self._widx])
        return t

    def _weights(self, weights: Any) -> np.ndarray:
        if weights is None:
            return self.weights
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != self.weights.shape:
            raise ShapeError(
                f"TensorProduct: weights have shape {w.shape}; expected {self.weights.shape}."
            )
        return w

    def __call__(self, x1: Any, x2: Any, weights: Any = None) -> np.ndarray:
        """Return ``z`` of shape ``batch + (irreps_out.dim,)`` for broadcastable batches."""
        where = "TensorProduct"
        a, b, batch, dtype = check_feature_pair(where, self.irreps_in1, self.irreps_in2, x1, x2)
        a = np.ascontiguousarray(np.broadcast_to(a, batch + a.shape[-1:]), dtype).reshape(
            -1, a.shape[-1]
        )
        b = np.ascontiguousarray(np.broadcast_to(b, batch + b.shape[-1:]), dtype).reshape(
            -1, b.shape[-1]
        )
        coef = (self._coef * self._weights(weights)[self._widx]).astype(dtype)
        outt = np.zeros((self.irreps_out.dim, a.shape[0]), dtype=dtype)
        args = (self._pair_i1, self._pair_i2, self._pair_start, self._io, coef, outt)
        _sparse_bilinear(np.ascontiguousarray(a.T), np.ascontiguousarray(b.T), *args)
        return np.ascontiguousarray(outt.T).reshape(batch + (self.irreps_out.dim,))
