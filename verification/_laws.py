"""Algebraic laws of aggregators and weight-space permutation symmetry of MLPs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis import target

from symalg import InvalidArgumentError
from verification._check import _as_strategy
from verification._evaluate import Evaluator, to_dtype
from verification._report import Counterexample, Report
from verification._search import Stop, check_budget, run_search
from verification._tolerances import tolerance
from verification._validate import check_callable, check_dtype, check_positive
from verification.groups import Group, Permutations, Product

__all__ = ["check_monoid_laws", "check_weight_permutation"]


class _Tracker:
    def __init__(self) -> None:
        self.n, self.max_abs, self.max_rel, self.by_type = 0, 0.0, 0.0, {}

    def add(self, law: str, abs_err: float, rel_err: float) -> None:
        self.max_abs, self.max_rel = max(self.max_abs, abs_err), max(self.max_rel, rel_err)
        self.by_type[law] = max(self.by_type.get(law, 0.0), rel_err)


def _report(
    tr: _Tracker,
    stop: Stop | None,
    *,
    name: str,
    kind: str,
    group: str,
    dtype: str,
    rtol: float,
    seed: int | None,
) -> Report:
    status, message, ce = "holds", "", None
    if stop is not None and stop.kind == "violation":
        law, label, xs, abs_err, rel_err = stop.payload
        status, message = "violation", f"{law} fails with relative error {rel_err:.3g}"
        ce = Counterexample(label, label, law, xs, abs_err, rel_err)
    elif stop is not None:
        status, message = "error", str(stop.payload)
    return Report(
        name=name,
        kind=kind,
        group=group,
        input_action="-",
        output_action="-",
        dtype=dtype,
        status=status,
        n_examples=tr.n,
        n_degenerate=0,
        max_abs_error=tr.max_abs,
        max_rel_error=tr.max_rel,
        max_scaled_error=tr.max_rel,
        max_degenerate_error=0.0,
        rtol=rtol,
        by_type=dict(tr.by_type),
        counterexample=ce,
        seed=seed,
        message=message,
    )


def check_monoid_laws(
    combine: Callable[[np.ndarray, np.ndarray], np.ndarray],
    *,
    inputs: st.SearchStrategy[np.ndarray],
    identity: np.ndarray | None = None,
    max_examples: int = 100,
    dtype: str = "float64",
    rtol: float | None = None,
    seed: int | None = None,
    name: str | None = None,
) -> Report:
    """Check that ``combine`` is a commutative monoid on rows ``a, b, c`` of drawn arrays.

    Laws: commutativity ``a + b == b + a`` **bitwise** (a symmetric construction makes it
    exact), associativity ``(a + b) + c = a + (b + c)`` and identity ``e + a = a`` to
    ``rtol`` relative to ``|a| + |b| + |c|`` (the reassociation error of exact float
    operations is of order ``n eps sum|x|``).

    Parameters
    ----------
    combine : callable
        Binary operation on arrays of shape (n_features,).
    inputs : strategy
        Arrays of shape (k, n_features) with ``k >= 3``; rows 0, 1, 2 are ``a, b, c``.
    identity : ndarray, optional
        The claimed identity element.
    max_examples, dtype, rtol, seed, name
        As in :func:`verification.check_equivariance`.

    Returns
    -------
    Report
        ``kind="monoid_laws"``; ``by_type`` holds the largest error per law and the
        counterexample's ``element_type`` names the law that failed.

    Notes
    -----
    Commutativity alone makes a balanced-tree reduction permutation invariant only for two
    elements; a commutative, non-associative operation (e.g. the pairwise mean) still looks
    invariant on multisets of size ``2^m`` with a balanced tree. Check permutation invariance
    at sizes 3, 5, 7 as well.

    Examples
    --------
    >>> import numpy as np
    >>> from verification import check_monoid_laws, strategies
    >>> mean = lambda a, b: (a + b) / 2
    >>> report = check_monoid_laws(mean, inputs=strategies.multisets(3, 2), seed=0)
    >>> report.status, report.counterexample.element_type
    ('violation', 'associativity')
    """
    where = "check_monoid_laws"
    check_callable("combine", combine, where=where)
    max_examples, seed = check_budget(max_examples, seed, where=where)
    dtype = check_dtype(dtype, where=where)
    rtol = tolerance(dtype).rtol if rtol is None else check_positive("rtol", rtol, where=where)
    label = name or getattr(combine, "__qualname__", "combine")
    ev = Evaluator(
        lambda a, b: combine(a, b),
        Permutations(2),
        [],
        [],
        dtype=dtype,
        floor=tolerance(dtype).floor,
        name=label,
    )
    tr = _Tracker()
    e = None if identity is None else to_dtype(np.asarray(identity), dtype)

    def prop(x: np.ndarray) -> None:
        x = to_dtype(x, dtype)
        if x.ndim < 1 or x.shape[0] < 3:
            raise Stop(
                "usage",
                InvalidArgumentError(
                    f"{where}: inputs must draw arrays with at least 3 rows, got shape {x.shape}."
                ),
            )
        a, b, c = x[0], x[1], x[2]
        scale = float(np.abs(x[:3]).sum())
        (ab,), (ba,) = ev.call((a, b)), ev.call((b, a))
        (ab_c,), (bc,) = ev.call((ab.astype(dtype), c)), ev.call((b, c))
        (a_bc,) = ev.call((a, bc.astype(dtype)))
        laws = [("commutativity", ab, ba, True), ("associativity", ab_c, a_bc, False)]
        if e is not None:
            laws.append(("identity", ev.call((e, a))[0], a.astype(np.float64), False))
        tr.n += 1
        worst = 0.0
        for law, lhs, rhs, bitwise in laws:
            d = np.abs(lhs - rhs)
            abs_err, rel_err = float(d.max()), float(d.sum() / max(scale, ev.floor))
            tr.add(law, abs_err, rel_err)
            worst = max(worst, rel_err / rtol)
            if (bitwise and not np.array_equal(lhs, rhs)) or rel_err > rtol:
                raise Stop("violation", (law, law, (a, b, c), abs_err, rel_err))
        target(min(worst, 1e12), label="relative error / tolerance")

    stop = run_search(
        prop, {"x": _as_strategy(inputs, where)}, max_examples=max_examples, seed=seed
    )
    if stop is not None and stop.kind == "usage":
        raise stop.payload
    return _report(
        tr, stop, name=label, kind="monoid_laws", group="monoid", dtype=dtype, rtol=rtol, seed=seed
    )


def check_weight_permutation(
    model: Any,
    *,
    inputs: st.SearchStrategy[np.ndarray],
    permute: Callable[[Any, Sequence[np.ndarray]], Callable[..., Any]] | None = None,
    hidden_sizes: Sequence[int] | None = None,
    max_examples: int = 100,
    dtype: str = "float64",
    rtol: float | None = None,
    seed: int | None = None,
    name: str | None = None,
) -> Report:
    """Check that permuting hidden units leaves an MLP's function (and spectra) unchanged.

    Draws one permutation per hidden layer from ``Permutations(h_1) x ...`` (special
    elements included), builds ``permute(model, perms)`` and compares its outputs with
    ``model``'s on drawn inputs, to a float tolerance (reordered sums are not bitwise equal).
    When the model has ``params`` (a list of ``(W, b)``), the singular values of every ``W``
    are compared too.

    Parameters
    ----------
    model : callable
        The network, ``model(x) -> y``.
    inputs : strategy
        Input batches.
    permute : callable, optional
        ``permute(model, perms) -> model'``; default ``model.permute_hidden(perms)``.
    hidden_sizes : sequence of int, optional
        Default ``model.hidden_sizes``.
    max_examples, dtype, rtol, seed, name
        As in :func:`verification.check_equivariance`.

    Returns
    -------
    Report
        ``kind="weight_permutation"``; a failure raises ``InvarianceError`` via
        ``assert_*``-style use of :func:`verification.raise_for`.

    Examples
    --------
    >>> from symalg.nn import PermutableMLP
    >>> from verification import check_weight_permutation, strategies
    >>> check_weight_permutation(PermutableMLP(), inputs=strategies.arrays((3, 4)), seed=0).passed
    True
    """
    where = "check_weight_permutation"
    check_callable("model", model, where=where)
    max_examples, seed = check_budget(max_examples, seed, where=where)
    dtype = check_dtype(dtype, where=where)
    rtol = tolerance(dtype).rtol if rtol is None else check_positive("rtol", rtol, where=where)
    if permute is None:
        if not hasattr(model, "permute_hidden"):
            raise InvalidArgumentError(
                f"{where}: model has no permute_hidden method; pass "
                "permute=callable(model, perms)."
            )
        permute = lambda m, perms: m.permute_hidden(perms)  # noqa: E731
    sizes = tuple(hidden_sizes if hidden_sizes is not None else getattr(model, "hidden_sizes", ()))
    if not sizes:
        raise InvalidArgumentError(f"{where}: give hidden_sizes (one int per hidden layer).")
    factors = [Permutations(h) for h in sizes]
    group: Group = factors[0] if len(factors) == 1 else Product(*factors)
    label = name or getattr(model, "name", type(model).__name__)
    tr = _Tracker()
    floor = tolerance(dtype).floor

    def prop(g: Any, x: np.ndarray) -> None:
        perms = tuple(g) if isinstance(group, Product) else (g,)
        x = to_dtype(x, dtype)
        new = permute(model, perms)
        y0 = Evaluator(model, group, [], [], dtype=dtype, floor=floor, name=label).call((x,))[0]
        y1 = Evaluator(new, group, [], [], dtype=dtype, floor=floor, name=label).call((x,))[0]
        d = y1 - y0
        abs_err = float(np.abs(d).max())
        rel_err = float(np.linalg.norm(d) / max(np.linalg.norm(y0), floor))
        tr.n += 1
        tr.add("function", abs_err, rel_err)
        checks = [("function invariance", rel_err)]
        for i, ((w0, _), (w1, _)) in enumerate(
            zip(getattr(model, "params", ()), getattr(new, "params", ()), strict=False)
        ):
            s0, s1 = np.linalg.svd(w0, compute_uv=False), np.linalg.svd(w1, compute_uv=False)
            sv = float(np.abs(s0 - s1).max() / max(s0.max(), floor))
            tr.add(f"singular-values-{i}", sv, sv)
            checks.append((f"singular values of W_{i + 1}", sv))
        target(min(rel_err / rtol, 1e12), label="relative error / tolerance")
        for law, err in checks:
            if err > rtol:
                raise Stop("violation", (law, group.format(g), (x,), abs_err, err))

    stop = run_search(
        prop,
        {"g": group.elements(), "x": _as_strategy(inputs, where)},
        max_examples=max_examples,
        seed=seed,
    )
    return _report(
        tr,
        stop,
        name=label,
        kind="weight_permutation",
        group=group.name,
        dtype=dtype,
        rtol=rtol,
        seed=seed,
    )
