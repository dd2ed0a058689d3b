"""``compile_kernel`` and the kernel objects it returns."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy

from symalg.codegen import _cache, _passes, _source, _walk
from symalg.codegen._engines import ENGINES
from symalg.codegen._spec import (
    KernelSpec,
    check_free_symbols,
    normalize_args,
    normalize_exprs,
)
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError


@dataclass(frozen=True)
class OpCounts:
    """Operation counts of a kernel.

    Attributes
    ----------
    before : int
        Operations in the expressions as given, shared subexpressions counted per use.
    after : int
        Operations the kernel performs per point after optimisation and CSE.
    """

    before: int
    after: int


class _Compiled:
    """Shared machinery: a spec, its engine, argument handling and output allocation."""

    def __init__(self, spec: KernelSpec) -> None:
        self.spec = spec
        exprs = list(spec.exprs)
        if spec.optimize is not None:
            depth = _walk.depth(exprs)  # optimisers built on sympy recurse like sympy
            exprs = _passes.run_deep(_passes.apply_optimizer, spec.optimize, exprs, depth=depth)
            check_free_symbols(exprs, spec.args)
        key = _cache.make_key(
            _walk.fingerprint(exprs),
            _walk.fingerprint(spec.symbols),
            repr([a.shape for a in spec.args]),
            repr(spec.out_shape),
            f"{spec.backend};{spec.dtype};cse={spec.cse};fastmath={spec.fastmath};"
            f"nv={spec.n_value_outputs};cache={spec.cache};part_lines={_source.PART_LINES};"
            f"vector_trig={spec.vector_trig};fma={spec.fma};simd={spec.simd}",
        )
        self.key = key
        self.engine = ENGINES[spec.backend](spec, exprs, key)
        self.n_ops = OpCounts(_walk.count_ops(spec.exprs), self.engine.n_ops_after)
        self.dtype = np.dtype(spec.dtype)

    def _inputs(
        self, arrays: Sequence[Any]
    ) -> tuple[tuple[int, ...], list[tuple[np.ndarray, int]]]:
        args = self.spec.args
        if len(arrays) != len(args):
            names = [str(a.symbols[0]) if not a.shape else f"Matrix{a.shape}" for a in args]
            raise InvalidArgumentError(
                f"kernel takes {len(args)} arguments ({', '.join(names)}), got {len(arrays)}."
            )
        converted, batches = [], []
        for k, (spec, a) in enumerate(zip(args, arrays, strict=True)):
            arr = np.asarray(a)
            if arr.dtype.kind not in "biuf" + ("c" if self.dtype.kind == "c" else ""):
                raise InvalidTypeError(
                    f"kernel argument {k} has dtype {arr.dtype}; expected real numbers"
                    + (
                        " or complex numbers"
                        if self.dtype.kind == "c"
                        else " (compile with dtype='complex128' for complex inputs)"
                    )
                    + "."
                )
            nd = len(spec.shape)
            if arr.ndim < nd or arr.shape[arr.ndim - nd :] != spec.shape:
                raise ShapeError(
                    f"kernel argument {k} has shape {arr.shape}; expected (..., "
                    f"{', '.join(map(str, spec.shape))}) for a {spec.shape} matrix argument."
                )
            converted.append(arr)
            batches.append(arr.shape[: arr.ndim - nd])
        batch = broadcast_batch(batches, who="kernel arguments have")
        n = math.prod(batch)
        prepared = []
        for spec, arr, b in zip(args, converted, batches, strict=True):
            if b == batch:
                flat = np.ascontiguousarray(arr, self.dtype).reshape(n, spec.size)
                prepared.append((flat, 1))
            elif math.prod(b) == 1:
                prepared.append((np.ascontiguousarray(arr, self.dtype).reshape(1, spec.size), 0))
            else:
                full = np.broadcast_to(arr, batch + spec.shape)
                prepared.append((np.ascontiguousarray(full, self.dtype).reshape(n, spec.size), 1))
        return batch, prepared

    def _outputs(
        self,
        batch: tuple[int, ...],
        shapes: list[tuple[int, ...]],
        given: Sequence[np.ndarray | None],
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Return (user-facing arrays, C-contiguous 2-D buffers the engine writes)."""
        n = math.prod(batch)
        results, buffers = [], []
        for shape, out in zip(shapes, given, strict=True):
            full = batch + shape
            width = math.prod(shape)
            if out is None:
                arr = np.empty(full, self.dtype)
                results.append(arr)
                buffers.append(arr.reshape(n, width))
                continue
            if not isinstance(out, np.ndarray) or out.shape != full or out.dtype != self.dtype:
                got = (
                    f"{type(out).__name__}"
                    if not isinstance(out, np.ndarray)
                    else f"shape {out.shape}, dtype {out.dtype}"
                )
                raise ShapeError(
                    f"kernel out= has {got}; expected shape {full}, dtype {self.dtype}."
                )
            if not out.flags.writeable:
                raise InvalidArgumentError("kernel out= is read-only; pass a writable array.")
            buf = (
                out.reshape(n, width)
                if out.flags.c_contiguous
                else np.empty((n, width), self.dtype)
            )
            results.append(out)
            buffers.append(buf)
        return results, buffers

    def evaluate(
        self,
        arrays: Sequence[Any],
        shapes: list[tuple[int, ...]],
        given: Sequence[np.ndarray | None],
    ) -> list[np.ndarray]:
        return self.evaluate_with_input_max(arrays, shapes, given)[0]

    def evaluate_with_input_max(
        self,
        arrays: Sequence[Any],
        shapes: list[tuple[int, ...]],
        given: Sequence[np.ndarray | None],
    ) -> tuple[list[np.ndarray], float | None]:
        """The results and, where the SIMD loop ran, the largest ``|x|`` over the inputs.

        The maximum is NaN or inf when an input entry is; None where the engine did not
        compute it (other back ends, the plain or parallel loop).
        """
        batch, inputs = self._inputs(arrays)
        results, buffers = self._outputs(batch, shapes, given)
        hi = self.engine.run(inputs, math.prod(batch), buffers)
        for res, buf in zip(results, buffers, strict=True):
            if not np.shares_memory(res, buf):
                res[...] = buf.reshape(res.shape)
        return results, hi


