"""Rotation, Euclidean, translation and general/special linear groups."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.linalg import expm

from verification._group_base import Group
from verification._group_finite import _check_size, haar_orthogonal

_ANGLE = st.floats(0.0, np.pi, allow_subnormal=False)
#: Scale of sampled translations: ten times the unit data scale of the built-in strategies.
TRANSLATION_SCALE = 10.0


def rot2(theta: float) -> np.ndarray:
    """2-D rotation by ``theta``."""
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s], [s, c]])


def rot3(axis: Any, angle: float) -> np.ndarray:
    """3-D rotation about a unit ``axis`` by ``angle`` (Rodrigues' formula)."""
    k = np.asarray(axis, dtype=np.float64)
    k = k / np.linalg.norm(k)
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(angle) * kx + (1 - np.cos(angle)) * kx @ kx


def _axis(theta: float, phi: float) -> np.ndarray:
    return np.array([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)])


def rotations3() -> st.SearchStrategy[np.ndarray]:
    """Axis-angle rotations built directly (no filtering); shrinks to the identity."""
    axes = st.builds(_axis, _ANGLE, st.floats(0.0, 2 * np.pi, allow_subnormal=False))
    return st.builds(lambda angle, axis: rot3(axis, angle), _ANGLE, axes)


def _special_rotations() -> list[tuple[str, np.ndarray]]:
    out = [("identity", np.eye(3))]
    for name, axis in (("x", [1, 0, 0]), ("y", [0, 1, 0]), ("z", [0, 0, 1])):
        out += [(f"rot90-{name}", rot3(axis, np.pi / 2)), (f"rot180-{name}", rot3(axis, np.pi))]
    out += [("rot180-xy", rot3([1, 1, 0], np.pi)), ("rot120-xyz", rot3([1, 1, 1], 2 * np.pi / 3))]
    return out


def _special_reflections(d: int) -> list[tuple[str, np.ndarray]]:
    out = [("inversion", -np.eye(d)), ("mirror-0", np.diag([-1.0] + [1.0] * (d - 1)))]
    if d == 3:
        out += [
            ("mirror-z", np.diag([1.0, 1.0, -1.0])),
            ("rotoreflection-z", -rot3([0, 0, 1], np.pi / 2)),
        ]
    else:
        out += [("mirror-diagonal", np.array([[0.0, 1.0], [1.0, 0.0]]))]
    return out


