"""Reference neural components whose symmetry claims are stated as data.

Each component has a ``claims`` tuple of :class:`Claim` (group, input action, output
action, inputs, exact or approximate with a tolerance, known degenerate regions).
``symalg`` never imports ``verification``: ``verification`` reads these claims and checks
them (``symalg verify``). Other modules register their components with
:func:`register_component`.

Examples
--------
>>> from symalg.nn import make_component
>>> [c.name for c in make_component("egnn").claims]
['e3-equivariance', 'permutation-equivariance']
"""

from __future__ import annotations

from symalg.nn._affine_conv import AffineConvLayer
from symalg.nn._claims import CLAIM_KINDS, Claim, Degeneracy, InputSpec
from symalg.nn._deepsets import DeepSets
from symalg.nn._egnn import EGNNLayer
from symalg.nn._equivariant import (
    GauntLayer,
    GraphPolynomialLayer,
    TensorProductLayer,
    claims_from_data,
)
from symalg.nn._frames import FrameAveragedMLP
from symalg.nn._graph import GraphLayer
from symalg.nn._mlp import PermutableMLP
from symalg.nn._monoid import MonoidAggregator, tree_reduce
from symalg.nn._potential import PairPotential
from symalg.nn._registry import component_names, make_component, register_component
from symalg.nn._spe import SPE

__all__ = [
    "Claim",
    "InputSpec",
    "Degeneracy",
    "CLAIM_KINDS",
    "DeepSets",
    "GraphLayer",
    "FrameAveragedMLP",
    "EGNNLayer",
    "SPE",
    "MonoidAggregator",
    "tree_reduce",
    "PermutableMLP",
    "PairPotential",
    "AffineConvLayer",
    "GraphPolynomialLayer",
    "TensorProductLayer",
    "GauntLayer",
    "claims_from_data",
    "register_component",
    "component_names",
    "make_component",
]

for _cls in (
    DeepSets,
    GraphLayer,
    FrameAveragedMLP,
    EGNNLayer,
    SPE,
    MonoidAggregator,
    PermutableMLP,
    PairPotential,
    AffineConvLayer,
    GraphPolynomialLayer,
    TensorProductLayer,
    GauntLayer,
):
    register_component(_cls.name, _cls)
del _cls
