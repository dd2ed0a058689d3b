"""Equivariant polynomial bases, equivariant linear maps and O(3) harmonics.

S_n half: bases of S_n-equivariant graph polynomials, one per multigraph, evaluated as
planned tensor contractions (:func:`graph_polynomial_basis`, :func:`count_graph_polynomials`,
:func:`computable_by`); equivariant linear-layer bases (:func:`linear_equivariant_basis`); an
EMLP-style numerical solver for any matrix group (:func:`equivariant_basis`).

O(3) half: exact spherical harmonics, Clebsch-Gordan, 3j and Gaunt coefficients, real
Wigner-D matrices, :class:`Irreps`, and compiled tensor products (:class:`TensorProduct`,
:class:`GauntTensorProduct`). Conventions: complex Y with the Condon-Shortley phase; real
harmonics ``mu = -l..l`` without it, ``Y_1 = sqrt(3/(4 pi)) (y, z, x)``; rotations
``Rz(alpha) Ry(beta) Rz(gamma)``, active.

Examples
--------
>>> from symalg.equivariant import count_graph_polynomials, clebsch_gordan
>>> count_graph_polynomials(degree=1, output="edge", symmetric=False)
15
>>> clebsch_gordan(1, 0, 1, 0, 2, 0)
sqrt(6)/3
"""

from __future__ import annotations

from symalg.equivariant._o3_convert import (
    E3NN_PERMUTATION,
    e3nn_sh_factor,
    e3nn_to_symalg_matrix,
    e3nn_to_symalg_vectors,
    symalg_to_e3nn_matrix,
    symalg_to_e3nn_vectors,
    wigner_D_from_sympy,
)
from symalg.equivariant._o3_coupling import (
    clebsch_gordan,
    gaunt,
    gaunt_constant,
    real_clebsch_gordan,
    real_gaunt,
    wigner_3j,
)
from symalg.equivariant._o3_gaunt_product import GauntTensorProduct
from symalg.equivariant._o3_harmonics import spherical_harmonics, spherical_harmonics_kernel
from symalg.equivariant._o3_irreps import Irreps
from symalg.equivariant._o3_layers import GauntLayer, TensorProductLayer, norm_gate
from symalg.equivariant._o3_real import real_to_complex_basis
from symalg.equivariant._o3_tables import real_clebsch_gordan_table, real_gaunt_table
from symalg.equivariant._o3_tensor_product import TensorProduct
from symalg.equivariant._o3_wigner import wigner_D, wigner_D_from_matrix
from symalg.equivariant._sn_count import count_graph_polynomials
from symalg.equivariant._sn_emlp import (
    EquivariantBasis,
    GroupGenerators,
    MatrixRep,
    equivariant_basis,
)
from symalg.equivariant._sn_expressivity import computable_by
from symalg.equivariant._sn_layer import GraphPolynomialLayer
from symalg.equivariant._sn_linear import (
    linear_equivariant_basis,
    linear_equivariant_basis_sparse,
    set_partitions,
)
from symalg.equivariant._sn_multigraph import Multigraph
from symalg.equivariant._sn_polynomial import (
    GraphPolynomial,
    evaluate_basis,
    graph_polynomial_basis,
)

__all__ = [
    "Multigraph",
    "GraphPolynomial",
    "graph_polynomial_basis",
    "evaluate_basis",
    "count_graph_polynomials",
    "computable_by",
    "set_partitions",
    "linear_equivariant_basis",
    "linear_equivariant_basis_sparse",
    "GroupGenerators",
    "MatrixRep",
    "EquivariantBasis",
    "equivariant_basis",
    "GraphPolynomialLayer",
    "spherical_harmonics",
    "spherical_harmonics_kernel",
    "clebsch_gordan",
    "wigner_3j",
    "gaunt",
    "gaunt_constant",
    "real_to_complex_basis",
    "real_clebsch_gordan",
    "real_gaunt",
    "real_clebsch_gordan_table",
    "real_gaunt_table",
    "wigner_D",
    "wigner_D_from_matrix",
    "Irreps",
    "TensorProduct",
    "GauntTensorProduct",
    "TensorProductLayer",
    "GauntLayer",
    "norm_gate",
    "E3NN_PERMUTATION",
    "e3nn_to_symalg_vectors",
    "symalg_to_e3nn_vectors",
    "e3nn_to_symalg_matrix",
    "symalg_to_e3nn_matrix",
    "e3nn_sh_factor",
    "wigner_D_from_sympy",
]
