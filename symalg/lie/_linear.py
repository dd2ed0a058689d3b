"""The linear groups GL+(n) and SL(n)."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.linalg

from symalg._validation import check_int
from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.lie._base import MatrixElement, as_float_array, as_square
from symalg.lie._gl2 import gl2_exp, gl2_log
from symalg.lie._logm import real_log
from symalg.lie._polar import check_det_positive

__all__ = ["GLPlus", "SL", "LinearElement"]


class LinearElement(MatrixElement):
    """A batch of elements of :class:`GLPlus` or :class:`SL`; ``group`` says which.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SL
    >>> g = SL(2).from_matrix(np.array([[2.0, 1.0], [1.0, 1.0]]))
    >>> bool(np.allclose((g @ g.inverse()).as_matrix(), np.eye(2)))
    True
    """

    __slots__ = ("group",)

    def __init__(self, matrix: np.ndarray, group: GLPlus) -> None:
        super().__init__(matrix)
        self.group = group

    def _wrap(self, matrix: np.ndarray) -> LinearElement:
        return LinearElement(matrix, self.group)

    def __matmul__(self, other: Any) -> Any:
        if not isinstance(other, LinearElement) or other.group != self.group:
            return NotImplemented
        return self._wrap(np.matmul(self._m, other._m))

    def log(self) -> np.ndarray:
        """Real logarithm; see :meth:`GLPlus.log`."""
        return self.group.log(self._m)

    def inverse(self) -> LinearElement:
        """Matrix inverse."""
        return self._wrap(np.linalg.inv(self._m))

    def adjoint(self) -> np.ndarray:
        """Return ``Ad_g`` on row-major ``vec(X)``, shape ``(..., n^2, n^2)``.

        ``vec(g X g^{-1}) = Ad_g vec(X)``.
        """
        g, gi = self._m, np.linalg.inv(self._m)
        n = g.shape[-1]
        out = g[..., :, None, :, None] * np.swapaxes(gi, -1, -2)[..., None, :, None, :]
        return out.reshape(g.shape[:-2] + (n * n, n * n))

    def apply(self, points: Any) -> np.ndarray:
        """``g p`` for points ``(..., n)``."""
        n = self._m.shape[-1]
        p = as_float_array(points, (n,), where=f"{self.group.name}.apply", name="points")
        return np.einsum("...ij,...j->...i", self._m, p)

    def interpolate(self, other: LinearElement, t: Any) -> LinearElement:
        """``self exp(t log(self^{-1} other))``; raises :class:`NotInImageError` without a log."""
        tt = np.asarray(t, dtype=self.dtype)[..., None, None]
        return self @ self.group.exp(tt * (self.inverse() @ other).log())

    def normalize(self) -> LinearElement:
        """SL: divide by ``det^{1/n}``; GL+: unchanged."""
        return self._wrap(self.group._normalize(self._m))


class GLPlus:
    """The group GL+(n) of real ``n x n`` matrices with positive determinant.

    Parameters
    ----------
    n : int
        Matrix size, at least 1.

    Notes
    -----
    ``exp`` is not surjective for n >= 2: ``log`` raises :class:`NotInImageError` where no
    real logarithm exists (Culver: a negative eigenvalue with an odd number of Jordan
    blocks of some size), and returns one logarithm with :class:`NonUniqueLogWarning`
    where it is not unique. For n = 2 both use the closed forms
    ``exp X = e^{tr X/2}(C(d) I + S(d) X_0)`` and ``log g = (1/2) log det g I + phi X_0``
    with their series branches. Left and right Haar measure: ``|det g|^{-n} dg``.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import GLPlus
    >>> G = GLPlus(2)
    >>> X = np.array([[0.1, 2.0], [-1.0, 0.3]])
    >>> bool(np.allclose(G.exp(X).log(), X))
    True
    """

    name = "GLPlus"
    _special = False

    def __init__(self, n: int) -> None:
        self.n = check_int("n", n, where=f"{type(self).__name__}", minimum=1)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.n == self.n  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.n))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.n})"

    def _where(self, method: str) -> str:
        return f"{type(self).__name__}({self.n}).{method}"

    def _normalize(self, m: np.ndarray) -> np.ndarray:
        return m

    def from_matrix(
        self, matrix: Any, *, project: bool = False, atol: float | None = None
    ) -> LinearElement:
        """Wrap ``(..., n, n)`` matrices after checking membership.

        Raises
        ------
        ShapeError, InvalidArgumentError
            Wrong shape, non-finite entries, ``det <= 0`` (GL+), or ``|det - 1| > atol``
            for SL without ``project`` (``project=True`` rescales by ``det^{-1/n}``).
        """
        m = as_float_array(
            matrix, (self.n, self.n), where=self._where("from_matrix"), name="matrix"
        )
        check_det_positive(m, where=self._where("from_matrix"))
        return LinearElement(self._check_special(m, project, atol), self)

    def _check_special(self, m: np.ndarray, project: bool, atol: float | None) -> np.ndarray:
        return m

    def identity(
        self, batch_shape: tuple[int, ...] = (), dtype: Any = np.float64
    ) -> LinearElement:
        """Return the identity, broadcast to ``batch_shape``."""
        eye = np.broadcast_to(np.eye(self.n, dtype=dtype), tuple(batch_shape) + (self.n,) * 2)
        return LinearElement(eye.copy(), self)

    def exp(self, x: Any) -> LinearElement:
        """Matrix exponential of algebra elements ``(..., n, n)`` (closed form for n = 2)."""
        a = as_float_array(x, (self.n, self.n), where=self._where("exp"), name="X")
        self._check_algebra(a)
        if self.n == 2:
            return LinearElement(gl2_exp(a), self)
        out = scipy.linalg.expm(a) if a.size else a.copy()
        return LinearElement(self._normalize(out.astype(a.dtype)), self)

    def _check_algebra(self, a: np.ndarray) -> None:
        return None

    def log(self, g: Any) -> np.ndarray:
        """Real logarithm ``(..., n, n)`` of group elements.

        Raises
        ------
        NotInImageError
            If an element is not exp of any algebra element (e.g. ``diag(-2, -1/2)``).

        Warns
        -----
        NonUniqueLogWarning
            If the logarithm exists but is not unique (e.g. ``-I`` in SL(2)).
        """
        if isinstance(g, LinearElement):
            g = g.as_matrix()
        m = as_square(g, self.n, where=self._where("log"), name="g")
        check_det_positive(m, where=self._where("log"))
        if self.n == 2:
            return gl2_log(m, where=self._where("log"), special=self._special)
        flat = m.reshape(-1, self.n, self.n).astype(np.float64)
        out = [real_log(b, where=self._where("log")) for b in flat]
        x = np.stack(out).reshape(m.shape) if out else m.copy()
        if self._special:
            x = x - (np.trace(x, axis1=-2, axis2=-1) / self.n)[..., None, None] * np.eye(self.n)
        return x.astype(m.dtype)

    def haar_density(self, g: Any) -> np.ndarray:
        """Density ``|det g|^{-n}`` of the (bi-invariant) Haar measure w.r.t. ``prod dg_ij``."""
        m = as_square(
            g.as_matrix() if isinstance(g, MatrixElement) else g,
            self.n,
            where=self._where("haar_density"),
            name="g",
        )
        return np.abs(np.linalg.det(m)) ** (-self.n)


class SL(GLPlus):
    """The group SL(n) of real ``n x n`` matrices with determinant 1.

    Notes
    -----
    As :class:`GLPlus`, with traceless algebra elements. In SL(2), with ``t = tr g / 2``:
    ``|t| < 1`` (elliptic), ``t > 1`` (hyperbolic) and unipotent elements have a unique
    principal log; ``-I`` has infinitely many; ``t < -1`` and ``t = -1, g != -I`` are not in
    the image of exp.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.lie import SL, NotInImageError
    >>> SL(2).log(np.diag([-2.0, -0.5]))
    Traceback (most recent call last):
    ...
    symalg.lie.NotInImageError: SL(2).log: element at batch index () ... is trace/2 < -1: ...
    """

    name = "SL"
    _special = True

    def _normalize(self, m: np.ndarray) -> np.ndarray:
        det = np.linalg.det(m)
        return m / (np.sign(det) * np.abs(det) ** (1.0 / self.n))[..., None, None]

    def _check_special(self, m: np.ndarray, project: bool, atol: float | None) -> np.ndarray:
        if project:
            return self._normalize(m)
        tol = atol if atol is not None else (1e-9 if m.dtype == np.float64 else 1e-4)
        det = np.linalg.det(m)
        bad = np.abs(det - 1) > tol
        if np.any(bad):
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InvalidArgumentError(
                f"{self._where('from_matrix')}: matrix at batch index {idx} has det "
                f"{det[idx]:.12g}; expected 1 within atol={tol:g}. Pass project=True to rescale "
                "by det^(-1/n)."
            )
        return m

    def _check_algebra(self, a: np.ndarray) -> None:
        tr = np.trace(a, axis1=-2, axis2=-1)
        scale = 1 + np.abs(a).max(axis=(-1, -2))
        bad = np.abs(tr) > 1e-6 * scale
        if np.any(bad):
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InvalidArgumentError(
                f"{self._where('exp')}: X at batch index {idx} has trace {tr[idx]:.6g}; sl(n) "
                "elements are traceless (subtract trace(X)/n times the identity)."
            )


def check_group(group: Any, *, where: str) -> GLPlus:
    """Raise unless ``group`` is a :class:`GLPlus` or :class:`SL` instance."""
    if not isinstance(group, GLPlus):
        raise InvalidTypeError(
            f"{where}: group must be GLPlus(n) or SL(n), got {group!r} ({type(group).__name__})."
        )
    return group
