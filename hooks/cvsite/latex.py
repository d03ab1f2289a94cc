"""Stage 3b: TeX that MathJax cannot render, or must not, is refused at build time with its line.

Checked: every TeX field (formula and equation `latex`, legend `symbol`) and every math span of the
Markdown fields (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`, found with arithmatex's own patterns):
balanced braces, `\\left`/`\\right` and `\\begin`/`\\end`; only macros that MathJax 3's TeX input
knows on this site; none of the macros that write HTML attributes, load code or define macros; and
no stray `$` in Markdown.

The known macros are read from the pinned MathJax itself (its es5 build, shipped by
django-static-mathjax): the TeX bundle the site loads (tex-chtml.js: base, ams, newcommand,
noundefined, require, autoload, configmacros) and the extensions MathJax autoloads that
docs/javascripts/mathjax-loader.js allows. An upgrade of MathJax updates the list by itself.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from pymdownx.arithmatex import RE_BRACKET_BLOCK, RE_BRACKET_INLINE, RE_DOLLAR_BLOCK, RE_SMART_DOLLAR_INLINE, RE_TEX_BLOCK

from .assets import mathjax_source
from .load import Mapping, Problem, field_name, line_of
from .model import Catalogue, Latex, Markdown

# mathjax-loader.js's `require.allow` (true entries). Of these, only the extensions MathJax autoloads
# are reachable: the others would need \require, which is refused below.
ALLOWED_EXTENSIONS = {
    "ams", "amscd", "boldsymbol", "braket", "cancel", "cases", "centernot", "color", "colortbl", "empheq",
    "enclose", "extpfeil", "gensymb", "mathtools", "mhchem", "newcommand", "noundefined", "physics",
    "textcomp", "textmacros", "upgreek", "verb",
}
# Macros that write HTML attributes or load code (MathJax's html and unicode extensions, \require),
# build raw MathML, or define new macros (which would hide what the check can see).
REFUSED = {
    "href": "it makes a link", "class": "it writes an HTML class", "style": "it writes CSS",
    "cssId": "it writes an HTML id", "data": "it writes HTML attributes", "unicode": "it loads fonts",
    "require": "it loads code", "mmlToken": "it writes raw MathML",
    **dict.fromkeys(["newcommand", "renewcommand", "newenvironment", "renewenvironment", "def", "let", "DeclareMathOperator",
                     "Newextarrow"], "it defines a macro; write the TeX out"),
}

_MAP = re.compile(r'\.(Command|Character|Delimiter|Environment)Map\("([^"]+)"')
_AUTOLOAD = re.compile(r"autoload:\(0,\w+\.expandable\)\(")
_NOT_MACROS = {"remap", "not_remap", "autoload-macros", "autoload-environments"}  # character remaps; filled at run time


def _object_keys(js: str, start: int) -> Iterator[str]:
    """The keys of the JavaScript object literal whose `{` is at js[start] (minified code: no comments)."""
    depth, i, expect_key = 0, start, False
    while i < len(js):
        char = js[i]
        if char == '"' or char == "'":
            end = i + 1
            while js[end] != char:
                end += 2 if js[end] == "\\" else 1
            if depth == 1 and expect_key and js[end + 1] == ":":
                yield js[i + 1 : end].encode("latin-1", "backslashreplace").decode("unicode_escape")  # JS escapes
            expect_key, i = False, end + 1
            continue
        if char in "{[(":
            depth += 1
            expect_key = depth == 1 and char == "{"
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return
        elif char == "," and depth == 1:
            expect_key = True
        elif expect_key and depth == 1 and (name := re.match(r"[A-Za-z_$][\w$]*(?=:)", js[i:])):
            yield name.group()
            expect_key, i = False, i + len(name.group())
            continue
        elif not char.isspace():
            expect_key = False
        i += 1


def _maps(path: Path) -> tuple[set[str], set[str]]:
    """(macro names, environment names) that a MathJax file defines."""
    js = path.read_text(encoding="utf-8")
    macros: set[str] = set()
    environments: set[str] = set()
    for match in _MAP.finditer(js):
        kind, name = match.groups()
        if name in _NOT_MACROS:
            continue
        keys = set(_object_keys(js, js.index("{", match.end())))
        if kind == "Environment":
            environments |= keys
        elif kind == "Delimiter":
            macros |= {k[1:] for k in keys if k.startswith("\\")}
        else:
            macros |= keys
    return macros, environments


@functools.cache
def known() -> tuple[frozenset[str], frozenset[str]]:
    """(macros, environments) that MathJax's TeX input knows on this site."""
    es5 = mathjax_source()
    macros, environments = _maps(es5 / "tex-chtml.js")
    autoload = es5 / "input" / "tex" / "extensions" / "autoload.js"
    text = autoload.read_text(encoding="utf-8")
    match = _AUTOLOAD.search(text)
    autoloaded = set(_object_keys(text, match.end())) if match else set()
    for extension in sorted(autoloaded & ALLOWED_EXTENSIONS):
        more_macros, more_environments = _maps(es5 / "input" / "tex" / "extensions" / f"{extension}.js")
        macros |= more_macros
        environments |= more_environments
    return frozenset(macros - REFUSED.keys()), frozenset(environments)


