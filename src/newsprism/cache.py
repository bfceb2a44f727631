"""A per-user cache of what is slow to build from package data and the same every time.

The sentence encoder's tokenizer (1.4 s to parse its 128k-piece vocabulary in pure Python,
0.16 s to unpickle) and the language identifier (0.65 s to decompress, 0.13 s to unpickle)
are built from files inside their packages on every start of every process: ``analyze``,
each ``ingest`` worker, each ``batch`` worker.  :func:`cached` keeps the built object in
``$NEWSPRISM_CACHE_DIR`` (default ``$XDG_CACHE_HOME/newsprism``, else ``~/.cache/newsprism``)
under a key of the package version and the source file's size and time, and rebuilds it when
the file is missing, unreadable, stale or not writable: a cache can only make a start
faster, never change a result.  ``NEWSPRISM_CACHE_DIR=off`` turns it off.

Only newsprism writes there, and a file is loaded only when it belongs to the user and no one
else may write it (a pickle is code: the folder is the user's own, like the virtual environment
the packages came from); any other file is ignored and the object built.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "cached", "file_key"]

T = TypeVar("T")
OFF = ("", "0", "off", "none", "false")
# bump when what is cached changes shape in newsprism itself
FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when it is turned off."""
    env = os.environ.get("NEWSPRISM_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in OFF else Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsprism"


def file_key(path: str | os.PathLike[str], *more: object) -> str:
    """A key for an object built from ``path``: its absolute name, size and modification time,
    and whatever else it depends on (a package version)."""
    st = os.stat(path)
    return "|".join([os.path.abspath(path), str(st.st_size), str(st.st_mtime_ns), *map(str, more)])


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The object ``build()`` makes, from the cache when it holds one under ``name`` and
    ``key``; else built, stored (atomically; quietly not when the folder cannot be written)
    and returned."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(f"{FORMAT}|{key}".encode()).hexdigest()[:20]
    path = folder / f"{name}-{digest}.pickle"
    try:
        if _trusted(path):
            with path.open("rb") as fh:
                return pickle.load(fh)  # type: ignore[no-any-return]
    except Exception:  # missing, truncated or from another version: build it again
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
    return value


def _trusted(path: Path) -> bool:
    """The file is the user's own and no one else may write it (where the system says so)."""
    st = path.stat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & 0o022
