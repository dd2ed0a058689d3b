"""Deliberately broken components: what the verifier must catch, and with which exception.

Each :class:`BrokenCase` pairs a component that looks right with a claim it breaks in a way
seen in practice: a positional bias inside a permutation layer, a cross product in a layer
claimed O(3)-equivariant, a forgotten translation, a commutative but non-associative
aggregator, a hidden-unit permutation that forgets the biases, a non-equivariant
perturbation of relative size 1e-6, sign-dependent eigenvector encodings, and a test whose
action is a right action (a broken representation, which must not be blamed on the model).

Examples
--------
>>> from verification import zoo
>>> case = zoo.broken_cases()[0]
>>> case.name, case.expected.__name__
('positional-bias', 'InvarianceError')
>>> type(case.assert_caught(seed=0)).__name__
'InvarianceError'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from symalg.nn import (
    SPE,
    Claim,
    DeepSets,
    FrameAveragedMLP,
    GraphLayer,
    InputSpec,
    MonoidAggregator,
    PairPotential,
    PermutableMLP,
    tree_reduce,
)
from verification import strategies
from verification._check import check_equivariance, raise_for
from verification._errors import (
    AlgebraicLawError,
    EquivarianceError,
    InvarianceError,
    RepresentationError,
    VerificationError,
)
from verification._report import Report
from verification._runner import verify_claim

__all__ = ["BrokenCase", "broken_cases"]


@dataclass(frozen=True)
class BrokenCase:
    """A broken component, the claim it breaks, and the exception that must be raised.

    Attributes
    ----------
    name, description : str
    expected : type
        The :class:`~verification.VerificationError` subclass a check must raise.
    run : callable
        ``run(seed=..., max_examples=..., dtype=...) -> Report``.
    """

    name: str
    description: str
    expected: type[VerificationError]
    run: Callable[..., Report]

    def assert_caught(
        self, *, seed: int | None = None, max_examples: int = 100, dtype: str = "float64"
    ) -> VerificationError:
        """Run the check and return the raised exception if it has the expected type.

        Raises
        ------
        AssertionError
            If the claim passes (the bug went unnoticed) or another exception type is raised.
        """
        report = self.run(seed=seed, max_examples=max_examples, dtype=dtype)
        try:
            raise_for(report)
        except self.expected as err:
            return err
        except VerificationError as err:
            raise AssertionError(
                f"{self.name}: expected {self.expected.__name__}, got {type(err).__name__}"
            ) from err
        raise AssertionError(f"{self.name}: the bug went unnoticed:\n{report.summary()}")


def _claim(component: Any, claim: Claim) -> Callable[..., Report]:
    return lambda **kw: verify_claim(component, claim, **kw)


class _PositionalDeepSets(DeepSets):
    name = "positional-bias-deepsets"

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        bias = 0.1 * np.arange(len(x), dtype=x.dtype)[:, None]  # position leaks into phi
        return _mlp(self.rho, np.tanh(_mlp(self.phi, x + bias)).sum(axis=0))


def _mlp(params: list[tuple[np.ndarray, np.ndarray]], x: np.ndarray) -> np.ndarray:
    for i, (w, b) in enumerate(params):
        x = x @ w.T.astype(x.dtype) + b.astype(x.dtype)
        x = np.tanh(x) if i < len(params) - 1 else x
    return x


def _cross_layer(x: np.ndarray) -> np.ndarray:
    y = x - x.mean(axis=0)
    return x + 0.1 * np.cross(y, np.roll(y, 1, axis=0))


class _NoTranslationFA(FrameAveragedMLP):
    def equivariant(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        return super().equivariant(x) - x.mean(axis=0)  # forgets to translate back


class _MeanAggregator(MonoidAggregator):
    name = "pairwise-mean"

    def combine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a + b) / 2  # commutative, not associative

    def __call__(self, multiset: np.ndarray) -> np.ndarray:
        return tree_reduce(self.combine, np.asarray(multiset))


class _ForgetfulMLP(PermutableMLP):
    def permute_hidden(self, perms: Any) -> PermutableMLP:
        full = [np.arange(self.sizes[0]), *map(np.asarray, perms), np.arange(self.sizes[-1])]
        new = [(w[full[i + 1]][:, full[i]], b) for i, (w, b) in enumerate(self.params)]
        return PermutableMLP(self.sizes, params=new)  # biases not permuted


class _PerturbedGraphLayer(GraphLayer):
    def __call__(self, a: np.ndarray) -> np.ndarray:
        out = super().__call__(a)
        pattern = np.random.default_rng(7).standard_normal(out.shape)
        return out + 1e-6 * np.linalg.norm(out) * pattern / np.linalg.norm(pattern)


class _NaiveEigenPE(SPE):
    def __call__(self, v: np.ndarray, lam: np.ndarray) -> np.ndarray:
        v = np.asarray(v)
        w = np.random.default_rng(3).standard_normal((v.shape[1], 4)).astype(v.dtype)
        return np.tanh(v) @ w + np.asarray(lam, dtype=v.dtype)[None, :4]  # uses V itself


class _FieldForces:
    """Pair forces plus a constant external field: no invariant energy behind them."""

    def __init__(self) -> None:
        self.inner = PairPotential()

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.inner.forces(x) + np.array([0.0, 0.0, -1.0], dtype=np.asarray(x).dtype)


def _right_action(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    return x @ g  # x R instead of x R^T: a right action, not a left one


def broken_cases() -> tuple[BrokenCase, ...]:
    """Return the zoo of broken components, one :class:`BrokenCase` each.

    Examples
    --------
    >>> from verification import zoo
    >>> len(zoo.broken_cases()) >= 6
    True
    """
    fa_inputs = (InputSpec("point_clouds", {"n_points": 8}),)
    mean = _MeanAggregator()
    pos = _PositionalDeepSets()
    mlp_ = _ForgetfulMLP()
    graph = _PerturbedGraphLayer()
    spe = _NaiveEigenPE()
    fa = _NoTranslationFA()
    fa_inv = FrameAveragedMLP()
    cross_claim = Claim("o3-equivariance", "O3", "vectors", "vectors", fa_inputs)

    def cross(**kw: Any) -> Report:
        return check_equivariance(
            _cross_layer,
            group="O3",
            input_action="vectors",
            output_action="vectors",
            inputs=strategies.point_clouds(8),
            name=f"cross-product/{cross_claim.name}",
            **kw,
        )

    def field(**kw: Any) -> Report:
        return check_equivariance(
            _FieldForces(),
            group="E3",
            input_action="points",
            output_action="vectors",
            inputs=strategies.point_clouds(6),
            name="external-field/forces-e3-equivariance",
            **kw,
        )

    def right_action(**kw: Any) -> Report:
        return check_equivariance(
            fa_inv.invariant,
            group="SO3",
            input_action=_right_action,
            inputs=strategies.point_clouds(8),
            name="right-action",
            **kw,
        )

    return (
        BrokenCase(
            "positional-bias",
            "DeepSets whose phi sees the row index",
            InvarianceError,
            _claim(pos, pos.claims[0]),
        ),
        BrokenCase(
            "cross-product",
            "x + cross(x_i, x_{i-1}) claimed O(3)-equivariant (only SO(3): reflections break it)",
            EquivarianceError,
            cross,
        ),
        BrokenCase(
            "missing-translation",
            "frame-averaged layer that forgets to add the centroid back",
            EquivarianceError,
            _claim(fa, fa.claims[1]),
        ),
        BrokenCase(
            "non-associative-aggregator",
            "pairwise mean over a balanced tree, claimed invariant on multisets of size 3",
            InvarianceError,
            _claim(mean, mean.claims[0]),
        ),
        BrokenCase(
            "non-associative-laws",
            "pairwise mean checked against the monoid laws",
            AlgebraicLawError,
            _claim(mean, mean.claims[-1]),
        ),
        BrokenCase(
            "permutation-forgets-bias",
            "hidden-unit permutation that leaves the biases in place",
            InvarianceError,
            _claim(mlp_, mlp_.claims[0]),
        ),
        BrokenCase(
            "perturbation-1e-6",
            "graph layer plus a fixed pattern of relative size 1e-6 (float64)",
            EquivarianceError,
            _claim(graph, graph.claims[0]),
        ),
        BrokenCase(
            "naive-eigenvector-pe",
            "positional encoding fed the eigenvectors themselves, claimed sign invariant",
            InvarianceError,
            _claim(spe, spe.claims[1]),
        ),
        BrokenCase(
            "external-field-forces",
            "pair forces plus a constant field, claimed "
            "E(3)-equivariant (forces of no invariant energy)",
            EquivarianceError,
            field,
        ),
        BrokenCase(
            "right-action",
            "correct invariant model tested with x R instead of "
            "x R^T: the representation is broken, not the model",
            RepresentationError,
            right_action,
        ),
    )
