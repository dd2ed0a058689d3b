from __future__ import annotations

import json
import operator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.parallel import DaskExecutor, campaign_grid, run_campaign, stream_campaign
from verification import Report
from verification._campaign import ClaimJob, TargetJob, claim_jobs, verify_campaign
from verification._cli import main

COMPONENTS = ["deepsets", "monoid", "spe"]


def _same_report(a: Report, b: Report) -> bool:
    """Field by field; counterexample arrays compared exactly."""
    if a.to_dict() != b.to_dict():
        return False
    ca, cb = a.counterexample, b.counterexample
    if (ca is None) != (cb is None):
        return False
    if ca is None:
        return True
    return (
        np.array_equal(np.asarray(ca.element), np.asarray(cb.element))
        and len(ca.inputs) == len(cb.inputs)
        and all(np.array_equal(x, y) for x, y in zip(ca.inputs, cb.inputs, strict=True))
        and (ca.element_label, ca.element_type, ca.output)
        == (cb.element_label, cb.element_type, cb.output)
    )


@pytest.fixture(scope="module")
def local_reports() -> list[Report]:
    rows = verify_campaign(
        claim_jobs(COMPONENTS), seeds=[0, 1], dtypes=["float64", "float32"], max_examples=10
    )
    return [r for _, r in rows]


def test_grid_is_items_then_dtypes_then_seeds() -> None:
    grid = campaign_grid(["a", "b"], seeds=[0, 1, 2], dtypes=["float64", "float32"])
    assert len(grid) == 12
    assert [(t.item, t.dtype, t.seed) for t in grid[:4]] == [
        ("a", "float64", 0), ("a", "float64", 1), ("a", "float64", 2), ("a", "float32", 0)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"items": []}, InvalidArgumentError, "items is empty"),
        ({"items": ["a"], "dtypes": []}, InvalidArgumentError, "dtypes is empty"),
        ({"items": ["a"], "seeds": [1, 1]}, InvalidArgumentError, r"seeds=\[1, 1\] repeats"),
        ({"items": "abc"}, InvalidTypeError, "items must be a sequence, got str"),
    ],
)
def test_grid_rejects_bad_input(kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        campaign_grid(**kwargs)


def test_campaign_returns_task_order_and_reports_progress() -> None:
    seen: list[tuple[int, int, int]] = []
    out = run_campaign(
        operator.neg, [1, 2, 3], on_result=lambda d, n, i, v: seen.append((d, n, i))
    )
    assert out == [-1, -2, -3] and [d for d, _, _ in seen] == [1, 2, 3]
    assert sorted(stream_campaign(operator.neg, [4, 5])) == [(0, -4), (1, -5)]


def test_dask_campaign_equals_local(local_reports: list[Report], dask_client: Any) -> None:
    rows = verify_campaign(
        claim_jobs(COMPONENTS), seeds=[1], dtypes=["float32"], max_examples=10,
        scheduler=DaskExecutor(dask_client),
    )  # fmt: skip
    got = [r for _, r in rows]
    # the local grid is (claim, dtype, seed) with dtypes (float64, float32) and seeds (0, 1)
    expected = local_reports[3::4]
    assert len(got) == len(expected) == 9
    assert [r.dtype for r in got] == ["float32"] * 9 and [r.seed for r in got] == [1] * 9
    assert all(_same_report(a, b) for a, b in zip(got, expected, strict=True))


def test_counterexample_comes_back_whole(dask_client: Any) -> None:
    # x -> sum of all coordinates is not rotation invariant: a real violation
    job = TargetJob("numpy:sum", "O3", "vectors")
    local = verify_campaign([job], seeds=[3], max_examples=20)[0][1]
    remote = verify_campaign(
        [job], seeds=[3], max_examples=20, scheduler=DaskExecutor(dask_client)
    )[0][1]
    assert local.status == "violation" and local.counterexample is not None
    assert _same_report(local, remote)
    ce = remote.counterexample
    assert isinstance(ce.inputs[0], np.ndarray) and ce.inputs[0].ndim == 2
    assert remote.summary() == local.summary()


def test_killed_worker_loses_and_duplicates_nothing(
    local_reports: list[Report], dask_client: Any
) -> None:
    executor = DaskExecutor(dask_client)
    arrivals: list[int] = []
    killed: list[str] = []

    def on_result(done: int, total: int, task: Any, report: Report) -> None:
        arrivals.append(done)
        if not killed:  # kill a worker that is running tasks, mid-campaign
            busy = [w for w, keys in dask_client.processing().items() if keys]
            killed.append(busy[0])
            dask_client.restart_workers([busy[0]])

    rows = verify_campaign(
        claim_jobs(COMPONENTS), seeds=[0, 1], dtypes=["float64", "float32"], max_examples=10,
        scheduler=executor, on_result=on_result,
    )  # fmt: skip
    assert killed and arrivals == list(range(1, len(local_reports) + 1))
    assert all(_same_report(r, a) for (_, r), a in zip(rows, local_reports, strict=True))


def test_cli_scheduler_dask_equals_local(tmp_path: Path, dask_client: Any, capsys: Any) -> None:
    address = dask_client.scheduler.address.removeprefix("tcp://")
    base = ["--component", "spe", "--profile", "ci", "--no-progress", "--dtype", "both"]
    assert main([*base, "--json", str(tmp_path / "l.json")]) == 0
    local_out = capsys.readouterr().out
    assert (
        main([*base, "--json", str(tmp_path / "d.json"), "--scheduler", f"dask://{address}"]) == 0
    )
    assert capsys.readouterr().out == local_out
    assert json.loads((tmp_path / "l.json").read_text()) == json.loads(
        (tmp_path / "d.json").read_text()
    )


def test_cli_streams_progress_and_rejects_bad_schedulers(capsys: Any) -> None:
    assert main(["--component", "deepsets", "--profile", "ci", "--scheduler", "local"]) == 0
    err = capsys.readouterr().err
    assert "0/1 1 checks on LocalExecutor(processes=0)" in err
    assert "1/1 deepsets/permutation-invariance (float64)" in err
    assert main(["--component", "deepsets", "--scheduler", "slurm", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symalg verify: error:") and "scheduler 'slurm' is not supported" in err


def test_claim_job_names_unknown_claims() -> None:
    with pytest.raises(InvalidArgumentError, match="has no claim 'nope'; known:"):
        ClaimJob("deepsets", "nope")("float64", 5, 0)
