"""The e-graph: array-based union-find, hashcons, parent lists and deferred rebuild."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from symalg.egraph._analysis import Analysis
from symalg.egraph._invariants import check_invariants
from symalg.egraph._term import Op, Term, _const_key, _normalise_op, is_constant
from symalg.errors import InvalidArgumentError, InvalidTypeError

__all__ = ["EGraph"]

Node = tuple[int, ...]  # (head id, child class id, ...)


class EGraph:
    """An e-graph: a set of terms closed under congruence, grouped into e-classes.

    E-nodes are stored as integer tuples ``(head, child, ...)``: ``head`` indexes an interned
    table of operators (name or constant, with arity) and the children are e-class ids. The
    union-find is a flat list of parent ids with path halving; the hashcons maps each
    canonical e-node to its node id. ``union`` is cheap and defers repair work; search only
    after :meth:`rebuild`, which restores congruence and the analysis invariant.

    Parameters
    ----------
    analysis : Analysis, optional
        An e-class analysis (e.g. :class:`ConstantFolding`) kept up to date on every add and
        union.

    Notes
    -----
    Ids, sizes and node order depend only on the sequence of calls, never on hashing of
    strings, so results are identical across runs and ``PYTHONHASHSEED`` values. On
    :meth:`union` the class with more parents becomes the root (ties: the smaller id).

    Examples
    --------
    >>> from symalg.egraph import parse_term
    >>> eg = EGraph()
    >>> a = eg.add_term(parse_term("(* x 1)"))
    >>> x = eg.add_term(parse_term("x"))
    >>> eg.union(a, x)
    True
    >>> eg.rebuild()
    0
    >>> eg.equiv(parse_term("(* x 1)"), parse_term("x")), eg.n_classes, eg.n_nodes
    (True, 2, 3)
    """

    def __init__(self, analysis: Analysis | None = None) -> None:
        if analysis is not None and not all(
            callable(getattr(analysis, m, None)) for m in ("make", "merge", "modify")
        ):
            raise InvalidTypeError(
                "EGraph: analysis must provide make, merge and modify methods (see "
                f"symalg.egraph.Analysis), got {type(analysis).__name__}."
            )
        self.analysis = analysis
        self._uf: list[int] = []
        self._heads: list[Op] = []
        self._head_ids: dict[tuple[Any, int], int] = {}
        # node id == id of the class the node created, so no node -> class table is needed
        self._memo: dict[Node, int] = {}
        self._node_key: list[Node | None] = []
        self._cls_nodes: list[list[Node]] = []
        self._cls_parents: list[list[int]] = []
        self._data: list[Any] = []  # only filled with an analysis
        self._pruned: set[int] = set()
        self._pending: list[int] = []
        self._analysis_pending: list[int] = []
        self._dirty: dict[int, None] = {}  # classes whose node lists need canonicalising
        self._merged: dict[int, None] = {}  # classes whose parent lists need deduplicating
        self._by_op: dict[int, list[int]] | None = None
        self._by_op_key: tuple[int, int, int] = (-1, -1, -1)
        self._n_unions = 0
        self._n_prunes = 0

    # ------------------------------------------------------------------ basic queries
    @property
    def n_nodes(self) -> int:
        """Number of distinct canonical e-nodes in the hashcons (pruned ones included)."""
        return len(self._memo)

    @property
    def n_classes(self) -> int:
        """Number of e-classes."""
        return len(self._uf) - self._n_unions

    @property
    def _version(self) -> int:
        """Changes whenever a node is added or two classes merge."""
        return len(self._uf) + self._n_unions

    @property
    def is_clean(self) -> bool:
        """True when no repair work is pending, i.e. after :meth:`rebuild`."""
        return not (self._pending or self._analysis_pending or self._dirty)

    def find(self, class_id: int) -> int:
        """Return the canonical id of the e-class containing ``class_id``."""
        uf = self._uf
        while uf[class_id] != class_id:
            uf[class_id] = uf[uf[class_id]]
            class_id = uf[class_id]
        return class_id

    def classes(self) -> list[int]:
        """Return the canonical e-class ids in increasing order."""
        uf = self._uf
        return [c for c in range(len(uf)) if uf[c] == c]

    def data(self, class_id: int) -> Any:
        """Return the analysis data of an e-class (``None`` without an analysis)."""
        c = self.find(self._check_id(class_id, "data"))
        return self._data[c] if self.analysis is not None else None

    def nodes(self, class_id: int) -> list[tuple[Op, tuple[int, ...]]]:
        """Return an e-class's nodes as ``(op, children)`` tuples.

        A leaf's ``op`` is its symbol name or constant value and its children are ``()``.
        Children are canonical after :meth:`rebuild`.
        """
        c = self.find(self._check_id(class_id, "nodes"))
        heads = self._heads
        return [(heads[n[0]], n[1:]) for n in self._cls_nodes[c]]

    def _check_id(self, class_id: object, where: str) -> int:
        if isinstance(class_id, bool) or not isinstance(class_id, int):
            raise InvalidTypeError(
                f"EGraph.{where}: class id must be an int, got {type(class_id).__name__}."
            )
        if not 0 <= class_id < len(self._uf):
            raise InvalidArgumentError(
                f"EGraph.{where}: class id {class_id} does not exist; ids run from 0 to "
                f"{len(self._uf) - 1}."
            )
        return class_id

    # ------------------------------------------------------------------ adding terms
    def _intern(self, op: Op, arity: int) -> int:
        key = (op if isinstance(op, str) else _const_key(op), arity)
        h = self._head_ids.get(key)
        if h is None:
            h = self._head_ids[key] = len(self._heads)
            self._heads.append(op)
        return h

    def head_id(self, op: Op, arity: int) -> int | None:
        """Return the interned id of an operator, or None if no node uses it yet."""
        return self._head_ids.get((op if isinstance(op, str) else _const_key(op), arity))

    def _add(self, node: Node) -> int:
        """Add an e-node whose children may be non-canonical; return its class."""
        find = self.find
        if len(node) == 3:
            node = (node[0], find(node[1]), find(node[2]))
        elif len(node) == 2:
            node = (node[0], find(node[1]))
        elif len(node) > 3:
            node = (node[0], *map(find, node[1:]))
        nid = self._memo.get(node)
        if nid is not None:
            return find(nid)
        return self._add_new(node)

    def _add_new(self, node: Node) -> int:
        """Add a node known to be absent (children canonical unless an analysis intervened)."""
        uf = self._uf
        for c in node[1:]:
            if uf[c] != c:  # an analysis' modify merged a child since the caller looked
                return self._add(node)
        cid = len(uf)
        uf.append(cid)
        self._node_key.append(node)
        self._memo[node] = cid
        self._cls_nodes.append([node])
        parents = self._cls_parents
        parents.append([])
        for c in node[1:]:
            parents[c].append(cid)
        analysis = self.analysis
        if analysis is not None:
            self._data.append(analysis.make(self, self._heads[node[0]], node[1:]))
            analysis.modify(self, cid)
        return cid

    def add(self, op: Op | int, children: Sequence[int] = ()) -> int:
        """Add one e-node ``op(children...)`` and return its e-class id.

        Parameters
        ----------
        op : str or int or Fraction or float
            Operator or symbol name, or a constant (then ``children`` must be empty).
        children : sequence of int
            E-class ids of the children.
        """
        op = _normalise_op(op)
        children = tuple(self._check_id(c, "add") for c in children)
        if children and is_constant(op):
            raise InvalidArgumentError(
                f"EGraph.add: the constant {op!r} cannot have children; use an operator name."
            )
        return self._add((self._intern(op, len(children)), *children))

    def add_term(self, term: Term) -> int:
        """Add every node of ``term`` (linear in its size) and return the root's e-class id.

        Examples
        --------
        >>> from symalg.egraph import parse_term
        >>> eg = EGraph()
        >>> eg.add_term(parse_term("(+ x x)")) == eg.add_term(parse_term("(+ x x)"))
        True
        >>> eg.n_nodes
        2
        """
        if not isinstance(term, Term):
            raise InvalidTypeError(
                f"EGraph.add_term: expected a Term (see parse_term), got {type(term).__name__}."
            )
        done: dict[Term, int] = {}
        stack = [term]
        while stack:
            t = stack[-1]
            if t in done:
                stack.pop()
                continue
            todo = [a for a in t.args if a not in done]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            children = tuple(done[a] for a in t.args)
            done[t] = self._add((self._intern(t.op, len(children)), *children))
        return self.find(done[term])

    def lookup_term(self, term: Term) -> int | None:
        """Return the e-class of ``term`` if every node of it is present, else None.

        Nothing is added. Children are looked up through :meth:`find`, so the answer is
        right even before :meth:`rebuild`, as long as congruence has been restored for the
        classes involved.
        """
        if not isinstance(term, Term):
            raise InvalidTypeError(
                f"EGraph.lookup_term: expected a Term, got {type(term).__name__}."
            )
        done: dict[Term, int] = {}
        stack = [term]
        while stack:
            t = stack.pop()
            if t in done:
                continue
            todo = [a for a in t.args if a not in done]
            if todo:
                stack.append(t)
                stack.extend(todo)
                continue
            h = self.head_id(t.op, len(t.args))
            if h is None:
                return None
            nid = self._memo.get((h, *(self.find(done[a]) for a in t.args)))
            if nid is None:
                return None
            done[t] = self.find(nid)
        return done[term]

    def equiv(self, a: Term | int, b: Term | int) -> bool:
        """Return True if ``a`` and ``b`` (terms or class ids) are in the same e-class.

        A term that is not represented in the e-graph is equivalent to nothing.
        """
        ids = []
        for t in (a, b):
            cid = self.lookup_term(t) if isinstance(t, Term) else self._check_id(t, "equiv")
            if cid is None:
                return False
            ids.append(self.find(cid))
        return ids[0] == ids[1]

    # ------------------------------------------------------------------ union and rebuild
    def union(self, a: int, b: int) -> bool:
        """Merge the e-classes of ``a`` and ``b``; return True if they were different.

        Congruence is restored lazily by :meth:`rebuild`.
        """
        uf = self._uf
        if uf[a] != a:
            a = self.find(a)
        if uf[b] != b:
            b = self.find(b)
        if a == b:
            return False
        parents = self._cls_parents
        pa, pb = parents[a], parents[b]
        if len(pa) < len(pb) or (len(pa) == len(pb) and b < a):
            a, b = b, a
            pa, pb = pb, pa
        uf[b] = a
        self._n_unions += 1
        self._pending.extend(pb)
        cls_nodes = self._cls_nodes
        cls_nodes[a].extend(cls_nodes[b])
        cls_nodes[b] = ()  # type: ignore[call-overload]  # a shared empty tuple: no memory
        self._dirty[a] = None
        self._merged[a] = None
        if self._pruned and b in self._pruned:
            self._pruned.discard(b)
            self._pruned.add(a)
        analysis = self.analysis
        if analysis is None:
            pa.extend(pb)
            parents[b] = ()  # type: ignore[call-overload]
            return True
        merged, a_changed, b_changed = analysis.merge(self._data[a], self._data[b])
        self._data[a] = merged
        if a_changed:
            self._analysis_pending.extend(pa)
        if b_changed:
            self._analysis_pending.extend(pb)
        pa.extend(pb)
        parents[b] = ()  # type: ignore[call-overload]
        self._data[b] = None
        analysis.modify(self, a)
        return True

    def prune(self, class_id: int) -> None:
        """Drop every non-leaf node of an e-class (its leaves stay; the hashcons keeps all).

        Used by analyses whose ``modify`` proves a class constant: the other nodes only
        produce matches that lead nowhere.
        """
        c = self.find(self._check_id(class_id, "prune"))
        self._cls_nodes[c] = [n for n in self._cls_nodes[c] if len(n) == 1]
        self._pruned.add(c)
        self._n_prunes += 1

    def rebuild(self) -> int:
        """Restore congruence and analysis invariants; return the number of unions made.

        Examples
        --------
        >>> from symalg.egraph import parse_term
        >>> eg = EGraph()
        >>> fa, fb = eg.add_term(parse_term("(f a)")), eg.add_term(parse_term("(f b)"))
        >>> _ = eg.union(eg.lookup_term(parse_term("a")), eg.lookup_term(parse_term("b")))
        >>> eg.rebuild(), eg.find(fa) == eg.find(fb)
        (1, True)
        """
        n_unions = 0
        while self._pending or self._analysis_pending:
            n_unions += self._process_pending()
            self._process_analysis_pending()
        self._canonicalise_dirty()
        return n_unions

    def _process_pending(self) -> int:
        n_unions = 0
        memo, keys, uf, find = self._memo, self._node_key, self._uf, self.find
        pending, dirty = self._pending, self._dirty
        while pending:
            nid = pending.pop()
            old = keys[nid]
            if old is None:
                continue
            new = (old[0], *map(find, old[1:]))
            if new == old:
                continue
            if memo.get(old) == nid:
                del memo[old]
            dirty[find(nid)] = None
            other = memo.get(new)
            if other is None:
                memo[new] = nid
                keys[nid] = new
            else:
                keys[nid] = None
                n_unions += self.union(other, nid)
        del uf
        return n_unions

    def _process_analysis_pending(self) -> None:
        analysis = self.analysis
        if analysis is None:
            self._analysis_pending.clear()
            return
        keys, find, heads = self._node_key, self.find, self._heads
        todo = self._analysis_pending
        while todo:
            nid = todo.pop()
            key = keys[nid]
            if key is None:
                continue
            c = find(nid)
            made = analysis.make(self, heads[key[0]], tuple(find(x) for x in key[1:]))
            merged, changed, _ = analysis.merge(self._data[c], made)
            if changed:
                self._data[c] = merged
                todo.extend(self._cls_parents[c])
                analysis.modify(self, c)

    def _canonicalise_dirty(self) -> None:
        uf, find = self._uf, self.find
        roots = dict.fromkeys(find(c) for c in self._dirty)
        merged = dict.fromkeys(find(c) for c in self._merged)
        self._dirty.clear()
        self._merged.clear()
        cls_nodes, cls_parents = self._cls_nodes, self._cls_parents
        for c in roots:
            nodes = set()
            for n in cls_nodes[c]:
                if len(n) == 3:
                    x, y = n[1], n[2]
                    if uf[x] != x or uf[y] != y:
                        n = (n[0], find(x), find(y))
                elif len(n) > 1:
                    n = (n[0], *map(find, n[1:]))
                nodes.add(n)
            cls_nodes[c] = sorted(nodes)
        for c in merged:
            cls_parents[c] = list(dict.fromkeys(cls_parents[c]))

    # ------------------------------------------------------------------ indexes
    def _op_index(self) -> dict[int, list[int]]:
        """Map head id -> canonical classes holding a node with that head (sorted)."""
        key = (len(self._uf), self._n_unions, self._n_prunes)
        if self._by_op is None or self._by_op_key != key:
            self._by_op_key = key
            by_op: dict[int, list[int]] = {}
            uf, cls_nodes = self._uf, self._cls_nodes
            for c in range(len(uf)):
                if uf[c] != c:
                    continue
                last = -1
                for n in cls_nodes[c]:
                    h = n[0]
                    if h != last:
                        last = h
                        lst = by_op.get(h)
                        if lst is None:
                            by_op[h] = [c]
                        elif lst[-1] != c:
                            lst.append(c)
            self._by_op = by_op
        return self._by_op

    def iter_nodes(self) -> Iterable[tuple[int, Op, tuple[int, ...]]]:
        """Yield ``(class_id, op, children)`` for every node of every canonical class."""
        heads = self._heads
        for c in self.classes():
            for n in self._cls_nodes[c]:
                yield c, heads[n[0]], n[1:]

    def __repr__(self) -> str:
        return f"EGraph(n_nodes={self.n_nodes}, n_classes={self.n_classes})"

    def check_invariants(self) -> None:
        """Check every structural invariant from scratch (slow; for tests and debugging).

        Checked: hashcons keys are canonical and unique (congruence); class node lists are
        canonical, sorted, unique and complete (pruned classes may omit non-leaf nodes);
        parent lists cover every use; the op index matches; analysis data equals the join
        of ``make`` over each class's nodes.

        Raises
        ------
        AssertionError
            Naming the first invariant that does not hold, or if :meth:`rebuild` is due.
        """
        check_invariants(self)
