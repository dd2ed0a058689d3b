"""symalg: exact symbolic derivations compiled into fast numeric kernels.

Subpackages
-----------
codegen
    sympy expressions -> cached numba kernels (:func:`symalg.codegen.compile_kernel`).
lie
    Matrix Lie groups: closed-form exp/log/Jacobians, polar/Iwasawa decompositions, Haar
    measures.
egraph
    Equality saturation: rewrite expressions to the cheapest form before code generation.
equivariant
    S_n-equivariant graph polynomial and linear-layer bases; O(3) harmonics, Clebsch-Gordan
    and Gaunt coefficients, Wigner-D matrices and tensor products.
sem
    Linear SEMs on mixed graphs (cyclic included): closed-form covariances, vanishing
    ideals, identifiability, compiled kernels.
nn
    Reference neural components whose symmetry claims ``symalg verify`` checks.
parallel
    Executors (local or Dask): kernels on Dask arrays, verification campaigns, model-space
    searches.

Examples
--------
>>> import symalg
>>> isinstance(symalg.__version__, str)
True
"""

from __future__ import annotations

from symalg._version import __version__
from symalg.errors import (
    CodegenError,
    ConvergenceError,
    ConvergenceWarning,
    GraphError,
    InvalidArgumentError,
    InvalidTypeError,
    NotIdentifiableError,
    PrecisionWarning,
    SaturationWarning,
    ShapeError,
    SymalgError,
    SymalgWarning,
)

__all__ = [
    "__version__",
    "SymalgError",
    "InvalidArgumentError",
    "ShapeError",
    "GraphError",
    "InvalidTypeError",
    "NotIdentifiableError",
    "CodegenError",
    "ConvergenceError",
    "SymalgWarning",
    "ConvergenceWarning",
    "PrecisionWarning",
    "SaturationWarning",
]
