"""An on-disk cache of results that depend only on their inputs (Temml's MathML of a formula, the
layout of a lineage diagram's shape), so that a build, or a `mkdocs serve` rebuild, does not compute
again what an earlier build already did.

A cache is one JSON file under the project's `.cache/cvsite/` (git-ignored), named by what it holds
and by a version: a hash of everything besides the key that the result depends on (the renderer's
code and options). A key is the full input itself, never a modification time, so an entry can never
be stale: other input, other key. Without `configure()` (the tests that import cvsite directly) the
caches live in memory only. Files are replaced atomically, so builds running side by side only ever
read a whole file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

_directory: Path | None = None
_caches: list[DiskCache] = []


def configure(directory: Path | None) -> None:
    """Where the caches live (None: in memory only). Called by the hooks with the project's `.cache/cvsite`."""
    global _directory
    if directory != _directory:
        _directory = directory
        for cache in _caches:
            cache._loaded = False


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


class DiskCache:
    """key (a string) -> a JSON value."""

    def __init__(self, name: str, version: str):
        self.name, self.version = name, version
        self._data: dict[str, object] = {}
        self._loaded = False
        self._dirty = False
        _caches.append(self)

    @property
    def path(self) -> Path | None:
        return _directory / f"{self.name}-{self.version}.json" if _directory else None

    def _load(self) -> None:
        self._loaded = True
        path = self.path
        if path and path.exists():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # a damaged file is a cold cache, not an error
                stored = {}
            if isinstance(stored, dict):
                self._data = {**stored, **self._data}

    def get(self, key: str):
        if not self._loaded:
            self._load()
        return self._data.get(key)

    def put(self, key: str, value) -> None:
        if self._data.get(key) != value:
            self._data[key] = value
            self._dirty = True

    def save(self) -> None:
        path = self.path
        if not (path and self._dirty):
            return
        if not self._loaded:
            self._load()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as out:
            json.dump(self._data, out, sort_keys=True, separators=(",", ":"))
        os.chmod(out.name, 0o644)
        os.replace(out.name, path)
        self._dirty = False
        for stale in path.parent.glob(f"{self.name}-*.json"):  # files of older versions of this cache
            if stale != path:
                stale.unlink(missing_ok=True)


def save_all() -> None:
    for cache in _caches:
        cache.save()
