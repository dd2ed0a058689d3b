"""Symbolic expressions -> cached, fast numeric kernels.

The pipeline: validate -> optional optimiser (e.g. an e-graph) -> accuracy rewrites ->
common-subexpression elimination -> straight-line SSA -> a Python module written to a
content-hashed file in the cache directory -> ``numba.njit(cache=True)``. A second process
imports the same file and reuses numba's machine code, so nothing is recompiled.

Examples
--------
>>> import numpy as np, sympy as sp
>>> from symalg.codegen import compile_kernel
>>> t = sp.Symbol("t")
>>> k = compile_kernel(sp.Matrix([[sp.cos(t), -sp.sin(t)], [sp.sin(t), sp.cos(t)]]), [t])
>>> k(np.zeros(5)).shape
(5, 2, 2)
"""

from __future__ import annotations

from symalg.codegen._dask import DaskJacobianKernel, DaskKernel, dask_kernel
from symalg.codegen._kernel import JacobianKernel, Kernel, OpCounts, compile_kernel
from symalg.codegen._printer import supported_functions

__all__ = [
    "compile_kernel",
    "Kernel",
    "JacobianKernel",
    "OpCounts",
    "supported_functions",
    "dask_kernel",
    "DaskKernel",
    "DaskJacobianKernel",
]
