from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from symalg.codegen import Kernel, compile_kernel
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.parallel import DaskExecutor, LocalExecutor, dask_kernel

da = pytest.importorskip("dask.array")

x, y = sp.symbols("x y")
M = sp.Matrix(2, 2, sp.symbols("a b c d"))


@pytest.fixture(scope="module")
def polar() -> Kernel:
    """(x, y) -> 2x2 matrix with transcendental entries: exercises libm calls and CSE."""
    r = sp.sqrt(x**2 + y**2)
    return compile_kernel(
        sp.Matrix([[r * sp.cos(x), sp.exp(-y) * sp.sin(x * y)], [sp.atan2(y, x), sp.log(1 + r)]]),
        [x, y],
    )


@pytest.fixture(scope="module")
def inverse() -> Kernel:
    return compile_kernel(M.inv(), [M])


def _points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-3, 3, n), rng.uniform(-3, 3, n)


@pytest.mark.parametrize("chunk", [97, 1000, 4096])
def test_chunked_values_equal_the_kernel_on_numpy_exactly(
    polar: Kernel, chunk: int, dask_client: Any
) -> None:
    xs, ys = _points(4096, chunk)
    X, Y = da.from_array(xs, chunks=chunk), da.from_array(ys, chunks=chunk)
    lazy = dask_kernel(polar)(X, Y)
    assert lazy.shape == (4096, 2, 2) and lazy.chunks[0] == X.chunks[0]
    got = DaskExecutor(dask_client).compute(lazy)
    assert np.array_equal(got, polar(xs, ys))


def test_kernel_on_workers_matches_sympy(polar: Kernel, dask_client: Any) -> None:
    xs, ys = _points(300, 1)
    got = DaskExecutor(dask_client).compute(
        dask_kernel(polar)(da.from_array(xs, chunks=64), da.from_array(ys, chunks=64))
    )
    r = np.sqrt(xs**2 + ys**2)
    ref = np.stack(
        [r * np.cos(xs), np.exp(-ys) * np.sin(xs * ys), np.arctan2(ys, xs), np.log1p(r)], -1
    ).reshape(-1, 2, 2)
    np.testing.assert_allclose(got, ref, rtol=1e-14, atol=1e-15)


def test_broadcasting_follows_numpy(polar: Kernel, dask_client: Any) -> None:
    rng = np.random.default_rng(3)
    xs, ys = rng.uniform(-2, 2, (6, 1)), rng.uniform(-2, 2, 50)
    lazy = dask_kernel(polar)(da.from_array(xs, chunks=(2, 1)), da.from_array(ys, chunks=20))
    assert lazy.shape == (6, 50, 2, 2)
    assert np.array_equal(DaskExecutor(dask_client).compute(lazy), polar(xs, ys))
    # a scalar argument is a constant shared by every chunk
    lazy = dask_kernel(polar)(da.from_array(ys, chunks=7), 0.5)
    assert np.array_equal(LocalExecutor().compute(lazy), polar(ys, 0.5))


def test_matrix_arguments_keep_their_dimensions_whole(inverse: Kernel, dask_client: Any) -> None:
    rng = np.random.default_rng(4)
    A = rng.normal(size=(500, 2, 2)) + 3 * np.eye(2)
    X = da.from_array(A, chunks=(64, 1, 1))  # badly chunked core dimensions
    lazy = dask_kernel(inverse)(X)
    assert lazy.chunks[1:] == ((2,), (2,))
    got = DaskExecutor(dask_client).compute(lazy)
    assert np.array_equal(got, inverse(A))
    np.testing.assert_allclose(got, np.linalg.inv(A), rtol=1e-12, atol=1e-12)


