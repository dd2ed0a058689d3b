"""Compiled kernels on Dask arrays: one ``blockwise`` task per chunk.

``kernel(*arrays)`` lands here when an argument is a Dask collection (``dask_kernel`` does
the same explicitly). A kernel travels to the workers as its spec (expressions, arguments,
options) plus the SHA-256 of its generated source. A worker rebuilds the kernel from the
spec once per process: ``compile_kernel``'s content-hashed module is imported from the
shared cache directory when it is there (numba then reloads its machine code) and
regenerated otherwise. A worker whose rebuilt source differs (other symalg, sympy or numba
versions) refuses to compute rather than return numbers from another kernel.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np

from symalg.codegen._kernel import JacobianKernel, Kernel, broadcast_batch
from symalg.errors import CodegenError, InvalidArgumentError, InvalidTypeError, ShapeError

__all__ = ["DaskKernel", "DaskJacobianKernel", "dask_kernel", "is_dask"]

DASK_HINT = "pip install symalg[dask]"

# (source digest, jacobian?) -> kernel built in this process
_BUILT: dict[tuple[str, bool], Kernel | JacobianKernel] = {}


def _digest(obj: Kernel | JacobianKernel) -> str:
    """SHA-256 of the generated source (its first line is the structural cache key)."""
    return hashlib.sha256(obj.source.encode()).hexdigest()


def is_dask(arrays: tuple[Any, ...]) -> bool:
    """Whether any argument is a Dask collection (duck-typed: Dask is not imported)."""
    return any(hasattr(type(a), "__dask_graph__") for a in arrays)


class _KernelRef:
    """Picklable handle: the spec and the expected source digest, rebuilt on demand."""

    def __init__(self, kernel: Kernel, *, jacobian: bool) -> None:
        built: Kernel | JacobianKernel = kernel.jacobian() if jacobian else kernel
        self.spec = kernel.spec
        self.jacobian = jacobian
        self.digest = _digest(built)
        _BUILT.setdefault((self.digest, jacobian), built)

    def __getstate__(self) -> dict[str, Any]:
        return {"spec": self.spec, "jacobian": self.jacobian, "digest": self.digest}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def get(self) -> Kernel | JacobianKernel:
        """The kernel, rebuilt from the spec the first time this process needs it."""
        key = (self.digest, self.jacobian)
        found = _BUILT.get(key)
        if found is not None:
            return found
        base = Kernel(self.spec)
        built: Kernel | JacobianKernel = base.jacobian() if self.jacobian else base
        if _digest(built) != self.digest:
            raise CodegenError(
                "dask_kernel: this worker generated different source for the kernel than the "
                "client did; install the same symalg, sympy and numba versions on the workers."
            )
        _BUILT[key] = built
        return built


def _eval_block(*blocks: np.ndarray, ref: _KernelRef, n_batch: int) -> np.ndarray:
    k = ref.get()
    if not isinstance(k, JacobianKernel):
        return k(*blocks)
    values, jac = k(*blocks)
    batch = values.shape[:n_batch]
    return np.concatenate([values.reshape(*batch, -1), jac.reshape(*batch, -1)], axis=-1)


def _index_pairs(
    prepared: list[Any], cores: list[tuple[int, ...]]
) -> tuple[list[Any], tuple[int, ...]]:
    """``blockwise`` (array, index) pairs, batch dimensions aligned right, and the batch."""
    batches = [x.shape[: x.ndim - len(c)] for x, c in zip(prepared, cores, strict=True)]
    batch = broadcast_batch(batches, who="dask_kernel: arguments have")
    nb = len(batch)
    pairs: list[Any] = []
    for k, (x, core) in enumerate(zip(prepared, cores, strict=True)):
        b = x.ndim - len(core)
        if b == 0:  # no batch dimensions: one constant block for every task
            pairs += [np.asarray(x), None]
            continue
        ind = tuple(f"b{j}" for j in range(nb - b, nb))
        pairs += [x, ind + tuple(f"c{k}_{j}" for j in range(len(core)))]
    if all(ind is None for ind in pairs[1::2]):
        raise ShapeError(
            "dask_kernel: no argument has batch dimensions; call the kernel directly."
        )
    return pairs, batch


class DaskKernel:
    """A compiled kernel applied chunk by chunk to Dask arrays.

    Build one with :func:`dask_kernel`. Calling it returns a lazy Dask array; nothing runs
    until it is computed (``.compute()``, or an executor's ``compute``).

    Attributes
    ----------
    kernel : Kernel
        The wrapped kernel.
    out_shape : tuple of int
        Shape of one point's result.
    dtype : numpy.dtype
    """

    def __init__(self, kernel: Kernel) -> None:
        if isinstance(kernel, JacobianKernel):
            raise InvalidTypeError(
                "dask_kernel: pass the Kernel itself and call .jacobian() on the result "
                "(or call the JacobianKernel on Dask arrays directly)."
            )
        if not isinstance(kernel, Kernel):
            raise InvalidTypeError(
                f"dask_kernel: expected a symalg.codegen.Kernel (from compile_kernel), "
                f"got {type(kernel).__name__}."
            )
        self.kernel = kernel
        self.out_shape = kernel.out_shape
        self.dtype = kernel.dtype
        self._ref = _KernelRef(kernel, jacobian=False)

    def _blockwise(
        self, arrays: tuple[Any, ...], ref: _KernelRef, tail: tuple[int, ...]
    ) -> tuple[Any, tuple[int, ...]]:
        """A blockwise array of shape ``batch + tail`` and the batch shape."""
        da = _dask_array()
        spec = self.kernel.spec
        if len(arrays) != len(spec.args):
            raise InvalidArgumentError(
                f"dask_kernel: the kernel takes {len(spec.args)} arguments, got {len(arrays)}."
            )
        pairs_in = list(zip(arrays, spec.args, strict=True))
        prepared = [self._prepare(k, a, arg.shape, da) for k, (a, arg) in enumerate(pairs_in)]
        pairs, batch = _index_pairs(prepared, [arg.shape for arg in spec.args])
        nb = len(batch)
        new_axes = {f"o{j}": s for j, s in enumerate(tail)}
        out = da.blockwise(
            _eval_block,
            tuple(f"b{j}" for j in range(nb)) + tuple(new_axes),
            *pairs,
            new_axes=new_axes,
            concatenate=True,
            dtype=self.dtype,
            meta=np.empty((0,) * (nb + len(tail)), self.dtype),
            ref=ref,
            n_batch=nb,
        )
        return out, batch

    def _prepare(self, k: int, a: Any, core: tuple[int, ...], da: Any) -> Any:
        x = a if isinstance(a, da.Array) else np.asarray(a)
        if x.dtype.kind not in "biuf" + ("c" if self.dtype.kind == "c" else ""):
            raise InvalidTypeError(
                f"dask_kernel: argument {k} has dtype {x.dtype}; expected real numbers."
            )
        nd = len(core)
        if x.ndim < nd or tuple(x.shape[x.ndim - nd :]) != core:
            raise ShapeError(
                f"dask_kernel: argument {k} has shape {x.shape}; expected (..., "
                f"{', '.join(map(str, core))}) for a {core} matrix argument."
            )
        if x.ndim == nd:
            return np.asarray(x) if not isinstance(x, da.Array) else x.compute()
        if not isinstance(x, da.Array):
            x = da.from_array(x, chunks="auto")
        if nd:  # a matrix argument's own dimensions stay whole in every chunk
            x = x.rechunk({ax: -1 for ax in range(x.ndim - nd, x.ndim)})
        return x

    def __call__(self, *arrays: Any) -> Any:
        """Lazy ``batch_shape + out_shape`` Dask array of the kernel's values.

        Arguments are Dask arrays (or numpy arrays and scalars, which broadcast); batch
        dimensions follow numpy broadcasting and the chunks of the inputs.
        """
        out, _ = self._blockwise(arrays, self._ref, self.out_shape)
        return out

    def jacobian(self) -> DaskJacobianKernel:
        """Values and Jacobian on Dask arrays (see :meth:`symalg.codegen.Kernel.jacobian`)."""
        return DaskJacobianKernel(self)

    def __repr__(self) -> str:
        return f"DaskKernel({self.kernel!r})"


class DaskJacobianKernel:
    """Values and Jacobian of a :class:`DaskKernel`, computed together chunk by chunk.

    Calling it returns ``(values, jac)``: lazy Dask arrays of shapes
    ``batch_shape + out_shape`` and ``batch_shape + out_shape + (n_scalar_args,)`` that share
    one task per chunk.
    """

    def __init__(self, parent: DaskKernel) -> None:
        self._parent = parent
        self._ref = _KernelRef(parent.kernel, jacobian=True)
        jk = _BUILT[(self._ref.digest, True)]
        assert isinstance(jk, JacobianKernel)
        self.out_shape = jk.out_shape
        self.jac_shape = jk.jac_shape

    def __call__(self, *arrays: Any) -> tuple[Any, Any]:
        """Lazy ``(values, jac)`` Dask arrays."""
        nv, nj = math.prod(self.out_shape), math.prod(self.jac_shape)
        both, batch = self._parent._blockwise(arrays, self._ref, (nv + nj,))
        values = both[..., :nv].reshape(batch + self.out_shape)
        jac = both[..., nv:].reshape(batch + self.jac_shape)
        return values, jac


def _dask_array() -> Any:
    try:
        import dask.array as da
    except ImportError as err:
        raise InvalidArgumentError(
            f"dask_kernel needs Dask, which is not installed; install it with `{DASK_HINT}`."
        ) from err
    return da


def dask_kernel(kernel: Kernel) -> DaskKernel:
    """Lift a compiled kernel to Dask arrays: one task per chunk, run on the workers.

    Parameters
    ----------
    kernel : Kernel
        From :func:`symalg.codegen.compile_kernel`.

    Returns
    -------
    DaskKernel
        ``dk(*arrays)`` returns a lazy Dask array equal, point for point, to
        ``kernel(*arrays)``; ``dk.jacobian()(*arrays)`` returns lazy ``(values, jac)``.

    Raises
    ------
    InvalidTypeError
        ``kernel`` is not a :class:`~symalg.codegen.Kernel`.
    InvalidArgumentError
        Dask is not installed (``pip install symalg[dask]``).

    Notes
    -----
    Memory is bounded by the chunks: a task holds one chunk of every input and of the output
    (``chunk_points * (n_inputs + n_outputs) * itemsize`` bytes), never the whole array.
    Matrix arguments keep their own (trailing) dimensions whole in every chunk. Each point is
    computed by the same machine code as ``kernel(...)``, so results are identical.

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> import dask.array as da
    >>> from symalg.codegen import compile_kernel
    >>> from symalg.parallel import dask_kernel
    >>> x, y = sp.symbols("x y")
    >>> k = compile_kernel([x * y, sp.sin(x)], [x, y])
    >>> X = da.linspace(0.0, 1.0, 1000, chunks=250)
    >>> dk = dask_kernel(k)
    >>> out = dk(X, 2.0)
    >>> out.shape, out.chunks[0]
    ((1000, 2), (250, 250, 250, 250))
    >>> bool((out.compute(scheduler="synchronous") == k(X.compute(), 2.0)).all())
    True
    >>> type(k(X, 2.0)).__name__  # calling the kernel on Dask arrays does the same
    'Array'
    >>> dask_kernel(k.jacobian())
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidTypeError: dask_kernel: pass the Kernel itself and call ...
    """
    return DaskKernel(kernel)
