"""Explicit-SIMD loops for generated kernels (``compile_kernel(..., simd=True)``).

A kernel's outputs are rows of ``K`` columns (``out[i * K + c]``). LLVM's loop vectoriser
stores such a row group with one scatter instruction per column on AVX-512 machines, and
for a 3x3 result those nine scatters cost as much as all of the arithmetic. This module
translates a part's loop body, the printer's straight-line statements, into LLVM IR on
vectors of ``LANES`` points: each input row group is one contiguous load split into columns
by shuffles, every statement becomes one vector instruction with numba's semantics, and the
results are transposed by shuffles into one contiguous store. The points left over
(``n % LANES``) run through the scalar loop of the same function.

The statements are a small subset of Python (what :mod:`symalg.codegen._printer` emits for
real dtypes): ``+ - * / **``, comparisons, ``and or not``, conditional expressions,
``math.sqrt``, ``abs``, ``np.floor``, ``np.ceil``, ``np.minimum``, ``np.maximum`` and the
vectorisable sin/cos of :mod:`symalg.codegen._vtrig`. Types follow numba's rules (a
float32 kernel computes the sin/cos helpers in float64, as the scalar loop does), so
without fused multiply-adds the vector loop gives bit-for-bit the scalar loop's results.
"""

from __future__ import annotations

import ast
import functools
import math
import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic

from symalg.codegen import _vtrig
from symalg.errors import CodegenError

#: Points per vector: 256-bit registers (measured: 512-bit vectors were no faster).
LANES = {"float64": 4, "float32": 8}

_ARITH = {ast.Add: "fadd", ast.Sub: "fsub", ast.Mult: "fmul", ast.Div: "fdiv"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "=="}
_UNARY_CALLS = {
    "math.sqrt": "llvm.sqrt",
    "abs": "llvm.fabs",
    "np.floor": "llvm.floor",
    "np.ceil": "llvm.ceil",
}
_MINMAX = {"np.maximum": ">=", "np.minimum": "<="}  # numba: ties keep the first argument
SUPPORTED = (
    "+, -, *, /, powers, comparisons, Piecewise, Min, Max, sqrt, Abs, floor, ceiling, "
    "and sin/cos with vector_trig=True"
)


@functools.cache
def _helpers() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(_vtrig.SOURCE)
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _call_name(node: ast.Call) -> str:
    return ast.unparse(node.func)


def unsupported(codes: list[str]) -> str | None:
    """The first construct in ``codes`` the SIMD loop cannot translate, or None."""
    allowed = set(_UNARY_CALLS) | set(_MINMAX) | set(_helpers())
    for code in codes:
        for node in ast.walk(ast.parse(code, mode="eval")):
            if isinstance(node, ast.Call) and _call_name(node) not in allowed:
                return _call_name(node)
            if isinstance(node, ast.BinOp) and type(node.op) not in (*_ARITH, ast.Pow):
                return f"the operator in {ast.unparse(node)}"
            if isinstance(node, ast.Compare) and (
                len(node.ops) != 1 or type(node.ops[0]) not in (*_CMP, ast.NotEq)
            ):
                return ast.unparse(node)
    return None


def check(codes: list[str]) -> None:
    """Raise :class:`CodegenError` if a statement uses something the SIMD loop cannot."""
    bad = unsupported(codes)
    if bad is not None:
        raise CodegenError(
            f"compile_kernel: simd=True cannot vectorise {bad}. It supports "
            f"{SUPPORTED}; compile this kernel with simd='auto' or simd=False."
        )


