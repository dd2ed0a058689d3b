"""Real logarithms of general invertible matrices, with the image-of-exp classification."""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg

from symalg.errors import InvalidArgumentError
from symalg.lie._errors import NonUniqueLogWarning, NotInImageError

__all__ = ["real_log"]


def _negative_clusters(w: np.ndarray, tol: float) -> list[tuple[float, np.ndarray]]:
    scale = np.abs(w)
    neg = (np.abs(w.imag) <= tol * scale) & (w.real < 0)
    out: list[tuple[float, np.ndarray]] = []
    idx = list(np.flatnonzero(neg))
    while idx:
        i = idx.pop(0)
        same = [j for j in idx if abs(w[j] - w[i]) <= np.sqrt(tol) * scale[i]]
        idx = [j for j in idx if j not in same]
        members = np.array([i, *same])
        out.append((float(np.mean(w[members].real)), members))
    return out


def real_log(g: np.ndarray, *, where: str) -> np.ndarray:
    """Real logarithm of one ``(n, n)`` matrix (Culver's criterion for existence).

    No eigenvalue on ``(-inf, 0]``: the principal log (scipy's inverse scaling and squaring).
    A negative eigenvalue of odd multiplicity: :class:`NotInImageError`. Even multiplicity
    with a full eigenspace: one real log (eigenvector pairs take ``+-i pi``) and a
    :class:`NonUniqueLogWarning`.
    """
    n = g.shape[0]
    w, v = np.linalg.eig(g)
    clusters = _negative_clusters(w, 64 * np.finfo(np.float64).eps)
    if not clusters:
        x = scipy.linalg.logm(g)
        return np.real(x)
    for lam, members in clusters:
        if len(members) % 2:
            raise NotInImageError(
                f"{where}: matrix {np.array2string(g, precision=6)} has the negative eigenvalue "
                f"{lam:.6g} with odd multiplicity {len(members)}: it has no real logarithm and is "
                "not exp of any algebra element. Use xi_inv(g) for global coordinates instead."
            )
    keep = np.ones(n, dtype=bool)
    cols, logs = [], []
    for lam, members in clusters:
        keep[members] = False
        _, s, vt = np.linalg.svd(g - lam * np.eye(n))
        k = len(members)
        if s[n - k] > 1e-8 * max(s[0], 1.0):
            raise InvalidArgumentError(
                f"{where}: the negative eigenvalue {lam:.6g} of {np.array2string(g, precision=6)} "
                "is defective (non-trivial Jordan blocks); its real logarithm is not computed "
                "here. Use xi_inv(g) for global coordinates instead."
            )
        basis = vt[n - k :].T
        for j in range(0, k, 2):
            z = basis[:, j] + 1j * basis[:, j + 1]
            cols += [z, np.conj(z)]
            logs += [np.log(-lam) + 1j * np.pi, np.log(-lam) - 1j * np.pi]
    vv = np.concatenate([v[:, keep], np.stack(cols, 1)], axis=1)
    ll = np.concatenate([np.log(w[keep].astype(complex)), np.array(logs)])
    x = np.real(vv @ np.diag(ll) @ np.linalg.inv(vv))
    warnings.warn(
        f"{where}: a negative eigenvalue with an even-dimensional eigenspace makes the real "
        "logarithm non-unique; one valid logarithm was returned.",
        NonUniqueLogWarning,
        stacklevel=4,
    )
    return x
