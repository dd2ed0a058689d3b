"""Model-space search: every mixed graph on n vertices, analysed as independent tasks.

The graphs are enumerated up to isomorphism with networkx (Weisfeiler-Lehman hashes to
bucket, VF2 ``is_isomorphic`` to decide). Each graph's identifiability and low-degree
vanishing-ideal generators are computed by a task; results are appended to a JSON-lines
file as they arrive, one flushed line per graph, so a rerun on the same file skips every
graph already there and an interrupted run loses at most the lines being written.
"""

from __future__ import annotations

import itertools
import json
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from symalg._validation import check_int, check_option
from symalg.errors import InvalidArgumentError, InvalidTypeError, SymalgError
from symalg.parallel._campaign import stream_campaign
from symalg.sem import MixedGraph, identifiability, vanishing_ideal

__all__ = [
    "nonisomorphic_mixed_graphs",
    "analyse_graph",
    "search_models",
    "read_search",
    "SearchSummary",
]

GraphKind = Literal["simple", "all"]
# per unordered pair {i, j}, i < j: (i -> j, j -> i, i <-> j)
_PAIR_STATES = {
    "simple": [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)],
    "all": list(itertools.product((0, 1), repeat=3)),
}


def _as_digraph(graph: MixedGraph) -> nx.DiGraph:
    """Arc (a, b) labelled with which of a -> b and a <-> b are present."""
    g = nx.DiGraph()
    g.add_nodes_from(graph.vertices)
    kinds: dict[tuple[Any, Any], set[str]] = {}
    for a, b in graph.directed:
        kinds.setdefault((a, b), set()).add("d")
    for a, b in graph.bidirected:
        kinds.setdefault((a, b), set()).add("b")
        kinds.setdefault((b, a), set()).add("b")
    for arc, ks in kinds.items():
        g.add_edge(*arc, kind="".join(sorted(ks)))
    return g


def _same_kind(e1: dict[str, str], e2: dict[str, str]) -> bool:
    return e1["kind"] == e2["kind"]


def nonisomorphic_mixed_graphs(
    n_vertices: int, *, kind: GraphKind = "simple"
) -> Iterator[MixedGraph]:
    """All mixed graphs on vertices ``1..n_vertices``, one per isomorphism class.

    Parameters
    ----------
    n_vertices : int
        At least 1.
    kind : {"simple", "all"}
        ``"simple"``: at most one edge between two vertices (no 2-cycle, no bow);
        ``"all"``: any of i -> j, j -> i, i <-> j together.

    Yields
    ------
    MixedGraph
        The first labelled graph of each class in a fixed enumeration order (the order is
        the same in every process, so graphs can be named by ``str(graph)``).

    Raises
    ------
    InvalidArgumentError
        ``n_vertices < 1`` or an unknown ``kind``.

    Notes
    -----
    Labelled graphs are bucketed by their Weisfeiler-Lehman hash (an isomorphism invariant)
    and a graph is kept when VF2 finds it isomorphic to no earlier graph in its bucket,
    arcs matched by their edge kinds. The labelled space has 4^C(n,2) (simple) or 8^C(n,2)
    (all) graphs: n <= 4 enumerates in seconds, n = 5 (simple) in minutes.

    Examples
    --------
    >>> from symalg.parallel import nonisomorphic_mixed_graphs
    >>> [str(g) for g in nonisomorphic_mixed_graphs(2)]
    ['1, 2', '1->2', '1<->2']
    >>> sum(1 for _ in nonisomorphic_mixed_graphs(2, kind="all"))
    6
    >>> next(nonisomorphic_mixed_graphs(0))
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: nonisomorphic_mixed_graphs: n_vertices=0 must be >= 1.
    """
    n = check_int("n_vertices", n_vertices, where="nonisomorphic_mixed_graphs", minimum=1)
    check_option("kind", kind, tuple(_PAIR_STATES), where="nonisomorphic_mixed_graphs")
    vertices = tuple(range(1, n + 1))
    pairs = list(itertools.combinations(vertices, 2))
    buckets: dict[str, list[nx.DiGraph]] = {}
    for states in itertools.product(_PAIR_STATES[kind], repeat=len(pairs)):
        directed, bidirected = [], []
        for (a, b), (ab, ba, bi) in zip(pairs, states, strict=True):
            directed += [(a, b)] * ab + [(b, a)] * ba
            bidirected += [(a, b)] * bi
        graph = MixedGraph.from_edges(directed, bidirected, vertices=vertices)
        g = _as_digraph(graph)
        with warnings.catch_warnings():  # networkx 3.5 notes that directed hashes changed
            warnings.filterwarnings("ignore", "The hashes produced", UserWarning)
            h = nx.weisfeiler_lehman_graph_hash(g, edge_attr="kind", iterations=3)
        reps = buckets.setdefault(h, [])
        if any(nx.is_isomorphic(g, r, edge_match=_same_kind) for r in reps):
            continue
        reps.append(g)
        yield graph


