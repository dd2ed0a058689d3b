from __future__ import annotations

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.nn import FrameAveragedMLP
from verification import (
    ComponentError,
    EquivarianceError,
    InvarianceError,
    RepresentationError,
    assert_equivariant,
    assert_invariant,
    check_equivariance,
    equivariance_error,
    groups,
    strategies,
    tolerance,
)

FAST = {"max_examples": 25, "seed": 0}


def centred_norms(x: np.ndarray) -> np.ndarray:
    return np.linalg.norm(x - x.mean(axis=0), axis=1)


def test_correct_invariant_passes_with_round_off_errors() -> None:
    r = check_equivariance(
        centred_norms, group="E3", input_action="points", inputs=strategies.point_clouds(6), **FAST
    )
    assert r.passed and r.kind == "invariance"
    assert 0 < r.n_examples and r.max_rel_error < 1e-8
    assert r.max_rel_error <= r.rtol + 100 * r.max_noise
    assert set(r.by_type) <= {
        "rotation",
        "reflection",
        "rotation+translation",
        "reflection+translation",
    }
    assert "reflection" in r.by_type


def test_errors_are_computed_in_float64_for_float32_models() -> None:
    def f32(x: np.ndarray) -> np.ndarray:
        assert x.dtype == np.float32
        return (x - x.mean(axis=0)).astype(np.float32)

    r = check_equivariance(
        f32,
        group="O3",
        input_action="vectors",
        output_action="vectors",
        inputs=strategies.point_clouds(5),
        dtype="float32",
        **FAST,
    )
    assert r.passed and r.dtype == "float32"
    assert r.rtol == tolerance("float32").rtol
    assert r.max_rel_error > 1e-10  # float32 round-off is visible, measured in float64


def test_non_compact_groups_scale_the_tolerance_by_the_condition_number() -> None:
    r = check_equivariance(
        lambda x: 2.0 * x,
        group=groups.GLPlus(3),
        input_action="vectors",
        output_action="vectors",
        inputs=strategies.point_clouds(4),
        **FAST,
    )
    assert r.passed


def test_violation_report_has_a_shrunk_counterexample_and_reproduces_with_its_seed() -> None:
    def biased(x: np.ndarray) -> np.ndarray:
        return np.linalg.norm(x, axis=1) + 1e-3 * x[:, 0]

    kw = dict(
        group="O3",
        input_action="vectors",
        inputs=strategies.point_clouds(4),
        max_examples=50,
        seed=3,
    )
    r1, r2 = check_equivariance(biased, **kw), check_equivariance(biased, **kw)
    assert r1.status == "violation" and not r1.passed
    ce = r1.counterexample
    assert ce is not None and ce.rel_error > r1.rtol
    assert ce.element_type in {"rotation", "reflection"}
    direct = equivariance_error(biased, ce.inputs, ce.element, group="O3", input_action="vectors")
    assert direct["rel"] == pytest.approx(ce.rel_error)
    assert r1.to_dict() == r2.to_dict()


def test_assert_invariant_raises_invariance_error_with_details() -> None:
    with pytest.raises(InvarianceError, match=r"(?s)counterexample: g = .*reproduce with seed=0"):
        assert_invariant(
            lambda x: x[0],
            group="Permutations(4)",
            input_action="rows",
            inputs=strategies.arrays((4, 2)),
            **FAST,
        )


def test_assert_equivariant_raises_equivariance_error() -> None:
    with pytest.raises(EquivarianceError) as info:
        assert_equivariant(
            lambda x: np.cross(x[0], x[1]),
            group="O3",
            input_action="vectors",
            output_action="vectors",
            inputs=strategies.point_clouds(4),
            **FAST,
        )
    assert info.value.report.counterexample.element_type == "reflection"


def test_so3_only_claim_of_cross_product_holds() -> None:
    r = check_equivariance(
        lambda x: np.cross(x[0], x[1]),
        group="SO3",
        input_action="vectors",
        output_action="vectors",
        inputs=strategies.point_clouds(4),
        **FAST,
    )
    assert r.passed


def test_broken_representation_is_reported_as_such_not_as_a_model_failure() -> None:
    def right(g: np.ndarray, x: np.ndarray) -> np.ndarray:
        return x @ g

    with pytest.raises(RepresentationError, match="(?s)not a group action.*fix the action"):
        assert_invariant(
            centred_norms,
            group="SO3",
            input_action=right,
            inputs=strategies.point_clouds(5),
            **FAST,
        )


def test_broken_output_representation_is_reported() -> None:
    def scale(g: np.ndarray, x: np.ndarray) -> np.ndarray:
        return 2.0 * x  # identity law fails

    r = check_equivariance(
        lambda x: x,
        group="SO3",
        input_action="vectors",
        output_action=scale,
        inputs=strategies.point_clouds(3),
        **FAST,
    )
    assert r.status == "broken-representation"
    assert "output action" in r.message and "identity" in r.message


