"""Type aliases used in public signatures."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np

__all__ = ["RNGLike", "DTypeName", "Backend"]

#: Anything accepted where randomness is needed: a seed, a Generator, or None (fresh entropy).
RNGLike: TypeAlias = int | np.random.Generator | None

#: Floating and complex dtypes accepted by kernels.
DTypeName: TypeAlias = Literal["float64", "float32", "complex128"]

#: Kernel back ends.
Backend: TypeAlias = Literal["numba", "symengine", "numpy"]