class Kernel:
    """A compiled kernel; call it on arrays. Build one with :func:`compile_kernel`.

    Attributes
    ----------
    source : str
        The generated source (numba backend: the module written to the cache).
    n_ops : OpCounts
        Operation counts before and after optimisation.
    out_shape : tuple of int
        Shape of one point's result.
    dtype : numpy.dtype
        The dtype of inputs (after conversion) and outputs.
    """

    def __init__(self, spec: KernelSpec) -> None:
        self._spec = spec
        self._impl = _Compiled(spec)
        self.out_shape = spec.out_shape
        self.dtype = self._impl.dtype

    @property
    def source(self) -> str:
        """The generated source."""
        return self._impl.engine.source

    @property
    def n_ops(self) -> OpCounts:
        """Operation counts before and after optimisation."""
        return self._impl.n_ops

    @property
    def spec(self) -> KernelSpec:
        """The specification this kernel was built from."""
        return self._spec

    def __call__(self, *arrays: Any, out: np.ndarray | None = None) -> np.ndarray:
        """Evaluate on arrays broadcast over their leading dimensions.

        Returns an array of shape ``batch_shape + out_shape``; with a Dask array among the
        arguments, a lazy Dask array of that shape, evaluated chunk by chunk (see
        :func:`dask_kernel`).
        """
        from symalg.codegen import _dask  # Dask support is optional and loads on demand

        if _dask.is_dask(arrays):
            _no_out_with_dask(out)
            return _dask.DaskKernel(self)(*arrays)
        return self._impl.evaluate(arrays, [self.out_shape], [out])[0]

    def call_with_input_max(
        self, *arrays: Any, out: np.ndarray | None = None
    ) -> tuple[np.ndarray, float | None]:
        """Evaluate as ``k(*arrays, out=out)`` and also return ``max |x|`` over the inputs.

        The SIMD loop (``simd``) finds the largest magnitude among all input entries in the
        same pass over memory, so a caller can validate its inputs (finite, in a range)
        without reading them a second time. The maximum is NaN or inf when an entry is;
        None where it was not computed (other back ends, the plain or parallel loop), and
        then the caller checks the inputs itself. NumPy arrays only.

        Examples
        --------
        >>> import numpy as np, sympy as sp
        >>> from symalg.codegen import compile_kernel
        >>> x, y = sp.symbols("x y")
        >>> k = compile_kernel([x * y, x + y], [x, y])
        >>> values, hi = k.call_with_input_max(np.array([1.0, -3.0, 2.0]), 0.5)
        >>> values[1].tolist(), hi
        ([-1.5, -2.5], 3.0)
        >>> k.call_with_input_max(np.array([1.0, np.nan]), 0.5)[1]
        nan
        """
        from symalg.codegen import _dask

        if _dask.is_dask(arrays):
            raise InvalidTypeError(
                "kernel.call_with_input_max takes NumPy arrays, not Dask arrays; call the "
                "kernel itself (a lazy Dask result) and reduce abs() of the inputs with Dask."
            )
        (result,), hi = self._impl.evaluate_with_input_max(arrays, [self.out_shape], [out])
        return result, hi

    def jacobian(self) -> JacobianKernel:
        """A kernel computing values and the Jacobian w.r.t. all scalar arguments.

        Matrix arguments are flattened row-major. Values and derivatives share one CSE.
        """
        symbols = self._spec.symbols
        jac = _passes.jacobian_exprs(self._spec.exprs, symbols)
        spec = replace(
            self._spec, exprs=self._spec.exprs + tuple(jac), n_value_outputs=len(self._spec.exprs)
        )
        return JacobianKernel(spec, self.out_shape, len(symbols), parent=self)

    def __repr__(self) -> str:
        s = self._spec
        return (
            f"Kernel(backend={s.backend!r}, dtype={s.dtype!r}, args={len(s.args)}, "
            f"out_shape={self.out_shape}, n_ops={self.n_ops})"
        )


