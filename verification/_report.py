"""Reports: the numbers behind a verdict, and a minimal counterexample."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Status = Literal["holds", "violation", "broken-representation", "error"]


@dataclass(frozen=True)
class Counterexample:
    """A group element and input on which a claim fails (minimal after shrinking).

    Attributes
    ----------
    element : object
        The group element ``g`` (index array, sign vector, matrix or tuple).
    element_label : str
        Printable form of ``g``.
    element_type : str
        Kind of element (``"reflection"``, ``"transposition"``, ...).
    inputs : tuple of ndarray
        The inputs ``x`` (in the model dtype).
    abs_error, rel_error : float
        Errors of this example.
    output : int
        Index of the worst output.
    message : str
        What failed (for representation and component errors).
    """

    element: Any
    element_label: str
    element_type: str
    inputs: tuple[np.ndarray, ...]
    abs_error: float = float("nan")
    rel_error: float = float("nan")
    output: int = 0
    message: str = ""


@dataclass(frozen=True)
class Report:
    """Result of checking one claim.

    Attributes
    ----------
    name : str
        What was checked (``"component/claim"`` or the callable's name).
    kind : str
        ``"equivariance"``, ``"invariance"``, ``"monoid_laws"`` or ``"weight_permutation"``.
    group, input_action, output_action, dtype : str
    status : {"holds", "violation", "broken-representation", "error"}
    passed : bool
        ``status == "holds"``.
    n_examples : int
        Examples evaluated (including shrinking).
    n_degenerate : int
        Examples in a modelled degenerate region (never violations).
    max_abs_error, max_rel_error, max_scaled_error : float
        Maxima over the non-degenerate examples: absolute, relative and EMLP scale-adjusted
        ``RMS(a - b) / max(RMS(a) + RMS(b), RMS(M(g) - I), 1e-7)``.
    max_degenerate_error : float
        Largest relative error inside the degenerate region (reported, not judged).
    max_noise : float
        Largest measured rounding noise (relative change of ``f(g.x)`` when ``g.x`` moves by
        its own rounding error); 100 times it is allowed on top of ``rtol``.
    rtol : float
        Relative tolerance the errors were compared with.
    by_type : dict
        Largest relative error per element type (like e3nn's parity/translation keys).
    per_output : tuple of float
        Largest relative error per output.
    counterexample : Counterexample or None
    seed : int or None
        Seed that reproduces the run (``None``: the current hypothesis profile decided).
    message : str
        One-paragraph explanation of the verdict.
    """

    name: str
    kind: str
    group: str
    input_action: str
    output_action: str
    dtype: str
    status: Status
    n_examples: int
    n_degenerate: int
    max_abs_error: float
    max_rel_error: float
    max_scaled_error: float
    max_degenerate_error: float
    rtol: float
    max_noise: float = 0.0
    by_type: dict[str, float] = field(default_factory=dict)
    per_output: tuple[float, ...] = ()
    counterexample: Counterexample | None = None
    seed: int | None = None
    message: str = ""

    @property
    def passed(self) -> bool:
        """``True`` when the claim holds on every example."""
        return self.status == "holds"

    def summary(self) -> str:
        """Multi-line human-readable summary (used in exception messages)."""
        lines = [
            f"{self.name}: {self.kind} under {self.group} ({self.input_action} -> "
            f"{self.output_action}, {self.dtype}): {self.status}",
            f"  examples {self.n_examples} (degenerate {self.n_degenerate}); max relative error "
            f"{self.max_rel_error:.3g} (tolerance {self.rtol:.3g}); max absolute error "
            f"{self.max_abs_error:.3g}; EMLP-scaled {self.max_scaled_error:.3g}; rounding noise "
            f"{self.max_noise:.3g}",
        ]
        if self.message:
            lines.append(f"  {self.message}")
        ce = self.counterexample
        if ce is not None:
            lines.append(f"  counterexample: g = {ce.element_label} ({ce.element_type})")
            for i, x in enumerate(ce.inputs):
                text = np.array2string(np.asarray(x), precision=4, separator=", ", threshold=60)
                lines.append(f"    x[{i}] = {text}")
        if self.seed is not None:
            lines.append(f"  reproduce with seed={self.seed}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict (counterexample inputs as nested lists)."""
        ce = self.counterexample
        out = {
            k: getattr(self, k)
            for k in (
                "name",
                "kind",
                "group",
                "input_action",
                "output_action",
                "dtype",
                "status",
                "n_examples",
                "n_degenerate",
                "max_abs_error",
                "max_rel_error",
                "max_scaled_error",
                "max_degenerate_error",
                "rtol",
                "seed",
                "message",
            )
        }
        out["passed"] = self.passed
        out["by_type"] = dict(self.by_type)
        out["per_output"] = list(self.per_output)
        out["counterexample"] = (
            None
            if ce is None
            else {
                "element": ce.element_label,
                "element_type": ce.element_type,
                "inputs": [np.asarray(x).tolist() for x in ce.inputs],
                "abs_error": ce.abs_error,
                "rel_error": ce.rel_error,
                "output": ce.output,
                "message": ce.message,
            }
        )
        return {
            k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in out.items()
        }