# A % comment is not skipped: MathJax reads % literally inside \text{...}, and braces in comments are rare.
_TOKEN = re.compile(r"\\([A-Za-z]+|.?)|[{}]", re.DOTALL)
_ENV_NAME = re.compile(r"\s*\{([A-Za-z*]+)\}")


def check_tex(tex: str) -> list[str]:
    """What is wrong with this TeX for MathJax, one message a problem (empty when it renders)."""
    macros, environments = known()
    problems: list[str] = []
    stack: list[str] = []  # "{", "\\left" and "\\begin{env}", innermost last
    position = 0
    while match := _TOKEN.search(tex, position):
        token, name, position = match.group(), match.group(1), match.end()
        if token == "{":
            stack.append("{")
        elif token == "}":
            if not stack:
                problems.append("a '}' closes nothing: unbalanced braces")
            elif stack[-1] != "{":
                problems.append(f"a '}}' closes a group that {stack[-1]} opened: balance \\left/\\right and \\begin/\\end inside braces")
                stack.pop()
            else:
                stack.pop()
        elif name == "":
            problems.append("a lone backslash at the end")
        elif name in REFUSED:
            problems.append(f"\\{name} is not allowed: {REFUSED[name]}")
        elif name == "left":
            stack.append("\\left")
        elif name == "right":
            if "\\left" not in stack[-1:]:
                problems.append("\\right without a matching \\left: unbalanced \\left/\\right")
            else:
                stack.pop()
        elif name in ("begin", "end") and (env := _ENV_NAME.match(tex, position)):
            position = env.end()
            if name == "begin":
                if env.group(1) not in environments:
                    problems.append(f"unknown environment {{{env.group(1)}}}: MathJax's TeX input does not know it")
                stack.append(f"\\begin{{{env.group(1)}}}")
            elif stack[-1:] == [f"\\begin{{{env.group(1)}}}"]:
                stack.pop()
            else:
                opened = stack[-1] if stack else "nothing"
                problems.append(f"\\end{{{env.group(1)}}} does not match what is open: {opened}")
        elif name in ("begin", "end"):
            problems.append(f"\\{name} needs an environment name in braces")
        elif name == "verb" and position < len(tex):
            closing = tex.find(tex[position], position + 1)  # \verb|...| takes its text as is
            position = closing + 1 if closing > 0 else len(tex)
        elif name not in macros:
            close = difflib.get_close_matches(name, macros, n=1)
            hint = f"; did you mean \\{close[0]}?" if close else ""
            problems.append(f"unknown macro \\{name}: MathJax's TeX input does not know it{hint}")
    for opened in stack:
        problems.append({"{": "a '{' is never closed: unbalanced braces", "\\left": "\\left without a matching \\right"}.get(
            opened, f"{opened} without its \\end"))
    return list(dict.fromkeys(problems))


