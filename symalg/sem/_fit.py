"""Numeric SEM: parameter vectors, simulation, and Gaussian maximum-likelihood fitting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.optimize

from symalg._validation import check_int, check_rng
from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.sem._covariance import check_graph
from symalg.sem._graph import MixedGraph

__all__ = ["FitResult", "fit", "simulate", "model_matrices", "sigma_and_derivatives"]


def _theta_vector(graph: MixedGraph, theta: Any, where: str) -> np.ndarray:
    names = [str(p) for p in graph.parameters]
    if isinstance(theta, Mapping):
        given = {str(k): v for k, v in theta.items()}
        missing = [n for n in names if n not in given]
        extra = [k for k in given if k not in names]
        if missing or extra:
            raise InvalidArgumentError(
                f"{where}: theta keys do not match the parameters: missing {missing}, "
                f"unknown {extra}; expected {names}."
            )
        theta = [given[n] for n in names]
    arr = np.asarray(theta, dtype=float)
    if arr.shape != (len(names),):
        raise ShapeError(
            f"{where}: theta has shape {arr.shape}; expected ({len(names)},) in the order {names}."
        )
    if not np.all(np.isfinite(arr)):
        raise InvalidArgumentError(f"{where}: theta has non-finite entries {arr.tolist()}.")
    return arr


def model_matrices(graph: MixedGraph, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Lambda, Omega) as float arrays for a parameter vector in ``graph.parameters`` order."""
    n, ix = graph.n_vertices, graph.index
    L = np.zeros((n, n))
    W = np.zeros((n, n))
    nd = len(graph.directed)
    for k, (a, b) in enumerate(graph.directed):
        L[ix[a], ix[b]] = theta[k]
    W[np.arange(n), np.arange(n)] = theta[nd : nd + n]
    for k, (a, b) in enumerate(graph.bidirected):
        W[ix[a], ix[b]] = W[ix[b], ix[a]] = theta[nd + n + k]
    return L, W


