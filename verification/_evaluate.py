"""Evaluate one (group element, input) pair: representation checks and errors in float64."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from symalg import InvalidArgumentError
from verification._group_base import Group
from verification._search import Stop
from verification.actions import Action

#: Relative tolerance of the representation laws (checked in float64).
REPRESENTATION_RTOL = 1e-9


def as_tuple(value: Any) -> tuple[Any, ...]:
    """Wrap a single array in a 1-tuple; pass tuples and lists through as tuples."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def to_dtype(x: np.ndarray, dtype: str) -> np.ndarray:
    """Cast to the model dtype, flushing values that would be subnormal to zero."""
    out = np.asarray(x, dtype=np.float64).astype(dtype)
    out[np.abs(out) < np.finfo(dtype).tiny] = 0.0
    return out


def rel(diff: np.ndarray, ref: float, floor: float) -> float:
    """Norm of ``diff`` relative to ``max(ref, floor)``."""
    return float(np.linalg.norm(diff) / max(ref, floor))


@dataclass
class Errors:
    """Errors of one example."""

    abs_error: float
    rel_error: float
    scaled_error: float
    per_output: list[float]
    worst_output: int
    #: Per-output relative change of ``f(g.x)`` when ``g.x`` moves by its own rounding error.
    noise: list[float] | None = None

    def excess(self, factor: float) -> float:
        """Largest relative error left after allowing ``factor`` times the rounding noise."""
        if self.noise is None:
            return self.rel_error
        return max(
            (e - factor * n for e, n in zip(self.per_output, self.noise, strict=True)), default=0.0
        )


