"""Stage 1 and 2: read `resources.yaml`, keep the line of every value, validate it against the model.

Every problem becomes a `Problem` with the file, the line, the field and what was expected, so a
contributor never sees a traceback and never loses an entry silently.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import Catalogue

MAX_BYTES = 2_000_000  # the real file is a few hundred KB; far past this is a mistake or an attack


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
    """A YAML mapping that remembers the line of itself and of each of its keys."""

    line: int
    lines: dict[str, int]


class Sequence(list):
    line: int
    lines: list[int]


# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that records lines and refuses duplicate keys (anchors: see `_refuse_anchors`)."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001
        result = Mapping()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refused(key_node.start_mark.line + 1, f"a key must be a word, got {key!r}")
            if key in result:
                raise _Refused(
                    key_node.start_mark.line + 1,
                    f"duplicate key '{key}' (first on line {result.lines[key]}); YAML would silently keep only the last",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_yaml_timestamp(self, node):  # noqa: ANN001
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # e.g. 2026-02-30: PyYAML raises a bare ValueError, without the line
            raise _Refused(node.start_mark.line + 1, f"'{node.value}' is not a real date; expected YYYY-MM-DD") from None

    def construct_sequence(self, node, deep=False):  # noqa: ANN001
        result = Sequence(self.construct_object(child, deep=True) for child in node.value)
        result.line, result.lines = node.start_mark.line + 1, [c.start_mark.line + 1 for c in node.value]
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


def parse(text: str, file: str) -> Mapping:
    """YAML text to nested Mapping/Sequence, or CatalogueError with the line."""
    if not text.strip():
        raise CatalogueError([Problem(file, 1, "", "the file is empty; expected a mapping with `topics:` and the other lists")])
    try:
        _refuse_anchors(text)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _Refused as refused:
        raise CatalogueError([Problem(file, refused.line, "", refused.message)]) from None
    except (RecursionError, yaml.MarkedYAMLError) as error:
        if isinstance(error, RecursionError) or "nesting depth" in str(error.problem):  # [[[[... thousands deep
            message = "the YAML is nested too deeply; expected a few levels of lists and mappings"
            raise CatalogueError([Problem(file, 1, "", message)]) from None
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        lines = text.splitlines()
        hint = " (a tab: indent with spaces only)" if "\t" in (lines[line - 1] if line <= len(lines) else "") else ""
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


def _expected(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "missing: this field is required"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against the fields documented in CONTRIBUTING.md"
    if kind == "string_pattern_mismatch" and ctx.get("pattern", "").startswith("^[a-z0-9]+(?:-"):
        return f"expected an id of lower-case words joined by hyphens, got {error['input']!r}"
    if kind == "string_pattern_mismatch" and "\\d{4}" in ctx.get("pattern", ""):
        return f"expected an arXiv id like '1512.03385' (quoted), got {error['input']!r}"
    if kind == "string_type" and isinstance(error.get("input"), float):
        return f"expected text; put quotes around {error['input']!r} so YAML does not read it as a number"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = "expected " + message.removeprefix("Value error, ")
    shown = error.get("input")
    if not isinstance(shown, (dict, list)) and kind != "missing":
        text = repr(shown)
        message += f", got {text[:60] + '...' if len(text) > 60 else text}"
    return message


def validate(data: Mapping, file: str) -> Catalogue:
    """The typed catalogue, or every validation problem at once."""
    try:
        return Catalogue.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(file, line_of(data, e["loc"]), field_name(data, e["loc"]), _expected(e))
            for e in error.errors(include_url=False)
        ]
        raise CatalogueError(sorted(problems, key=lambda p: p.line)) from None
