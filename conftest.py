# Root conftest: runs before any symalg import (tests and doctests alike), so the kernel
# cache of the whole run lives in one git-ignored directory shared by every test.
import os
from pathlib import Path

os.environ.setdefault("SYMALG_CACHE_DIR", str(Path(__file__).parent / ".symalg_cache"))
# numba's cache for hand-written @njit(cache=True) functions (e.g. symalg.egraph's) goes to
# the same git-ignored directory instead of __pycache__ folders inside the package
os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(__file__).parent / ".symalg_cache" / "numba"))

import pytest  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip_slow = pytest.mark.skip(reason="slow: pass --runslow to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)
