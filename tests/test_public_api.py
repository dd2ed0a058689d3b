"""Every name in every ``__all__`` is importable and documented."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import symalg
import verification


def _public_modules() -> list[str]:
    names = []
    for pkg in (symalg, verification):
        names.append(pkg.__name__)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
            if not any(part.startswith("_") for part in info.name.split(".")[1:]):
                names.append(info.name)
    return names


PAIRS = [
    (mod, name)
    for mod in _public_modules()
    for name in getattr(importlib.import_module(mod), "__all__", [])
]


@pytest.mark.parametrize(("module", "name"), PAIRS)
def test_public_name_is_importable_and_documented(module: str, name: str) -> None:
    obj = getattr(importlib.import_module(module), name)
    if name == "__version__":
        return
    doc = getattr(obj, "__doc__", None)
    if isinstance(obj, (str, int, float, tuple)) or type(obj).__module__ == "typing":
        return  # constants and type aliases are documented in their module
    assert doc and doc.strip(), f"{module}.{name} has no docstring"


def test_every_public_module_declares_all() -> None:
    for mod in _public_modules():
        assert hasattr(importlib.import_module(mod), "__all__"), f"{mod} has no __all__"
