"""Linear structural equation models on mixed graphs, cyclic directed parts included.

A linear SEM on G = (V, D, B) has covariance Sigma = (I - Lambda)^-T Omega (I - Lambda)^-1.
This package gives Sigma in closed form (trek rule, one-connection rule), the model's
dimension and identifiability, its vanishing ideal, and compiled numeric kernels.

Examples
--------
>>> from symalg.sem import MixedGraph, covariance_matrix
>>> G = MixedGraph.parse("1->2, 2->3")
>>> covariance_matrix(G)[0, 2]
l_1_2*l_2_3*w_1_1
"""

from __future__ import annotations

from symalg.sem._covariance import covariance_matrix, covariance_numerator
from symalg.sem._dimension import is_generically_finite_to_one, model_dimension
from symalg.sem._fit import FitResult, fit, sigma_and_derivatives, simulate
from symalg.sem._graph import MixedGraph, Vertex
from symalg.sem._groebner import available_backends, detect_backend, implicit_ideal
from symalg.sem._ideal import IdealSearch, search_vanishing_ideal, vanishing_ideal
from symalg.sem._identify import ParameterStatus, identifiability
from symalg.sem._kernel import CovarianceKernel, covariance_kernel
from symalg.sem._one_connection import GROUND, OneConnection, auxiliary_graph, one_connections
from symalg.sem._trek import Trek, treks
from symalg.sem._trek_separation import RankCondition, t_separation_number, trek_separation

__all__ = [
    "MixedGraph",
    "Vertex",
    "covariance_matrix",
    "covariance_numerator",
    "treks",
    "Trek",
    "one_connections",
    "OneConnection",
    "auxiliary_graph",
    "GROUND",
    "covariance_kernel",
    "CovarianceKernel",
    "simulate",
    "fit",
    "FitResult",
    "sigma_and_derivatives",
    "vanishing_ideal",
    "search_vanishing_ideal",
    "IdealSearch",
    "implicit_ideal",
    "available_backends",
    "detect_backend",
    "trek_separation",
    "t_separation_number",
    "RankCondition",
    "model_dimension",
    "is_generically_finite_to_one",
    "identifiability",
    "ParameterStatus",
]