class JacobianKernel:
    """Values and Jacobian in one pass; returned by :meth:`Kernel.jacobian`.

    Calling it returns ``(values, jac)`` with ``jac`` of shape
    ``batch_shape + out_shape + (n_scalar_args,)``.
    """

    def __init__(
        self,
        spec: KernelSpec,
        out_shape: tuple[int, ...],
        n_args: int,
        *,
        parent: Kernel | None = None,
    ) -> None:
        self._impl = _Compiled(spec)
        self._parent = parent
        self.out_shape = out_shape
        self.jac_shape = (*out_shape, n_args)
        self.dtype = self._impl.dtype

    @property
    def source(self) -> str:
        """The generated source."""
        return self._impl.engine.source

    @property
    def n_ops(self) -> OpCounts:
        """Operation counts before and after optimisation."""
        return self._impl.n_ops

    def __call__(
        self, *arrays: Any, out: tuple[np.ndarray, np.ndarray] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Evaluate values and Jacobian; ``out`` is an optional ``(values, jac)`` pair.

        With a Dask array among the arguments, returns lazy Dask arrays.
        """
        from symalg.codegen import _dask

        if _dask.is_dask(arrays) and self._parent is not None:
            _no_out_with_dask(out)
            return _dask.DaskKernel(self._parent).jacobian()(*arrays)
        if out is not None and (not isinstance(out, tuple) or len(out) != 2):
            raise InvalidTypeError("JacobianKernel out= must be a (values, jac) tuple of arrays.")
        given = list(out) if out is not None else [None, None]
        values, jac = self._impl.evaluate(arrays, [self.out_shape, self.jac_shape], given)
        return values, jac


def compile_kernel(
    exprs: Any,
    args: Sequence[Any],
    *,
    backend: str = "numba",
    dtype: str = "float64",
    cse: bool = True,
    optimize: Callable[[list[sympy.Expr]], list[sympy.Expr]] | None = None,
    parallel: str | bool = "auto",
    fastmath: bool = False,
    cache: bool = True,
    vector_trig: bool = False,
    fma: bool = False,
    simd: str | bool = "auto",
) -> Kernel:
    """Compile symbolic expressions into a fast kernel over batches.

    Parameters
    ----------
    exprs : sympy.Expr, nested list/tuple of Expr, sympy Matrix or Array
        What to compute; symengine expressions are accepted too. The kernel's per-point
        result has the shape of ``exprs``.
    args : sequence of Symbol or Matrix of Symbol
        The inputs, in call order. A matrix argument is passed as an array whose trailing
        dimensions equal the matrix's shape.
    backend : {"numba", "symengine", "numpy"}
        ``"numba"``: a fused loop in a generated, cached module (the default, fastest to
        run). ``"symengine"``: symengine's LLVM ``Lambdify`` (fastest to compile, real
        only). ``"numpy"``: ``sympy.lambdify`` with numpy, a reference for debugging.
    dtype : {"float64", "float32", "complex128"}
        Inputs are converted to it; arithmetic and outputs use it.
    cse : bool
        Eliminate common subexpressions across all outputs.
    optimize : callable, optional
        ``list[Expr] -> list[Expr]`` run before CSE, e.g. an e-graph optimiser.
    parallel : {"auto", True, False}
        ``True`` runs the loop on numba threads (``prange``); ``"auto"`` does so only for
        calls above 5e7 point-operations when more than 2 threads are available (on 2 cores
        it measured no gain and costs ~2.5x the compile time).
    fastmath : bool
        Allow LLVM fast-math (NaN/Inf semantics are then not guaranteed).
    cache : bool
        Keep the generated module and numba's machine code in the cache directory
        (``SYMALG_CACHE_DIR``, else the platform cache directory) for later processes.
    vector_trig : bool
        Numba backend, real dtypes: evaluate ``sin``/``cos`` with inline, call-free
        Cody-Waite + fdlibm polynomials instead of libm calls, so LLVM vectorises the loop
        (10-20x faster trigonometry). Error <= 1 ulp for ``|x| <= 1.6e6``
        (``2^20 pi / 2``); larger arguments give NaN. Use it when arguments are known to
        be bounded (angles).
    fma : bool
        Numba backend: let LLVM contract ``a * b + c`` into fused multiply-adds (numba's
        ``fastmath={"contract"}``; NaN/Inf semantics are kept). One rounding instead of
        two, so results may differ from the unfused ones in the last bit, and are at least
        as accurate; faster on CPUs with FMA units. Ignored by the other backends.
    simd : {"auto", True, False}
        Numba backend, real dtypes: run the loop on explicit SIMD vectors (4 float64 or 8
        float32 points) whose result rows are transposed in registers and stored
        contiguously, instead of LLVM's vectorised loop, which writes each output column
        with a scatter instruction on AVX-512 machines (a 3x3 rotation kernel: 1.4x
        faster). It covers +, -, *, /, powers, comparisons, ``Piecewise``, ``Min``,
        ``Max``, ``sqrt``, ``Abs``, ``floor``, ``ceiling`` and, with ``vector_trig``,
        sin/cos. ``"auto"`` uses it when the kernel needs nothing else; ``True`` raises
        :class:`~symalg.errors.CodegenError` otherwise. Without ``fma``/``fastmath`` the
        results are bit-for-bit those of the plain loop. ``parallel`` runs take the plain
        loop. Ignored by the other backends.

    Returns
    -------
    Kernel
        ``k(*arrays, out=None)`` returns ``batch_shape + shape(exprs)``.

    Raises
    ------
    InvalidArgumentError
        A free symbol of ``exprs`` is not in ``args``; an option is not supported.
    InvalidTypeError
        ``exprs`` or ``args`` have the wrong type.
    ShapeError
        Nested ``exprs`` are ragged.
    CodegenError
        An unsupported function; the message lists the supported ones.

    Notes
    -----
    Numba kernels use ``error_model="numpy"``: division by zero gives inf/nan, no
    exception; without ``fastmath`` NaN inputs propagate to NaN outputs. Numeric
    constants are evaluated once at 30 digits and printed with 17 significant digits;
    integer powers up to 8 become multiplications; ``log(1 + x)`` and ``exp(x) - 1``
    are rewritten to ``log1p``/``expm1``. ``Piecewise`` evaluates all branches
    (without raising) and selects one; with no true condition the result is NaN.
    Real kernels return NaN where the real expression is undefined (``sqrt(-1)``).

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> from symalg.codegen import compile_kernel
    >>> x, y = sp.symbols("x y")
    >>> k = compile_kernel([x * y, sp.sin(x) + y], [x, y])
    >>> k(np.array([0.0, 1.0]), 2.0).round(6)
    array([[0.      , 2.      ],
           [2.      , 2.841471]])
    >>> compile_kernel(x + y, [x])
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: compile_kernel: free symbols ['y'] are not in args; ...
    """
    flat, shape = normalize_exprs(exprs)
    arg_specs = normalize_args(args)
    spec = KernelSpec(
        exprs=flat,
        out_shape=shape,
        args=arg_specs,
        backend=backend,
        dtype=dtype,
        cse=cse,
        optimize=optimize,
        parallel=parallel,
        fastmath=fastmath,
        cache=cache,
        vector_trig=vector_trig,
        fma=fma,
        simd=simd,
    )
    check_free_symbols(flat, arg_specs)
    return Kernel(spec)


def _no_out_with_dask(out: Any) -> None:
    if out is not None:
        raise InvalidArgumentError(
            "kernel: out= cannot be used with Dask arrays (the result is a lazy Dask array); "
            "drop out= or call .compute() on the inputs first."
        )


def broadcast_batch(batches: list[tuple[int, ...]], *, who: str) -> tuple[int, ...]:
    """The broadcast of the arguments' batch shapes, or a ShapeError saying why not."""
    try:
        return tuple(np.broadcast_shapes(*batches))
    except ValueError:
        raise ShapeError(
            f"{who} batch shapes {batches}, which do not broadcast; leading dimensions must "
            "be equal or 1."
        ) from None