def _expr(value: Any) -> str | None:
    return None if value is None else str(value)


def analyse_graph(graph: MixedGraph, *, max_degree: int = 2, max_power: int = 2) -> dict[str, Any]:
    """Identifiability and low-degree vanishing-ideal generators of one graph, as JSON data.

    Parameters
    ----------
    graph : MixedGraph
    max_degree : int
        Degree bound of the vanishing-ideal search and of the identifiability relations.
    max_power : int
        Bound on a relation's degree in the parameter (see
        :func:`symalg.sem.identifiability`).

    Returns
    -------
    dict
        ``graph`` (``str(graph)``), ``directed``, ``bidirected``, ``is_acyclic``,
        ``is_simple``, ``identifiability`` (parameter name -> status, degree, relation,
        formula, certificate) and ``ideal`` (the generators, as strings). A graph whose
        analysis raised a :class:`~symalg.errors.SymalgError` gets ``error`` instead of the
        last two (a result, recorded like any other).

    Examples
    --------
    >>> from symalg.sem import MixedGraph
    >>> from symalg.parallel import analyse_graph
    >>> rec = analyse_graph(MixedGraph.parse("1->2, 2->3"))
    >>> rec["ideal"], rec["identifiability"]["l_1_2"]["status"]
    (['s_1_2*s_2_3 - s_1_3*s_2_2'], 'identifiable')
    """
    record: dict[str, Any] = {
        "graph": str(graph),
        "directed": [list(e) for e in graph.directed],
        "bidirected": [list(e) for e in graph.bidirected],
        "is_acyclic": graph.is_acyclic,
        "is_simple": graph.is_simple,
    }
    try:
        ident = identifiability(graph, max_degree=max_degree, max_power=max_power)
        ideal = vanishing_ideal(graph, max_degree)
    except SymalgError as err:
        record["error"] = f"{type(err).__name__}: {err}"
        return record
    record["identifiability"] = {
        str(p): {
            "status": s.status,
            "degree": s.degree,
            "relation": _expr(s.relation),
            "formula": _expr(s.formula),
            "certificate": s.certificate,
        }
        for p, s in ident.items()
    }
    record["ideal"] = [str(g) for g in ideal]
    return record


@dataclass(frozen=True)
class _Analyse:
    """Picklable ``graph -> record`` with the degree bounds bound in."""

    max_degree: int
    max_power: int

    def __call__(self, graph: MixedGraph) -> dict[str, Any]:
        return analyse_graph(graph, max_degree=self.max_degree, max_power=self.max_power)


@dataclass(frozen=True)
class SearchSummary:
    """What :func:`search_models` did.

    Attributes
    ----------
    path : pathlib.Path
        The JSON-lines file.
    n_graphs : int
        Graphs in the model space.
    n_skipped : int
        Graphs already in the file (not recomputed).
    n_computed : int
        Graphs computed by this run.
    """

    path: Path
    n_graphs: int
    n_skipped: int
    n_computed: int


def _header(n: int, kind: str, max_degree: int, max_power: int, name: str) -> dict[str, Any]:
    return {
        "search": "mixed_graphs",
        "n_vertices": n,
        "kind": kind,
        "max_degree": max_degree,
        "max_power": max_power,
        "analyse": name,
    }


def _load(path: Path) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]], bool]:
    """(header, records by graph, whether a damaged last line was found)."""
    if not path.exists():
        return None, {}, False
    lines = path.read_text().split("\n")
    header, records, damaged = None, {}, False
    for k, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            if k < len(lines) - 1 and any(x.strip() for x in lines[k + 1 :]):
                raise InvalidArgumentError(
                    f"search_models: line {k + 1} of {path} is not JSON and is not the last "
                    "line; the file is not a search file (use another path)."
                ) from None
            damaged = True  # a write cut short by a crash: recompute that graph
            continue
        if header is None:
            header = obj
        else:
            records[obj["graph"]] = obj
    return header, records, damaged


