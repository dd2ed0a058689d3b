from __future__ import annotations

import numpy as np
import pytest
import sympy

from symalg.codegen import compile_kernel
from symalg.errors import (
    CodegenError,
    InvalidArgumentError,
    InvalidTypeError,
    ShapeError,
    SymalgError,
)

x, y = sympy.symbols("x y")


def test_missing_symbol_is_named() -> None:
    with pytest.raises(InvalidArgumentError, match=r"free symbols \['y'\] are not in args"):
        compile_kernel(x * y, [x])


def test_unsupported_function_lists_supported() -> None:
    f = sympy.Function("f")
    with pytest.raises(
        CodegenError, match=r"f \(in f\(x\)\) cannot be compiled.*Supported: .*sin"
    ):
        compile_kernel(f(x) + 1, [x])


@pytest.mark.parametrize(
    ("option", "value", "pattern"),
    [
        ("dtype", "int32", r"dtype='int32' is not supported; use one of 'float64', 'float32'"),
        ("backend", "cuda", r"backend='cuda' is not supported; use one of 'numba'"),
        ("parallel", "yes", r"parallel='yes' is not supported"),
    ],
)
def test_bad_option_lists_valid_ones(option, value, pattern) -> None:
    with pytest.raises(InvalidArgumentError, match=pattern):
        compile_kernel(x, [x], **{option: value})


def test_args_must_be_symbols() -> None:
    with pytest.raises(InvalidTypeError, match="neither a Symbol nor a Matrix of Symbols"):
        compile_kernel(x, [x + 1])
    with pytest.raises(InvalidTypeError, match=r"wrap a single symbol as \[x\]"):
        compile_kernel(x, x)
    with pytest.raises(InvalidArgumentError, match=r"symbols \['x'\] appear more than once"):
        compile_kernel(x, [x, x])


def test_ragged_exprs() -> None:
    with pytest.raises(ShapeError, match="ragged"):
        compile_kernel([[x, y], [x]], [x, y])


def test_inconsistent_call_shapes_show_shapes() -> None:
    k = compile_kernel(x + y, [x, y])
    with pytest.raises(
        ShapeError, match=r"batch shapes \[\(3,\), \(4,\)\], which do not broadcast"
    ):
        k(np.zeros(3), np.zeros(4))
    with pytest.raises(InvalidArgumentError, match="takes 2 arguments"):
        k(np.zeros(3))


def test_matrix_argument_shape_checked() -> None:
    M = sympy.Matrix(2, 2, sympy.symbols("a:d"))
    k = compile_kernel(M.det(), [M])
    with pytest.raises(ShapeError, match=r"has shape \(5, 3\); expected \(\.\.\., 2, 2\)"):
        k(np.zeros((5, 3)))


def test_out_checked() -> None:
    k = compile_kernel([x, y], [x, y])
    with pytest.raises(ShapeError, match=r"expected shape \(3, 2\), dtype float64"):
        k(np.zeros(3), 1.0, out=np.zeros((3, 3)))
    with pytest.raises(ShapeError, match="dtype float32"):
        k(np.zeros(3), 1.0, out=np.zeros((3, 2), np.float32))


def test_complex_input_to_real_kernel() -> None:
    k = compile_kernel(x, [x])
    with pytest.raises(InvalidTypeError, match="dtype='complex128'"):
        k(np.array([1j]))
    with pytest.raises(InvalidTypeError, match="expected real numbers"):
        k(np.array(["a"]))


def test_imaginary_constant_needs_complex_dtype() -> None:
    with pytest.raises(CodegenError, match="not real; use dtype='complex128'"):
        compile_kernel(sympy.I * x, [x])


def test_optimizer_errors_are_translated() -> None:
    def broken(exprs):
        raise RuntimeError("boom")

    with pytest.raises(CodegenError, match="raised RuntimeError: boom"):
        compile_kernel(x, [x], optimize=broken)
    with pytest.raises(InvalidTypeError, match="must return a list of 1 expressions"):
        compile_kernel(x, [x], optimize=lambda e: [])


def test_symengine_backend_rejects_complex_clearly() -> None:
    with pytest.raises(CodegenError, match="real expressions only"):
        compile_kernel(x, [x], backend="symengine", dtype="complex128")


def test_errors_are_symalg_errors() -> None:
    for err in (CodegenError, InvalidArgumentError, InvalidTypeError, ShapeError):
        assert issubclass(err, SymalgError)
