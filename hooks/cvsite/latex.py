"""Stage 3b: TeX that Temml cannot convert, or must not, is refused at build time with its line.

Checked: every TeX field (formula and equation `latex`, legend `symbol`) and every math span of the
Markdown fields (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`, found with arithmatex's own patterns):
balanced braces, `\\left`/`\\right` and `\\begin`/`\\end` (plain messages for the usual slips); none of
the macros that make links, write HTML attributes, load code or define macros; no stray `$` in
Markdown; no name of several letters set as italic variables (`IoU` is `\\text{IoU}`); and then
the TeX is converted by the Temml that typesets the site (hooks/cvsite/typeset.py), in the mode the page
uses: whatever Temml refuses fails the build, with Temml's own message.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
from collections.abc import Iterator

from pydantic import BaseModel
from pymdownx.arithmatex import RE_BRACKET_BLOCK, RE_BRACKET_INLINE, RE_DOLLAR_BLOCK, RE_SMART_DOLLAR_INLINE, RE_TEX_BLOCK

from .load import Mapping, Problem, field_name, line_of
from .model import Catalogue, Latex, Markdown
from .typeset import TexError, known_macros, render

# Macros that make links or write HTML attributes (Temml refuses them with `trust: false`,
# MathJax's html extension runs them), load code or fonts, build raw MathML, or define new macros
# (which would hide what the check can see).
REFUSED = {
    "href": "it makes a link", "url": "it makes a link", "class": "it writes an HTML class", "style": "it writes CSS",
    "cssId": "it writes an HTML id", "data": "it writes HTML attributes", "unicode": "it loads fonts",
    "htmlClass": "it writes an HTML class", "htmlId": "it writes an HTML id", "htmlStyle": "it writes CSS",
    "htmlData": "it writes HTML attributes", "includegraphics": "it loads an image",
    "require": "it loads code", "mmlToken": "it writes raw MathML",
    **dict.fromkeys(["newcommand", "renewcommand", "providecommand", "newenvironment", "renewenvironment", "def", "gdef", "edef",
                     "xdef", "let", "futurelet", "global", "DeclareMathOperator", "Newextarrow"], "it defines a macro; write the TeX out"),
}


# A % comment is not skipped: Temml reads % literally inside \text{...}, and braces in comments are rare.
_TOKEN = re.compile(r"\\([A-Za-z]+|.?)|[{}]", re.DOTALL)
_ENV_NAME = re.compile(r"\s*\{([A-Za-z*]+)\}")
# Names that are words, not products of variables: upright (\text{IoU}, \operatorname{softmax}), never italic. Besides
# these, any run of four letters or more with a vowel in it (data, Dice, mask) is taken for a word.
NAMES = {"IoU", "GIoU", "DIoU", "CIoU", "mAP", "AP", "AR", "TP", "FP", "FN", "TN", "KL", "CE", "BCE", "MSE", "NMS", "ReLU",
         "softmax", "sigmoid", "argmax", "argmin", "max", "min", "exp", "log"}
_ITALIC_RUN = re.compile(r"(?:<mi>[A-Za-z]</mi>){2,}")  # Temml's MathML: one <mi> per italic letter


def _structure(tex: str) -> list[str]:
    """Plain messages for unbalanced braces, \\left/\\right and \\begin/\\end, and refused macros."""
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
    for opened in stack:
        problems.append({"{": "a '{' is never closed: unbalanced braces", "\\left": "\\left without a matching \\right"}.get(
            opened, f"{opened} without its \\end"))
    return problems


def _renderer_message(message: str) -> str:
    if match := re.match(r"(?:Undefined control sequence|Unsupported function name): \\(\w+)", message):
        name = match.group(1)
        close = difflib.get_close_matches(name, known_macros() - REFUSED.keys(), n=1)
        hint = f"; did you mean \\{close[0]}?" if close else ""
        return f"unknown macro \\{name}: Temml does not know it{hint}"
    if match := re.match(r"No such environment: ([\w*]+)", message):
        return f"unknown environment {{{match.group(1)}}}: Temml does not know it"
    return f"Temml cannot convert it: {message}"


def italic_names(html: str) -> list[str]:
    """Words set as italic variables in Temml's output (IoU as I·o·U), one message each."""
    mathml = html.split("<annotation", 1)[0]
    runs = ("".join(re.findall(r"<mi>(\w)</mi>", m.group())) for m in _ITALIC_RUN.finditer(mathml))
    return [f"'{run}' is set as {len(run)} italic variables: write \\text{{{run}}} for a name (one word for screen readers), "
            f"\\operatorname{{{run}}} for a function such as softmax(x)"
            for run in dict.fromkeys(runs) if run in NAMES or (len(run) >= 4 and re.search("[aeiouAEIOU]", run))]


