"""symalg.lie against scipy and plain numpy, in one process: speed (10^6 elements) and accuracy.

Run: ``python benchmarks/lie_bench.py [--n 1000000] [--repeat 3]``. Times are the best of
``--repeat`` runs, after one warm-up call (kernel compilation and disk-cache loading excluded).
Ratios are scipy time / symalg time (> 1: symalg faster). ``scipy.linalg.polar`` has no batch
API, so it is timed on a 10^3 slice and scaled (marked ``*``); so is ``scipy.linalg.expm``.
The row ``SO3 exp out`` times symalg writing into a reused ``out=`` buffer (scipy and numpy
have no such option and are the same runs as in ``SO3 exp``).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

import mpmath
import numpy as np
import scipy.linalg
from _timing import timings  # benchmarks/ is on sys.path when a script runs
from scipy.spatial.transform import Rotation

from symalg.lie import SE3, SO3, polar


def best(fn: Callable[[], object], repeat: int) -> float:
    return min(timings(fn, repeat))


def hat(w: np.ndarray) -> np.ndarray:
    z = np.zeros_like(w[..., 0])
    x, y, q = w[..., 0], w[..., 1], w[..., 2]
    return np.stack(
        [np.stack([z, -q, y], -1), np.stack([q, z, -x], -1), np.stack([-y, x, z], -1)], -2
    )


def naive_exp(w: np.ndarray) -> np.ndarray:
    """Textbook Rodrigues with (1 - cos t)/t^2 written directly."""
    t = np.linalg.norm(w, axis=-1)[..., None, None]
    om = hat(w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.eye(3) + np.sin(t) / t * om + (1 - np.cos(t)) / t**2 * (om @ om)


def naive_log(r: np.ndarray) -> np.ndarray:
    """Textbook arccos log."""
    c = np.clip((np.trace(r, axis1=-2, axis2=-1) - 1) / 2, -1, 1)
    t = np.arccos(c)
    v = 0.5 * np.stack(
        [r[..., 2, 1] - r[..., 1, 2], r[..., 0, 2] - r[..., 2, 0], r[..., 1, 0] - r[..., 0, 1]], -1
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return (t / np.sin(t))[..., None] * v


def naive_se3(xi: np.ndarray) -> np.ndarray:
    w, rho = xi[..., 3:], xi[..., :3]
    t = np.linalg.norm(w, axis=-1)[..., None, None]
    om = hat(w)
    om2 = om @ om
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.eye(3) + np.sin(t) / t * om + (1 - np.cos(t)) / t**2 * om2
        v = np.eye(3) + (1 - np.cos(t)) / t**2 * om + (t - np.sin(t)) / t**3 * om2
    out = np.zeros(xi.shape[:-1] + (4, 4))
    out[..., :3, :3] = r
    out[..., :3, 3] = np.einsum("...ij,...j->...i", v, rho)
    out[..., 3, 3] = 1
    return out


def svd_polar(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    u, s, vt = np.linalg.svd(g)
    return (u * s[..., None, :]) @ np.swapaxes(u, -1, -2), u @ vt


def speed(n: int, repeat: int) -> list[tuple[str, float, float, float, str]]:
    rng = np.random.default_rng(0)
    w = rng.standard_normal((n, 3))
    r = SO3.exp(w).as_matrix()
    xi = rng.standard_normal((n, 6))
    rows = []
    t_ours = best(lambda: SO3.exp(w), repeat)
    t_sp = best(lambda: Rotation.from_rotvec(w).as_matrix(), repeat)
    t_np = best(lambda: naive_exp(w), repeat)
    rows.append(("SO3 exp", t_ours, t_sp, t_np, "Rotation.from_rotvec().as_matrix()"))
    buf = np.empty((n, 3, 3))
    t_out = best(lambda: SO3.exp(w, out=buf), repeat)
    rows.append(("SO3 exp out", t_out, t_sp, t_np, "same; symalg with out= (a reused buffer)"))
    rot = SO3.from_matrix(r)
    t_ours = best(lambda: rot.log(), repeat)
    t_sp = best(lambda: Rotation.from_matrix(r).as_rotvec(), repeat)
    t_np = best(lambda: naive_log(r), repeat)
    rows.append(("SO3 log", t_ours, t_sp, t_np, "Rotation.from_matrix().as_rotvec()"))
    sub = min(n, 1_000)
    t_ours = best(lambda: SE3.exp(xi), repeat)
    twist = np.zeros((sub, 4, 4))
    twist[:, :3, :3] = hat(xi[:sub, 3:])
    twist[:, :3, 3] = xi[:sub, :3]
    t_sp = best(lambda: scipy.linalg.expm(twist), repeat) * n / sub
    t_np = best(lambda: naive_se3(xi), repeat)
    rows.append(("SE3 exp", t_ours, t_sp, t_np, "scipy.linalg.expm (batched, 10^3 scaled)*"))
    for k in (2, 3):
        g = rng.standard_normal((n, k, k))
        g[:, 0] *= np.sign(np.linalg.det(g))[:, None]
        t_ours = best(lambda g=g: polar(g), repeat)
        t_sp = best(lambda g=g: [scipy.linalg.polar(a, side="left") for a in g[:sub]], 1) * n / sub
        t_np = best(lambda g=g: svd_polar(g), repeat)
        rows.append(
            (f"polar {k}x{k}", t_ours, t_sp, t_np, "scipy.linalg.polar loop (10^3 scaled)*")
        )
    return rows


def _log_ref(r: np.ndarray) -> np.ndarray:
    with mpmath.workdps(50):
        m = mpmath.matrix(r.tolist())
        lam, q = mpmath.eigsy(m.T * m)
        k = m * (q * mpmath.diag([1 / mpmath.sqrt(x) for x in lam]) * q.T)
        c = (k[0, 0] + k[1, 1] + k[2, 2] - 1) / 2
        t = mpmath.acos(max(min(c, 1), -1))
        v = mpmath.matrix([k[2, 1] - k[1, 2], k[0, 2] - k[2, 0], k[1, 0] - k[0, 1]]) / 2
        return np.array([float(x * t / mpmath.sin(t)) for x in v])


def _exp_ref(w: np.ndarray) -> np.ndarray:
    with mpmath.workdps(50):
        ww = mpmath.matrix(w.tolist())
        t = mpmath.norm(ww)
        om = mpmath.matrix([[0, -ww[2], ww[1]], [ww[2], 0, -ww[0]], [-ww[1], ww[0], 0]])
        out = mpmath.eye(3) + mpmath.sin(t) / t * om + (1 - mpmath.cos(t)) / t**2 * om * om
        return np.array(out.tolist(), dtype=float)


def accuracy() -> list[tuple[str, float, float, float, float, float, float]]:
    u = np.array([0.48, -0.6, 0.64])
    rows = []
    for label, t in [
        ("1e-8", 1e-8),
        ("1e-3", 1e-3),
        ("1", 1.0),
        ("pi-1e-6", math.pi - 1e-6),
        ("pi-1e-9", math.pi - 1e-9),
        ("pi-1e-12", math.pi - 1e-12),
    ]:
        w = t * u
        ref_r = _exp_ref(w)
        e_ours = np.abs(SO3.exp(w).as_matrix() - ref_r).max()
        e_sp = np.abs(Rotation.from_rotvec(w).as_matrix() - ref_r).max()
        e_np = np.abs(naive_exp(w) - ref_r).max()
        ref_w = _log_ref(ref_r)
        l_ours = np.abs(SO3.from_matrix(ref_r).log() - ref_w).max()
        l_sp = np.abs(Rotation.from_matrix(ref_r).as_rotvec() - ref_w).max()
        l_np = np.abs(naive_log(ref_r) - ref_w).max()
        rows.append((label, e_ours, e_sp, e_np, l_ours, l_sp, l_np))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"speed, n = {args.n}, best of {args.repeat} (seconds)")
    head = ("op", "symalg", "scipy", "numpy", "scipy/symalg", "numpy/symalg")
    print(
        f"{head[0]:<11} {head[1]:>9} {head[2]:>9} {head[3]:>9} {head[4]:>13} {head[5]:>13}  route"
    )
    rows = speed(args.n, args.repeat)
    for op, ours, sp, npy, route in rows:
        times = f"{ours:9.4f} {sp:9.4f} {npy:9.4f} {sp / ours:13.2f} {npy / ours:13.2f}"
        print(f"{op:<11} {times}  {route}")
    # SO3 exp writes 72 bytes per rotation into fresh memory, as scipy's route does: the time
    # to fill a fresh (n, 3, 3) array bounds the ratio any exp returning new matrices can reach
    floor = best(lambda: np.empty((args.n, 3, 3)).fill(1.0), args.repeat)
    print(
        f"\nmemory floor: filling a fresh ({args.n}, 3, 3) float64 array takes {floor:.4f} s; "
        f"scipy SO3 exp / floor = {rows[0][2] / floor:.1f}, symalg / floor = "
        f"{rows[0][1] / floor:.2f}"
    )
    print("\naccuracy at hard angles: max-abs error vs 50-digit mpmath (float64)")
    cols = ("exp symalg", "exp scipy", "exp naive", "log symalg", "log scipy", "log naive")
    print(f"{'theta':<9} " + " ".join(f"{c:>11}" for c in cols))
    for row in accuracy():
        print(f"{row[0]:<9} " + " ".join(f"{x:11.1e}" for x in row[1:]))


if __name__ == "__main__":
    main()
