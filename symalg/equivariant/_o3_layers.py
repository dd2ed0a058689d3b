"""Neural layers on irreps features: a CG tensor-product layer and a Gaunt layer.

The O(3) claims are stated as plain data (:attr:`claim_data`): ``symalg.equivariant`` may
not import ``symalg.nn``, so ``symalg.nn`` turns these fields into ``Claim`` objects when it
registers the layers.
"""

# The degree is called l, as in the literature and the fixed public API.
# ruff: noqa: E741

from __future__ import annotations

from typing import Any

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.equivariant._o3_gaunt_product import GauntTensorProduct
from symalg.equivariant._o3_irreps import Irreps
from symalg.equivariant._o3_tensor_product import TensorProduct
from symalg.typing import RNGLike

__all__ = ["TensorProductLayer", "GauntLayer", "norm_gate"]


def norm_gate(irreps: Irreps, z: np.ndarray) -> np.ndarray:
    """Equivariant nonlinearity: ``tanh`` on scalars, ``v * sigmoid(|v|^2 - 1)`` on ``l > 0``.

    ``tanh`` is odd, so pseudoscalars (``0o``) stay pseudoscalars; the norms of the
    ``l > 0`` blocks are invariant, so scaling by a function of them commutes with O(3).
    """
    out = np.empty_like(z)
    for (mul, l, _), sl in zip(irreps, irreps.slices(), strict=True):
        block = z[..., sl].reshape(z.shape[:-1] + (mul, 2 * l + 1))
        if l == 0:
            gated = np.tanh(block)
        else:
            sq = (block**2).sum(axis=-1, keepdims=True)
            gated = block / (1.0 + np.exp(1.0 - sq))
        out[..., sl] = gated.reshape(z.shape[:-1] + (-1,))
    return out


def _fields(layer: Any, n_nodes: int) -> tuple[dict[str, Any], ...]:
    act = [f"irreps:{ir}" for ir in (layer.irreps_in1, layer.irreps_in2, layer.irreps_out)]
    return (
        {
            "name": "o3-equivariance",
            "group": "O3",
            "input_action": (act[0], act[1]),
            "output_action": act[2],
            "inputs": (
                ("arrays", {"shape": (n_nodes, layer.irreps_in1.dim)}),
                ("arrays", {"shape": (n_nodes, layer.irreps_in2.dim)}),
            ),
        },
    )


class TensorProductLayer:
    """Clebsch-Gordan tensor product followed by an equivariant norm gate.

    Parameters
    ----------
    irreps_in1, irreps_in2, irreps_out : str or Irreps
        Defaults ``"2x0e+1x1o+1x2e"``, ``"1x0e+1x1o+1x2e"``, ``"2x0e+1x1o+1x1e+1x2e"``.
    n_nodes : int, default 4
        Rows of the inputs used by the claim (the layer accepts any batch).
    rng : int, Generator or None, default 0

    Notes
    -----
    ``f(x1, x2) = gate(TP(x1, x2))`` with :class:`TensorProduct` (all allowed paths) and
    :func:`norm_gate`. Claim (:attr:`claim_data`): O(3)-equivariant with the irreps
    actions, ``f(D1 x1, D2 x2) = D_out f(x1, x2)``, exactly (to round-off).

    Examples
    --------
    >>> import numpy as np
    >>> f = TensorProductLayer()
    >>> x1, x2 = f.irreps_in1.randn(4, rng=0), f.irreps_in2.randn(4, rng=1)
    >>> g = np.diag([1.0, -1.0, 1.0])  # a reflection
    >>> d1, d2, do = (ir.D_from_matrix(g) for ir in (f.irreps_in1, f.irreps_in2, f.irreps_out))
    >>> bool(np.allclose(f(x1 @ d1.T, x2 @ d2.T), f(x1, x2) @ do.T))
    True
    """

    name = "tensor_product_layer"

    def __init__(
        self,
        irreps_in1: str | Irreps = "2x0e+1x1o+1x2e",
        irreps_in2: str | Irreps = "1x0e+1x1o+1x2e",
        irreps_out: str | Irreps = "2x0e+1x1o+1x1e+1x2e",
        *,
        n_nodes: int = 4,
        rng: RNGLike = 0,
    ) -> None:
        self.n_nodes = check_int("n_nodes", n_nodes, where="TensorProductLayer", minimum=1)
        self.tp = TensorProduct(irreps_in1, irreps_in2, irreps_out, rng=rng)
        self.irreps_in1, self.irreps_in2 = self.tp.irreps_in1, self.tp.irreps_in2
        self.irreps_out = self.tp.irreps_out
        #: The O(3) claim as keyword arguments of ``symalg.nn.Claim`` (inputs as pairs).
        self.claim_data = _fields(self, self.n_nodes)

    def __call__(self, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
        """Map features ``(..., dim1)`` and ``(..., dim2)`` to ``(..., dim_out)``."""
        return norm_gate(self.irreps_out, self.tp(x1, x2))


class GauntLayer:
    """Gaunt product of two spherical-harmonic features plus a per-degree skip connection.

    Parameters
    ----------
    lmax : int, default 2
        Degree of inputs and output (irreps ``0e + 1o + ... `` up to ``lmax``).
    n_nodes : int, default 4
        Rows of the inputs used by the claim.
    rng : int, Generator or None, default 0

    Notes
    -----
    ``f(x1, x2) = gate(w_out * Gaunt(w1 * x1, w2 * x2) + s * x1)`` with per-degree weights
    ``w1, w2, w_out, s`` (:class:`GauntTensorProduct`) and :func:`norm_gate`. Only even
    paths contribute to the product. Claim: O(3)-equivariant with the irreps of the
    harmonics.

    Examples
    --------
    >>> import numpy as np
    >>> f = GauntLayer(lmax=2)
    >>> x1, x2 = f.irreps_in1.randn(3, rng=0), f.irreps_in2.randn(3, rng=1)
    >>> d = f.irreps_in1.D_from_matrix(-np.eye(3))
    >>> bool(np.allclose(f(x1 @ d.T, x2 @ d.T), f(x1, x2) @ d.T))
    True
    """

    name = "gaunt_layer"

    def __init__(self, lmax: int = 2, *, n_nodes: int = 4, rng: RNGLike = 0) -> None:
        where = "GauntLayer"
        self.lmax = check_int("lmax", lmax, where=where, minimum=0)
        self.n_nodes = check_int("n_nodes", n_nodes, where=where, minimum=1)
        gen = check_rng(rng, where=where)
        self.product = GauntTensorProduct(self.lmax, self.lmax, self.lmax)
        for name in ("weights1", "weights2", "weights_out"):
            setattr(self.product, name, gen.standard_normal(self.lmax + 1))
        self.skip = gen.standard_normal(self.lmax + 1)
        self.irreps_in1 = self.irreps_in2 = self.irreps_out = self.product.irreps_out
        #: The O(3) claim as keyword arguments of ``symalg.nn.Claim`` (inputs as pairs).
        self.claim_data = _fields(self, self.n_nodes)

    def __call__(self, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
        """Map two ``(..., (lmax+1)**2)`` features to one of the same size."""
        z = self.product(x1, x2)
        z = z + np.repeat(self.skip, 2 * np.arange(self.lmax + 1) + 1) * np.asarray(x1)
        return norm_gate(self.irreps_out, z)