def sigma_and_derivatives(
    graph: MixedGraph, theta: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sigma, A^-1 (A = I - Lambda) and dSigma/dtheta of shape (p, n, n), by one inverse of A.

    dSigma/dl_ij = A^-T E_ji Sigma + Sigma E_ij A^-1, dSigma/dw_kl = A^-T (E_kl + E_lk) A^-1.
    """
    n, ix = graph.n_vertices, graph.index
    L, W = model_matrices(graph, theta)
    Ainv = np.linalg.inv(np.eye(n) - L)
    sigma = Ainv.T @ W @ Ainv
    d = np.zeros((graph.n_parameters, n, n))
    for k, (a, b) in enumerate(graph.directed):
        i, j = ix[a], ix[b]
        term = np.outer(Ainv.T[:, j], sigma[i, :])  # A^-T E_ji Sigma
        d[k] = term + term.T
    nd = len(graph.directed)
    for k in range(n):
        d[nd + k] = np.outer(Ainv.T[:, k], Ainv[k, :])
    for k, (a, b) in enumerate(graph.bidirected):
        i, j = ix[a], ix[b]
        term = np.outer(Ainv.T[:, i], Ainv[j, :])
        d[nd + n + k] = term + term.T
    return sigma, Ainv, d


def _check_point(graph: MixedGraph, theta: np.ndarray, where: str) -> None:
    L, W = model_matrices(graph, theta)
    det = np.linalg.det(np.eye(graph.n_vertices) - L)
    if abs(det) < 1e-12:
        raise InvalidArgumentError(
            f"{where}: det(I - Lambda) = {det:.3g} at theta; the model needs det != 0 "
            "(shrink the cycle weights)."
        )
    if np.linalg.eigvalsh(W)[0] <= 0:
        raise InvalidArgumentError(
            f"{where}: Omega is not positive definite (smallest eigenvalue "
            f"{np.linalg.eigvalsh(W)[0]:.3g}); raise the w_i_i or shrink the w_i_j."
        )


def simulate(
    graph: MixedGraph, theta: Any, n_samples: int, rng: int | np.random.Generator | None = None
) -> np.ndarray:
    """Draw samples X with X = Lambda^T X + eps, eps ~ N(0, Omega), rows = samples.

    Parameters
    ----------
    graph : MixedGraph
    theta : array_like of shape (p,) or mapping name -> value
        Parameters in ``graph.parameters`` order (or keyed by symbol / name).
    n_samples : int
    rng : int, numpy.random.Generator or None

    Returns
    -------
    ndarray of shape (n_samples, n)
        Columns follow ``graph.vertices``; the population covariance is Sigma(theta).

    Raises
    ------
    ShapeError
        ``theta`` has the wrong length.
    InvalidArgumentError
        det(I - Lambda) = 0, Omega not positive definite, or unknown/missing names.

    Examples
    --------
    >>> from symalg.sem import MixedGraph, simulate
    >>> G = MixedGraph.parse("1->2")
    >>> simulate(G, [0.5, 1.0, 1.0], 4, rng=0).shape
    (4, 2)
    >>> simulate(G, {"l_1_2": 0.5}, 4)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: simulate: theta keys do not match the parameters: ...
    """
    check_graph(graph, "simulate")
    theta = _theta_vector(graph, theta, "simulate")
    n_samples = check_int("n_samples", n_samples, where="simulate", minimum=1)
    gen = check_rng(rng, where="simulate")
    _check_point(graph, theta, "simulate")
    L, W = model_matrices(graph, theta)
    eps = gen.multivariate_normal(np.zeros(graph.n_vertices), W, size=n_samples)
    # x (I - Lambda) = eps for each row x
    return np.linalg.solve((np.eye(graph.n_vertices) - L).T, eps.T).T


@dataclass(frozen=True)
class FitResult:
    """The outcome of :func:`fit`.

    Attributes
    ----------
    theta : ndarray of shape (p,)
        Estimates in ``graph.parameters`` order.
    estimates : dict of str to float
        The same, keyed by parameter name.
    standard_errors : ndarray of shape (p,)
        From the inverse Fisher information; NaN where the information is singular.
    sigma : ndarray of shape (n, n)
        The fitted covariance.
    discrepancy : float
        F_ML = log det Sigma + tr(S Sigma^-1) - log det S - n (0 for a perfect fit).
    log_likelihood : float
        The Gaussian log-likelihood at the estimate.
    converged : bool
        Whether the optimiser met its tolerance.
    n_iterations : int
    gradient_norm : float
        Max-norm of the analytic gradient of F_ML at the estimate.
    message : str
        The optimiser's stop reason.
    """

    theta: np.ndarray
    estimates: dict[str, float]
    standard_errors: np.ndarray
    sigma: np.ndarray
    discrepancy: float
    log_likelihood: float
    converged: bool
    n_iterations: int
    gradient_norm: float
    message: str


def _sample_covariance(
    graph: MixedGraph, data_or_S: Any, n_samples: int | None
) -> tuple[np.ndarray, int]:
    n = graph.n_vertices
    arr = np.asarray(data_or_S, dtype=float)
    if n_samples is None:
        if arr.ndim != 2 or arr.shape[1] != n:
            raise ShapeError(
                f"fit: data has shape {arr.shape}; expected (n_samples, {n}) with columns "
                f"{list(graph.vertices)} (or pass a ({n}, {n}) covariance with n_samples=)."
            )
        if arr.shape[0] < 2:
            raise ShapeError(f"fit: data has {arr.shape[0]} rows; need at least 2 samples.")
        S = np.cov(arr, rowvar=False, bias=True)
        count = arr.shape[0]
    else:
        count = check_int("n_samples", n_samples, where="fit", minimum=2)
        if arr.shape != (n, n):
            raise ShapeError(f"fit: sample covariance has shape {arr.shape}; expected ({n}, {n}).")
        if not np.allclose(arr, arr.T, rtol=1e-10, atol=1e-12):
            raise InvalidArgumentError("fit: the sample covariance is not symmetric.")
        S = (arr + arr.T) / 2
    if not np.all(np.isfinite(S)):
        raise InvalidArgumentError("fit: the data contain NaN or inf; remove those rows.")
    eig = np.linalg.eigvalsh(S)
    if eig[0] <= 1e-12 * max(1.0, eig[-1]):
        raise InvalidArgumentError(
            f"fit: the sample covariance is singular (smallest eigenvalue {eig[0]:.3g}); "
            "drop collinear or constant columns, or collect more samples than variables."
        )
    return S, count


def _objective(graph: MixedGraph, S: np.ndarray, logdet_s: float):
    n = graph.n_vertices

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        try:
            sigma, _, d = sigma_and_derivatives(graph, theta)
            chol = np.linalg.cholesky(sigma)
        except np.linalg.LinAlgError:
            return 1e10, np.zeros_like(theta)
        inv = np.linalg.inv(sigma)
        logdet = 2 * np.log(np.diag(chol)).sum()
        val = logdet + np.trace(S @ inv) - logdet_s - n
        M = inv - inv @ S @ inv
        grad = np.einsum("ij,pji->p", M, d)
        return float(val), grad

    return f


def fit(
    graph: MixedGraph,
    data_or_S: Any,
    n_samples: int | None = None,
    *,
    theta0: Any = None,
    max_iter: int = 2000,
    tol: float = 1e-10,
) -> FitResult:
    """Fit the SEM on ``graph`` by Gaussian maximum likelihood, with the analytic gradient.

    Parameters
    ----------
    graph : MixedGraph
    data_or_S : array_like
        Data of shape (n_samples, n) (rows are samples, columns follow ``graph.vertices``),
        or, when ``n_samples`` is given, a sample covariance of shape (n, n) (divisor
        n_samples, the ML convention).
    n_samples : int, optional
        The sample size behind a covariance matrix.
    theta0 : array_like or mapping, optional
        Starting point; default Lambda = 0, Omega = diag(S).
    max_iter : int
    tol : float
        Tolerance of L-BFGS-B on the discrepancy.

    Returns
    -------
    FitResult
        Estimates, standard errors (inverse Fisher information), and a convergence report;
        not converging is reported in ``converged``/``message``, not raised.

    Raises
    ------
    ShapeError
        Data or covariance of the wrong shape.
    InvalidArgumentError
        A singular or non-symmetric sample covariance, non-finite data.

    Notes
    -----
    Minimises F_ML(theta) = log det Sigma + tr(S Sigma^-1) - log det S - n, whose gradient is
    tr(M dSigma/dtheta_a) with M = Sigma^-1 - Sigma^-1 S Sigma^-1 and dSigma from
    :func:`sigma_and_derivatives` (valid for cyclic Lambda). Cyclic models can have several
    maxima (generically k-to-one parameters); the optimiser returns the one it reaches.

    Examples
    --------
    >>> import numpy as np
    >>> from symalg.sem import MixedGraph, fit, simulate
    >>> G = MixedGraph.parse("1->2, 2->3")
    >>> X = simulate(G, [0.8, -0.5, 1.0, 1.0, 1.0], 20000, rng=1)
    >>> res = fit(G, X)
    >>> res.converged, bool(abs(res.estimates["l_1_2"] - 0.8) < 0.05)
    (True, True)
    >>> fit(G, np.ones((10, 2)))
    Traceback (most recent call last):
    ...
    symalg.errors.ShapeError: fit: data has shape (10, 2); expected (n_samples, 3) ...
    """
    check_graph(graph, "fit")
    S, count = _sample_covariance(graph, data_or_S, n_samples)
    check_int("max_iter", max_iter, where="fit", minimum=1)
    if not isinstance(tol, (int, float)) or not tol > 0:
        raise InvalidTypeError(f"fit: tol must be a positive number, got {tol!r}.")
    n, nd = graph.n_vertices, len(graph.directed)
    if theta0 is None:
        start = np.zeros(graph.n_parameters)
        start[nd : nd + n] = np.diag(S)
    else:
        start = _theta_vector(graph, theta0, "fit")
    logdet_s = float(np.linalg.slogdet(S)[1])
    bounds = [(None, None)] * nd + [(1e-10, None)] * n + [(None, None)] * len(graph.bidirected)
    res = scipy.optimize.minimize(
        _objective(graph, S, logdet_s),
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": max_iter, "ftol": tol, "gtol": 1e-9},
    )
    theta = np.asarray(res.x, dtype=float)
    sigma, _, d = sigma_and_derivatives(graph, theta)
    val, grad = _objective(graph, S, logdet_s)(theta)
    return FitResult(
        theta=theta,
        estimates={str(p): float(v) for p, v in zip(graph.parameters, theta, strict=True)},
        standard_errors=_standard_errors(sigma, d, count),
        sigma=sigma,
        discrepancy=float(val),
        log_likelihood=float(-0.5 * count * (val + logdet_s + n + n * np.log(2 * np.pi))),
        converged=bool(res.success),
        n_iterations=int(res.nit),
        gradient_norm=float(np.max(np.abs(grad))) if grad.size else 0.0,
        message=str(res.message),
    )


def _standard_errors(sigma: np.ndarray, d: np.ndarray, count: int) -> np.ndarray:
    inv = np.linalg.inv(sigma)
    a = np.einsum("ij,pjk->pik", inv, d)
    info = 0.5 * count * np.einsum("pij,qji->pq", a, a)
    if np.linalg.matrix_rank(info) < info.shape[0]:
        return np.full(info.shape[0], np.nan)
    cov = np.linalg.inv(info)
    return np.sqrt(np.clip(np.diag(cov), 0, None))
