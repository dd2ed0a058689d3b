from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import sympy

from symalg.codegen import compile_kernel

ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np, sympy as sp
    import numba  # imported before timing: its import cost is not the cache's
    t0 = time.perf_counter()
    from symalg.codegen import compile_kernel
    x, y = sp.symbols("x y")
    k = compile_kernel([sp.sin(x) * sp.exp(y) + x**3, sp.atan2(y, x)], [x, y])
    v = k(np.array([0.5]), np.array([0.25]))
    part = k._impl.engine.module.part0
    print(json.dumps({"hits": sum(part.stats.cache_hits.values()),
                      "misses": sum(part.stats.cache_misses.values()),
                      "value": v.tolist(), "seconds": time.perf_counter() - t0}))
    """
)


def _run_child(cache_dir: Path) -> dict:
    env = {**os.environ, "SYMALG_CACHE_DIR": str(cache_dir)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_fresh_process_gets_cache_hit_and_recompiles_nothing(tmp_path: Path) -> None:
    cold = _run_child(tmp_path)
    warm = _run_child(tmp_path)
    assert cold["misses"] >= 1 and cold["hits"] == 0
    assert warm["hits"] >= 1 and warm["misses"] == 0
    assert warm["value"] == cold["value"]
    assert warm["seconds"] < cold["seconds"], (cold, warm)


def test_corrupted_cache_file_is_detected_and_rebuilt(tmp_path: Path) -> None:
    cold = _run_child(tmp_path)
    (path,) = (tmp_path / "kernels").glob("k_*.py")
    text = path.read_text()
    path.write_text(text.replace("math.sin", "math.cos"))  # a silent, plausible corruption
    again = _run_child(tmp_path)
    assert again["value"] == cold["value"]
    assert path.read_text() == text


def test_cache_key_covers_options() -> None:
    x = sympy.Symbol("x")
    k64 = compile_kernel(x / 3, [x])
    k32 = compile_kernel(x / 3, [x], dtype="float32")
    kfm = compile_kernel(x / 3, [x], fastmath=True)
    keys = {k._impl.key for k in (k64, k32, kfm)}
    assert len(keys) == 3
    assert k32(np.array([1.0])).dtype == np.float32
    assert "fastmath=True" in kfm.source


def test_generated_module_records_its_metadata() -> None:
    x = sympy.Symbol("x")
    k = compile_kernel([sympy.sin(x), sympy.exp(sympy.sin(x)) + x], [x])
    meta = json.loads(k._impl.engine.module.META)
    assert meta["n_parts"] == 1 and meta["n_ops"] == 3
    assert k.source.startswith("# symalg-kernel ")


def test_cache_key_ignores_how_subexpressions_are_shared_in_memory() -> None:
    # an unpickled copy (e.g. on a Dask worker) may share equal subtrees differently
    x, y = sympy.symbols("x y")
    a, b = sympy.Add._from_args((x, y)), sympy.Add._from_args((x, y))
    assert a is not b and a == b
    shared = sympy.Mul._from_args((sympy.sin(a), a))
    copied = sympy.Mul._from_args((sympy.sin(b), sympy.Add._from_args((x, y))))
    k1, k2 = compile_kernel(shared, [x, y]), compile_kernel(copied, [x, y])
    assert k1._impl.key == k2._impl.key
    assert compile_kernel(x * y, [x, y])._impl.key != k1._impl.key