class Evaluator:
    """Calls ``f`` on ``x`` and ``g.x`` and measures ``f(g.x) - g.f(x)`` in float64."""

    def __init__(
        self,
        f: Callable[..., Any],
        group: Group,
        in_actions: Sequence[Action],
        out_actions: Sequence[Action],
        *,
        dtype: str,
        floor: float,
        name: str,
    ) -> None:
        self.f, self.group, self.dtype, self.floor, self.name = f, group, dtype, floor, name
        self.in_actions, self.out_actions = list(in_actions), list(out_actions)
        self.validated = False
        #: Measure the rounding noise of ``g.x`` (groups whose actions round).
        self.measure_noise = not group.is_exact

    def call(self, xs: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
        """Call ``f``; turn exceptions and non-finite outputs into ``Stop("error")``."""
        try:
            out = self.f(*xs)
        except Exception as err:  # noqa: BLE001 - any failure of user code is reported
            raise Stop(
                "error", f"{self.name}: the callable raised {type(err).__name__}: {err}"
            ) from err
        try:
            ys = tuple(np.asarray(y, dtype=np.float64) for y in as_tuple(out))
        except (TypeError, ValueError) as err:
            raise Stop(
                "error",
                f"{self.name}: the callable returned {type(out).__name__}, "
                "which is not an array or a tuple of arrays",
            ) from err
        if not all(np.all(np.isfinite(y)) for y in ys):
            raise Stop(
                "error",
                f"{self.name}: the callable returned non-finite values "
                "(NaN or inf); bound the inputs or fix the component",
            )
        return ys

    def _match(self, actions: list[Action], values: tuple[np.ndarray, ...], label: str) -> None:
        if len(actions) == 1 and len(values) > 1:
            actions *= len(values)
        if len(actions) != len(values):
            raise InvalidArgumentError(
                f"{self.name}: {len(actions)} {label} action(s) given for {len(values)} "
                f"{label}(s); give one action per {label}."
            )
        for i, (act, v) in enumerate(zip(actions, values, strict=True)):
            act.validate(v, where=f"{self.name}: {label} {i}")

    def check_representation(
        self, actions: list[Action], values: tuple[np.ndarray, ...], g: Any, h: Any, label: str
    ) -> None:
        """Check identity, homomorphism and inverse laws of each action on ``values``."""
        grp = self.group
        gh, g_inv = grp.compose(g, h), grp.inverse(g)
        tol = REPRESENTATION_RTOL * grp.scale(g) * grp.scale(h) * grp.scale(gh)
        for i, (act, x) in enumerate(zip(actions, values, strict=True)):
            if act.is_trivial:
                continue
            x = np.asarray(x, dtype=np.float64)
            laws = (
                ("identity: e.x = x", act(grp.identity(), x), x),
                ("homomorphism: g.(h.x) = (gh).x", act(g, act(h, x)), act(gh, x)),
                ("inverse: g^-1.(g.x) = x", act(g_inv, act(g, x)), x),
            )
            scale = max(float(np.linalg.norm(v)) for v in (x, act(g, x), act(h, x)))
            for law, lhs, rhs in laws:
                ref = max(scale, float(np.linalg.norm(lhs)), float(np.linalg.norm(rhs)))
                err = rel(lhs - rhs, ref, self.floor)
                if not err <= tol:
                    raise Stop(
                        "representation",
                        (
                            f"{self.name}: the {label} action {act.name!r} of {grp.name} is not a "
                            f"group action on {label} {i}: {law} fails with relative error "
                            f"{err:.3g} (g = {grp.format(g)}, h = {grp.format(h)}); "
                            "fix the action, "
                            "not the model",
                            g,
                            i,
                        ),
                    )

    def representation_only(self, g: Any, h: Any, xs: tuple[np.ndarray, ...]) -> None:
        """Check the input and output actions at ``(g, h)`` without comparing ``f``'s outputs."""
        xs_in = tuple(to_dtype(x, self.dtype) for x in xs)
        if not self.validated:
            self._match(self.in_actions, xs_in, "input")
        self.check_representation(self.in_actions, xs_in, g, h, "input")
        y = self.call(xs_in)
        if not self.validated:
            self._match(self.out_actions, y, "output")
            self.validated = True
        self.check_representation(self.out_actions, y, g, h, "output")

    def evaluate(self, g: Any, h: Any, xs: tuple[np.ndarray, ...]) -> Errors:
        """Errors of ``f`` at ``(g, xs)``; ``h`` serves the representation checks."""
        xs_in = tuple(to_dtype(x, self.dtype) for x in xs)
        if not self.validated:
            self._match(self.in_actions, xs_in, "input")
        self.check_representation(self.in_actions, xs_in, g, h, "input")
        gx64 = tuple(act(g, x) for act, x in zip(self.in_actions, xs_in, strict=True))
        gx = tuple(to_dtype(v, self.dtype) for v in gx64)
        y, y_g = self.call(xs_in), self.call(gx)
        if not self.validated:
            self._match(self.out_actions, y, "output")
            self.validated = True
        self.check_representation(self.out_actions, y, g, h, "output")
        per, abs_err, num, den = [], 0.0, 0.0, 0.0
        for act, a, yk in zip(self.out_actions, y_g, y, strict=True):
            b = act(g, yk)
            if a.shape != b.shape:
                raise Stop(
                    "error",
                    f"{self.name}: output shape changed from {b.shape} to "
                    f"{a.shape} when the input was transformed",
                )
            d = a - b
            per.append(rel(d, max(np.linalg.norm(a), np.linalg.norm(b)), self.floor))
            abs_err = max(abs_err, float(np.max(np.abs(d))) if d.size else 0.0)
            num += float(np.sum(d * d))
            den += float(np.sqrt(np.mean(a * a)) + np.sqrt(np.mean(b * b))) if a.size else 0.0
        size = sum(a.size for a in y_g) or 1
        m = self.group.matrix(g)
        g_scale = float(np.sqrt(np.mean((m - np.eye(len(m))) ** 2))) if m.size else 0.0
        scaled = float(np.sqrt(num / size) / max(den, g_scale, 1e-7))
        worst = int(np.argmax(per)) if per else 0
        noise = self._noise(gx64, y_g) if self.measure_noise else None
        return Errors(abs_err, max(per, default=0.0), scaled, per, worst, noise)

    def _noise(self, gx64: tuple[np.ndarray, ...], y_g: tuple[np.ndarray, ...]) -> list[float]:
        """Relative change of ``f(g.x)`` when entries of ``g.x`` move by up to two roundings."""
        eps = float(np.finfo(self.dtype).eps)
        moved = []
        for v in gx64:
            jitter = np.random.default_rng(v.size).uniform(-2.0, 2.0, size=v.shape)
            moved.append(to_dtype(v + eps * np.abs(v) * jitter, self.dtype))
        y_n = self.call(tuple(moved))
        return [
            rel(a - b, max(float(np.linalg.norm(a)), float(np.linalg.norm(b))), self.floor)
            for a, b in zip(y_n, y_g, strict=True)
        ]