_CODE = re.compile(r"(?ms)^\s*(`{3,}|~{3,}).*?^\s*\1|(`+).+?\2")  # fenced blocks, then code spans
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")
_PIPE = re.compile(r"(?<!\\)\|")
# arithmatex's patterns (generic mode, its default syntaxes) and the group that holds the TeX; blocks first
_SPANS = [
    (re.compile(pattern, re.DOTALL), group)
    for pattern, group in ((RE_DOLLAR_BLOCK, "math"), (RE_TEX_BLOCK, "math2"), (RE_BRACKET_BLOCK, "math3"),
                           (RE_SMART_DOLLAR_INLINE, 3), (RE_BRACKET_INLINE, 3))
]


def math_spans(markdown: str) -> Iterator[str]:
    """The TeX of every math span arithmatex would find (code spans and blocks hold no math)."""
    text = _CODE.sub(" ", markdown)
    for pattern, group in _SPANS:
        for match in pattern.finditer(text):
            if match.group(group) is not None:  # None: the match is an escaped backslash, not math
                yield match.group(group)
        text = pattern.sub(" ", text)


def check_markdown(markdown: str) -> list[str]:
    text = _CODE.sub(" ", markdown)
    dollars = len(_UNESCAPED_DOLLAR.findall(text))
    if dollars % 2:
        return [f"a stray $ ({dollars} unescaped $ in the text): close the math, or write \\$ for a dollar sign"]
    return [f"in the math '{tex.strip()[:40]}': {message}" for tex in math_spans(markdown) for message in check_tex(tex)]


def check_field(tex: str, symbol: bool) -> list[str]:
    """A TeX field: it sits inside $$...$$ (or $...$ in a legend table row), so $ ends it early."""
    problems = check_tex(tex)
    if _UNESCAPED_DOLLAR.search(tex):
        problems.insert(0, "a $ inside TeX ends the math early; leave out the $ signs (write \\$ for a dollar sign)")
    if not symbol and re.search(r"\n\s*\n", tex):
        problems.insert(0, "a blank line inside TeX ends the math block; remove it")
    return problems


def _kind(annotation: object) -> str | None:
    """'markdown' or 'latex' when the annotation is (or holds, e.g. `list[Markdown] | None`) that type."""
    if annotation == Markdown:
        return "markdown"
    if annotation == Latex:
        return "latex"
    return next((kind for arg in typing.get_args(annotation) if (kind := _kind(arg))), None)


@functools.cache
def _field_kinds(cls: type[BaseModel]) -> dict[str, str | None]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return {name: _kind(hints[name]) for name in cls.model_fields}


def _fields(model: BaseModel, loc: tuple) -> Iterator[tuple[tuple, str, str]]:
    """(loc, kind, text) of every Markdown and TeX string in the model, depth first."""
    for name, kind in _field_kinds(type(model)).items():
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, BaseModel):
                yield from _fields(item, where)
            elif kind and isinstance(item, str):
                yield where, kind, item


def check(catalogue: Catalogue, data: Mapping, file: str) -> list[Problem]:
    """Every TeX problem of the catalogue, located."""
    problems = []
    for loc, kind, value in _fields(catalogue, ()):
        messages = check_markdown(value) if kind == "markdown" else check_field(value, symbol=loc[-1] == "symbol")
        if loc[-1] in ("symbol", "meaning") and _PIPE.search(value):  # both are cells of a legend table row
            messages.insert(0, f"a | in a legend {loc[-1]} splits its table row; write \\vert (or \\lvert ... \\rvert)")
        problems += [Problem(file, line_of(data, loc), field_name(data, loc), message) for message in messages]
    return problems
