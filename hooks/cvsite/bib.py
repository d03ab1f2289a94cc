"""The BibTeX file: one entry per paper, read with pybtex (the parser mkdocs-bibtex uses too)."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

import pybtex.plugin
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexSyntaxError

from .load import CatalogueError, Problem

# pybtex looks its plugins up among all installed packages' entry points on every call, which
# dominated the build (mkdocs-bibtex formats each citation through it). The lookup never changes
# while a build runs, so it is cached; `make bench` measured the difference.
pybtex.plugin._load_entry_point = functools.cache(pybtex.plugin._load_entry_point)


_ENTRY = re.compile(r"^@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Bibliography:
    file: str
    entries: dict[str, str]  # key -> the entry as BibTeX text, ready to copy
    parsed: dict = dataclasses.field(default_factory=dict, compare=False)  # key -> pybtex Entry, for formatting

    @classmethod
    def read(cls, path: Path) -> Bibliography:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CatalogueError([Problem(path.name, 1, "", f"cannot read the BibTeX file: {error}")]) from None
        try:
            data = parse_string(text, "bibtex")
        except PybtexSyntaxError as error:
            raise CatalogueError([Problem(path.name, error.lineno or 1, "", f"BibTeX syntax error: {error.error_type}")]) from None
        except Exception as error:  # pybtex raises plain errors for duplicate keys and the like
            raise CatalogueError([Problem(path.name, 1, "", f"BibTeX error: {error}")]) from None
        # The copyable text is the entry as the contributor wrote it, cut from the file; pybtex's
        # own writer (slow, and it reformats) only for an entry the cut cannot find.
        starts = [(m.start(), m.group(1)) for m in _ENTRY.finditer(text)]
        written = {key: text[start:end].strip() for (start, key), (end, _) in zip(starts, starts[1:] + [(len(text), "")], strict=True)}
        entries = {
            key: written.get(key) or BibliographyData(entries={key: entry}).to_string("bibtex").strip()
            for key, entry in data.entries.items()
        }
        return cls(path.name, entries, dict(data.entries))