class _Emitter:
    """Statements -> vector IR, with numba's typing of float32/float64/bool values."""

    def __init__(
        self, builder: ir.IRBuilder, consts: dict[str, Any], lanes: int, flags: tuple[str, ...]
    ) -> None:
        self.b = builder
        self.consts = consts
        self.lanes = lanes
        self.flags = list(flags)
        self.f32 = ir.VectorType(ir.FloatType(), lanes)
        self.f64 = ir.VectorType(ir.DoubleType(), lanes)
        self.i1 = ir.VectorType(ir.IntType(1), lanes)
        self._inlined: dict[tuple, Any] = {}

    # -- values --------------------------------------------------------------------
    def splat(self, value: float, vty: ir.VectorType) -> ir.Constant:
        return ir.Constant(vty, [ir.Constant(vty.element, value)] * self.lanes)

    def constant(self, value: Any) -> ir.Constant:
        if isinstance(value, (bool, np.bool_)):
            return ir.Constant(self.i1, [ir.Constant(ir.IntType(1), int(value))] * self.lanes)
        vty = self.f32 if isinstance(value, np.float32) else self.f64
        return self.splat(float(value), vty)

    def unify(self, *vals: ir.Value) -> list[ir.Value]:
        """Promote as numba does: float32 with float64 computes in float64."""
        if any(v.type == self.f64 for v in vals):
            return [self.b.fpext(v, self.f64) if v.type == self.f32 else v for v in vals]
        return list(vals)

    def cast(self, value: ir.Value, vty: ir.VectorType) -> ir.Value:
        if value.type == vty:
            return value
        if vty == self.f32:
            return self.b.fptrunc(value, vty)
        return self.b.fpext(value, vty)

    def intrinsic(self, name: str, *args: ir.Value) -> ir.Value:
        vty = args[0].type
        full = f"{name}.v{self.lanes}f{32 if vty == self.f32 else 64}"
        module = self.b.module
        fn = module.globals.get(full)
        if fn is None:
            fn = ir.Function(module, ir.FunctionType(vty, [vty] * len(args)), name=full)
        return self.b.call(fn, list(args))

    # -- expressions ---------------------------------------------------------------
    def expr(self, node: ast.AST, env: dict[str, Any]) -> Any:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise CodegenError(f"simd: cannot translate {ast.unparse(node)}")
        return method(node, env)

    def _Constant(self, node: ast.Constant, env: dict[str, Any]) -> ir.Value:
        return self.constant(node.value if isinstance(node.value, bool) else float(node.value))

    def _Name(self, node: ast.Name, env: dict[str, Any]) -> Any:
        if node.id in env:
            return env[node.id]
        if node.id in self.consts:
            return self.constant(self.consts[node.id])
        raise CodegenError(f"simd: unknown name {node.id}")

    def _Attribute(self, node: ast.Attribute, env: dict[str, Any]) -> ir.Value:
        if ast.unparse(node) in ("math.nan", "math.inf"):
            return self.constant(getattr(math, node.attr))
        raise CodegenError(f"simd: cannot translate {ast.unparse(node)}")

    def _BinOp(self, node: ast.BinOp, env: dict[str, Any]) -> ir.Value:
        x, y = self.expr(node.left, env), self.expr(node.right, env)
        if x.type == self.i1:
            op = {ast.BitOr: self.b.or_, ast.BitAnd: self.b.and_}[type(node.op)]
            return op(x, y)
        x, y = self.unify(x, y)
        if isinstance(node.op, ast.Pow):  # numba's float ** float: llvm.pow
            return self.intrinsic("llvm.pow", x, y)
        return getattr(self.b, _ARITH[type(node.op)])(x, y, flags=self.flags)

    def _UnaryOp(self, node: ast.UnaryOp, env: dict[str, Any]) -> ir.Value:
        x = self.expr(node.operand, env)
        if isinstance(node.op, ast.Not):
            return self.b.xor(x, self.constant(True))
        if isinstance(node.op, ast.USub):
            return self.b.fneg(x, flags=self.flags)
        return x

    def _BoolOp(self, node: ast.BoolOp, env: dict[str, Any]) -> ir.Value:
        op = self.b.and_ if isinstance(node.op, ast.And) else self.b.or_
        vals = [self.expr(v, env) for v in node.values]
        out = vals[0]
        for v in vals[1:]:
            out = op(out, v)
        return out

    def _Compare(self, node: ast.Compare, env: dict[str, Any]) -> ir.Value:
        x, y = self.unify(self.expr(node.left, env), self.expr(node.comparators[0], env))
        if isinstance(node.ops[0], ast.NotEq):
            return self.b.fcmp_unordered("!=", x, y)
        return self.b.fcmp_ordered(_CMP[type(node.ops[0])], x, y)

    def _IfExp(self, node: ast.IfExp, env: dict[str, Any]) -> ir.Value:
        cond = self.expr(node.test, env)
        x, y = self.unify(self.expr(node.body, env), self.expr(node.orelse, env))
        return self.b.select(cond, x, y)

    def _Tuple(self, node: ast.Tuple, env: dict[str, Any]) -> tuple:
        return tuple(self.expr(e, env) for e in node.elts)

    def _Subscript(self, node: ast.Subscript, env: dict[str, Any]) -> Any:
        base = self.expr(node.value, env)
        if isinstance(base, list):  # an input's columns: a0[i * K + c]
            return base[_column_index(node.slice)]
        return base[node.slice.value]  # type: ignore[attr-defined]  # a helper's tuple

    def _Call(self, node: ast.Call, env: dict[str, Any]) -> Any:
        name = _call_name(node)
        args = [self.expr(a, env) for a in node.args]
        if name in _UNARY_CALLS:
            return self.intrinsic(_UNARY_CALLS[name], *args)
        if name in _MINMAX:
            x, y = self.unify(*args)
            b = self.b
            x_nan = b.fcmp_unordered("uno", x, x)
            any_nan = b.fcmp_unordered("uno", x, y)
            pick = b.select(b.fcmp_ordered(_MINMAX[name], x, y), x, y)
            return b.select(any_nan, b.select(x_nan, x, y), pick)
        key = (name, *(id(a) for a in args))
        if key not in self._inlined:
            self._inlined[key] = self.inline(_helpers()[name], args)
        return self._inlined[key]

    def inline(self, fdef: ast.FunctionDef, args: list[Any]) -> Any:
        env = {p.arg: a for p, a in zip(fdef.args.args, args, strict=True)}
        for st in fdef.body:
            if isinstance(st, ast.Return):
                return self.expr(st.value, env)
            env[st.targets[0].id] = self.expr(st.value, env)  # type: ignore[attr-defined]
        raise CodegenError(f"simd: helper {fdef.name} does not return")


