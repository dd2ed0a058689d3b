"""The e3nn converters against e3nn itself (skipped unless e3nn and torch are installed)."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest

from symalg.equivariant import (
    e3nn_to_symalg_matrix,
    e3nn_to_symalg_vectors,
    spherical_harmonics_kernel,
    wigner_D_from_matrix,
)

o3 = pytest.importorskip("e3nn.o3")
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("l", range(5))
def test_real_harmonics_equal_e3nns_after_the_frame_change(l: int) -> None:
    v = np.random.default_rng(l).standard_normal((16, 3))
    theirs = o3.spherical_harmonics(l, torch.tensor(v), normalize=True, normalization="integral")
    ours = spherical_harmonics_kernel(l)(*e3nn_to_symalg_vectors(v).T)
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=0, atol=1e-14)


@pytest.mark.parametrize("l", range(4))
def test_wigner_d_equals_e3nns_after_the_frame_change(l: int) -> None:
    torch.manual_seed(l)
    r = o3.rand_matrix().double()
    theirs = o3.Irrep(l, 1).D_from_matrix(r).numpy()
    ours = wigner_D_from_matrix(l, e3nn_to_symalg_matrix(r.numpy()))
    # e3nn goes through Euler angles in torch's default float32 for part of the way
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)
