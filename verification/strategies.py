"""Hypothesis strategies for inputs and group elements.

Input strategies draw bounded, finite float64 arrays without subnormals and mix in the hard
regions on purpose: repeated rows (ties), clouds with repeated or nearly repeated covariance
eigenvalues, graphs with repeated Laplacian eigenvalues (cycles, complete graphs, stars,
hypercubes, disjoint unions). Values are built directly, never filtered, so failures shrink
to small, readable counterexamples.

Examples
--------
>>> from hypothesis import given, settings
>>> from verification import strategies
>>> @settings(max_examples=5, database=None)
... @given(strategies.point_clouds(n_points=4))
... def test_shape(x):
...     assert x.shape == (4, 3)
>>> test_shape()
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.linalg import expm

from symalg import InvalidArgumentError, InvalidTypeError
from symalg.nn import InputSpec
from verification._group_finite import Permutations, orthogonal_from
from verification._group_lie import SO3
from verification._search import without_local_constants

__all__ = [
    "arrays",
    "point_clouds",
    "square_matrices",
    "adjacency_matrices",
    "laplacians",
    "eigenpairs",
    "multisets",
    "node_graphs",
    "rotations",
    "reflections",
    "permutations",
    "affine_elements",
    "from_spec",
    "draw_example",
]


def _size(where: str, name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidTypeError(f"strategies.{where}: {name} must be an integer, got {value!r}.")
    if value < minimum:
        raise InvalidArgumentError(f"strategies.{where}: {name}={value} must be >= {minimum}.")
    return int(value)


def _floats(bound: float) -> st.SearchStrategy[float]:
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def arrays(shape: tuple[int, ...], *, bound: float = 10.0) -> st.SearchStrategy[np.ndarray]:
    """Float64 arrays of ``shape`` with entries in ``[-bound, bound]``, some with repeated rows.

    Examples
    --------
    >>> from verification import strategies
    >>> strategies.draw_example(strategies.arrays((2, 3))).shape
    (2, 3)
    """
    shape = tuple(_size("arrays", "shape entry", s) for s in shape)
    generic = hnp.arrays(np.float64, shape, elements=_floats(bound))
    if len(shape) == 0 or shape[0] < 2:
        return generic
    rows = hnp.arrays(np.float64, shape[1:], elements=_floats(bound))
    ties = st.tuples(generic, rows, st.integers(0, shape[0] - 1)).map(_with_tie)
    return st.one_of(generic, ties)


def _with_tie(args: tuple[np.ndarray, np.ndarray, int]) -> np.ndarray:
    x, row, i = args
    x = x.copy()
    x[0] = row
    x[i] = row
    return x


def _whitened_base(n: int) -> np.ndarray:
    b = np.random.default_rng(n).standard_normal((n, 3))
    b -= b.mean(axis=0)
    lam, v = np.linalg.eigh(b.T @ b / n)
    return b @ v / np.sqrt(lam)


def _cloud_with_spectrum(
    n: int, spectrum: np.ndarray, rot: np.ndarray, noise: np.ndarray, shift: np.ndarray
) -> np.ndarray:
    y = _whitened_base(n) + 0.3 * noise
    y -= y.mean(axis=0)
    lam, v = np.linalg.eigh(y.T @ y / n)
    y = y @ v / np.sqrt(lam)  # exactly white: covariance I
    return (y * np.sqrt(spectrum)) @ rot.T + shift


def point_clouds(
    n_points: int = 8, *, spectrum: tuple[float, float, float] | None = None
) -> st.SearchStrategy[np.ndarray]:
    """Point clouds of shape (n_points, 3): generic, and with a chosen covariance spectrum.

    Parameters
    ----------
    n_points : int, default 8
        Needs at least 4 points for a prescribed spectrum.
    spectrum : tuple of 3 floats, optional
        Prescribe the covariance eigenvalues exactly. When omitted, half the examples are
        generic clouds with entries in [-10, 10] and half have drawn spectra, including
        repeated and nearly repeated eigenvalues (relative gaps 0, 1e-12, 1e-8, 1e-4).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> x = strategies.draw_example(strategies.point_clouds(6, spectrum=(1.0, 1.0, 4.0)))
    >>> y = x - x.mean(axis=0)
    >>> np.round(np.linalg.eigvalsh(y.T @ y / 6), 8).tolist()
    [1.0, 1.0, 4.0]
    """
    n = _size("point_clouds", "n_points", n_points)
    noise = hnp.arrays(np.float64, (n, 3), elements=_floats(1.0))
    shift = hnp.arrays(np.float64, (3,), elements=_floats(10.0))
    if spectrum is not None:
        spec = np.asarray(spectrum, dtype=np.float64)
        if spec.shape != (3,) or not np.all(spec > 0) or n < 4:
            raise InvalidArgumentError(
                f"strategies.point_clouds: spectrum={spectrum!r} needs 3 positive values and "
                f"n_points >= 4 (got {n})."
            )
        return st.builds(
            lambda r, e, t: _cloud_with_spectrum(n, spec, r, e, t), SO3().generic(), noise, shift
        )
    generic = hnp.arrays(np.float64, (n, 3), elements=_floats(10.0))
    if n < 4:
        return generic
    gaps = st.sampled_from([1.0, 0.0, 1e-12, 1e-8, 1e-4, 1e-2])
    spectra = st.builds(
        lambda a, gap, b: np.array([a, a * (1 + gap), a * (1 + gap) + b]),
        st.floats(0.1, 10.0),
        gaps,
        st.floats(0.1, 10.0),
    )
    drawn = st.builds(
        lambda s, r, e, t: _cloud_with_spectrum(n, s, r, e, t),
        spectra,
        SO3().generic(),
        noise,
        shift,
    )
    return st.one_of(generic, drawn)


def square_matrices(n: int, *, bound: float = 10.0) -> st.SearchStrategy[np.ndarray]:
    """Square (n, n) float64 matrices: generic, symmetric, and 0/1 adjacency matrices.

    Examples
    --------
    >>> from verification import strategies
    >>> strategies.draw_example(strategies.square_matrices(3)).shape
    (3, 3)
    """
    n = _size("square_matrices", "n", n)
    generic = hnp.arrays(np.float64, (n, n), elements=_floats(bound))
    return st.one_of(generic, generic.map(lambda a: (a + a.T) / 2), adjacency_matrices(n))


def _structured_graphs(n: int) -> list[np.ndarray]:
    graphs = []
    cycle = np.roll(np.eye(n), 1, axis=1)
    graphs.append(np.minimum(cycle + cycle.T, 1.0) if n > 2 else np.ones((n, n)) - np.eye(n))
    graphs.append(np.ones((n, n)) - np.eye(n))  # complete
    star = np.zeros((n, n))
    star[0, 1:] = star[1:, 0] = 1.0
    graphs.append(star)
    half = n // 2
    union = np.zeros((n, n))
    union[:half, :half] = 1.0
    union[half:, half:] = 1.0
    graphs.append(union - np.eye(n))  # two disjoint cliques
    if n & (n - 1) == 0 and n > 1:  # hypercube
        idx = np.arange(n)
        bits = idx[:, None] ^ idx[None, :]
        graphs.append(((bits & (bits - 1)) == 0).astype(float) - np.eye(n))
    return graphs


def adjacency_matrices(n: int) -> st.SearchStrategy[np.ndarray]:
    """Symmetric 0/1 adjacency matrices without self-loops: random and highly symmetric graphs.

    The structured graphs (cycle, complete, star, two cliques, hypercube when n is a power of
    two) have repeated eigenvalues on purpose.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> a = strategies.draw_example(strategies.adjacency_matrices(4))
    >>> bool((a == a.T).all() and (np.diag(a) == 0).all())
    True
    """
    n = _size("adjacency_matrices", "n", n)
    iu = np.triu_indices(n, 1)

    def build(bits: list[bool]) -> np.ndarray:
        a = np.zeros((n, n))
        a[iu] = bits
        return a + a.T

    random = st.lists(st.booleans(), min_size=len(iu[0]), max_size=len(iu[0])).map(build)
    return st.one_of(st.sampled_from(_structured_graphs(n)), random)


def laplacians(n: int) -> st.SearchStrategy[np.ndarray]:
    """Graph Laplacians ``D - W``: unweighted (repeated eigenvalues) and positively weighted.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> lap = strategies.draw_example(strategies.laplacians(5))
    >>> bool(np.allclose(lap.sum(axis=1), 0.0))
    True
    """
    n = _size("laplacians", "n", n)
    weights = hnp.arrays(np.float64, (n, n), elements=st.floats(0.5, 2.0))
    weighted = st.builds(lambda a, w: a * (w + w.T) / 2, adjacency_matrices(n), weights)
    return st.one_of(adjacency_matrices(n), weighted).map(lambda a: np.diag(a.sum(axis=1)) - a)


def eigenpairs(
    multiplicities: tuple[int, ...],
) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """Orthonormal eigenvectors ``V`` (n, n), eigenvalues ``lam`` (n,) with given multiplicities.

    Eigenvalues of different blocks are separated by gaps in [0.1, 2]; the columns of ``V``
    belonging to a block span its eigenspace.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> v, lam = strategies.draw_example(strategies.eigenpairs((1, 2)))
    >>> bool(np.allclose(v.T @ v, np.eye(3)) and lam[1] == lam[2])
    True
    """
    mult = tuple(_size("eigenpairs", "multiplicity", m) for m in multiplicities)
    if not mult:
        raise InvalidArgumentError("strategies.eigenpairs: give at least one multiplicity.")
    n = sum(mult)
    entries = hnp.arrays(np.float64, (n, n), elements=_floats(1.0))
    vecs = st.builds(orthogonal_from, entries, st.booleans())
    gaps = st.lists(st.floats(0.1, 2.0), min_size=len(mult), max_size=len(mult))
    lams = st.builds(lambda start, g: np.repeat(start + np.cumsum(g), mult), _floats(1.0), gaps)
    return st.tuples(vecs, lams)


def multisets(
    size: int, n_features: int = 4, *, bound: float = 2.0
) -> st.SearchStrategy[np.ndarray]:
    """Multisets of ``size`` feature vectors, shape (size, n_features), some with repeats.

    Examples
    --------
    >>> from verification import strategies
    >>> strategies.draw_example(strategies.multisets(5, 2)).shape
    (5, 2)
    """
    return arrays(
        (_size("multisets", "size", size), _size("multisets", "n_features", n_features)),
        bound=bound,
    )


def node_graphs(
    n_nodes: int = 5, n_features: int = 4
) -> st.SearchStrategy[tuple[np.ndarray, ...]]:
    """Node features ``h`` (n, n_features) in [-3, 3] with positions ``x`` (n, 3).

    Examples
    --------
    >>> from verification import strategies
    >>> h, x = strategies.draw_example(strategies.node_graphs(4, 2))
    >>> h.shape, x.shape
    ((4, 2), (4, 3))
    """
    n = _size("node_graphs", "n_nodes", n_nodes)
    feats = hnp.arrays(
        np.float64, (n, _size("node_graphs", "n_features", n_features)), elements=_floats(3.0)
    )
    return st.tuples(feats, point_clouds(n))


def rotations() -> st.SearchStrategy[np.ndarray]:
    """3x3 rotation matrices from axis and angle; shrink to the identity.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> r = strategies.draw_example(strategies.rotations())
    >>> bool(np.allclose(r @ r.T, np.eye(3)) and np.linalg.det(r) > 0)
    True
    """
    return SO3().generic()


def reflections() -> st.SearchStrategy[np.ndarray]:
    """3x3 orthogonal matrices with determinant -1 (rotation times a mirror).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> bool(np.isclose(np.linalg.det(strategies.draw_example(strategies.reflections())), -1.0))
    True
    """
    return st.builds(lambda r: r @ np.diag([1.0, 1.0, -1.0]), SO3().generic())


def permutations(n: int) -> st.SearchStrategy[np.ndarray]:
    """Index arrays of permutations of ``range(n)``; shrink to the identity.

    Examples
    --------
    >>> from verification import strategies
    >>> sorted(strategies.draw_example(strategies.permutations(4)).tolist())
    [0, 1, 2, 3]
    """
    return Permutations(n).generic()


def affine_elements(
    n: int, *, dim: int = 2, special: bool = False, scale: float = 1.0
) -> st.SearchStrategy[np.ndarray]:
    """Batches of ``n`` affine group elements as homogeneous ``(n, dim + 1, dim + 1)`` matrices.

    The linear parts are ``expm`` of bounded matrices (traceless when ``special``, giving
    ``SL(dim)``; otherwise ``GL+(dim)``), translations bounded by ``scale``; the identity
    is always among the drawn shapes (every entry shrinks to 0).

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> g = strategies.draw_example(strategies.affine_elements(4, special=True))
    >>> g.shape, bool(np.allclose(np.linalg.det(g), 1.0))
    ((4, 3, 3), True)
    """
    n = _size("affine_elements", "n", n)
    d = _size("affine_elements", "dim", dim)
    gen = hnp.arrays(np.float64, (n, d, d), elements=_floats(scale))
    shift = hnp.arrays(np.float64, (n, d), elements=_floats(scale))

    def build(a: np.ndarray, t: np.ndarray) -> np.ndarray:
        if special:
            a = a - np.trace(a, axis1=-2, axis2=-1)[:, None, None] / d * np.eye(d)
        out = np.zeros((n, d + 1, d + 1))
        out[:, :d, :d] = [expm(ai) for ai in a]
        out[:, :d, d], out[:, d, d] = t, 1.0
        return out

    return st.builds(build, gen, shift)


_BY_NAME = {
    "arrays": arrays,
    "point_clouds": point_clouds,
    "square_matrices": square_matrices,
    "adjacency_matrices": adjacency_matrices,
    "laplacians": laplacians,
    "eigenpairs": eigenpairs,
    "multisets": multisets,
    "node_graphs": node_graphs,
    "affine_elements": affine_elements,
}


def from_spec(spec: InputSpec | str, **params: Any) -> st.SearchStrategy[Any]:
    """Build the input strategy named by an :class:`symalg.nn.InputSpec` (or a name + kwargs).

    Raises
    ------
    InvalidArgumentError
        If the strategy name is unknown (the message lists the known ones) or its
        parameters do not fit.

    Examples
    --------
    >>> from symalg.nn import InputSpec
    >>> from verification import strategies
    >>> strategies.draw_example(strategies.from_spec(InputSpec("multisets", {"size": 3}))).shape
    (3, 4)
    >>> strategies.from_spec("spheres")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: strategies.from_spec: unknown input strategy 'spheres'; ...
    """
    if isinstance(spec, InputSpec):
        name, params = spec.strategy, {**spec.params, **params}
    else:
        name = spec
    if name not in _BY_NAME:
        valid = ", ".join(repr(k) for k in _BY_NAME)
        raise InvalidArgumentError(
            f"strategies.from_spec: unknown input strategy {name!r}; use one of {valid}."
        )
    try:
        return _BY_NAME[name](**params)
    except TypeError as err:
        raise InvalidArgumentError(
            f"strategies.from_spec: bad parameters for {name!r}: {err}."
        ) from err


def draw_example(strategy: st.SearchStrategy[Any]) -> Any:
    """Draw one example deterministically, without shrinking (for docs and scripts).

    Unlike ``strategy.example()`` it is reproducible and meant for non-interactive use;
    inside tests use ``@given`` instead.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import strategies
    >>> a = strategies.draw_example(strategies.point_clouds(5))
    >>> b = strategies.draw_example(strategies.point_clouds(5))
    >>> a.shape, bool(np.array_equal(a, b))
    ((5, 3), True)
    """
    if not isinstance(strategy, st.SearchStrategy):
        raise InvalidTypeError(
            "strategies.draw_example: expected a hypothesis strategy, got "
            f"{type(strategy).__name__}."
        )
    options = settings(
        database=None,
        derandomize=True,
        max_examples=1,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    with without_local_constants():  # the same example in every process
        return find(strategy, lambda _: True, settings=options)
