"""The BibTeX file: one entry per paper, read with pybtex (the parser mkdocs-bibtex uses too)."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pybtex.plugin
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexSyntaxError

from .load import CatalogueError, Problem

# pybtex looks its plugins up among all installed packages' entry points on every call, which
# dominated the build (mkdocs-bibtex formats each citation through it). The lookup never changes
# while a build runs, so it is cached; `make bench` measured the difference.
pybtex.plugin._load_entry_point = functools.cache(pybtex.plugin._load_entry_point)


@dataclasses.dataclass(frozen=True)
class Bibliography:
    file: str
    entries: dict[str, str]  # key -> the entry as BibTeX text, ready to copy

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
        entries = {
            key: BibliographyData(entries={key: entry}).to_string("bibtex").strip()
            for key, entry in data.entries.items()
        }
        return cls(path.name, entries)
