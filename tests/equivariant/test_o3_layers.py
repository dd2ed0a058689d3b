"""The O(3) layers against the verifier: claims hold, deliberately broken layers are caught."""

# ruff: noqa: E741  (the degree is called l, as in the public API)

from __future__ import annotations

import numpy as np
import pytest

import verification
from symalg.equivariant import GauntLayer, TensorProductLayer
from symalg.nn import claims_from_data


def with_claims(layer):  # noqa: ANN001, ANN201
    """Attach the layer's claims as symalg.nn.Claim objects (what symalg.nn registers)."""
    layer.claims = claims_from_data(layer.claim_data)
    return layer


@pytest.mark.parametrize("make", [TensorProductLayer, GauntLayer], ids=["tp", "gaunt"])
def test_layer_claims_hold(make) -> None:  # noqa: ANN001
    layer = with_claims(make())
    assert layer.name in {"tensor_product_layer", "gaunt_layer"}
    reports = verification.verify_component(layer, max_examples=15, seed=0)
    assert [r.status for r in reports] == ["holds"]
    assert reports[0].max_rel_error < 1e-12


def test_wrong_parity_is_caught() -> None:
    layer = TensorProductLayer("1x1o", "1x1o", "1x1e")
    # claims a vector, computes a pseudovector
    layer.claim_data = ({**layer.claim_data[0], "output_action": "irreps:1x1o"},)
    (report,) = verification.verify_component(with_claims(layer), max_examples=15, seed=0)
    assert report.status == "violation"


def test_transposed_cg_block_is_free_but_reversed_orders_are_caught() -> None:
    layer = TensorProductLayer("1x1o", "1x2e", "1x2o")
    x1, x2 = layer.irreps_in1.randn(3, rng=0), layer.irreps_in2.randn(3, rng=1)
    q = layer.tp.dense_tensor()
    # transposing (mu2, M) of a real CG block with l2 = L only flips its sign (the block is
    # antisymmetric there), so that classic slip is harmless; reversing the output orders
    # (mu -> -mu, a complex-basis habit) is not, and the verifier must catch it
    np.testing.assert_allclose(q.transpose(0, 2, 1), -q, atol=1e-15)
    assert np.abs(layer(x1, x2)).max() > 1e-3
    layer.tp._io = 4 - layer.tp._io
    (report,) = verification.verify_component(with_claims(layer), max_examples=15, seed=0)
    assert report.status == "violation"


def test_gaunt_layer_outputs_depend_on_both_inputs() -> None:
    f = GauntLayer()
    x1, x2 = f.irreps_in1.randn(3, rng=0), f.irreps_in2.randn(3, rng=1)
    assert not np.allclose(f(x1, x2), f(x1, 2 * x2))