def test_jacobian_on_dask_equals_the_jacobian_kernel(polar: Kernel, dask_client: Any) -> None:
    xs, ys = _points(1000, 5)
    dj = dask_kernel(polar).jacobian()
    values, jac = dj(da.from_array(xs, chunks=300), da.from_array(ys, chunks=300))
    assert values.shape == (1000, 2, 2) and jac.shape == (1000, 2, 2, 2)
    got_v, got_j = DaskExecutor(dask_client).compute((values, jac))
    ref_v, ref_j = polar.jacobian()(xs, ys)
    assert np.array_equal(got_v, ref_v) and np.array_equal(got_j, ref_j)
    h = 1e-6  # independent route: central differences in x
    fd = (polar(xs + h, ys) - polar(xs - h, ys)) / (2 * h)
    np.testing.assert_allclose(got_j[..., 0], fd, rtol=1e-6, atol=1e-6)


def test_one_task_per_chunk_and_chunks_bound_memory(polar: Kernel) -> None:
    X = da.zeros(10**7, chunks=10**5)  # never materialised here
    lazy = dask_kernel(polar)(X, X)
    assert lazy.numblocks == (100, 1, 1)
    assert max(lazy.chunks[0]) == 10**5  # each task holds 1e5 points, not 1e7
    assert lazy.nbytes == 10**7 * 4 * 8


def test_bad_inputs_raise(polar: Kernel, inverse: Kernel) -> None:
    X = da.zeros(10, chunks=5)
    with pytest.raises(InvalidArgumentError, match="takes 2 arguments, got 1"):
        dask_kernel(polar)(X)
    with pytest.raises(ShapeError, match=r"has shape \(10,\); expected \(\.\.\., 2, 2\)"):
        dask_kernel(inverse)(X)
    with pytest.raises(ShapeError, match="do not broadcast"):
        dask_kernel(polar)(X, da.zeros(7, chunks=7))
    with pytest.raises(InvalidTypeError, match="dtype complex128; expected real numbers"):
        dask_kernel(polar)(X, da.zeros(10, dtype=complex, chunks=5))
    with pytest.raises(ShapeError, match="no argument has batch dimensions"):
        dask_kernel(polar)(1.0, 2.0)
    with pytest.raises(InvalidTypeError, match="pass the Kernel itself"):
        dask_kernel(polar.jacobian())
    with pytest.raises(InvalidTypeError, match="expected a symalg.codegen.Kernel"):
        dask_kernel(np.sin)


@st.composite
def _chunked_batches(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, Any, Any]:
    """Two broadcasting batch shapes, values, and a chunking of each (any block sizes)."""
    rows, cols = draw(st.integers(1, 6)), draw(st.integers(1, 40))
    xs = draw(arrays(np.float64, (rows, 1), elements=st.floats(-5, 5)))
    ys = draw(arrays(np.float64, (cols,), elements=st.floats(-5, 5)))

    def split(n: int) -> tuple[int, ...]:
        cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=4))) if n > 1 else []
        return tuple(b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True))

    return (
        xs,
        ys,
        da.from_array(xs, chunks=(split(rows), 1)),
        da.from_array(ys, chunks=split(cols)),
    )


@given(_chunked_batches())
def test_any_chunking_gives_the_same_values(polar: Kernel, case: Any) -> None:
    xs, ys, X, Y = case
    assert np.array_equal(LocalExecutor().compute(dask_kernel(polar)(X, Y)), polar(xs, ys))


def test_calling_the_kernel_itself_on_dask_arrays_is_lazy_and_equal(
    polar: Kernel, dask_client: Any
) -> None:
    xs, ys = _points(2000, 9)
    X, Y = da.from_array(xs, chunks=500), da.from_array(ys, chunks=500)
    lazy = polar(X, 1.5)
    assert isinstance(lazy, da.Array) and lazy.chunks[0] == X.chunks[0]
    assert np.array_equal(DaskExecutor(dask_client).compute(lazy), polar(xs, 1.5))
    values, jac = polar.jacobian()(X, Y)
    assert isinstance(jac, da.Array)
    ref_v, ref_j = polar.jacobian()(xs, ys)
    got_v, got_j = DaskExecutor(dask_client).compute((values, jac))
    assert np.array_equal(got_v, ref_v) and np.array_equal(got_j, ref_j)
    with pytest.raises(InvalidArgumentError, match="out= cannot be used with Dask arrays"):
        polar(X, Y, out=np.empty((2000, 2, 2)))
