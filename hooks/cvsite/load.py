"""Stage 1 and 2: read `resources.yaml`, keep the line of every value, validate it against the model.

Every problem becomes a `Problem` with the file, the line, the field and what was expected, so a
contributor never sees a traceback and never loses an entry silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import ARXIV_PATTERN, Catalogue

# The real file is under 1 MB, and the bench's 50x catalogue 38 MB at 154 papers; far past that is a
# mistake or an attack (alias bombs and deep nesting are refused on their own, whatever the size).
MAX_BYTES = 96_000_000


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class CatalogueError(Exception):
    """One or more problems in the catalogue; str() is the whole report, one line a problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = problems[:25]
        more = f"\n... and {len(problems) - 25} more" if len(problems) > 25 else ""
        super().__init__("\n".join(map(str, shown)) + more)


class Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each of its keys, and how each
    one-line scalar value was written (`2304.08060`, not the float 2304.0806 YAML made of it)."""

    line: int
    lines: dict[str, int]
    raw: dict[str, str]


class Sequence(list):
    line: int
    lines: list[int]
    raw: list[str | None]


def _as_written(node, source: list[str]) -> str | None:  # noqa: ANN001
    """The text of a one-line scalar node as the file has it."""
    start, end = node.start_mark, node.end_mark
    if not isinstance(node, yaml.ScalarNode) or start.line != end.line or start.line >= len(source):
        return None
    return source[start.line][start.column : end.column]


# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that records lines and refuses duplicate keys (anchors: see `_refuse_anchors`)."""

    source: list[str] = []  # the text's lines, set by `parse`
    offset = 0  # the line of the file where the text starts (a part of the file: `_parse_in_parts`)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001
        result = Mapping()
        first = self.offset + 1
        result.line, result.lines, result.raw = node.start_mark.line + first, {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refused(key_node.start_mark.line + first, f"a key must be a word, got {key!r}")
            if key in result:
                raise _Refused(
                    key_node.start_mark.line + first,
                    f"duplicate key '{key}' (first on line {result.lines[key]}); YAML would silently keep only the last",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + first
            if (written := _as_written(value_node, self.source)) is not None:
                result.raw[key] = written
        return result

    def construct_yaml_timestamp(self, node):  # noqa: ANN001
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # e.g. 2026-02-30: PyYAML raises a bare ValueError, without the line
            raise _Refused(node.start_mark.line + self.offset + 1, f"'{node.value}' is not a real date; expected YYYY-MM-DD") from None

    def construct_sequence(self, node, deep=False):  # noqa: ANN001
        result = Sequence(self.construct_object(child, deep=True) for child in node.value)
        first = self.offset + 1
        result.line, result.lines = node.start_mark.line + first, [c.start_mark.line + first for c in node.value]
        result.raw = [_as_written(c, self.source) for c in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _refuse_anchors(text: str) -> None:
    """Anchors and aliases make one value count many times (alias bombs) and hide where it is
    defined: refused before anything is built."""
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event.start_mark.line + 1, "YAML anchors and aliases (& and *) are not allowed; write the value out")


def _load(text: str, offset: int = 0):  # noqa: ANN202
    """The text's YAML as Mapping/Sequence, its lines counted from `offset` (raises _Refused or YAMLError)."""
    _refuse_anchors(text)
    loader = _Loader(text)
    loader.source, loader.offset = text.splitlines(), offset
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# The file's usual shape: top-level keys (`papers:`) alone on their line, each followed by its entries,
# each entry starting with "  - ". Comments and blank lines may come anywhere.
_TOP_KEY = re.compile(r"[a-z_]+:")
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t]")  # line breaks beyond \n, tabs
_parts: dict[str, tuple[int, Sequence]] = {}  # an entry's text -> (its first line, the entry as a one-item Sequence)


def _moved(value: Any, by: int) -> Any:
    """A copy of parsed YAML with every line `by` lines further (the same values, new Mapping/Sequence)."""
    if isinstance(value, Mapping):
        moved = Mapping((key, _moved(item, by)) for key, item in value.items())
        moved.line, moved.raw = value.line + by, value.raw
        moved.lines = {key: line + by for key, line in value.lines.items()}
        return moved
    if isinstance(value, Sequence):
        moved = Sequence(_moved(item, by) for item in value)
        moved.line, moved.lines, moved.raw = value.line + by, [line + by for line in value.lines], value.raw
        return moved
    return value


def _parse_in_parts(text: str) -> Mapping | None:
    """What `_load(text)` returns, built from one parse per entry, and reusing each entry whose text is
    one of the last call's (its lines moved if lines were added or removed above it): a `mkdocs serve`
    rebuild after an edit of one entry parses that entry alone. None when the file is not of the usual
    shape, or when any part does not parse: then the whole file is parsed, which also reports its errors."""
    if _OTHER_BREAKS.search(text):
        return None
    lines = text.split("\n")
    sections: list[tuple[str, int, list[int]]] = []  # (key, its line index, the line index where each entry starts)
    for index, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _TOP_KEY.fullmatch(line):
            sections.append((line[:-1], index, []))
        elif line.startswith("  - ") and sections:
            sections[-1][2].append(index)
        elif not line.startswith("  ") or not sections or not sections[-1][2]:
            return None  # another shape (a scalar at the top, a document marker, text before the first entry...)
    if not sections or any(not starts for _, _, starts in sections):
        return None
    ends = [start for _, key_line, starts in sections for start in (*starts[1:], None)]
    boundaries = [key_line for _, key_line, _ in sections[1:]] + [len(lines)]
    root = Mapping()
    root.line, root.lines, root.raw = sections[0][1] + 1, {}, {}
    used: dict[str, tuple[int, Sequence]] = {}
    position = 0
    try:
        for (key, key_line, starts), boundary in zip(sections, boundaries, strict=True):
            if key in root:
                return None
            entries = Sequence()
            entries.lines, entries.raw = [], []
            for start in starts:
                end = ends[position] if ends[position] is not None else boundary
                position += 1
                part = "\n".join(lines[start:end]) + "\n"
                if part in _parts:  # parsed by the last call: at the same place, or moved by lines added above it
                    was, parsed = _parts[part]
                    parsed = parsed if was == start else _moved(parsed, start - was)
                else:
                    parsed = _load(part, start)
                if not isinstance(parsed, Sequence) or len(parsed) != 1:
                    return None
                used[part] = (start, parsed)
                if not entries.lines:
                    entries.line = parsed.line
                entries.append(parsed[0])
                entries.lines.append(parsed.lines[0])
                entries.raw.append(parsed.raw[0])
            root[key] = entries
            root.lines[key] = key_line + 1
    except (_Refused, RecursionError, yaml.YAMLError):
        return None
    _parts.clear()
    _parts.update(used)
    return root


def parse(text: str, file: str) -> Mapping:
    """YAML text to nested Mapping/Sequence, or CatalogueError with the line."""
    if not text.strip():
        raise CatalogueError([Problem(file, 1, "", "the file is empty; expected a mapping with `topics:` and the other lists")])
    try:
        data = _parse_in_parts(text)
        if data is None:
            data = _load(text)
    except _Refused as refused:
        raise CatalogueError([Problem(file, refused.line, "", refused.message)]) from None
    except (RecursionError, yaml.MarkedYAMLError) as error:
        if isinstance(error, RecursionError) or "nesting depth" in str(error.problem):  # [[[[... thousands deep
            message = "the YAML is nested too deeply; expected a few levels of lists and mappings"
            raise CatalogueError([Problem(file, 1, "", message)]) from None
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        lines = text.splitlines()
        text_of_line = lines[line - 1] if line <= len(lines) else ""
        hint = ""
        if "\t" in text_of_line:
            hint = " (a tab: indent with spaces only)"
        elif "mapping values are not allowed" in str(error.problem) and ": " in text_of_line.split(": ", 1)[-1]:
            key = text_of_line.split(":", 1)[0].strip().lstrip("- ")
            hint = f" (the value of `{key}` contains ': ', which YAML reads as a new key: put the whole value in quotes)"
        message = f"YAML syntax error: {error.problem or error.context}{hint}"
        raise CatalogueError([Problem(file, line, "", message)]) from None
    if data is None:
        raise CatalogueError([Problem(file, 1, "", "the file is empty; expected a mapping with `topics:` and the other lists")])
    if not isinstance(data, Mapping):
        raise CatalogueError([Problem(file, 1, "", "expected a mapping with `topics:` and the other lists at the top")])
    return data


def read(path: Path) -> Mapping:
    """Read and parse the catalogue file, refusing files that are too big or not UTF-8."""
    file = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogueError([Problem(file, 1, "", f"cannot read the file: {error.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise CatalogueError([Problem(file, 1, "", f"the file is {len(raw):,} bytes; expected at most {MAX_BYTES:,}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogueError([Problem(file, line, "", f"bytes that are not UTF-8 at byte {error.start}; save the file as UTF-8")]) from None
    return parse(text, file)


def line_of(data: Any, loc: tuple) -> int:
    """The line of the deepest value on the path `loc` that the data has."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            line, node = node.lines[part], node[part]
        elif isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.lines[part], node[part]
        else:
            break
    return line


def written_as(data: Any, loc: tuple) -> str | None:
    """How the value at `loc` is written in the file, when it is a one-line scalar."""
    node: Any = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, Mapping) and part in node:
            if last:
                return getattr(node, "raw", {}).get(part)  # a Mapping built by hand has no source
            node = node[part]
        elif isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node):
            if last:
                raw = getattr(node, "raw", [])
                return raw[part] if part < len(raw) else None
            node = node[part]
        else:
            return None
    return None


def field_name(data: Any, loc: tuple) -> str:
    """`papers[3] (resnet).year`: readable, with the entry's id where it has one."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def describe(value: Any, written: str | None = None) -> str:
    """A value as a contributor would name it: "the text '2023'", "the date 2023-04-17"."""
    if isinstance(value, bool):
        return f"{written or str(value).lower()} (true or false)"
    if isinstance(value, (int, float)):
        return f"the number {written or value}"
    if isinstance(value, dt.datetime | dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return repr(value)


# What each pydantic error type expected, in plain words (ctx fills the braces).
_PLAIN = {
    "int_type": "expected a whole number such as 2023", "int_parsing": "expected a whole number such as 2023",
    "int_from_float": "expected a whole number such as 2023", "float_type": "expected a number",
    "float_parsing": "expected a number", "string_type": "expected text", "bool_type": "expected true or false",
    "bool_parsing": "expected true or false", "date_type": "expected a date written YYYY-MM-DD",
    "date_parsing": "expected a date written YYYY-MM-DD", "date_from_datetime_parsing": "expected a date written YYYY-MM-DD",
    "list_type": "expected a list (lines that start with '- ', or [a, b])",
    "dict_type": "expected a mapping (key: value lines)", "model_type": "expected a mapping (key: value lines)",
    "model_attributes_type": "expected a mapping (key: value lines)",
    "string_too_short": "expected some text, not an empty value",
    "string_too_long": "expected at most {max_length} characters",
    "too_short": "expected at least {min_length} item(s)", "too_long": "expected at most {max_length} items",
    "greater_than_equal": "expected a number greater than or equal to {ge}",
    "less_than_equal": "expected a number less than or equal to {le}",
    "literal_error": "expected one of: {expected}",
}


def _expected(error: dict, written: str | None = None) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "missing: this field is required"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against the fields documented in CONTRIBUTING.md"
    if kind == "string_pattern_mismatch" and ctx.get("pattern", "").startswith("^[a-z0-9]+(?:-"):
        return f"expected an id of lower-case words joined by hyphens, got {describe(value, written)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ARXIV_PATTERN:
        return (
            "expected an arXiv id: YYMM.NNNNN (5 digits after the dot, from 2015), YYMM.NNNN (4 digits, 2007 to 2014) "
            f"or an old-style id such as cs/0301001; got {describe(value, written)}"
        )
    if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)) and written is not None:
        # YAML read it as a number, a date or a boolean: quoting keeps it as written (2304.08060, not 2304.0806)
        return f"expected text, got {describe(value, written)}; put it in quotes so YAML keeps it as written: '{written}'"
    if kind.startswith("int_") and isinstance(value, str):
        return f"expected a whole number such as 2023, got {describe(value, written)}; write it without quotes"
    if kind in _PLAIN:
        return f"{_PLAIN[kind].format(**ctx)}, got {describe(value, written)}"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = "expected " + message.removeprefix("Value error, ")
    if not isinstance(value, (dict, list)):
        message += f", got {describe(value, written)}"
    return message


def validate(data: Mapping, file: str) -> Catalogue:
    """The typed catalogue, or every validation problem at once."""
    try:
        return Catalogue.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(file, line_of(data, e["loc"]), field_name(data, e["loc"]), _expected(e, written_as(data, e["loc"])))
            for e in error.errors(include_url=False)
        ]
        raise CatalogueError(sorted(problems, key=lambda p: p.line)) from None
