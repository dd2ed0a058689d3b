from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from symalg.errors import InvalidArgumentError
from symalg.parallel import (
    DaskExecutor,
    analyse_graph,
    nonisomorphic_mixed_graphs,
    read_search,
    search_models,
)
from symalg.sem import MixedGraph


def _canonical(graph: MixedGraph) -> tuple[Any, ...]:
    """Independent route: the lexicographically least relabelling over all n! permutations."""
    best = None
    for perm in itertools.permutations(range(graph.n_vertices)):
        relabel = {v: perm[k] for k, v in enumerate(graph.vertices)}
        d = tuple(sorted((relabel[a], relabel[b]) for a, b in graph.directed))
        b = tuple(sorted(tuple(sorted((relabel[a], relabel[b]))) for a, b in graph.bidirected))
        best = (d, b) if best is None else min(best, (d, b))
    return best


def _all_labelled(n: int, simple: bool) -> list[MixedGraph]:
    pairs = list(itertools.combinations(range(1, n + 1), 2))
    states = (
        [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)]
        if simple
        else list(itertools.product((0, 1), repeat=3))
    )
    out = []
    for choice in itertools.product(states, repeat=len(pairs)):
        d = [
            e
            for (a, b), (x, y, _) in zip(pairs, choice, strict=True)
            for e in [(a, b)] * x + [(b, a)] * y
        ]
        bi = [(a, b) for (a, b), (_, _, z) in zip(pairs, choice, strict=True) if z]
        out.append(MixedGraph.from_edges(d, bi, vertices=range(1, n + 1)))
    return out


@pytest.mark.parametrize(("n", "kind"), [(2, "all"), (3, "simple"), (3, "all"), (4, "simple")])
def test_one_graph_per_isomorphism_class(n: int, kind: str) -> None:
    found = [_canonical(g) for g in nonisomorphic_mixed_graphs(n, kind=kind)]
    classes = {_canonical(g) for g in _all_labelled(n, kind == "simple")}
    assert len(found) == len(set(found)) == len(classes)
    assert set(found) == classes


def test_enumeration_order_is_reproducible() -> None:
    a = [str(g) for g in nonisomorphic_mixed_graphs(3, kind="all")]
    assert a == [str(g) for g in nonisomorphic_mixed_graphs(3, kind="all")]
    assert len(set(a)) == len(a)


def test_analyse_graph_records_the_sem_results() -> None:
    rec = analyse_graph(MixedGraph.parse("1->2, 2->3, 1<->3"))
    assert rec["graph"] == "1->2, 2->3, 1<->3" and rec["is_acyclic"]
    assert rec["identifiability"]["l_2_3"]["formula"] == (
        "(s_1_1*s_2_3 - s_1_2*s_1_3)/(s_1_1*s_2_2 - s_1_2**2)"
    )
    assert rec["ideal"] == []
    bow = analyse_graph(MixedGraph.parse("1->2, 1<->2"))
    assert bow["identifiability"]["l_1_2"]["status"] == "not identifiable"
    json.dumps(rec)


class _Counting:
    """analyse_graph that counts its calls (in this process: local executor)."""

    __qualname__ = "counting_analyse"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, graph: MixedGraph) -> dict[str, Any]:
        self.calls.append(str(graph))
        return analyse_graph(graph)


def test_dask_search_equals_local(tmp_path: Path, dask_client: Any) -> None:
    local = search_models(3, tmp_path / "local.jsonl")
    remote = search_models(3, tmp_path / "dask.jsonl", scheduler=DaskExecutor(dask_client))
    assert local.n_graphs == remote.n_graphs == remote.n_computed == 16
    assert read_search(tmp_path / "local.jsonl") == read_search(tmp_path / "dask.jsonl")


def test_resumed_search_skips_finished_graphs(tmp_path: Path) -> None:
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    first = _Counting()
    search_models(3, full, analyse=first)
    assert sorted(first.calls) == sorted(str(g) for g in nonisomorphic_mixed_graphs(3))
    lines = full.read_text().splitlines(keepends=True)
    # a crash after 5 graphs, in the middle of writing the 6th line
    part.write_text("".join(lines[:6]) + lines[6][: len(lines[6]) // 2])
    again = _Counting()
    summary = search_models(3, part, analyse=again)
    assert (summary.n_skipped, summary.n_computed) == (5, 11)
    done = {json.loads(x)["graph"] for x in lines[1:6]}
    assert len(again.calls) == 11 and not done & set(again.calls)
    assert read_search(part) == read_search(full)
    third = _Counting()
    assert search_models(3, part, analyse=third).n_computed == 0 and third.calls == []


def test_resume_refuses_other_searches_and_damaged_files(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    search_models(2, path)
    with pytest.raises(InvalidArgumentError, match="was written by another search"):
        search_models(2, path, max_degree=3)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], "{oops", *lines[1:]]) + "\n")
    with pytest.raises(InvalidArgumentError, match="line 2 of .* is not JSON"):
        search_models(2, path)
    with pytest.raises(InvalidArgumentError, match="does not exist"):
        read_search(tmp_path / "missing.jsonl")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_vertices": 0}, "n_vertices=0 must be >= 1"),
        ({"n_vertices": 3, "kind": "dags"}, "kind='dags' is not supported"),
    ],
)
def test_enumeration_rejects_bad_input(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        next(nonisomorphic_mixed_graphs(**kwargs))
