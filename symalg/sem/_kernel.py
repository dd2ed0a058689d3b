"""``covariance_kernel``: the closed form compiled into a batched kernel theta -> Sigma."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

import numpy as np
import sympy

from symalg._validation import check_option
from symalg.codegen import JacobianKernel, Kernel, compile_kernel
from symalg.errors import ShapeError
from symalg.sem._covariance import check_graph, parametrization
from symalg.sem._graph import MixedGraph
from symalg.sem._one_connection import oc_adjugate

__all__ = ["CovarianceKernel", "covariance_kernel"]


class CovarianceKernel:
    """Sigma(theta) and its Jacobian for one graph, compiled once; see :func:`covariance_kernel`.

    Attributes
    ----------
    graph : MixedGraph
    n_parameters : int
        Length of the last axis of ``theta`` (``graph.parameters`` order).
    """

    def __init__(self, graph: MixedGraph, backend: str, dtype: str) -> None:
        self.graph = graph
        self.n_parameters = graph.n_parameters
        self._backend, self._dtype = backend, dtype
        polys, _, det = parametrization(graph)
        n = polys.n
        adj = oc_adjugate(polys)
        adj_m = sympy.Matrix(n, n, lambda k, i: adj[k][i].as_expr())
        inv_det2 = sympy.Pow(det.as_expr(), -2)
        body = adj_m.T * graph.omega_matrix() * adj_m
        self._exprs = body.applyfunc(lambda e: e * inv_det2)
        self._arg = sympy.Matrix([list(graph.parameters)])

    @cached_property
    def kernel(self) -> Kernel:
        """The compiled value kernel (argument: a (1, n_parameters) matrix)."""
        return compile_kernel(self._exprs, [self._arg], backend=self._backend, dtype=self._dtype)

    @cached_property
    def jacobian_kernel(self) -> JacobianKernel:
        """The compiled values-and-Jacobian kernel."""
        return self.kernel.jacobian()

    def _theta(self, theta: Any) -> np.ndarray:
        arr = np.asarray(theta, dtype=float)
        if arr.ndim == 0 or arr.shape[-1] != self.n_parameters:
            raise ShapeError(
                f"CovarianceKernel: theta has shape {arr.shape}; expected (..., "
                f"{self.n_parameters}) with the parameters "
                f"{list(map(str, self.graph.parameters))}."
            )
        return arr[..., None, :]

    def __call__(self, theta: Any) -> np.ndarray:
        """Sigma at each parameter vector: shape ``theta.shape[:-1] + (n, n)``."""
        return self.kernel(self._theta(theta))

    def jacobian(self, theta: Any) -> tuple[np.ndarray, np.ndarray]:
        """``(Sigma, dSigma/dtheta)`` with shapes ``(..., n, n)`` and ``(..., n, n, p)``."""
        return self.jacobian_kernel(self._theta(theta))


def covariance_kernel(
    graph: MixedGraph,
    *,
    backend: Literal["numba", "symengine", "numpy"] = "numba",
    dtype: Literal["float64", "float32"] = "float64",
) -> CovarianceKernel:
    """Compile theta -> Sigma(theta) (and its Jacobian) for the SEM on ``graph``.

    The one-connection closed form adj^T Omega adj / det(I - Lambda)^2 goes through
    :func:`symalg.codegen.compile_kernel` (CSE shares the adjugate entries and the
    determinant); valid for cyclic graphs wherever det(I - Lambda) != 0.

    Parameters
    ----------
    graph : MixedGraph
    backend : {"numba", "symengine", "numpy"}
    dtype : {"float64", "float32"}

    Returns
    -------
    CovarianceKernel
        ``k(theta)`` with ``theta`` of shape ``(..., p)`` in ``graph.parameters`` order returns
        ``(..., n, n)``; ``k.jacobian(theta)`` returns values and ``(..., n, n, p)``.

    Raises
    ------
    InvalidArgumentError
        Unknown backend or dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.sem import MixedGraph, covariance_kernel
    >>> G = MixedGraph.parse("1->2, 2->1")
    >>> k = covariance_kernel(G)
    >>> theta = np.array([0.5, 0.25, 1.0, 2.0])  # l_1_2, l_2_1, w_1_1, w_2_2
    >>> A = np.eye(2) - np.array([[0, 0.5], [0.25, 0]])
    >>> inv = np.linalg.inv(A)
    >>> bool(np.allclose(k(theta), inv.T @ np.diag([1.0, 2.0]) @ inv))
    True
    >>> k(np.zeros(3))
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: CovarianceKernel: theta has shape (3,); expected (..., 4) ...
    """
    check_graph(graph, "covariance_kernel")
    check_option("backend", backend, ("numba", "symengine", "numpy"), where="covariance_kernel")
    check_option("dtype", dtype, ("float64", "float32"), where="covariance_kernel")
    return CovarianceKernel(graph, backend, dtype)
