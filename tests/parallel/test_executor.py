from __future__ import annotations

import operator
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from symalg.errors import InvalidArgumentError, InvalidTypeError
from symalg.parallel import DaskExecutor, LocalExecutor, get_executor


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise InvalidArgumentError("three is not allowed")
    return x


def test_local_inline_streams_every_index_once_in_order() -> None:
    with LocalExecutor() as ex:
        got = list(ex.map_unordered(operator.neg, [5, 6, 7]))
    assert got == [(0, -5), (1, -6), (2, -7)]


def test_local_process_pool_equals_inline() -> None:
    items = list(range(12))
    with LocalExecutor(processes=2) as ex:
        got = dict(ex.map_unordered(operator.neg, items))
    assert got == {i: -x for i, x in enumerate(items)}


def test_dask_map_equals_local(dask_client: Any) -> None:
    items = [3.5, -1.0, 2.25, 0.0, 7.0]
    ex = DaskExecutor(dask_client)
    got = list(ex.map_unordered(abs, items))
    assert sorted(i for i, _ in got) == list(range(len(items)))
    assert dict(got) == dict(LocalExecutor().map_unordered(abs, items))
    ex.close()  # a client passed in stays open
    assert dask_client.status == "running"


@pytest.mark.parametrize("make", [LocalExecutor, "dask"])
def test_task_exception_propagates(make: Any, dask_client: Any) -> None:
    ex = LocalExecutor() if make is LocalExecutor else DaskExecutor(dask_client)
    with pytest.raises(InvalidArgumentError, match="three is not allowed"):
        list(ex.map_unordered(_fail_on_three, [1, 2, 3, 4]))


def test_get_executor_parses_specs(dask_client: Any) -> None:
    assert get_executor(None).processes == 0
    assert get_executor("local").processes == 0
    assert get_executor("local:3").processes == 3
    address = dask_client.scheduler.address  # tcp://127.0.0.1:PORT
    ex = get_executor("dask://" + address.removeprefix("tcp://"))
    try:
        assert isinstance(ex, DaskExecutor) and ex.n_workers == 2
    finally:
        ex.close()
    wrapped = get_executor(dask_client)
    assert isinstance(wrapped, DaskExecutor) and wrapped.client is dask_client
    same = LocalExecutor()
    assert get_executor(same) is same


@pytest.mark.parametrize(
    ("spec", "error", "match"),
    [
        ("slurm", InvalidArgumentError, "use 'local', 'local:N', 'dask' or 'dask://HOST:PORT'"),
        ("local:four", InvalidArgumentError, r"needs a process count, e.g. 'local:4'"),
        ("dask://", InvalidArgumentError, "is not supported"),
        (4, InvalidTypeError, "got int"),
    ],
)
def test_get_executor_rejects_bad_specs(spec: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        get_executor(spec)


def test_bad_arguments_raise() -> None:
    with pytest.raises(InvalidArgumentError, match=r"processes=-1 must be >= 0"):
        LocalExecutor(processes=-1)
    with pytest.raises(InvalidTypeError, match="fn must be callable"):
        list(LocalExecutor().map_unordered(3, [1]))
    with pytest.raises(InvalidTypeError, match="must be a dask.distributed.Client"):
        DaskExecutor(client=3.0)


def test_works_without_dask_and_names_the_extra() -> None:
    code = textwrap.dedent(
        """
        import sys
        for name in ("dask", "dask.array", "dask.distributed", "distributed"):
            sys.modules[name] = None  # makes `import dask...` raise ImportError
        import numpy as np, sympy as sp
        import symalg.parallel as par
        from symalg.codegen import compile_kernel
        from symalg.errors import InvalidArgumentError
        assert not par.has_dask()
        assert par.run_campaign(abs, [-1, 2]) == [1, 2]
        x = sp.Symbol("x")
        k = compile_kernel(x + 1, [x])
        for make in (par.DaskExecutor, lambda: par.get_executor("dask"),
                     lambda: par.dask_kernel(k)(np.zeros(3))):
            try:
                make()
            except InvalidArgumentError as err:
                assert "pip install symalg[dask]" in str(err), err
            else:
                raise AssertionError("no error")
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
