from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symalg.errors import InvalidArgumentError, InvalidTypeError, ShapeError
from symalg.lie import SO3, NonUniqueLogWarning, sample_uniform_tangent_so3
from tests.lie._reference import assert_close, jl_series_ref, so3_exp_ref, so3_log_ref, tol
from tests.lie.strategies import rotation_vectors, unit_vectors

BACKENDS = ["numba", "numpy"]
HARD_ANGLES = [
    0.0,
    1e-16,
    1e-12,
    1e-8,
    1e-4,
    1e-2,
    0.17,
    1.0,
    2.0,
    math.pi - 1e-2,
    math.pi - 1e-6,
    math.pi - 1e-9,
    math.pi - 1e-12,
    math.pi - 1e-15,
]


def _log(r: np.ndarray, backend: str = "numba") -> np.ndarray:
    """log, where an exactly-pi draw may warn (tested separately)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonUniqueLogWarning)
        return SO3.from_matrix(r).log(backend=backend)


def _hat(w: np.ndarray) -> np.ndarray:
    return np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


@pytest.mark.parametrize("backend", BACKENDS)
@given(w=rotation_vectors())
def test_exp_matches_high_precision_series(backend: str, w: np.ndarray) -> None:
    got = SO3.exp(w, backend=backend).as_matrix()
    assert_close(got, so3_exp_ref(w), tol(np.float64), f"exp({w.tolist()})")


@pytest.mark.parametrize("backend", BACKENDS)
@given(w=rotation_vectors())
def test_log_of_rounded_rotation_matches_high_precision(backend: str, w: np.ndarray) -> None:
    r = so3_exp_ref(w)  # correctly rounded rotation matrix
    got = _log(r, backend)
    assert_close(got, so3_log_ref(r), tol(np.float64, 4.0), f"log at |w|={np.linalg.norm(w)!r}")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("theta", HARD_ANGLES)
def test_log_accurate_at_hard_angles(backend: str, theta: float) -> None:
    u = np.array([0.48, -0.6, 0.64])
    r = so3_exp_ref(theta * u)
    got = SO3.from_matrix(r).log(backend=backend)
    assert_close(got, so3_log_ref(r), 4e-16 * 8, f"theta={theta!r}")
    assert_close(got, theta * u, 1e-15 * 4, f"vs generating omega, theta={theta!r}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_log_at_exactly_pi_warns_and_is_valid(backend: str) -> None:
    r = np.diag([1.0, -1.0, -1.0])
    with pytest.warns(NonUniqueLogWarning, match="exactly pi"):
        w = SO3.from_matrix(r).log(backend=backend)
    assert np.all(np.isfinite(w))
    assert math.isclose(np.linalg.norm(w), math.pi, rel_tol=1e-15)
    assert_close(SO3.exp(w).as_matrix(), r, 1e-15, "exp(log(R)) at pi")


@pytest.mark.parametrize("backend", BACKENDS)
def test_log_near_pi_does_not_warn(backend: str) -> None:
    r = so3_exp_ref((math.pi - 1e-9) * np.array([0.0, 0.6, 0.8]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        SO3.from_matrix(r).log(backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
@given(w=rotation_vectors("float32"))
def test_float32_exp_log(backend: str, w: np.ndarray) -> None:
    w32 = w.astype(np.float32)
    r = SO3.exp(w32, backend=backend)
    assert r.dtype == np.float32
    assert_close(r.as_matrix(), so3_exp_ref(w32.astype(np.float64)), tol(np.float32), "f32 exp")
    r64 = so3_exp_ref(w32.astype(np.float64))
    got = _log(r64.astype(np.float32), backend)
    assert got.dtype == np.float32
    # float32 rounding of R moves the log by ~eps32 / sin(theta/2)-scale near pi: use 64 eps
    assert_close(got, so3_log_ref(r64.astype(np.float32)), tol(np.float32, 4.0, 64), "f32 log")


@given(w=rotation_vectors())
def test_exp_log_roundtrip_in_principal_ball(w: np.ndarray) -> None:
    got = _log(SO3.exp(w).as_matrix())
    if np.linalg.norm(w) >= math.pi - 1e-12:  # +-pi u are both logs at the cut
        got = got * np.sign(got @ w)
    assert_close(got, w, tol(np.float64, 4.0), "log(exp(w))")


@given(a=rotation_vectors(), b=rotation_vectors(), c=rotation_vectors())
def test_group_axioms(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> None:
    ra, rb, rc = SO3.exp(a), SO3.exp(b), SO3.exp(c)
    assert_close(((ra @ rb) @ rc).as_matrix(), (ra @ (rb @ rc)).as_matrix(), 1e-14, "assoc")
    assert_close((ra @ ra.inverse()).as_matrix(), np.eye(3), 1e-15, "inverse")
    assert_close((ra @ SO3.identity()).as_matrix(), ra.as_matrix(), 0.0, "identity")
    p = np.array([0.3, -1.0, 2.0])
    assert_close((ra @ rb).apply(p), ra.apply(rb.apply(p)), 1e-14, "action")


@given(w=rotation_vectors())
def test_left_jacobian_matches_series_and_adjoint_identity(w: np.ndarray) -> None:
    jl = SO3.left_jacobian(w)
    assert_close(jl, jl_series_ref(_hat(w)), 1e-15 * 8, "J_l vs series")
    jr = SO3.right_jacobian(w)
    assert_close(jl, SO3.exp(w).adjoint() @ jr, 1e-15 * 4, "J_l = Ad J_r")
    assert_close(jr, jl.T, 1e-16 * 4, "J_r = J_l^T")
    assert_close(jl @ w, w, 1e-15 * 4, "J_l w = w")


@given(w=rotation_vectors())
def test_left_jacobian_inverse(w: np.ndarray) -> None:
    jinv = SO3.left_jacobian_inv(w)
    assert np.all(np.isfinite(jinv))
    assert_close(jinv @ SO3.left_jacobian(w), np.eye(3), 1e-13, "J_l^-1 J_l")
    assert_close(SO3.right_jacobian_inv(w) @ SO3.right_jacobian(w), np.eye(3), 1e-13, "J_r^-1 J_r")


@given(u=unit_vectors(), theta=st.floats(0.05, math.pi - 0.05), d=unit_vectors())
def test_left_jacobian_finite_differences(u: np.ndarray, theta: float, d: np.ndarray) -> None:
    w, h = theta * u, 1e-6
    fd = (
        (SO3.exp(w + h * d) @ SO3.exp(w).inverse()).log()
        - (SO3.exp(w - h * d) @ SO3.exp(w).inverse()).log()
    ) / (2 * h)
    assert_close(fd, SO3.left_jacobian(w) @ d, 1e-8, "FD of exp vs J_l")


def test_haar_sampler_passes_angle_ks_and_uniform_tangent_fails() -> None:
    n = 20_000
    crit = 1.95 / math.sqrt(n)  # alpha = 1e-3

    def ks(mats: np.ndarray) -> float:
        t = np.sort(np.arccos(np.clip((np.trace(mats, axis1=1, axis2=2) - 1) / 2, -1, 1)))
        cdf = (t - np.sin(t)) / math.pi
        i = np.arange(1, n + 1) / n
        return float(max(np.max(i - cdf), np.max(cdf - (i - 1 / n))))

    haar = SO3.sample_haar(n, rng=1).as_matrix()
    assert ks(haar) < crit
    assert abs(np.mean(np.trace(haar, axis1=1, axis2=2))) < 5 / math.sqrt(n)
    assert ks(sample_uniform_tangent_so3(n, rng=1)) > 5 * crit


def test_interpolate_endpoints_and_midpoint() -> None:
    a, b = SO3.exp(np.array([0.1, 0.2, 0.3])), SO3.exp(np.array([-1.0, 0.5, 2.0]))
    assert_close(a.interpolate(b, 0.0).as_matrix(), a.as_matrix(), 1e-15, "t=0")
    assert_close(a.interpolate(b, 1.0).as_matrix(), b.as_matrix(), 1e-14, "t=1")
    mid = a.interpolate(b, 0.5)
    d1 = np.linalg.norm((a.inverse() @ mid).log())
    d2 = np.linalg.norm((mid.inverse() @ b).log())
    assert math.isclose(d1, d2, rel_tol=1e-12)


def test_normalize_removes_drift() -> None:
    r = SO3.exp(np.array([0.3, 0.2, 0.1]))
    drifted = SO3.from_matrix(r.as_matrix() * (1 + 1e-9), atol=1e-6)
    fixed = drifted.normalize().as_matrix()
    assert_close(fixed.T @ fixed, np.eye(3), 1e-15, "orthogonal after normalize")


def test_batched_shapes() -> None:
    w = np.zeros((2, 5, 3))
    r = SO3.exp(w)
    assert r.batch_shape == (2, 5) and r.log().shape == (2, 5, 3)
    assert SO3.left_jacobian(w).shape == (2, 5, 3, 3)
    assert r[0].batch_shape == (5,) and len(r) == 2


def test_from_matrix_rejects_bad_input() -> None:
    with pytest.raises(ShapeError, match=r"has shape \(3, 4\); expected \(\.\.\., 3, 3\)"):
        SO3.from_matrix(np.zeros((3, 4)))
    with pytest.raises(InvalidArgumentError, match=r"non-finite entry nan at index \(1, 1\)"):
        m = np.eye(3)
        m[1, 1] = np.nan
        SO3.from_matrix(m)
    with pytest.raises(
        InvalidArgumentError, match=r"not orthogonal: max \|M\^T M - I\| = 0\.21.*project=True"
    ):
        SO3.from_matrix(np.eye(3) * 1.1)
    with pytest.raises(InvalidArgumentError, match=r"det -1 <= 0"):
        SO3.from_matrix(np.diag([1.0, 1.0, -1.0]))
    with pytest.raises(InvalidTypeError, match=r"dtype complex128; expected float32 or float64"):
        SO3.exp(np.zeros(3, dtype=complex))
    with pytest.raises(InvalidArgumentError, match=r"backend='cuda' is not supported"):
        SO3.exp(np.zeros(3), backend="cuda")
    projected = SO3.from_matrix(np.eye(3) * 1.1 + 0.01, project=True).as_matrix()
    assert_close(projected.T @ projected, np.eye(3), 1e-15, "projected")


@pytest.mark.parametrize("scale", [1.0, 1e5, 2e6, 1e9])
def test_exp_agrees_with_the_numpy_route_on_both_sides_of_the_vector_trig_bound(scale) -> None:
    # below 1e6 per component the kernel uses call-free sin/cos, above it libm's
    w = np.random.default_rng(7).standard_normal((64, 3)) * scale
    fast = SO3.exp(w).as_matrix()
    ref = SO3.exp(w, backend="numpy").as_matrix()
    # rounding |omega| perturbs the angle by ~eps * theta: both routes are that accurate
    theta = np.linalg.norm(w, axis=-1).max()
    np.testing.assert_allclose(fast, ref, rtol=0, atol=8e-16 * max(1.0, theta))
    np.testing.assert_allclose(
        fast @ np.swapaxes(fast, -1, -2), np.broadcast_to(np.eye(3), fast.shape), atol=1e-14
    )


@pytest.mark.parametrize("name", ["so3_exp", "se3_exp"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_trigonometric_kernels_run_the_simd_loop(name, dtype) -> None:
    # the speed of SO3.exp/SE3.exp rests on it: rows stored contiguously, not by scatters
    from symalg.lie._kernels import kernel

    assert kernel(name, dtype, True)._impl.engine.simd
    assert not kernel(name, dtype, False)._impl.engine.simd  # libm sin/cos: plain loop


@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=0, max_size=40),
    st.sampled_from([np.float64, np.float32]),
)
def test_abs_max_guard_matches_numpy(values, dtype) -> None:
    # the one-pass bit-pattern maximum that picks the kernel and detects non-finite omega
    from symalg.lie._kernels import abs_max

    with np.errstate(over="ignore"):
        arr = np.array(values, dtype=np.float64).astype(dtype)
    got = abs_max(arr)
    if np.isnan(arr).any():
        assert math.isnan(got)
    else:
        assert got == (float(np.abs(arr).max()) if arr.size else 0.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_exp_names_a_non_finite_entry(bad) -> None:
    w = np.zeros((4, 3))
    w[2, 1] = bad
    with pytest.raises(InvalidArgumentError, match=r"non-finite entry .* at index \(2, 1\)"):
        SO3.exp(w)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_exp_writes_into_out(backend, dtype) -> None:
    w = np.random.default_rng(3).standard_normal((5, 2, 3)).astype(dtype)
    buf = np.full((5, 2, 3, 3), np.nan, dtype=dtype)
    r = SO3.exp(w, backend=backend, out=buf)
    assert r.as_matrix() is buf
    np.testing.assert_array_equal(buf, SO3.exp(w, backend=backend).as_matrix())


def test_exp_rejects_a_bad_out() -> None:
    w = np.zeros((4, 3))
    with pytest.raises(ShapeError, match=r"out has shape \(4, 9\); expected \(4, 3, 3\)"):
        SO3.exp(w, out=np.empty((4, 9)))
    with pytest.raises(InvalidTypeError, match="out has dtype float32; the result is float64"):
        SO3.exp(w, out=np.empty((4, 3, 3), np.float32))
    with pytest.raises(InvalidTypeError, match="out must be a numpy array, got list"):
        SO3.exp(w, out=[[0.0] * 3] * 3)
    ro = np.empty((4, 3, 3))
    ro.flags.writeable = False
    with pytest.raises(InvalidArgumentError, match="read-only"):
        SO3.exp(w, out=ro)
    big = np.zeros((4, 3, 3))
    with pytest.raises(InvalidArgumentError, match="overlaps the input"):
        SO3.exp(big[:, 0, :], out=big)