def check_tex(tex: str, display: bool = True) -> list[str]:
    """What is wrong with this TeX, one message a problem (empty when Temml converts it cleanly)."""
    problems = _structure(tex)
    if problems:
        return list(dict.fromkeys(problems))
    try:
        html = render(tex, display)
    except TexError as error:
        return [_renderer_message(str(error))]
    return italic_names(html)


_CODE = re.compile(r"(?ms)^\s*(`{3,}|~{3,}).*?^\s*\1|(`+).+?\2")  # fenced blocks, then code spans
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")
_PIPE = re.compile(r"(?<!\\)\|")
# arithmatex's patterns (generic mode, its default syntaxes) and the group that holds the TeX; blocks first
_SPANS = [
    (re.compile(pattern, re.DOTALL), group)
    for pattern, group in ((RE_DOLLAR_BLOCK, "math"), (RE_TEX_BLOCK, "math2"), (RE_BRACKET_BLOCK, "math3"),
                           (RE_SMART_DOLLAR_INLINE, 3), (RE_BRACKET_INLINE, 3))
]


def math_spans(markdown: str) -> Iterator[tuple[str, bool]]:
    """(TeX, display) of every math span arithmatex would find (code spans and blocks hold no math)."""
    text = _CODE.sub(" ", markdown)
    for index, (pattern, group) in enumerate(_SPANS):
        for match in pattern.finditer(text):
            if match.group(group) is not None:  # None: the match is an escaped backslash, not math
                yield match.group(group), index < 3  # the first three patterns are blocks
        text = pattern.sub(" ", text)


# The checks of a field depend on its text alone (the line is added by `check`): a text checked once is not
# checked again, within a build or in the next `mkdocs serve` rebuild, where almost every field is unchanged.
def check_markdown(markdown: str) -> list[str]:
    return list(_check_markdown(markdown))


def check_field(tex: str, symbol: bool) -> list[str]:
    """A TeX field: it sits inside $$...$$ (or $...$ in a legend table row), so $ ends it early."""
    return list(_check_field(tex, symbol))


@functools.lru_cache(maxsize=1 << 16)
def _check_markdown(markdown: str) -> tuple[str, ...]:
    text = _CODE.sub(" ", markdown)
    dollars = len(_UNESCAPED_DOLLAR.findall(text))
    if dollars % 2:
        return (f"a stray $ ({dollars} unescaped $ in the text): close the math, or write \\$ for a dollar sign",)
    return tuple(f"in the math '{tex.strip()[:40]}': {message}" for tex, display in math_spans(markdown)
                 for message in check_tex(tex, display))


@functools.lru_cache(maxsize=1 << 16)
def _check_field(tex: str, symbol: bool) -> tuple[str, ...]:
    problems = check_tex(tex, display=not symbol)
    if _UNESCAPED_DOLLAR.search(tex):
        problems.insert(0, "a $ inside TeX ends the math early; leave out the $ signs (write \\$ for a dollar sign)")
    if not symbol and re.search(r"\n\s*\n", tex):
        problems.insert(0, "a blank line inside TeX ends the math block; remove it")
    return tuple(problems)


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