def _rewrite(path: Path, header: dict[str, Any], records: dict[str, dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w") as f:
        for obj in (header, *records.values()):
            f.write(json.dumps(obj, sort_keys=True) + "\n")
    os.replace(tmp, path)


def search_models(
    n_vertices: int,
    path: str | os.PathLike[str],
    *,
    kind: GraphKind = "simple",
    max_degree: int = 2,
    max_power: int = 2,
    scheduler: Any = None,
    analyse: Callable[[MixedGraph], dict[str, Any]] | None = None,
    on_result: Callable[[int, int, dict[str, Any]], None] | None = None,
) -> SearchSummary:
    """Analyse every mixed graph on ``n_vertices`` vertices, resuming from ``path``.

    Parameters
    ----------
    n_vertices : int
    path : str or path-like
        JSON-lines file: a header line with the search parameters, then one record per
        graph (in completion order). Created if missing; resumed if present.
    kind : {"simple", "all"}
        See :func:`nonisomorphic_mixed_graphs`.
    max_degree, max_power : int
        See :func:`analyse_graph`.
    scheduler : str, executor or dask Client, optional
        Where the graphs are analysed (see :func:`get_executor`); default this process.
    analyse : callable, optional
        ``graph -> dict`` (JSON-serialisable) replacing :func:`analyse_graph`; it must pickle
        to run on Dask. Its records get the ``graph`` key (``str(graph)``) added.
    on_result : callable, optional
        ``on_result(n_done, n_todo, record)`` after each record is written.

    Returns
    -------
    SearchSummary

    Raises
    ------
    InvalidArgumentError
        ``path`` holds a search with other parameters, or is not a search file.

    Notes
    -----
    Only the calling process writes the file: each record is appended, flushed and
    ``fsync``-ed as its task finishes, so a crash loses no finished graph, and a line cut
    short by a crash is dropped and recomputed on the next run. Tasks lost with a dying
    worker are rerun by the scheduler. Records hold exact results (strings of exact
    expressions), identical wherever they were computed.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> from symalg.parallel import search_models
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.jsonl"
    >>> search_models(2, path)
    SearchSummary(path=PosixPath('...two.jsonl'), n_graphs=3, n_skipped=0, n_computed=3)
    >>> search_models(2, path).n_computed  # resumed: nothing left to do
    0
    >>> search_models(3, path)
    Traceback (most recent call last):
    ...
    symalg.errors.InvalidArgumentError: search_models: ... was written by another search ...
    """
    where = "search_models"
    if analyse is not None and not callable(analyse):
        raise InvalidTypeError(f"{where}: analyse must be callable, got {analyse!r}.")
    max_degree = check_int("max_degree", max_degree, where=where, minimum=1)
    max_power = check_int("max_power", max_power, where=where, minimum=1)
    graphs = list(nonisomorphic_mixed_graphs(n_vertices, kind=kind))
    fn = analyse if analyse is not None else _Analyse(max_degree, max_power)
    name = (
        "analyse_graph"
        if analyse is None
        else getattr(analyse, "__qualname__", type(analyse).__qualname__)
    )
    header = _header(n_vertices, kind, max_degree, max_power, name)
    path = Path(path)
    found, done, damaged = _load(path)
    if found is not None and found != header:
        raise InvalidArgumentError(
            f"{where}: {path} was written by another search ({found}); expected {header}. "
            "Use another path to start a new search."
        )
    if found is None or damaged:
        _rewrite(path, header, done)
    todo = [g for g in graphs if str(g) not in done]
    with path.open("a") as f:
        for n_done, (i, record) in enumerate(stream_campaign(fn, todo, scheduler=scheduler), 1):
            record = {**record, "graph": str(todo[i])}
            f.write(json.dumps(record, sort_keys=True) + "\n")
            f.flush()
            os.fsync(f.fileno())
            if on_result is not None:
                on_result(n_done, len(todo), record)
    return SearchSummary(path, len(graphs), len(graphs) - len(todo), len(todo))


def read_search(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """The records of a search file, keyed by ``str(graph)``.

    Raises
    ------
    InvalidArgumentError
        ``path`` does not exist or is not a search file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from symalg.parallel import read_search, search_models
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.jsonl"
    >>> _ = search_models(2, path)
    >>> sorted(read_search(path))
    ['1, 2', '1->2', '1<->2']
    """
    p = Path(path)
    if not p.exists():
        raise InvalidArgumentError(f"read_search: {p} does not exist.")
    header, records, _ = _load(p)
    if header is None or header.get("search") != "mixed_graphs":
        raise InvalidArgumentError(f"read_search: {p} is not a search file.")
    return records
