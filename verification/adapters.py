"""Thin adapters: call torch modules and JAX functions on numpy arrays.

torch and jax are optional; each adapter imports its framework only when called and raises
a clear error naming the missing package.

Examples
--------
>>> from verification import adapters
>>> sorted(adapters.__all__)
['from_jax', 'from_torch']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import numpy as np

from symalg import InvalidArgumentError

__all__ = ["from_torch", "from_jax"]


def _require(name: str, where: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise InvalidArgumentError(
            f"{where}: {name} is not installed; install it (pip install {name}) or pass a "
            "numpy callable."
        ) from err


def _to_numpy(out: Any) -> Any:
    if isinstance(out, (tuple, list)):
        return tuple(_to_numpy(o) for o in out)
    if hasattr(out, "detach"):
        return out.detach().cpu().numpy()
    return np.asarray(out)


def from_torch(module: Callable[..., Any], *, device: str = "cpu") -> Callable[..., Any]:
    """Wrap a torch module or function as a numpy callable (no grad, TF32 off).

    Inputs are converted with ``torch.from_numpy`` (keeping float32/float64), moved to
    ``device``; outputs come back as numpy arrays. TF32 matmuls are disabled during the call
    because they make float32 equivariance errors of order 1e-3 on GPUs.

    Raises
    ------
    InvalidArgumentError
        If torch is not installed.

    Examples
    --------
    >>> import numpy as np
    >>> from verification.adapters import from_torch
    >>> try:
    ...     f = from_torch(lambda x: x * 2)
    ... except Exception:  # torch is not installed: fall back to numpy
    ...     f = lambda x: x * 2
    >>> f(np.ones(2)).tolist()
    [2.0, 2.0]
    """
    torch = _require("torch", "from_torch")

    def call(*xs: np.ndarray) -> Any:
        tensors = [torch.from_numpy(np.ascontiguousarray(x)).to(device) for x in xs]
        flags = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
        try:
            with torch.no_grad():
                return _to_numpy(module(*tensors))
        finally:
            torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = flags

    call.__qualname__ = getattr(module, "__qualname__", type(module).__name__)
    return call


def from_jax(fn: Callable[..., Any], *, jit: bool = False) -> Callable[..., Any]:
    """Wrap a JAX function as a numpy callable (optionally jitted).

    float64 inputs need ``jax.config.update("jax_enable_x64", True)``; otherwise JAX
    silently computes in float32 and the float64 tolerance is meaningless, so the adapter
    raises instead.

    Raises
    ------
    InvalidArgumentError
        If jax is not installed, or a float64 input arrives while x64 is disabled.

    Examples
    --------
    >>> import numpy as np
    >>> from verification.adapters import from_jax
    >>> try:
    ...     f = from_jax(lambda x: x * 2)
    ... except Exception:  # jax is not installed: fall back to numpy
    ...     f = lambda x: x * 2
    >>> f(np.ones(2, dtype=np.float32)).tolist()
    [2.0, 2.0]
    """
    jax = _require("jax", "from_jax")
    jnp = importlib.import_module("jax.numpy")
    f = jax.jit(fn) if jit else fn

    def call(*xs: np.ndarray) -> Any:
        if any(np.asarray(x).dtype == np.float64 for x in xs) and not jax.config.jax_enable_x64:
            raise InvalidArgumentError(
                "from_jax: float64 input but jax_enable_x64 is off; call "
                "jax.config.update('jax_enable_x64', True) or check with dtype='float32'."
            )
        return _to_numpy(f(*(jnp.asarray(x) for x in xs)))

    call.__qualname__ = getattr(fn, "__qualname__", "jax_function")
    return call
