"""Rule sets shipped as data: ``core``, ``flops``, ``transcendental``.

Each module holds one list ``RULES`` of :class:`~symalg.egraph.Rewrite`, every rule tagged
``sound``, ``domain`` or ``fast_math`` (see :class:`~symalg.egraph.Rewrite`).

Examples
--------
>>> rules = select_rules()
>>> all(r.validity == "sound" for r in rules)
True
>>> len(select_rules(fast_math=True, domain=True)) > len(rules)
True
"""

from __future__ import annotations

from collections.abc import Sequence

from symalg.egraph._rewrite import Rewrite
from symalg.egraph.rules import core, flops, transcendental
from symalg.errors import InvalidArgumentError

__all__ = ["RULESETS", "select_rules"]

#: Rule set name -> list of rewrites.
RULESETS: dict[str, list[Rewrite]] = {
    "core": core.RULES,
    "flops": flops.RULES,
    "transcendental": transcendental.RULES,
}


def select_rules(
    sets: Sequence[str] = ("core", "flops", "transcendental"),
    *,
    fast_math: bool = False,
    domain: bool = False,
) -> list[Rewrite]:
    """Return the rules of the named sets whose validity is allowed.

    Parameters
    ----------
    sets : sequence of str
        Names from :data:`RULESETS`.
    fast_math : bool, default False
        Also include rules exact only in the reals (reassociation, distribution,
        reciprocal multiplication, ...).
    domain : bool, default False
        Also include rules whose stated domain condition (e.g. positivity) the caller
        guarantees.

    Raises
    ------
    InvalidArgumentError
        For an unknown set name (the message lists the known ones).
    """
    allowed = (
        {"sound"} | ({"fast_math"} if fast_math else set()) | ({"domain"} if domain else set())
    )
    out: list[Rewrite] = []
    for name in sets:
        if name not in RULESETS:
            raise InvalidArgumentError(
                f"select_rules: unknown rule set {name!r}; use some of {', '.join(RULESETS)}."
            )
        out += [r for r in RULESETS[name] if r.validity in allowed]
    return out
