"""SSA program -> the Python source of a self-contained numba kernel module.

Large programs are split into "parts" of at most ``PART_LINES`` statements, each its own
``njit`` function, so numba's superlinear compile time stays roughly linear in size.
Temporaries that cross parts are kept in a scratch array ``spill`` of shape
``(n_columns, block)``; the caller runs the parts one after the other, block by block.

Where the statements allow it (``simd``), each part also gets ``part<p>_simd``: the
explicit-SIMD loop of :mod:`symalg.codegen._simd` over whole vectors, then the scalar loop
for the rest. It is built from the part's statements, kept in the module as a string, when
the module is imported; that import of the translator is the one exception to the modules
being self-contained.

Measured and rejected: evaluating single-argument transcendental calls with numpy's
SIMD ufuncs on whole block columns between parts. numpy's exp/tanh/atan/log1p ran at
1-3 ns per point here, but sin/cos at 10 ns (no SIMD path), and the extra passes over
the scratch array made the 6x6 Jacobian set 1.2x and the 5000-operation set 1.25x slower.
"""

from __future__ import annotations

import json
import re

from symalg.codegen import _simd, _vtrig
from symalg.codegen._printer import Program

#: Statements per njit function. Measured on the 9100-operation benchmark set (~7000
#: statements): one part compiled in 25 s and ran at 681 ms per 5e4 points; split at 1500
#: statements it needed 1306 spilled temporaries, compiled in 107 s and ran 2.4x slower.
#: So split only kernels far larger than that.
PART_LINES = 10_000
_INPUT_RE = re.compile(r"\bv\d+_\d+\b")
Line = tuple[str, str, tuple[str, ...]]


#: Longest chain of statements moved after moved statements (bounds the sort keys).
_MAX_MOVE_DEPTH = 16


def _schedule(lines: list[Line]) -> list[Line]:
    """Move statements that end two or more temporaries up to just after their latest input.

    A long sum is printed as chunk sums after all of its terms, so every term would cross
    the part boundaries in between (a 2400-term sum split in two spilled 2224 temporaries,
    and numba took 18x longer to compile the parts than one unsplit function). Formed
    as soon as their terms exist, the partial sums are what crosses. Only independent
    statements change places, so every result is bit-for-bit the same.
    """
    last: dict[str, int] = {}
    for i, (_, _, deps) in enumerate(lines):
        for d in deps:
            last[d] = i
    keys: dict[str, tuple[int, ...]] = {}
    seq = 0
    for i, (name, _, deps) in enumerate(lines):
        key: tuple[int, ...] = (i,)
        if sum(1 for d in set(deps) if last[d] == i) >= 2:
            anchor = max((keys[d] for d in deps), default=key)
            if anchor < (i - 1,) and len(anchor) < _MAX_MOVE_DEPTH:
                seq += 1
                key = (*anchor, seq)
        keys[name] = key
    return sorted(lines, key=lambda line: keys[line[0]])


def _partition(program: Program) -> list[list[Line]]:
    live = program.live()
    lines = [line for line in program.lines if line[0] in live]
    if len(lines) > PART_LINES:
        lines = _schedule(lines)
    return [lines[k : k + PART_LINES] for k in range(0, max(len(lines), 1), PART_LINES)]


def render_module(
    program: Program,
    *,
    n_args: list[int],
    n_outputs: list[int],
    options: dict[str, object],
    header: str,
) -> tuple[str, dict[str, object]]:
    """Return the module source and its metadata."""
    parts = _partition(program)
    owner = {name: p for p, part in enumerate(parts) for name, _, _ in part}
    spill: dict[str, int] = {}
    for p, part in enumerate(parts):
        for _, _, deps in part:
            for d in deps:
                if owner[d] != p and d not in spill:
                    spill[d] = len(spill)
    # inputs and outputs arrive as flat, dense rows (broadcasts materialised per block):
    # literal row lengths (`a0[i * 3 + c]`) let LLVM vectorise the loop, which strides
    # known only at run time (`a0[i * s0, c]`, `out0[i, c]`) prevent
    params = ["n", *[f"a{j}" for j in range(len(n_args))], "spill"]
    signature = ", ".join(params + [f"out{k}" for k in range(len(n_outputs))])
    fastmath = (
        "True" if options["fastmath"] else ('{"contract"}' if options.get("fma") else "False")
    )
    flags = f'cache={bool(options["cache"])}, nogil=True, error_model="numpy", fastmath={fastmath}'
    body = [header, "import cmath", "import math", "", "import numba", "import numpy as np", ""]
    body += [f"{name} = {literal}" for name, literal in program.consts.items()]
    if any(f"{h}(" in code for _, code, _ in program.lines for h in _vtrig.NAMES):
        body.append(_vtrig.SOURCE)
    simd = _use_simd(options.get("simd", False), parts, program.dtype)
    if simd:
        body.append("from symalg.codegen import _simd")
    for p, part in enumerate(parts):
        loop = _loop_body(program, part, p, owner, spill, n_args, n_outputs)
        for suffix, extra, rng in (("", "", "range"), ("_par", ", parallel=True", "numba.prange")):
            body += ["", "", f"@numba.njit({flags}{extra})", f"def part{p}{suffix}({signature}):"]
            body += [f"    for i in {rng}(n):", *loop]
        if simd:
            body += _simd_part(
                p, loop, signature, flags, program.dtype, n_args, n_outputs, options
            )
    meta = {
        "n_parts": len(parts),
        "n_spill": len(spill),
        "n_ops": program.n_ops,
        "n_lines": sum(len(p) for p in parts),
        "simd": simd,
    }
    body += ["", "", f"META = {json.dumps(json.dumps(meta))}", ""]
    return "\n".join(body), meta


