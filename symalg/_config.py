"""Configuration read once from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _default_cache_dir() -> Path:
    override = os.environ.get("SYMALG_CACHE_DIR")
    if override:
        return Path(override).expanduser().resolve()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "symalg"


CACHE_DIR: Path = _default_cache_dir()


def cache_dir() -> Path:
    """Return the kernel cache directory, creating it if needed."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    return CACHE_DIR
