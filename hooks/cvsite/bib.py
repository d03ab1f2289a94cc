"""The BibTeX file: one entry per paper, read with pybtex (the parser mkdocs-bibtex uses too)."""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import json
import re
from pathlib import Path

import pybtex.plugin
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.formatting.plain import Style

from . import cache
from .load import CatalogueError, Problem

# pybtex looks its plugins up among all installed packages' entry points on every call, which
# dominated the build (mkdocs-bibtex formats each citation through it). The lookup never changes
# while a build runs, so it is cached; `make bench` measured the difference.
pybtex.plugin._load_entry_point = functools.cache(pybtex.plugin._load_entry_point)


# An entry formatted in pybtex's plain style (the one mkdocs-bibtex uses), as plain text (the
# bibliography page, the exports) and as Markdown (the reference on each paper page, through
# mkdocs-bibtex): formatting is the costly part, so it is done once an entry for both, and kept on disk.
# The key is the whole entry, the version pybtex's.
_FORMATTED = cache.DiskCache("references", cache.fingerprint("plain+markdown", importlib.metadata.version("pybtex")))
_STYLE = Style()


def formatted(entry) -> dict[str, str]:  # noqa: ANN001  (a pybtex Entry)
    """{"text": ..., "markdown": ...}: the entry in the plain style, rendered both ways."""
    people = sorted((role, [str(person) for person in persons]) for role, persons in entry.persons.items())
    key = json.dumps([entry.type, sorted(entry.fields.items()), people])
    stored = _FORMATTED.get(key)
    if stored is None:
        text = _STYLE.format_entry("", entry).text
        stored = {"text": " ".join(text.render_as("text").split()), "markdown": text.render(MarkdownBackend())}
        _FORMATTED.put(key, stored)
    return stored


def share_with_mkdocs_bibtex(registry) -> None:  # noqa: ANN001  (mkdocs_bibtex.registry.SimpleRegistry)
    """Make mkdocs-bibtex take each paper page's reference from `formatted` instead of formatting it
    again: the same Markdown, which `reference_text` then cleans as the plugin does (a test compares
    the two for every entry)."""
    if getattr(registry.reference_text, "shared", False):
        return
    own = registry.reference_text

    def reference_text(citation) -> str:  # noqa: ANN001
        entry = registry.bib_data.entries.get(citation.key)
        if entry is None:
            return own(citation)
        text = formatted(entry)["markdown"].replace("\n", " ")
        return text.replace("\\(", "(").replace("\\)", ")").replace("\\.", ".")

    reference_text.shared = True
    registry.reference_text = reference_text


_ENTRY = re.compile(r"^@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
_TITLE = re.compile(r"^\s*title\s*=\s*", re.MULTILINE | re.IGNORECASE)
_BRACED = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+.'’-]*")
# Proper names that a title-case title cannot tell from ordinary words: they keep their capital too.
PROPER_NAMES = {"Kalman", "Hungarian", "Gaussian", "Bayes", "Bayesian", "Markov", "Euclidean", "Wasserstein", "Laplacian",
                "Fourier", "Siamese", "Monte", "Carlo", "Langevin"}


def lowered_words(title: str) -> list[str]:
    """The words of a BibTeX title that a reference style would print in lower case although they must
    keep their case: acronyms and names with capitals inside (SSD, YOLOv3, ByteTrack, R-CNN, ImageNet)
    and proper names, when they are not in braces. The first word keeps its capital in every style."""
    words = _WORD.findall(_BRACED.sub(" ", title))
    flagged = []
    for position, word in enumerate(words):
        parts = re.split(r"[-/]", word)
        name_like = len(parts) > 1 and len(parts[0]) == 1 and parts[0].isupper()  # U-Net, R-CNN
        if name_like or any(any(c.isupper() for c in part[1:]) for part in parts) or (position and word in PROPER_NAMES):
            flagged.append(word)
    return list(dict.fromkeys(flagged))


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
        return cls._parse(path.name, text)

    @classmethod
    @functools.lru_cache(maxsize=4)  # the same file, read again by a `mkdocs serve` rebuild after an edit of resources.yaml
    def _parse(cls, name: str, text: str) -> Bibliography:
        try:
            data = parse_string(text, "bibtex")
        except PybtexSyntaxError as error:
            raise CatalogueError([Problem(name, error.lineno or 1, "", f"BibTeX syntax error: {error.error_type}")]) from None
        except Exception as error:  # pybtex raises plain errors for duplicate keys and the like
            raise CatalogueError([Problem(name, 1, "", f"BibTeX error: {error}")]) from None
        # The copyable text is the entry as the contributor wrote it, cut from the file; pybtex's
        # own writer (slow, and it reformats) only for an entry the cut cannot find.
        starts = [(m.start(), m.group(1)) for m in _ENTRY.finditer(text)]
        written = {key: text[start:end].strip() for (start, key), (end, _) in zip(starts, starts[1:] + [(len(text), "")], strict=True)}
        entries = {
            key: written.get(key) or BibliographyData(entries={key: entry}).to_string("bibtex").strip()
            for key, entry in data.entries.items()
        }
        problems = []
        for start, key in starts:
            words = lowered_words(data.entries[key].fields.get("title", "")) if key in data.entries else []
            if words:
                title = _TITLE.search(text, start)
                line = text.count("\n", 0, title.start() if title else start) + 1 + (title is not None and text[title.start()] == "\n")
                braced = ", ".join("{" + w + "}" for w in words)
                problems.append(Problem(name, line, f"{key}.title", f"reference styles print {', '.join(words)} in lower case; "
                                        f"put braces around each: {braced}"))
        if problems:
            raise CatalogueError(problems)
        return cls(name, entries, dict(data.entries))