def _use_simd(option: object, parts: list[list[Line]], dtype: str) -> bool:
    """Whether to emit SIMD parts: ``True`` insists (and raises), ``"auto"`` where possible."""
    if not option or dtype == "complex128":
        return False
    codes = [code for part in parts for _, code, _ in part]
    if option == "auto":
        return _simd.unsupported(codes) is None
    _simd.check(codes)
    return True


def _simd_part(
    p: int,
    loop: list[str],
    signature: str,
    njit: str,
    dtype: str,
    n_args: list[int],
    n_outputs: list[int],
    options: dict[str, object],
) -> list[str]:
    """``part<p>_simd``: the explicit-SIMD loop over whole vectors, then the scalar rest.

    Part 0 also takes ``stat``, a one-element unsigned array that it raises to the largest
    ``|x|`` bit pattern of every input entry (see :func:`_simd.vector_loop`).
    """
    lanes = _simd.LANES[dtype]
    flags = ("fast",) if options["fastmath"] else (("contract",) if options.get("fma") else ())
    stat = p == 0
    args = signature.split(", ", 1)[1] + (", stat" if stat else "")
    rest = []
    if stat:
        uint = "np.uint64" if dtype == "float64" else "np.uint32"
        rest = [
            "    hi = stat[0]",
            f"    sign = {uint}(1) << {uint}({64 if dtype == 'float64' else 32} - 1)",
        ]
        for j, size in enumerate(n_args):
            rest += [
                f"    bits = a{j}.view({uint})",
                f"    for q in range(nv * {lanes * size}, n * {size}):",
                "        v = bits[q] & ~sign",
                "        hi = v if v > hi else hi",
            ]
        rest.append("    stat[0] = hi")
    return [
        "",
        "",
        f"_simd{p} = _simd.vector_loop(",
        f"    {chr(10).join(loop)!r},",
        f"    globals(), n_args={n_args!r}, n_outputs={n_outputs!r}, dtype={dtype!r}, "
        f"flags={flags!r}, stat={stat},",
        ")",
        "",
        "",
        f"@numba.njit({njit})",
        f"def part{p}_simd({signature}{', stat' if stat else ''}):",
        f"    nv = n // {lanes}",
        f"    _simd{p}(nv, {args})",
        *rest,
        f"    for i in range(nv * {lanes}, n):",
        *loop,
    ]


def _loop_body(
    program: Program,
    part: list[Line],
    p: int,
    owner: dict[str, int],
    spill: dict[str, int],
    n_args: list[int],
    n_outputs: list[int],
) -> list[str]:
    ind = " " * 8
    defined = {name for name, _, _ in part}
    stores = [(k, c, atom) for k, c, atom in program.outputs if owner.get(atom, 0) == p]
    used: set[str] = set()
    loads: list[str] = []
    for _, code, deps in part:
        used.update(_INPUT_RE.findall(code))
        loads += [d for d in deps if d not in defined]
    for _, _, atom in stores:
        used.update(_INPUT_RE.findall(atom))
    out = []
    for v in sorted(used, key=lambda s: tuple(int(x) for x in s[1:].split("_"))):
        j, c = v[1:].split("_")
        out.append(f"{ind}{v} = a{j}[i * {n_args[int(j)]} + {c}]")
    out += [f"{ind}{d} = spill[{spill[d]}, i]" for d in dict.fromkeys(loads)]
    out += [f"{ind}{name} = {code}" for name, code, _ in part]
    out += [f"{ind}spill[{spill[name]}, i] = {name}" for name, _, _ in part if name in spill]
    out += [f"{ind}out{k}[i * {n_outputs[k]} + {c}] = {atom}" for k, c, atom in stores]
    if not out:
        out.append(f"{ind}pass")
    return out
