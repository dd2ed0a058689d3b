"""sympy expressions -> straight-line SSA statements, without recursion.

Every distinct subexpression becomes one statement ``t<k> = <code>`` whose operands are
atoms (inputs, constants or earlier temporaries). Identical code is emitted once
(hash-consing on the printed code, so structurally equal subtrees share a temporary even
when sympy's CSE did not catch them). Constant subtrees are evaluated once, at 30 digits,
and printed with 17 significant digits. Integer powers up to 8 become multiplications.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy
from sympy.codegen import cfunctions
from sympy.functions.elementary.piecewise import ExprCondPair
from sympy.logic.boolalg import ITE

from symalg.codegen import _walk
from symalg.errors import CodegenError

_REAL = {
    sympy.sin: "math.sin({0})",
    sympy.cos: "math.cos({0})",
    sympy.tan: "math.tan({0})",
    sympy.asin: "math.asin({0})",
    sympy.acos: "math.acos({0})",
    sympy.atan: "math.atan({0})",
    sympy.sinh: "math.sinh({0})",
    sympy.cosh: "math.cosh({0})",
    sympy.tanh: "math.tanh({0})",
    sympy.asinh: "math.asinh({0})",
    sympy.acosh: "math.acosh({0})",
    sympy.atanh: "math.atanh({0})",
    sympy.exp: "math.exp({0})",
    sympy.log: "math.log({0})",
    sympy.erf: "math.erf({0})",
    sympy.erfc: "math.erfc({0})",
    sympy.gamma: "math.gamma({0})",
    sympy.loggamma: "math.lgamma({0})",
    cfunctions.log1p: "math.log1p({0})",
    cfunctions.expm1: "math.expm1({0})",
    cfunctions.hypot: "math.hypot({0}, {1})",
    sympy.atan2: "math.atan2({0}, {1})",
    sympy.Abs: "abs({0})",
    sympy.sign: "np.sign({0})",
    sympy.floor: "np.floor({0})",
    sympy.ceiling: "np.ceil({0})",
    sympy.sec: "{one} / math.cos({0})",
    sympy.csc: "{one} / math.sin({0})",
    sympy.cot: "math.cos({0}) / math.sin({0})",
    sympy.sech: "{one} / math.cosh({0})",
    sympy.csch: "{one} / math.sinh({0})",
    sympy.coth: "math.cosh({0}) / math.sinh({0})",
    sympy.acot: "math.atan({one} / {0})",
    sympy.asec: "math.acos({one} / {0})",
    sympy.acsc: "math.asin({one} / {0})",
    sympy.acoth: "math.atanh({one} / {0})",
    sympy.asech: "math.acosh({one} / {0})",
    sympy.acsch: "math.asinh({one} / {0})",
    sympy.re: "{0}",
    sympy.im: "{zero}",
    sympy.conjugate: "{0}",
    sympy.arg: "math.atan2({zero}, {0})",
}
_COMPLEX = {
    **{
        f: t.replace("math.", "cmath.")
        for f, t in _REAL.items()
        if f
        in (
            sympy.sin,
            sympy.cos,
            sympy.tan,
            sympy.asin,
            sympy.acos,
            sympy.atan,
            sympy.sinh,
            sympy.cosh,
            sympy.tanh,
            sympy.asinh,
            sympy.acosh,
            sympy.atanh,
            sympy.exp,
            sympy.log,
            sympy.sec,
            sympy.csc,
            sympy.cot,
            sympy.sech,
            sympy.csch,
            sympy.coth,
            sympy.acot,
            sympy.asec,
            sympy.acsc,
            sympy.acoth,
            sympy.asech,
            sympy.acsch,
        )
    },
    sympy.Abs: "abs({0})",
    sympy.sign: "np.sign({0})",
    sympy.re: "{0}.real",
    sympy.im: "{0}.imag",
    sympy.conjugate: "{0}.conjugate()",
    sympy.arg: "cmath.phase({0})",
}
_VECTOR = {sympy.sin: "_vsin({0})", sympy.cos: "_vcos({0})"}
_RELATIONS = {
    sympy.Lt: "<",
    sympy.Le: "<=",
    sympy.Gt: ">",
    sympy.Ge: ">=",
    sympy.Eq: "==",
    sympy.Ne: "!=",
}
_STRUCTURAL = "+, -, *, /, integer and rational powers, Min, Max, Piecewise"
_MAX_MUL_POWER = 8
_CHUNK = 32
_OP_RE = re.compile(
    r" (?:\+|-|\*\*|\*|/|<=|>=|<|>|==|!=|and|or) |\b(?:math|cmath|np)\.\w+\(|"
    r"\babs\(|\b_v(?:sin|cos)\(| if |-\(|not "
)


def supported_functions(dtype: str = "float64") -> list[str]:
    """Names of the functions a kernel of ``dtype`` can evaluate."""
    table = _COMPLEX if dtype == "complex128" else _REAL
    names = {getattr(f, "__name__", str(f)) for f in table}
    if dtype != "complex128":
        names |= {"Min", "Max", "Piecewise"}
    return sorted(names)


@dataclass
class Program:
    """Straight-line code: statements, constants and output stores."""

    dtype: str
    inputs: dict[sympy.Symbol, str]
    lines: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    consts: dict[str, str] = field(default_factory=dict)  # name -> literal
    outputs: list[tuple[int, int, str]] = field(default_factory=list)  # (array, column, atom)
    #: Print real sin/cos as the inline, vectorisable helpers of ``_vtrig``.
    vector_trig: bool = False

    @property
    def n_ops(self) -> int:
        """Operations in the emitted statements (after CSE and dead-code removal)."""
        live = self.live()
        return sum(len(_OP_RE.findall(code)) for name, code, _ in self.lines if name in live)

    def live(self) -> set[str]:
        """Temporaries some output depends on."""
        deps = {name: d for name, _, d in self.lines}
        todo = [atom for _, _, atom in self.outputs if atom in deps]
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(deps[name])
        return seen


class _Builder:
    def __init__(self, program: Program) -> None:
        self.p = program
        self.atoms: dict[int, str] = {}  # id(node) -> atom
        self.by_code: dict[str, str] = {}
        self.const_by_value: dict[str, str] = {}
        self.bound: dict[sympy.Symbol, str] = dict(program.inputs)

    # -- atoms ---------------------------------------------------------------------
    def const(self, value: complex | float) -> str:
        literal = _literal(value, self.p.dtype)
        if literal not in self.const_by_value:
            name = f"_c{len(self.const_by_value)}"
            self.const_by_value[literal] = name
            self.p.consts[name] = literal
        return self.const_by_value[literal]

    def temp(self, code: str, deps: tuple[str, ...]) -> str:
        if code in self.by_code:
            return self.by_code[code]
        name = f"t{len(self.p.lines)}"
        self.p.lines.append((name, code, tuple(d for d in deps if d.startswith("t"))))
        self.by_code[code] = name
        return name

    def emit(self, expr: sympy.Basic) -> str:
        is_const: dict[int, bool] = {}
        for node in _walk.postorder([expr]):
            key = id(node)
            if key in self.atoms:  # seen before: foldable if it was folded (a CSE symbol
                # bound to a constant is not: the sympy node still has the symbol in it)
                is_const[key] = self.atoms[key] in self.p.consts and not node.is_Symbol
                continue
            if isinstance(node, sympy.Symbol):
                if node not in self.bound:
                    raise CodegenError(f"compile_kernel: symbol {node} is not bound.")
                self.atoms[key] = self.bound[node]
                is_const[key] = False
                continue
            const = (isinstance(node, sympy.Expr) and not node.args) or (
                isinstance(node, sympy.Expr)
                and node.args
                and all(is_const.get(id(c), False) for c in node.args)
                and not isinstance(node, sympy.Piecewise)
            )
            is_const[key] = bool(const)
            if const:
                self.atoms[key] = self.const(self._evaluate(node))
            elif isinstance(node, ExprCondPair):
                continue
            else:
                self.atoms[key] = self._node(node)
        return self.atoms[id(expr)]

    def _evaluate(self, node: sympy.Basic) -> complex | float:
        if node is sympy.nan or node is sympy.zoo:
            return float("nan")
        if node is sympy.oo or node is sympy.S.NegativeInfinity:
            return float(node)
        if isinstance(node, sympy.Rational):  # int / int is correctly rounded in Python
            return node.p / node.q
        value = complex(node.evalf(30))
        if value.imag != 0 and self.p.dtype != "complex128":
            raise CodegenError(
                f"compile_kernel: the constant {node} is not real; "
                "use dtype='complex128' for complex expressions."
            )
        return value if self.p.dtype == "complex128" else value.real

    # -- operations ----------------------------------------------------------------
    def _node(self, node: sympy.Basic) -> str:
        a = [self.atoms.get(id(c), "") for c in node.args]
        if isinstance(node, sympy.Add):
            return self.temp(*self._chain(a, " + "))
        if isinstance(node, sympy.Mul):
            return self._mul(node)
        if isinstance(node, sympy.Pow):
            return self._pow(node.args[0], node.args[1], a[0], a[1])
        if isinstance(node, (sympy.Min, sympy.Max)):
            return self._minmax(node, a)
        if isinstance(node, sympy.Piecewise):
            return self._piecewise(node)
        if type(node) in _RELATIONS:
            return self.temp(f"({a[0]} {_RELATIONS[type(node)]} {a[1]})", tuple(a))
        if isinstance(node, (sympy.And, sympy.Or)):
            op = " and " if isinstance(node, sympy.And) else " or "
            return self.temp("(" + op.join(a) + ")", tuple(a))
        if isinstance(node, ITE):
            return self.temp(f"({a[1]} if {a[0]} else {a[2]})", tuple(a))
        if isinstance(node, sympy.Not):
            return self.temp(f"(not {a[0]})", tuple(a))
        if node is sympy.true or node is sympy.false:
            return str(bool(node))
        return self._function(node, a)

    def _function(self, node: sympy.Basic, a: list[str]) -> str:
        table = _COMPLEX if self.p.dtype == "complex128" else _REAL
        template = table.get(type(node))
        if self.p.vector_trig and self.p.dtype != "complex128" and type(node) in _VECTOR:
            template = _VECTOR[type(node)]
        if template is None:
            for cls, tpl in table.items():  # subclasses, e.g. exp_polar
                if isinstance(node, cls):
                    template = tpl
                    break
        if template is None:
            name = getattr(type(node), "__name__", type(node))
            raise CodegenError(
                f"compile_kernel: {name} (in {_short(node)}) cannot be compiled for "
                f"dtype={self.p.dtype!r}. Supported: {_STRUCTURAL}, and "
                f"{', '.join(supported_functions(self.p.dtype))}."
            )
        code = template.format(*a, one=self.const(1.0), zero=self.const(0.0))
        return self.temp(code, tuple(a))

    def _chain(self, atoms: list[str], op: str) -> tuple[str, tuple[str, ...]]:
        """Code for a long n-ary sum/product, folded through temporaries in chunks of 32.

        Python's compiler recurses once per binary operator, so one statement with 10^4
        operands would fail; the chunks keep every statement short.
        """
        while len(atoms) > _CHUNK:
            head = [
                self.temp(op.join(atoms[k : k + _CHUNK]), tuple(atoms[k : k + _CHUNK]))
                for k in range(0, len(atoms), _CHUNK)
            ]
            atoms = head
        return op.join(atoms), tuple(atoms)

    def _mul(self, node: sympy.Mul) -> str:
        num, den = [], []
        for c in node.args:
            if isinstance(c, sympy.Pow) and c.exp.is_Number and c.exp < 0 and not c.base.is_Number:
                den.append(self._pos_pow(c.base, -c.exp, self.atoms[id(c.base)]))
            else:
                num.append(self.atoms[id(c)])
        negate = len(num) > 1 and num[0] == self.const(-1.0)
        if negate:
            num = num[1:]
        code, deps = self._chain(num, " * ") if num else (self.const(1.0), ())
        if negate:
            code = f"-({code})"
        if den:
            denom = den[0] if len(den) == 1 else self.temp(*self._chain(den, " * "))
            code, deps = f"({code}) / {denom}", (*deps, denom)
        return self.temp(code, deps)

    def _pos_pow(self, base: sympy.Basic, exp: sympy.Number, b: str) -> str:
        if exp == 1:
            return b
        if exp == sympy.Rational(1, 2):
            fn = "cmath.sqrt" if self.p.dtype == "complex128" else "math.sqrt"
            return self.temp(f"{fn}({b})", (b,))
        if exp.is_Integer and exp <= _MAX_MUL_POWER:
            return self._int_pow(b, int(exp))
        return self.temp(f"{b} ** {self.const(self._evaluate(exp))}", (b,))

    def _int_pow(self, b: str, n: int) -> str:
        """b**n for 2 <= n <= 8 by repeated squaring (at most 4 multiplications)."""
        result, square = None, b
        while n:
            if n & 1:
                result = (
                    square
                    if result is None
                    else self.temp(f"{result} * {square}", (result, square))
                )
            n >>= 1
            if n:
                square = self.temp(f"{square} * {square}", (square,))
        assert result is not None
        return result

    def _pow(self, base: sympy.Basic, exp: sympy.Basic, b: str, e: str) -> str:
        if exp.is_Number and not base.is_Number:
            if exp < 0:
                pos = self._pos_pow(base, -exp, b)
                return self.temp(f"{self.const(1.0)} / {pos}", (pos,))
            if exp == 0:
                return self.const(1.0)
            return self._pos_pow(base, exp, b)
        return self.temp(f"{b} ** {e}", (b, e))

    def _minmax(self, node: sympy.Basic, a: list[str]) -> str:
        fn = "np.minimum" if isinstance(node, sympy.Min) else "np.maximum"
        acc = a[0]
        for other in a[1:]:
            acc = self.temp(f"{fn}({acc}, {other})", (acc, other))
        return acc

    def _piecewise(self, node: sympy.Piecewise) -> str:
        code = (
            self.const(float("nan"))
            if self.p.dtype != "complex128"
            else self.const(complex("nan+nanj"))
        )
        deps: list[str] = [code]
        for pair in reversed(node.args):
            value, cond = (self.atoms[id(pair.args[0])], self.atoms[id(pair.args[1])])
            deps += [value, cond]
            code = value if cond == "True" else f"({value} if {cond} else {code})"
        return self.temp(code, tuple(deps))


def _literal(value: complex | float, dtype: str) -> str:
    if dtype == "complex128":
        z = complex(value)
        return f"complex({_float_literal(z.real)}, {_float_literal(z.imag)})"
    lit = _float_literal(float(value.real if isinstance(value, complex) else value))
    return f"np.float32({lit})" if dtype == "float32" else f"np.float64({lit})"


def _float_literal(v: float) -> str:
    if v != v:
        return "math.nan"
    if v in (float("inf"), float("-inf")):
        return "math.inf" if v > 0 else "-math.inf"
    return f"{v:.17g}"


def _short(node: sympy.Basic) -> str:
    text = sympy.sstr(node) if _walk.count_ops([node]) < 50 else type(node).__name__ + "(...)"
    return text if len(text) < 80 else text[:77] + "..."


def build_program(
    replacements: list[tuple[sympy.Symbol, sympy.Expr]],
    outputs: list[list[sympy.Expr]],
    inputs: dict[sympy.Symbol, str],
    dtype: str,
    *,
    vector_trig: bool = False,
) -> Program:
    """Turn CSE output (replacements, reduced expressions per output array) into SSA."""
    program = Program(dtype=dtype, inputs=inputs, vector_trig=vector_trig)
    builder = _Builder(program)
    for sym, expr in replacements:
        builder.bound[sym] = builder.emit(expr)
    for k, exprs in enumerate(outputs):
        for col, expr in enumerate(exprs):
            # structural zeros cost a store, no computation (storing in the same pass is
            # cheaper than zeroing the column separately: measured 2x on a 6x6 Jacobian)
            program.outputs.append((k, col, builder.emit(expr)))
    return program
