from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError
from verification import assert_equivariant, strategies
from verification.adapters import from_jax, from_torch


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="torch installed")
def test_missing_torch_is_a_clear_error() -> None:
    with pytest.raises(InvalidArgumentError, match="torch is not installed"):
        from_torch(lambda x: x)


@pytest.mark.skipif(importlib.util.find_spec("jax") is not None, reason="jax installed")
def test_missing_jax_is_a_clear_error() -> None:
    with pytest.raises(InvalidArgumentError, match="jax is not installed"):
        from_jax(lambda x: x)


def test_torch_module_is_checked_like_a_numpy_callable() -> None:
    torch = pytest.importorskip("torch")
    lin = torch.nn.Linear(3, 3, bias=False).double()
    with torch.no_grad():
        lin.weight.copy_(torch.eye(3, dtype=torch.float64) * 2.0)
    f = from_torch(lin)
    r = assert_equivariant(
        f,
        group="O3",
        input_action="vectors",
        output_action="vectors",
        inputs=strategies.point_clouds(4),
        max_examples=20,
        seed=0,
    )
    assert r.passed
    assert isinstance(f(np.ones((2, 3))), np.ndarray)


def test_jax_function_is_checked_like_a_numpy_callable() -> None:
    jax = pytest.importorskip("jax")
    jnp = pytest.importorskip("jax.numpy")
    f = from_jax(lambda x: jnp.linalg.norm(x - x.mean(axis=0), axis=1), jit=True)
    r = assert_equivariant(
        f,
        group="E3",
        input_action="points",
        output_action="trivial",
        inputs=strategies.point_clouds(4),
        max_examples=20,
        seed=0,
        dtype="float32" if not jax.config.jax_enable_x64 else "float64",
    )
    assert r.passed
