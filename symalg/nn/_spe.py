"""SPE: stable, basis-invariant positional encodings from eigenpairs."""

from __future__ import annotations

import numpy as np

from symalg._validation import check_int, check_rng
from symalg.errors import InvalidArgumentError, ShapeError
from symalg.nn._claims import Claim, Degeneracy, InputSpec
from symalg.nn._common import as_input, check_size, dense_params, mlp
from symalg.typing import RNGLike

__all__ = ["SPE"]

#: Below this relative gap at the truncation the kept eigenspace is ill-defined.
TRUNCATION_THRESHOLD = 1e-3


class SPE:
    """Stable positional encoding ``rho([V diag(phi_l(lam)) V^T]_l)`` [1]_.

    Parameters
    ----------
    n_nodes : int, default 6
    multiplicities : tuple of int, default (1, 2, 3)
        Eigenvalue multiplicities of the inputs drawn for the basis-invariance claim.
    n_channels : int, default 3
        Number ``m`` of spectral filters ``phi_l``.
    n_out : int, default 4
    n_eigs : int or None, default 4
        Eigenpairs kept by :meth:`encode_laplacian` (all when ``None``).
    rng : int, Generator or None, default 0

    Notes
    -----
    Each ``phi_l`` acts elementwise on the eigenvalues, so ``V diag(phi_l(lam)) V^T`` only
    depends on the eigenspaces. Properties (exact in exact arithmetic):
    basis invariance ``SPE(V Q, lam) = SPE(V, lam)`` for every block-orthogonal ``Q``
    preserving the eigenspaces (sign flips are the 1-dimensional case), and permutation
    equivariance ``SPE(P V, lam) = P SPE(V, lam)``. :meth:`encode_laplacian` is permutation
    equivariant in the Laplacian; when it keeps ``d < n`` eigenpairs it degenerates where
    ``lam_d = lam_{d+1}`` (:meth:`truncation_gap`), which its claim declares.

    References
    ----------
    .. [1] Y. Huang et al., "On the Stability of Expressive Positional Encodings for Graph
       Neural Networks", ICLR 2024, arXiv:2310.02579.

    Examples
    --------
    >>> import numpy as np
    >>> f = SPE()
    >>> lam, v = np.linalg.eigh(np.diag([0.0, 1, 1, 2, 2, 2]))
    >>> q = np.eye(6); q[1:3, 1:3] = [[0.6, -0.8], [0.8, 0.6]]
    >>> bool(np.allclose(f(v @ q, lam), f(v, lam)))
    True
    """

    name = "spe"

    def __init__(
        self,
        n_nodes: int = 6,
        multiplicities: tuple[int, ...] = (1, 2, 3),
        n_channels: int = 3,
        n_out: int = 4,
        *,
        n_eigs: int | None = 4,
        rng: RNGLike = 0,
    ) -> None:
        where = "SPE"
        self.n_nodes = check_int("n_nodes", n_nodes, where=where, minimum=2)
        mult = tuple(
            check_int("multiplicities", m, where=where, minimum=1) for m in multiplicities
        )
        if sum(mult) != self.n_nodes:
            raise InvalidArgumentError(
                f"SPE: multiplicities {mult} sum to {sum(mult)}; expected n_nodes={self.n_nodes}."
            )
        self.n_eigs = (
            self.n_nodes if n_eigs is None else check_int("n_eigs", n_eigs, where=where, minimum=1)
        )
        gen = check_rng(rng, where=where)
        self.n_channels = check_int("n_channels", n_channels, where=where, minimum=1)
        self.phi = dense_params(gen, (1, 16, self.n_channels))
        hidden = 8
        self.rho_in = dense_params(gen, (2 * self.n_channels, hidden))
        self.rho_mix = gen.standard_normal((self.n_channels, hidden, hidden)) / np.sqrt(hidden)
        self.rho_out = dense_params(gen, (hidden, n_out))
        n = self.n_nodes
        spec = ",".join(str(m) for m in mult)
        self.claims = (
            Claim(
                "basis-invariance",
                f"BlockOrthogonal({spec})",
                ("vectors", "trivial"),
                "trivial",
                (InputSpec("eigenpairs", {"multiplicities": mult}),),
            ),
            Claim(
                "sign-invariance",
                f"SignFlips({n})",
                ("vectors", "trivial"),
                "trivial",
                (InputSpec("eigenpairs", {"multiplicities": (1,) * n}),),
            ),
            Claim(
                "permutation-equivariance",
                f"Permutations({n})",
                ("rows", "trivial"),
                "rows",
                (InputSpec("eigenpairs", {"multiplicities": mult}),),
            ),
            Claim(
                "laplacian-permutation-equivariance",
                f"Permutations({n})",
                "matrix",
                "rows",
                (InputSpec("laplacians", {"n": n}),),
                method="encode_laplacian",
                degeneracy=Degeneracy(
                    "truncation_gap",
                    TRUNCATION_THRESHOLD,
                    "kept eigenspace undefined at lam_d = lam_{d+1}",
                ),
            ),
        )

    def __call__(self, v: np.ndarray, lam: np.ndarray) -> np.ndarray:
        """Encode eigenvectors ``v`` (n, k) and eigenvalues ``lam`` (k,) as (n, n_out)."""
        v = as_input(v, where="SPE", name="v", ndim=2)
        lam = as_input(lam, where="SPE", name="lam", ndim=1).astype(v.dtype)
        if lam.shape[0] != v.shape[1]:
            raise ShapeError(
                f"SPE: v has shape {v.shape} and lam {lam.shape}; expected lam of shape "
                f"({v.shape[1]},), one eigenvalue per column of v."
            )
        filt = mlp(self.phi, lam[:, None])  # (k, m)
        z = np.einsum("ik,kl,jk->lij", v, filt, v)  # (m, n, n)
        feats = np.concatenate([np.einsum("lii->il", z), z.sum(axis=2).T], axis=1)
        h = np.tanh(mlp(self.rho_in, feats))  # (n, hidden)
        h = np.tanh(np.einsum("lij,jh,lhg->ig", z, h, self.rho_mix.astype(v.dtype)))
        return mlp(self.rho_out, h)

    def _eigh(self, lap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lap = as_input(lap, where="SPE.encode_laplacian", name="laplacian", ndim=2)
        check_size("SPE.encode_laplacian", "laplacian", lap, 1, lap.shape[0])
        return np.linalg.eigh(lap)

    def truncation_gap(self, lap: np.ndarray) -> float:
        """Return ``(lam_{d+1} - lam_d) / max|lam|`` at the truncation ``d = n_eigs``."""
        lam = np.linalg.eigvalsh(np.asarray(lap, dtype=np.float64))
        if self.n_eigs >= len(lam):
            return 1.0
        scale = max(np.abs(lam).max(), np.finfo(np.float64).tiny)
        return float((lam[self.n_eigs] - lam[self.n_eigs - 1]) / scale)

    def encode_laplacian(self, lap: np.ndarray) -> np.ndarray:
        """Encode a symmetric (n, n) Laplacian through its ``n_eigs`` smallest eigenpairs."""
        lam, v = self._eigh(lap)
        return self(v[:, : self.n_eigs], lam[: self.n_eigs])
