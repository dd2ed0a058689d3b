"""Default tolerances, one table keyed by dtype."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from symalg import InvalidArgumentError


@dataclass(frozen=True)
class Tolerance:
    """Relative tolerance ``rtol`` and the output-norm ``floor`` of the relative error.

    The relative error of an example is ``||a - b|| / max(||a||, ||b||, floor)`` with
    ``a = f(g.x)`` and ``b = g.f(x)``: relative for outputs of norm above ``floor``, absolute
    below it (an output that should vanish is rounding noise of the size of the *inputs*, so a
    relative error there means nothing). Pass ``floor=`` to ``check_equivariance`` when the
    natural output scale of a model is far from 1. An example passes when the error is at
    most ``rtol`` (times ``group.scale(g)`` for non-compact groups, times ``1 / gap`` in a modelled
    near-degenerate region).

    Examples
    --------
    >>> from verification import tolerance
    >>> tolerance("float32").rtol > tolerance("float64").rtol
    True
    """

    rtol: float
    floor: float


#: rtol = k * eps(dtype): k = 2^16 for float64 (about 1.5e-11) and k = 2^8 for float32 (about
#: 3e-5), calibrated on the built-in components (see docs/reference/verification.md).
TOLERANCES: dict[str, Tolerance] = {
    "float64": Tolerance(rtol=float(2.0**16 * np.finfo(np.float64).eps), floor=1.0),
    "float32": Tolerance(rtol=float(2.0**8 * np.finfo(np.float32).eps), floor=1.0),
}


def tolerance(dtype: str | np.dtype | type) -> Tolerance:
    """Return the default :class:`Tolerance` for ``dtype`` (``"float64"`` or ``"float32"``).

    Raises
    ------
    InvalidArgumentError
        For any other dtype.

    Examples
    --------
    >>> from verification import tolerance
    >>> tolerance("float16")
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: tolerance: dtype='float16' is not supported; use one of ...
    """
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = str(dtype)
    if name not in TOLERANCES:
        valid = ", ".join(repr(k) for k in TOLERANCES)
        raise InvalidArgumentError(
            f"tolerance: dtype={name!r} is not supported; use one of {valid}."
        )
    return TOLERANCES[name]
