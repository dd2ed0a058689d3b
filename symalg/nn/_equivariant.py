"""Layers of ``symalg.equivariant`` with their claims as :class:`Claim` objects.

``symalg.equivariant`` may not import ``symalg.nn``, so its layers state their claims as plain
data (``claim_data``: keyword arguments of :class:`Claim`, inputs as ``(strategy, params)``
pairs). The front ends below turn that data into claims for ``symalg verify``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from symalg import equivariant
from symalg.nn._claims import Claim, InputSpec

__all__ = ["GraphPolynomialLayer", "TensorProductLayer", "GauntLayer", "claims_from_data"]


def claims_from_data(data: Iterable[dict[str, Any]]) -> tuple[Claim, ...]:
    """Build :class:`Claim` objects from plain claim data.

    Examples
    --------
    >>> data = [{"name": "inv", "group": "O3", "input_action": "vectors",
    ...          "output_action": "trivial", "inputs": (("point_clouds", {"n_points": 4}),)}]
    >>> claims_from_data(data)[0].inputs
    (InputSpec(strategy='point_clouds', params={'n_points': 4}),)
    """
    return tuple(
        Claim(**{**c, "inputs": tuple(InputSpec(s, dict(p)) for s, p in c["inputs"])})
        for c in data
    )


class GraphPolynomialLayer(equivariant.GraphPolynomialLayer):
    """:class:`symalg.equivariant.GraphPolynomialLayer` with ``claims`` (its S_n claim).

    Examples
    --------
    >>> GraphPolynomialLayer().claims[0].group
    'Permutations(5)'
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claims = claims_from_data(self.claim_data)


class TensorProductLayer(equivariant.TensorProductLayer):
    """:class:`symalg.equivariant.TensorProductLayer` with ``claims`` (its O(3) claim).

    Examples
    --------
    >>> TensorProductLayer().claims[0].group
    'O3'
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claims = claims_from_data(self.claim_data)


class GauntLayer(equivariant.GauntLayer):
    """:class:`symalg.equivariant.GauntLayer` with ``claims`` (its O(3) claim).

    Examples
    --------
    >>> GauntLayer().claims[0].output_action
    'irreps:1x0e+1x1o+1x2e'
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claims = claims_from_data(self.claim_data)
