"""Patterns with ``?x`` variables, compiled once into Python search and build functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from symalg.egraph._term import Term, parse_term
from symalg.errors import InvalidTypeError

if TYPE_CHECKING:
    from symalg.egraph._egraph import EGraph

__all__ = ["Pattern"]

Match = tuple[int, ...]  # (matched class, class of each variable in Pattern.vars order)


def _is_var(t: Term) -> bool:
    return not t.args and isinstance(t.op, str) and t.op.startswith("?")


def _is_ground(t: Term) -> bool:
    return not any(_is_var(s) for s in _walk(t))


def _walk(t: Term) -> list[Term]:
    out, stack = [], [t]
    while stack:
        s = stack.pop()
        out.append(s)
        stack.extend(reversed(s.args))
    return out


class Pattern:
    """A term whose ``?name`` leaves are variables, compiled once into a matcher.

    The matcher is generated Python source in the style of egg's pattern machine: the root
    candidates come from the e-graph's op index; each compound sub-pattern opens a loop over
    the nodes of a child class with a matching head; a repeated variable (non-linear pattern)
    becomes an equality test; a ground sub-pattern is looked up once through the hashcons.
    A bare variable matches every e-class.

    Parameters
    ----------
    pattern : str or Term
        E.g. ``"(+ ?a (* ?a 2))"``.

    Examples
    --------
    >>> from symalg.egraph import EGraph
    >>> eg = EGraph()
    >>> root = eg.add_term(parse_term("(+ x (* x 2))"))
    >>> p = Pattern("(+ ?a (* ?a 2))")
    >>> p.vars
    ('?a',)
    >>> [(m[0] == root, eg.nodes(m[1])) for m in p.search(eg)]
    [(True, [('x', ())])]
    """

    __slots__ = ("term", "vars", "_search", "_build", "source")

    def __init__(self, pattern: str | Term) -> None:
        if isinstance(pattern, str):
            pattern = parse_term(pattern)
        if not isinstance(pattern, Term):
            raise InvalidTypeError(
                f"Pattern: expected an s-expression string or a Term, got "
                f"{type(pattern).__name__}."
            )
        self.term = pattern
        names: dict[str, None] = {}
        for s in _walk(pattern):
            if _is_var(s):
                names[s.op] = None  # type: ignore[index]
        self.vars: tuple[str, ...] = tuple(names)
        search_src, search_ns = _SearchCompiler(pattern, self.vars).source()
        build_src, build_ns = _BuildCompiler(pattern).source()
        self.source = search_src + "\n" + build_src
        self._search = _exec(search_src, search_ns, "search")
        self._build = _exec(build_src, build_ns, "build")

    def __repr__(self) -> str:
        return f"Pattern({str(self.term)!r})"

    def search(self, egraph: EGraph, limit: int | None = None) -> list[Match]:
        """Return the matches ``(class, var classes...)`` on a rebuilt e-graph.

        With ``limit``, stop once more than ``limit`` matches are found.
        """
        return self._search(egraph, (1 << 62) if limit is None else limit)

    def builder(self, egraph: EGraph, var_index: dict[str, int]) -> Callable[[Match], int]:
        """Return ``f(match) -> class`` that adds this pattern instantiated by a match.

        ``var_index`` maps each variable to its position in the match tuple.
        """
        return self._build(egraph, var_index)


def _exec(src: str, namespace: dict[str, Any], name: str) -> Callable[..., Any]:
    code = compile(src, f"<symalg.egraph pattern {name}>", "exec")
    exec(code, namespace)  # noqa: S102 - source generated from a parsed pattern, not user text
    return namespace[name]


class _SearchCompiler:
    def __init__(self, pattern: Term, names: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.var_names = {v: f"v{i}" for i, v in enumerate(names)}
        self.bound: set[str] = set()
        self.lines: list[str] = []
        self.ns: dict[str, Any] = {"HEADS": [], "GROUNDS": []}
        self.n_nodes = 0

    def head(self, t: Term) -> str:
        heads = self.ns["HEADS"]
        heads.append((t.op, len(t.args)))
        name = f"h{len(heads) - 1}"
        self.lines.append(f"    {name} = eg.head_id(*HEADS[{len(heads) - 1}])")
        self.lines.append(f"    if {name} is None: return []")
        return name

    def ground(self, t: Term) -> str:
        grounds = self.ns["GROUNDS"]
        grounds.append(t)
        name = f"g{len(grounds) - 1}"
        self.lines.append(f"    {name} = eg.lookup_term(GROUNDS[{len(grounds) - 1}])")
        self.lines.append(f"    if {name} is None: return []")
        return name

    def source(self) -> tuple[str, dict[str, Any]]:
        p = self.pattern
        self.lines = ["def search(eg, limit):"]
        if _is_var(p):
            self.lines.append("    return [(c, c) for c in eg.classes()[:limit + 1]]")
        elif _is_ground(p):
            g = self.ground(p)
            self.lines.append(f"    return [({g},)]")
        else:
            body: list[str] = []
            h = self.head(p)
            body.append("    out = []; append = out.append; cls_nodes = eg._cls_nodes")
            body.append(f"    for r in eg._op_index().get({h}, ()):")
            body.append("        for n0 in cls_nodes[r]:")
            body.append(f"            if n0[0] != {h}: continue")
            self.body = body
            indent = self.emit(p, "n0", 3)
            vals = ", ".join(["r", *self.var_names.values()])
            body.append(" " * 4 * indent + f"append(({vals},))")
            body.append(" " * 4 * indent + "if len(out) > limit: return out")
            body.append("    return out")
            self.lines.extend(body)
        return "\n".join(self.lines) + "\n", self.ns

    def emit(self, t: Term, node: str, indent: int) -> int:
        pad = " " * 4 * indent
        nested = []
        for i, child in enumerate(t.args, start=1):
            expr = f"{node}[{i}]"
            if _is_var(child):
                v = self.var_names[child.op]  # type: ignore[index]
                if child.op in self.bound:
                    self.body.append(f"{pad}if {expr} != {v}: continue")
                else:
                    self.bound.add(child.op)  # type: ignore[arg-type]
                    self.body.append(f"{pad}{v} = {expr}")
            elif _is_ground(child):
                self.body.append(f"{pad}if {expr} != {self.ground(child)}: continue")
            else:
                nested.append((i, child))
        for i, child in nested:
            self.n_nodes += 1
            n = f"n{self.n_nodes}"
            h = self.head(child)
            pad = " " * 4 * indent
            self.body.append(f"{pad}for {n} in cls_nodes[{node}[{i}]]:")
            self.body.append(f"{pad}    if {n}[0] != {h}: continue")
            indent = self.emit(child, n, indent + 1)
        return indent


class _BuildCompiler:
    """Generate ``build(eg, var_index) -> f(match) -> class`` or a whole apply loop."""

    def __init__(self, pattern: Term, var_index: dict[str, int] | None = None) -> None:
        self.root_direct = False
        self.pattern = pattern
        self.var_index = var_index
        self.ns: dict[str, Any] = {"HEADS": [], "GROUNDS": []}
        self.prelude: list[str] = []
        self.body: list[str] = []
        self.vars: dict[str, str] = {}
        self.n = 0

    def source(self) -> tuple[str, dict[str, Any]]:
        result = self.emit(self.pattern)
        lines = ["def build(eg, var_index):", "    add = eg._add; intern = eg._intern"]
        lines += self.prelude
        lines.append("    def f(m):")
        lines += ["    " + b for b in self.body]
        lines.append(f"        return {result}")
        lines.append("    return f")
        return "\n".join(lines) + "\n", self.ns

    def loop_source(self) -> tuple[str, dict[str, Any]]:
        """Source of ``apply_loop(eg, matches, stop_at, check) -> (changed, hit_limit)``."""
        self.root_direct = True
        result = self.emit(self.pattern)
        lines = [
            "def apply_loop(eg, matches, stop_at, check):",
            "    uf = eg._uf; find = eg.find; memo = eg._memo; mget = memo.get",
            "    add_new = eg._add_new; union = eg.union; intern = eg._intern; changed = 0",
            "    fast = eg.analysis is None; keys = eg._node_key; dirty = eg._dirty",
            "    cls_nodes = eg._cls_nodes; parents = eg._cls_parents; direct = 0",
            "    try:",
        ]
        lines += ["    " + p for p in self.prelude]
        lines.append("        for m in matches:")
        lines.append("            if check is not None and not check(eg, m): continue")
        lines.append("            r = m[0]")
        lines.append("            if uf[r] != r: r = find(r)")
        lines += ["        " + b for b in self.body]
        lines.append(f"            if {result} != r and union(r, {result}):")
        lines.append("                changed += 1")
        lines.append("                if len(memo) >= stop_at: return changed, True")
        lines.append("        return changed, False")
        lines.append("    finally:")
        lines.append("        eg._n_unions += direct")
        return "\n".join(lines) + "\n", self.ns

    def emit(self, t: Term) -> str:
        if _is_var(t):
            name = self.vars.get(t.op)  # type: ignore[call-overload]
            if name is None:
                name = self.vars[t.op] = f"a{len(self.vars)}"  # type: ignore[index]
                if self.var_index is None:
                    self.prelude.append(f"    i{name} = var_index[{t.op!r}]")
                    self.body.append(f"    {name} = m[i{name}]")
                else:
                    self.body.append(f"    {name} = m[{self.var_index[t.op]}]")  # type: ignore[index]
                self.body.append(
                    f"    if uf[{name}] != {name}: {name} = find({name})"
                    if self.var_index is not None
                    else f"    {name} = {name}"
                )
            return name
        if _is_ground(t):
            grounds = self.ns["GROUNDS"]
            grounds.append(t)
            name = f"g{len(grounds) - 1}"
            self.prelude.append(f"    {name} = eg.add_term(GROUNDS[{len(grounds) - 1}])")
            out = f"t{self.n}"
            self.n += 1
            self.body.append(f"    {out} = eg.find({name})")
            return out
        children = [self.emit(a) for a in t.args]
        heads = self.ns["HEADS"]
        heads.append((t.op, len(t.args)))
        h = f"h{len(heads) - 1}"
        self.prelude.append(f"    {h} = intern(*HEADS[{len(heads) - 1}])")
        name = f"t{self.n}"
        self.n += 1
        key = f"({h}, {', '.join(children)},)"
        if self.var_index is None:
            self.body.append(f"    {name} = add({key})")
            return name
        self.body += self._inline_add(name, key, children, t is self.pattern)
        return name

    def _inline_add(self, name: str, key: str, children: list[str], is_root: bool) -> list[str]:
        """Lines that look the node up and add it if new, without a function call.

        Children are canonical here. Without an analysis nothing can merge classes while one
        right-hand side is built, so the node is added inline too. A new root node goes
        straight into the matched class ``r``: the same result as adding it as a class of its
        own and merging that (parentless, younger) class into ``r``.
        """
        found = [
            "    else:",
            f"        {name} = nid",
            f"        if uf[{name}] != {name}: {name} = find({name})",
        ]
        if self.root_direct and is_root:
            return [
                f"    k = {key}",
                "    nid = mget(k)",
                "    if nid is None:",
                "        if fast:",
                f"            {name} = len(uf); uf.append(r); keys.append(k); memo[k] = {name}",
                "            cls_nodes[r].append(k); cls_nodes.append(()); parents.append(())",
                "            dirty[r] = None",
                *[f"            parents[{c}].append({name})" for c in children],
                "            direct += 1; changed += 1",
                "            if len(memo) >= stop_at: return changed, True",
                "            continue",
                f"        {name} = add_new(k)",
                *found,
            ]
        return [
            f"    k = {key}",
            "    nid = mget(k)",
            "    if nid is None:",
            "        if fast:",
            f"            {name} = len(uf); uf.append({name}); keys.append(k); memo[k] = {name}",
            "            cls_nodes.append([k]); parents.append([])",
            *[f"            parents[{c}].append({name})" for c in children],
            "        else:",
            f"            {name} = add_new(k)",
            *found,
        ]


def compile_apply_loop(rhs: Term, var_index: dict[str, int]) -> Callable[..., tuple[int, bool]]:
    """Compile ``apply_loop(eg, matches, stop_at, check)`` for a right-hand side."""
    src, ns = _BuildCompiler(rhs, var_index).loop_source()
    return _exec(src, ns, "apply_loop")