class _Orthogonal(Group):
    is_geometric = True

    def __init__(self, dim: int, special: bool) -> None:
        self.dim, self.special = dim, special
        self.name = ("SO" if special else "O") + str(dim)

    def identity(self) -> np.ndarray:  # noqa: D102
        return np.eye(self.dim)

    def inverse(self, a: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(a).T.copy()

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        return haar_orthogonal(rng, self.dim, self.special)

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        if self.dim == 3:
            out = _special_rotations()
        else:
            out = [
                ("identity", np.eye(2)),
                ("rot90", rot2(np.pi / 2)),
                ("rot180", rot2(np.pi)),
                ("rot270", rot2(-np.pi / 2)),
            ]
        return tuple(out if self.special else out + _special_reflections(self.dim))

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        rots = rotations3() if self.dim == 3 else st.floats(-np.pi, np.pi).map(rot2)
        if self.special:
            return rots
        mirror = np.diag([1.0] * (self.dim - 1) + [-1.0])
        return st.builds(lambda r, m: r @ mirror if m else r, rots, st.booleans())

    def element_type(self, g: Any) -> str:  # noqa: D102
        return "rotation" if np.linalg.det(self.matrix(g)) > 0 else "reflection"


def SO2() -> Group:  # noqa: N802
    """Rotations of the plane; Haar sampling, specials at 90, 180 and 270 degrees.

    Examples
    --------
    >>> from verification import groups
    >>> groups.SO2().name
    'SO2'
    """
    return _Orthogonal(2, special=True)


def O2() -> Group:  # noqa: N802
    """Rotations and reflections of the plane (specials add two mirrors).

    Examples
    --------
    >>> from verification import groups
    >>> [lab for lab, _ in groups.O2().special_elements()][-2:]
    ['mirror-0', 'mirror-diagonal']
    """
    return _Orthogonal(2, special=False)


def SO3() -> Group:  # noqa: N802
    """3-D rotations: Haar sampling; 90/180-degree rotations about the axes and more as specials.

    The hypothesis strategy builds rotations from axis and angle, shrinking to angle 0.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> r = groups.SO3().sample(np.random.default_rng(0))
    >>> bool(np.isclose(np.linalg.det(r), 1.0))
    True
    """
    return _Orthogonal(3, special=True)


def O3() -> Group:  # noqa: N802
    """Rotations and reflections of 3-space (inversion, mirrors, a rotoreflection as specials).

    Examples
    --------
    >>> from verification import groups
    >>> "inversion" in dict(groups.O3().special_elements())
    True
    """
    return _Orthogonal(3, special=False)


class _Euclidean(Group):
    """Affine group: linear part from ``linear`` (or identity) plus a translation."""

    is_affine = True
    is_geometric = True

    def __init__(self, name: str, dim: int, linear: _Orthogonal | None) -> None:
        self.name, self.dim, self.linear = name, dim, linear
        self.is_compact = False  # translations: Haar is not a probability measure

    def _make(self, r: np.ndarray, t: Any) -> np.ndarray:
        g = np.eye(self.dim + 1)
        g[: self.dim, : self.dim], g[: self.dim, self.dim] = r, t
        return g

    def identity(self) -> np.ndarray:  # noqa: D102
        return np.eye(self.dim + 1)

    def translation(self, g: Any) -> np.ndarray:  # noqa: D102
        return np.asarray(g, dtype=np.float64)[: self.dim, self.dim]

    def inverse(self, a: Any) -> np.ndarray:  # noqa: D102
        r_t = self.matrix(a).T
        return self._make(r_t, -r_t @ self.translation(a))

    def scale(self, g: Any) -> float:  # noqa: D102
        return 1.0  # rigid motions do not amplify errors

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        r = self.linear.sample(rng) if self.linear else np.eye(self.dim)
        return self._make(r, TRANSLATION_SCALE * rng.standard_normal(self.dim))

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        d, zero = self.dim, np.zeros(self.dim)
        lin = self.linear.special_elements() if self.linear else (("identity", np.eye(d)),)
        out = [(lab, self._make(r, zero)) for lab, r in lin]
        t1, t2 = np.eye(d)[0] * TRANSLATION_SCALE, -np.eye(d)[-1] * TRANSLATION_SCALE
        out += [
            ("translate-0", self._make(np.eye(d), t1)),
            ("translate-last", self._make(np.eye(d), t2)),
        ]
        out.append((f"{lin[-1][0]}+translate", self._make(lin[-1][1], t1 + t2)))
        return tuple(out)

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        t = st.lists(
            st.floats(-10 * TRANSLATION_SCALE, 10 * TRANSLATION_SCALE, allow_subnormal=False),
            min_size=self.dim,
            max_size=self.dim,
        )
        lin = self.linear.generic() if self.linear else st.just(np.eye(self.dim))
        return st.builds(self._make, lin, t)

    def element_type(self, g: Any) -> str:  # noqa: D102
        kind = "rotation" if np.linalg.det(self.matrix(g)) > 0 else "reflection"
        return kind + ("+translation" if np.any(self.translation(g) != 0) else "")


def SE3() -> Group:  # noqa: N802
    """Rigid motions ``x -> x R^T + t`` with ``R`` in SO(3); elements are 4x4 matrices.

    Sampled translations have scale 10 (ten times the built-in data scale).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> groups.SE3().sample(np.random.default_rng(0)).shape
    (4, 4)
    """
    return _Euclidean("SE3", 3, _Orthogonal(3, special=True))


def E3() -> Group:  # noqa: N802
    """Euclidean group: rotations, reflections and translations of 3-space.

    Examples
    --------
    >>> from verification import groups
    >>> groups.E3().is_affine
    True
    """
    return _Euclidean("E3", 3, _Orthogonal(3, special=False))


def Translations(d: int = 3) -> Group:  # noqa: N802
    """Return the translations of ``R^d`` (they act on ``"points"``, trivially on ``"vectors"``).

    Examples
    --------
    >>> from verification import groups
    >>> groups.Translations(2).name
    'Translations(2)'
    """
    d = _check_size("Translations", "d", d)
    return _Euclidean(f"Translations({d})", d, None)


class _Linear(Group):
    is_compact = False
    is_geometric = True

    def __init__(self, name: str, n: int, special: bool) -> None:
        self.dim = _check_size(name, "n", n)
        self.special = special
        self.name = f"{name}({self.dim})"

    def _exp(self, a: np.ndarray) -> np.ndarray:
        if self.special:
            a = a - np.trace(a) / self.dim * np.eye(self.dim)
        return expm(a)

    def identity(self) -> np.ndarray:  # noqa: D102
        return np.eye(self.dim)

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        return self._exp(0.5 * rng.standard_normal((self.dim, self.dim)) / np.sqrt(self.dim))

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        n = self.dim
        stretch = np.eye(n)
        stretch[0, 0], stretch[-1, -1] = 2.0, 0.5
        shear = np.eye(n)
        if n >= 2:
            shear[0, 1] = 1.0
        out = [("identity", np.eye(n)), ("stretch", stretch), ("shear", shear)]
        if n >= 2:
            rot = np.eye(n)
            rot[:2, :2] = rot2(np.pi / 2)
            out.append(("rot90", rot))
        if not self.special:
            out.append(("scale2", 2.0 * np.eye(n)))
        return tuple(out)

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        n = self.dim
        entries = hnp.arrays(
            np.float64, (n, n), elements=st.floats(-1.0, 1.0, allow_subnormal=False)
        )
        return entries.map(self._exp)


def GLPlus(n: int) -> Group:  # noqa: N802
    """Invertible n x n matrices with positive determinant (non-compact).

    Sampling is ``expm(A)`` with Gaussian ``A`` of scale ``0.5 / sqrt(n)`` (no Haar
    probability measure exists); errors are scale-adjusted by the condition number.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> bool(np.linalg.det(groups.GLPlus(3).sample(np.random.default_rng(0))) > 0)
    True
    """
    return _Linear("GLPlus", n, special=False)


def SL(n: int) -> Group:  # noqa: N802
    """N x n matrices with determinant 1 (non-compact), sampled as ``expm`` of traceless ``A``.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> bool(np.isclose(np.linalg.det(groups.SL(3).sample(np.random.default_rng(0))), 1.0))
    True
    """
    return _Linear("SL", n, special=True)


class _AffineLinear(_Euclidean):
    """``R^n`` semidirect GL+(n) or SL(n): homogeneous ``(n + 1, n + 1)`` matrices."""

    def __init__(self, linear: _Linear) -> None:
        name = "Affine" + linear.name
        super().__init__(name, linear.dim, None)
        self.lin = linear

    def inverse(self, a: Any) -> np.ndarray:  # noqa: D102
        return np.linalg.inv(np.asarray(a, dtype=np.float64))

    def scale(self, g: Any) -> float:  # noqa: D102
        return float(np.linalg.cond(self.matrix(g)))

    def sample(self, rng: np.random.Generator) -> np.ndarray:  # noqa: D102
        return self._make(self.lin.sample(rng), rng.standard_normal(self.dim))

    def special_elements(self) -> tuple[tuple[str, Any], ...]:  # noqa: D102
        d, zero = self.dim, np.zeros(self.dim)
        out = [(lab, self._make(m, zero)) for lab, m in self.lin.special_elements()]
        shift = np.zeros(d)
        shift[0] = 1.0
        out.append(("translate-0", self._make(np.eye(d), shift)))
        out.append((f"{out[1][0]}+translate", self._make(out[1][1][:d, :d], shift)))
        return tuple(out)

    def generic(self) -> st.SearchStrategy[Any]:  # noqa: D102
        t = st.lists(
            st.floats(-3.0, 3.0, allow_subnormal=False), min_size=self.dim, max_size=self.dim
        )
        return st.builds(self._make, self.lin.generic(), t)

    def element_type(self, g: Any) -> str:  # noqa: D102
        return "linear" + ("+translation" if np.any(self.translation(g) != 0) else "")


def AffineGLPlus(n: int) -> Group:  # noqa: N802
    """Affine maps ``x -> A x + t`` with ``det A > 0``: homogeneous ``(n + 1, n + 1)`` matrices.

    The linear part is sampled as in :func:`GLPlus`, translations are standard normal.
    Besides ``"points"`` and ``"vectors"`` it acts on group-valued inputs by ``"left"``
    (``X -> g X`` on homogeneous matrices).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> g = groups.AffineGLPlus(2).sample(np.random.default_rng(0))
    >>> g.shape, bool(np.linalg.det(g[:2, :2]) > 0), g[2].tolist()
    ((3, 3), True, [0.0, 0.0, 1.0])
    """
    return _AffineLinear(_Linear("GLPlus", n, special=False))


def AffineSL(n: int) -> Group:  # noqa: N802
    """Affine maps ``x -> A x + t`` with ``det A = 1`` (homogeneous matrices).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import groups
    >>> g = groups.AffineSL(2).sample(np.random.default_rng(0))
    >>> bool(np.isclose(np.linalg.det(g), 1.0))
    True
    """
    return _AffineLinear(_Linear("SL", n, special=True))