def _column_index(node: ast.AST) -> int:
    """``i * K + c`` -> ``c``."""
    assert isinstance(node, ast.BinOp) and isinstance(node.right, ast.Constant)
    return int(node.right.value)


def _concat(b: ir.IRBuilder, vals: list[ir.Value]) -> ir.Value:
    """One vector holding ``vals`` one after the other (a tree of shuffles)."""
    while len(vals) > 1:
        nxt = []
        for j in range(0, len(vals) - 1, 2):
            x, y = vals[j], vals[j + 1]
            nx, ny = x.type.count, y.type.count
            if ny < nx:  # pad to equal length; the pad lanes are dropped below
                pad = ir.Constant(
                    ir.VectorType(ir.IntType(32), nx), list(range(ny)) + [0] * (nx - ny)
                )
                y = b.shuffle_vector(y, ir.Constant(y.type, ir.Undefined), pad)
            keep = ir.Constant(ir.VectorType(ir.IntType(32), nx + ny), list(range(nx + ny)))
            nxt.append(b.shuffle_vector(x, y, keep))
        if len(vals) % 2:
            nxt.append(vals[-1])
        vals = nxt
    return vals[0]


class _Loop:
    """Emits the vector loop for one part into the function being compiled."""

    def __init__(
        self,
        body: list[ast.stmt],
        consts: dict[str, Any],
        n_args: list[int],
        n_outputs: list[int],
        dtype: str,
        flags: tuple[str, ...],
        stat: bool,
    ) -> None:
        self.body = body
        self.consts = consts
        self.n_args = n_args
        self.n_outputs = n_outputs
        self.lanes = LANES[dtype]
        self.flags = flags
        self.used = {n.id for st in body for n in ast.walk(st) if isinstance(n, ast.Name)}
        self.stat = stat
        if stat:  # the input maximum covers every input column, used or not
            self.used |= {f"a{j}" for j in range(len(n_args))}

    def __call__(self, context: Any, builder: ir.IRBuilder, sig: Any, args: list) -> Any:
        arrays = [
            context.make_array(t)(context, builder, a)
            for t, a in zip(sig.args[1:], args[1:], strict=True)
        ]
        n_in = len(self.n_args)
        spill = arrays[n_in]
        spill_cols = cgutils.unpack_tuple(builder, spill.shape, 2)[1]
        elt = context.get_data_type(sig.args[1].dtype)
        ity = ir.VectorType(ir.IntType(elt.get_abi_size(context.target_data) * 8), self.lanes)
        acc = cgutils.alloca_once_value(builder, ir.Constant(ity, None)) if self.stat else None
        with cgutils.for_range(builder, args[0]) as loop:
            em = _Emitter(builder, self.consts, self.lanes, self.flags)
            vty = ir.VectorType(elt, self.lanes)
            first = builder.mul(loop.index, ir.Constant(loop.index.type, self.lanes))
            env: dict[str, Any] = {}
            for j, size in enumerate(self.n_args):
                if f"a{j}" in self.used:  # a part of a split kernel may not read every input
                    env[f"a{j}"] = self._load_rows(builder, arrays[j].data, first, size, elt)
                    if acc is not None:
                        self._fold_abs_bits(builder, acc, env[f"a{j}"], ity)
            outs: list[list[Any]] = [[None] * size for size in self.n_outputs]
            for st in self.body:
                target = st.targets[0]  # type: ignore[attr-defined]
                value = st.value  # type: ignore[attr-defined]
                if isinstance(target, ast.Name):
                    if isinstance(value, ast.Subscript) and ast.unparse(value.value) == "spill":
                        env[target.id] = self._load_spill(
                            builder, spill.data, spill_cols, value, first, vty
                        )
                    else:
                        env[target.id] = em.expr(value, env)
                    continue
                name = ast.unparse(target.value)
                if name == "spill":
                    ptr = self._spill_ptr(builder, spill.data, spill_cols, target, first)
                    val = em.cast(em.expr(value, env), vty)
                    builder.store(val, builder.bitcast(ptr, vty.as_pointer()), align=_align(elt))
                    continue
                outs[int(name[3:])][_column_index(target.slice)] = em.cast(
                    em.expr(value, env), vty
                )
            for k, cols in enumerate(outs):
                self._store_rows(builder, arrays[n_in + 1 + k].data, first, cols, vty)
        if acc is not None:
            self._store_stat(builder, acc, arrays[-1].data, ity)
        return context.get_dummy_value()

    @staticmethod
    def _fold_abs_bits(b: ir.IRBuilder, acc: ir.Value, cols: list[ir.Value], ity: ir.Type) -> None:
        """``acc = max(acc, |x| bits)`` over the columns.

        For IEEE floats without their sign bit, integer order is magnitude order, with inf
        and NaN above every finite value.
        """
        width = ity.element.width
        mask = ir.Constant(ity, [ir.Constant(ity.element, (1 << (width - 1)) - 1)] * ity.count)
        cur = b.load(acc)
        for col in cols:
            bits = b.and_(b.bitcast(col, ity), mask)
            cur = b.select(b.icmp_unsigned(">", bits, cur), bits, cur)
        b.store(cur, acc)

    @staticmethod
    def _store_stat(b: ir.IRBuilder, acc: ir.Value, data: ir.Value, ity: ir.Type) -> None:
        """``stat[0] = max(stat[0], lanes of acc)``."""
        vec = b.load(acc)
        best = b.load(data)
        for e in range(ity.count):
            lane = b.extract_element(vec, ir.Constant(ir.IntType(32), e))
            best = b.select(b.icmp_unsigned(">", lane, best), lane, best)
        b.store(best, data)

    def _load_rows(
        self, b: ir.IRBuilder, data: ir.Value, first: ir.Value, size: int, elt: ir.Type
    ) -> list[ir.Value]:
        wide = ir.VectorType(elt, size * self.lanes)
        ptr = b.gep(data, [b.mul(first, ir.Constant(first.type, size))])
        rows = b.load(b.bitcast(ptr, wide.as_pointer()), align=_align(elt))
        undef = ir.Constant(wide, ir.Undefined)
        return [
            b.shuffle_vector(
                rows,
                undef,
                ir.Constant(
                    ir.VectorType(ir.IntType(32), self.lanes),
                    [c + size * e for e in range(self.lanes)],
                ),
            )
            for c in range(size)
        ]

    def _store_rows(
        self,
        b: ir.IRBuilder,
        data: ir.Value,
        first: ir.Value,
        cols: list[ir.Value | None],
        vty: ir.VectorType,
    ) -> None:
        size = len(cols)
        if any(c is None for c in cols):  # a split kernel: other parts store the rest
            for c, col in enumerate(cols):
                for e in range(self.lanes if col is not None else 0):
                    at = b.add(
                        b.mul(
                            b.add(first, ir.Constant(first.type, e)), ir.Constant(first.type, size)
                        ),
                        ir.Constant(first.type, c),
                    )
                    b.store(
                        b.extract_element(col, ir.Constant(ir.IntType(32), e)),
                        b.gep(data, [at]),
                        align=_align(vty.element),
                    )
            return
        if size == 1:
            rows = cols[0]
        else:
            flat = _concat(b, cols)  # column-major: c * lanes + e
            mask = [(p % size) * self.lanes + p // size for p in range(size * self.lanes)]
            rows = b.shuffle_vector(
                flat,
                ir.Constant(flat.type, ir.Undefined),
                ir.Constant(ir.VectorType(ir.IntType(32), len(mask)), mask),
            )
        ptr = b.gep(data, [b.mul(first, ir.Constant(first.type, size))])
        b.store(rows, b.bitcast(ptr, rows.type.as_pointer()), align=_align(vty.element))

    @staticmethod
    def _spill_ptr(
        b: ir.IRBuilder, data: ir.Value, cols: ir.Value, node: ast.Subscript, first: ir.Value
    ) -> ir.Value:
        row = int(node.slice.elts[0].value)  # type: ignore[attr-defined]
        return b.gep(data, [b.add(b.mul(cols, ir.Constant(cols.type, row)), first)])

    def _load_spill(
        self,
        b: ir.IRBuilder,
        data: ir.Value,
        cols: ir.Value,
        node: ast.Subscript,
        first: ir.Value,
        vty: ir.VectorType,
    ) -> ir.Value:
        ptr = self._spill_ptr(b, data, cols, node, first)
        return b.load(b.bitcast(ptr, vty.as_pointer()), align=_align(vty.element))


def _align(elt: ir.Type) -> int:
    return 4 if isinstance(elt, ir.FloatType) else 8


def vector_loop(
    body: str,
    consts: dict[str, Any],
    *,
    n_args: list[int],
    n_outputs: list[int],
    dtype: str,
    flags: tuple[str, ...],
    stat: bool = False,
) -> Callable:
    """An ``@intrinsic`` ``f(n_vectors, *inputs, spill, *outputs[, stat])`` running ``body``.

    ``body`` is a part's loop body as the generator prints it (``i`` the point index) and
    ``consts`` the module's globals holding its constants. Point ``i`` of vector ``v`` is
    ``v * LANES[dtype] + i``; the caller runs the remaining points through its scalar loop.
    With ``stat``, ``stat[0]`` (an unsigned integer array of the float's width) is raised to
    the largest ``|x|`` bit pattern among the inputs read: one pass over the inputs gives
    both the results and their magnitude (inf or NaN entries give patterns above every
    finite one).
    """
    names = ", ".join(f"x{j}" for j in range(len(n_args) + 1 + len(n_outputs) + int(stat)))

    @functools.cache
    def emitter() -> _Loop:  # parsed on first compile, not when a cached module loads
        stmts = ast.parse(textwrap.dedent(body)).body
        return _Loop(stmts, dict(consts), n_args, n_outputs, dtype, flags, stat)

    def typer(typingctx: Any, nv: Any, *arrays: Any) -> tuple:
        return types.void(nv, *arrays), emitter()

    namespace: dict[str, Any] = {"typer": typer}
    exec(
        f"def loop(typingctx, nv, {names}):\n    return typer(typingctx, nv, {names})\n", namespace
    )
    return intrinsic(namespace["loop"])
