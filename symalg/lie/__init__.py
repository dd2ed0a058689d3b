"""Matrix Lie groups: closed-form exp/log/Jacobians, decompositions and Haar measures.

Groups are batched over leading dimensions and work in float64 and float32:
:class:`SO2`, :class:`SO3`, :class:`SE2`, :class:`SE3` (closed forms with series branches
derived in sympy), :class:`GLPlus`, :class:`SL` and :class:`Affine` (polar, Iwasawa and the
global chart :func:`xi_inv`), :class:`SPD` geometry, Haar densities and samplers, and
:class:`RootSystem`. Conventions are those of ``docs/explanation/lie.md``.

Examples
--------
>>> import numpy as np
>>> from symalg.lie import SO3
>>> omega = np.array([0.1, -0.2, 0.3])
>>> bool(np.allclose(SO3.exp(omega).log(), omega))
True
"""

from __future__ import annotations

from symalg.lie._affine import Affine, AffineElement
from symalg.lie._coefficients import series_switch_points
from symalg.lie._errors import NonUniqueLogWarning, NotInImageError
from symalg.lie._gconv import AffineGroupConv
from symalg.lie._haar import (
    cartan_density,
    importance_weights,
    iwasawa_density,
    sample_haar_orthogonal,
    sample_spd_lognormal,
    sample_uniform_tangent_so3,
    spd_density,
)
from symalg.lie._linear import SL, GLPlus, LinearElement
from symalg.lie._planar import SE2, SO2
from symalg.lie._polar import iwasawa, polar, xi, xi_inv
from symalg.lie._roots import RootSystem, cartan_matrix
from symalg.lie._se3 import SE3
from symalg.lie._so3 import SO3
from symalg.lie._spd import SPD

__all__ = [
    "SO2",
    "SO3",
    "SE2",
    "SE3",
    "GLPlus",
    "SL",
    "LinearElement",
    "Affine",
    "AffineElement",
    "SPD",
    "polar",
    "xi_inv",
    "xi",
    "iwasawa",
    "cartan_density",
    "iwasawa_density",
    "spd_density",
    "importance_weights",
    "sample_haar_orthogonal",
    "sample_spd_lognormal",
    "sample_uniform_tangent_so3",
    "series_switch_points",
    "RootSystem",
    "AffineGroupConv",
    "cartan_matrix",
    "NotInImageError",
    "NonUniqueLogWarning",
]
