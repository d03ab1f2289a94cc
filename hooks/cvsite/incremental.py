"""Stage 9, for `make serve` (`mkdocs serve --dirty`) only: write again only the pages whose HTML can
have changed since the last rebuild.

MkDocs then reads and converts every page as usual (each plugin sees every page, so tags, titles, the
"Referenced by" lists and anchors are whole), but leaves in place the HTML file of a page whose
signature is the one it had at the last successful rebuild. The signature holds everything the theme
turns into that page's HTML: its content after every stage, the "Referenced by" list added to it
later, its table of contents, title, metadata, URLs and neighbours in the navigation, the whole
navigation (every title and URL), mkdocs.yml, the theme overrides, and the error banner of a broken
resources.yaml. Anything else (another stage, another theme) needs a plain `mkdocs serve`, which
rebuilds everything. No MkDocs type is used here: the hooks pass strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """The names and bytes of these files (mkdocs.yml, the overrides folder)."""
    h = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file()):
        h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class Pages:
    """The signature of each page written by the last successful rebuild, by output path."""

    def __init__(self) -> None:
        self._written: dict[str, str] = {}
        self._now: dict[str, str] = {}

    def begin(self) -> None:
        self._now = {}

    def changed(self, output: str, signature: str) -> bool:
        """Whether the page whose HTML goes to `output` must be written again (and note its signature)."""
        self._now[output] = signature
        return self._written.get(output) != signature or not Path(output).exists()

    def gone(self) -> list[str]:
        """The output files of pages the last rebuild wrote and this one has not: pages removed since."""
        return sorted(set(self._written) - set(self._now))

    def commit(self) -> None:
        """This rebuild succeeded: its pages are on disk."""
        self._written = self._now
