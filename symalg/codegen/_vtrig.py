"""Vectorisable sin/cos for generated kernels (``compile_kernel(..., vector_trig=True)``).

``math.sin``/``math.cos`` are calls into libm, which stop LLVM from vectorising a kernel's
loop. These inline, call-free replacements reduce the argument by ``pi/2`` in three
Cody-Waite steps (the medium case of fdlibm's ``__ieee754_rem_pio2``) and evaluate fdlibm's
``__kernel_sin``/``__kernel_cos`` polynomials, selecting the quadrant without branches; the
loop then runs on SIMD lanes. Error <= 1 ulp for ``|x| <= LIMIT``; beyond it the reduction is
no longer exact and the helpers return NaN (never a silently wrong value).
"""

from __future__ import annotations

#: Largest ``|x|`` the three-step reduction handles exactly: ``2^20 * pi / 2``.
LIMIT = 1647099.3291652855

#: Names the printer emits and the helper source defining them.
NAMES = ("_vsin", "_vcos")

SOURCE = f"""
_V_LIMIT = {LIMIT!r}


@numba.njit(inline="always", error_model="numpy")
def _vsincos(x):
    fn = np.floor(x * 6.36619772367581382433e-01 + 0.5)
    r = x - fn * 1.57079632673412561417e00
    w = fn * 6.07710050650619224932e-11
    t = r
    w = fn * 6.07710050630396597660e-11
    r = t - w
    w = fn * 2.02226624879595063154e-21 - ((t - r) - w)
    t = r
    w = fn * 2.02226624871116645580e-21
    r = t - w
    w = fn * 8.47842766036889956997e-32 - ((t - r) - w)
    y0 = r - w
    y1 = (r - y0) - w
    z = y0 * y0
    v = z * y0
    p = 8.33333333332248946124e-03 + z * (-1.98412698298579493134e-04 + z * (
        2.75573137070700676789e-06 + z * (-2.50507602534068634195e-08
        + z * 1.58969099521155010221e-10)))
    s = y0 - ((z * (0.5 * y1 - v * p) - y1) - v * -1.66666666666666324348e-01)
    q = z * (4.16666666666666019037e-02 + z * (-1.38888888888741095749e-03 + z * (
        2.48015872894767294178e-05 + z * (-2.75573143513906633035e-07 + z * (
        2.08757232129817482790e-09 + z * -1.13596475577881948265e-11)))))
    hz = 0.5 * z
    ww = 1.0 - hz
    c = ww + (((1.0 - ww) - hz) + (z * q - y0 * y1))
    k = fn - 4.0 * np.floor(fn * 0.25)
    odd = (k == 1.0) | (k == 3.0)
    s2 = c if odd else s
    c2 = s if odd else c
    sn = -s2 if k >= 2.0 else s2
    cs = -c2 if (k == 1.0) | (k == 2.0) else c2
    bad = not (abs(x) <= _V_LIMIT)
    return (math.nan if bad else sn), (math.nan if bad else cs)


@numba.njit(inline="always", error_model="numpy")
def _vsin(x):
    return _vsincos(x)[0]


@numba.njit(inline="always", error_model="numpy")
def _vcos(x):
    return _vsincos(x)[1]
"""