def test_a_callable_that_raises_gives_a_component_error_naming_it() -> None:
    def crashes(x: np.ndarray) -> np.ndarray:
        raise RuntimeError("boom")

    with pytest.raises(
        ComponentError, match="mylayer/claim: the callable raised RuntimeError: boom"
    ):
        assert_invariant(
            crashes,
            group="O3",
            input_action="vectors",
            inputs=strategies.point_clouds(3),
            name="mylayer/claim",
            **FAST,
        )


@pytest.mark.filterwarnings("ignore:invalid value encountered in log:RuntimeWarning")
def test_nan_outputs_give_a_component_error() -> None:
    # log of a negative number: numpy warns and returns NaN, which the checker must report
    with pytest.raises(ComponentError, match=r"non-finite values \(NaN or inf\)"):
        assert_invariant(
            lambda x: np.log(x - 100.0),
            group="O3",
            input_action="vectors",
            inputs=strategies.point_clouds(3),
            **FAST,
        )


def test_output_shape_that_does_not_fit_the_action_is_a_shape_error() -> None:
    with pytest.raises(
        ShapeError,
        match=r"f5: output 0: action 'vectors' of O3 expects a last "
        r"axis of size 3, got shape \(4, 5\)",
    ):
        check_equivariance(
            lambda x: np.zeros((4, 5)),
            group="O3",
            input_action="vectors",
            output_action="vectors",
            inputs=strategies.point_clouds(4),
            name="f5",
            **FAST,
        )


def test_action_count_must_match_outputs() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"3 output action\(s\) given for 2 output\(s\)"
    ):
        check_equivariance(
            lambda x: (x, x),
            group="O3",
            input_action="vectors",
            output_action=("vectors", "vectors", "trivial"),
            inputs=strategies.point_clouds(4),
            **FAST,
        )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"max_examples": 0}, InvalidArgumentError, "max_examples=0 must be >= 1"),
        ({"dtype": "float16"}, InvalidArgumentError, "dtype='float16' is not supported"),
        ({"rtol": -1.0}, InvalidArgumentError, "rtol=-1.0 must be a finite positive number"),
        ({"inputs": [1, 2]}, InvalidArgumentError, "inputs must be a hypothesis strategy"),
        ({"group": "Q8"}, InvalidArgumentError, "unknown group 'Q8'"),
        ({"seed": "x"}, InvalidTypeError, "seed must be an integer"),
    ],
)
def test_bad_usage_is_rejected_before_running(kwargs, error, match) -> None:  # noqa: ANN001
    base = dict(group="O3", input_action="vectors", inputs=strategies.point_clouds(3))
    with pytest.raises(error, match=match):
        check_equivariance(centred_norms, **{**base, **kwargs})


def test_degenerate_inputs_are_labelled_not_violations() -> None:
    f = FrameAveragedMLP(n_points=6)
    # a spectrum with a repeated eigenvalue: the frame is undefined (P2 gap 0)
    r = check_equivariance(
        f.invariant,
        group="E3",
        input_action="points",
        inputs=strategies.point_clouds(6, spectrum=(1.0, 1.0, 4.0)),
        degeneracy=f.covariance_gap,
        **FAST,
    )
    assert r.passed and r.n_degenerate == r.n_examples
    assert r.max_degenerate_error > 1e-6  # the error there is real, and reported
    # the same kind of inputs without the degeneracy model: a violation. Eigenvectors of a
    # repeated eigenvalue are decided by rounding (LAPACK's SIMD path can differ between
    # calls), so an individual example may happen to agree; give the search a real budget.
    bare = check_equivariance(
        f.invariant,
        group="E3",
        input_action="points",
        inputs=strategies.point_clouds(6, spectrum=(1.0, 1.0, 4.0)),
        max_examples=200,
        seed=0,
    )
    assert bare.status == "violation"


def test_well_separated_spectra_pass_without_degeneracy() -> None:
    f = FrameAveragedMLP(n_points=6)
    r = check_equivariance(
        f.invariant,
        group="E3",
        input_action="points",
        inputs=strategies.point_clouds(6, spectrum=(1.0, 2.0, 4.0)),
        degeneracy=f.covariance_gap,
        **FAST,
    )
    assert r.passed and r.n_degenerate == 0


def test_multi_input_multi_output_with_product_group() -> None:
    def layer(h: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c = x - x.mean(axis=0)
        return h * np.linalg.norm(c, axis=1, keepdims=True), x + 0.1 * c

    r = check_equivariance(
        layer,
        group=groups.Product(groups.Permutations(4), groups.E3()),
        input_action=("rows*trivial", "rows*points"),
        output_action=("rows*trivial", "rows*points"),
        inputs=strategies.node_graphs(4, 2),
        **FAST,
    )
    assert r.passed and len(r.per_output) == 2


def test_report_summary_and_json() -> None:
    r = check_equivariance(
        centred_norms,
        group="O3",
        input_action="vectors",
        inputs=strategies.point_clouds(4),
        **FAST,
    )
    assert "holds" in r.summary()
    d = r.to_dict()
    assert d["passed"] is True and d["counterexample"] is None and d["seed"] == 0
