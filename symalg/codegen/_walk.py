"""Recursion-free traversals of sympy expression DAGs.

sympy's own traversals (``srepr``, ``free_symbols``, ``count_ops``, ``__hash__`` of a fresh
tree) recurse once per level and fail near depth 1000. Everything the code generator does
to a user's expression before CSE goes through :func:`postorder`, which visits children
before parents with an explicit stack, so deep and wide expressions (10^5 operations) are safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import sympy


def postorder(roots: Iterable[sympy.Basic]) -> Iterator[sympy.Basic]:
    """Yield every distinct node (by identity) of the DAG, children before parents."""
    seen: set[int] = set()
    for root in roots:
        if id(root) in seen:
            continue
        stack: list[tuple[sympy.Basic, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                yield node
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.args) if id(c) not in seen)


def _n_ops(node: sympy.Basic) -> int:
    if not node.args or isinstance(node, (sympy.Symbol, sympy.Number)):
        return 0
    if isinstance(node, (sympy.Add, sympy.Mul, sympy.And, sympy.Or, sympy.Min, sympy.Max)):
        return len(node.args) - 1
    if isinstance(node, sympy.Piecewise):
        return len(node.args)
    return 1


def count_ops(exprs: Iterable[sympy.Basic], *, tree: bool = True) -> int:
    """Count arithmetic operations and function calls.

    With ``tree=True`` a shared subexpression counts once per use (what naive evaluation
    costs); with ``tree=False`` once in total (what evaluation after CSE costs).
    """
    exprs = list(exprs)
    size: dict[int, int] = {}
    for node in postorder(exprs):
        own = _n_ops(node)
        size[id(node)] = own + sum(size[id(c)] for c in node.args) if tree else own
    if tree:
        return sum(size[id(e)] for e in exprs)
    return sum(size.values())


def depth(exprs: Iterable[sympy.Basic]) -> int:
    """Height of the tallest expression tree."""
    d: dict[int, int] = {}
    best = 0
    for node in postorder(exprs):
        d[id(node)] = 1 + max((d[id(c)] for c in node.args), default=0)
        best = max(best, d[id(node)])
    return best


def free_symbols(exprs: Iterable[sympy.Basic]) -> set[sympy.Symbol]:
    """Free symbols of all expressions (bound symbols are not supported by codegen)."""
    return {n for n in postorder(exprs) if isinstance(n, sympy.Symbol)}


def fingerprint(exprs: Iterable[sympy.Basic]) -> str:
    """A structural SHA-256 of the expressions, computed without recursion.

    Two expressions get the same fingerprint exactly when they are the same tree
    (class names, leaf values and assumptions on symbols included), however their
    subexpressions are shared in memory (an unpickled copy hashes like the original).
    """
    exprs = list(exprs)
    index: dict[int, int] = {}  # id(node) -> canonical index
    canon: dict[str, int] = {}  # line -> canonical index: structurally equal nodes share one
    h = hashlib.sha256()
    for node in postorder(exprs):
        if node.args:
            line = f"{type(node).__name__}({','.join(str(index[id(c)]) for c in node.args)})"
        elif isinstance(node, sympy.Symbol):
            line = f"{type(node).__name__}:{node.name}:{sorted(node.assumptions0.items())}"
        else:
            line = sympy.srepr(node)
        if line not in canon:  # a copy of a subtree seen before adds nothing
            canon[line] = len(canon)
            h.update(line.encode())
            h.update(b"\n")
        index[id(node)] = canon[line]
    h.update(("roots:" + ",".join(str(index[id(e)]) for e in exprs)).encode())
    return h.hexdigest()
