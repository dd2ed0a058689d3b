"""Content-hashed kernel modules on disk.

Each kernel is a ``k_<key>.py`` file in ``<cache dir>/kernels``. Its first two lines record
the key and the SHA-256 of the rest of the file, so a truncated, edited or stale file is
detected on load and rebuilt (never silently used). Files are written atomically
(temporary file + ``os.replace``) and a valid file is never rewritten, because rewriting
would invalidate numba's own cache index next to it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

import llvmlite
import numba
import sympy

from symalg import _config
from symalg._version import __version__

_LOADED: dict[str, types.ModuleType] = {}


@functools.cache
def _generator_digest() -> str:
    """Return a digest of the code generator's own source.

    A changed generator then never serves modules built by an older one, even within one
    symalg version.
    """
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def versions() -> str:
    """The library versions every key depends on."""
    return (
        f"generator={_generator_digest()};"
        f"symalg={__version__};sympy={sympy.__version__};numba={numba.__version__};"
        f"llvmlite={llvmlite.__version__};python={sys.version_info[:2]}"
    )


def make_key(*parts: str) -> str:
    """SHA-256 over the given parts and the library versions."""
    h = hashlib.sha256()
    for part in (*parts, versions()):
        h.update(part.encode())
        h.update(b"\x00")
    return h.hexdigest()


def header(key: str, body: str) -> str:
    """The two header lines for a module body."""
    digest = hashlib.sha256(body.encode()).hexdigest()
    return f"# symalg-kernel {key}\n# body-sha256 {digest}\n"


def _kernel_dir() -> Path:
    path = _config.cache_dir() / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(key: str) -> Path:
    """Where the module for ``key`` lives."""
    return _kernel_dir() / f"k_{key[:40]}.py"


def _is_valid(path: Path, key: str) -> bool:
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError):
        return False
    first, _, rest = text.partition("\n")
    second, _, body = rest.partition("\n")
    return (
        first == f"# symalg-kernel {key}"
        and second == f"# body-sha256 {hashlib.sha256(body.encode()).hexdigest()}"
    )


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp_", suffix=".py")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _import(path: Path, key: str) -> types.ModuleType:
    name = f"_symalg_kernel_{key[:40]}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def load_or_build(key: str, build: Callable[[], str], *, use_disk: bool) -> types.ModuleType:
    """Import the module for ``key``, writing ``build()`` first if missing or invalid.

    ``build`` returns the module body (without the header). With ``use_disk=False`` the
    module is written to a private temporary directory instead of the shared cache.
    """
    if key in _LOADED:
        return _LOADED[key]
    if use_disk:
        path = path_for(key)
        if not _is_valid(path, key):
            body = build()
            _write_atomic(path, header(key, body) + body)
    else:
        body = build()
        path = Path(tempfile.mkdtemp(prefix="symalg_")) / f"k_{key[:40]}.py"
        path.write_text(header(key, body) + body)
    try:
        module = _import(path, key)
    except SyntaxError:
        # A file that passed the digest check cannot be a syntax error unless the
        # generator is broken; rebuild once so a tampered-but-consistent file is replaced.
        body = build()
        _write_atomic(path, header(key, body) + body)
        module = _import(path, key)
    _LOADED[key] = module
    return module


def is_cached(key: str) -> bool:
    """Whether a valid module for ``key`` is on disk."""
    return _is_valid(path_for(key), key)
