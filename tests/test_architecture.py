"""The import rules of STYLE.md, enforced by parsing every module with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASE = {"errors", "typing", "_validation", "_config", "_version"}
# unit -> units of symalg it may import (besides the base modules)
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "codegen": set(),
    "egraph": set(),
    "lie": {"codegen", "egraph"},
    "equivariant": {"lie", "codegen", "egraph"},
    "sem": {"codegen", "egraph"},
    "nn": {"lie", "equivariant", "sem", "codegen", "egraph"},
    "parallel": {"codegen", "egraph", "sem", "lie", "equivariant", "nn"},
    "_cli": {"codegen", "egraph", "lie", "equivariant", "sem", "nn", "parallel", "api"},
    "api": {"codegen", "egraph", "lie", "equivariant", "sem", "nn", "parallel"},
}


def _unit(path: Path) -> str:
    rel = path.relative_to(ROOT / "symalg")
    first = rel.parts[0].removesuffix(".py")
    if first in BASE:
        return "base"
    if first == "__init__":
        return "api"
    return first


def _symalg_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}:{node.lineno}: use absolute imports")
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "_generated" not in p.parts)


@pytest.mark.parametrize("path", _modules("symalg"), ids=lambda p: str(p.relative_to(ROOT)))
def test_symalg_imports_follow_layering(path: Path) -> None:
    unit = _unit(path)
    allowed = ALLOWED.get(unit, set())
    for lineno, name in _symalg_imports(path):
        parts = name.split(".")
        assert parts[0] not in {"verification", "tests"}, f"{path}:{lineno} imports {name}"
        if parts[0] != "symalg" or len(parts) == 1:
            if parts == ["symalg"]:
                assert unit in {"api", "_cli"}, f"{path}:{lineno}: import the module, not symalg"
            continue
        target = "base" if parts[1] in BASE else parts[1]
        if target in {"base", unit}:
            continue
        assert target in allowed, f"{path}:{lineno}: {unit} may not import symalg.{parts[1]}"
        if unit not in {"api", "_cli"}:
            # across units, only the public face of a subpackage
            assert len(parts) == 2 or not parts[2].startswith("_"), (
                f"{path}:{lineno}: import the public symalg.{parts[1]}, not {name}"
            )


@pytest.mark.parametrize("path", _modules("verification"), ids=lambda p: str(p.relative_to(ROOT)))
def test_verification_uses_public_symalg_only(path: Path) -> None:
    for lineno, name in _symalg_imports(path):
        parts = name.split(".")
        if parts[0] != "symalg":
            continue
        assert all(not p.startswith("_") for p in parts[1:]), (
            f"{path}:{lineno}: verification may use the public symalg API only, not {name}"
        )


def test_rules_catch_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "m.py"
    bad.write_text("from verification import groups\n")
    assert _symalg_imports(bad) == [(1, "verification.groups")]
