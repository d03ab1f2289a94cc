"""Loading and validation: the valid fixture loads, and every bad input of the corpus stops with
the file, the line, the field and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
from cvsite.link import load_site
from cvsite.load import MAX_BYTES, CatalogueError

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def load_text(tmp_path: Path, text: str | bytes):
    path = tmp_path / "resources.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_site(path, FIXTURES / "minimal.bib")


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing needle in text."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_minimal_catalogue_loads(tmp_path):
    site = load_text(tmp_path, GOOD)
    assert list(site.papers) == ["resnet"]
    assert site.papers_using_formula["iou-loss"][0].id == "resnet"


# (name, the broken text, the line the error must name, words the message must contain)
def _replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


CORPUS = [
    ("empty file", "", 1, "empty"),
    ("correction without a source", _replace("    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-11-29\n    corrections:\n      - date: 2026-12-01\n        change: The year was wrong."), line_of(GOOD, "formulas: [iou-loss]") + 3, "papers[0] (resnet).corrections[0].source: missing"),
    ("correction with a date that is not one", _replace("    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-11-29\n    corrections:\n      - date: last week\n        change: The year was wrong.\n        source: https://arxiv.org/abs/1512.03385"), line_of(GOOD, "formulas: [iou-loss]") + 3, "papers[0] (resnet).corrections[0].date: expected a date written YYYY-MM-DD"),
    ("correction on a day that does not exist", _replace("    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-11-29\n    corrections:\n      - date: 2026-02-30\n        change: The year was wrong.\n        source: https://arxiv.org/abs/1512.03385"), line_of(GOOD, "formulas: [iou-loss]") + 3, "'2026-02-30' is not a real date"),
    ("correction in the future", _replace("    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-11-29\n    corrections:\n      - date: 2999-01-01\n        change: The year was wrong.\n        source: https://arxiv.org/abs/1512.03385"), line_of(GOOD, "formulas: [iou-loss]") + 3, "not in the future"),
    ("correction with a source that is not a URL", _replace("    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-11-29\n    corrections:\n      - date: 2026-12-01\n        change: The year was wrong.\n        source: the paper"), line_of(GOOD, "formulas: [iou-loss]") + 5, "corrections[0].source: expected an http:// or https:// URL"),
    ("checked date that is not one", _replace("    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-11-29\n    checked: yesterday"), line_of(GOOD, "formulas: [iou-loss]") + 2, "papers[0] (resnet).checked"),
    ("only a comment", "# nothing\n", 1, "empty"),
    ("not a mapping", "- a\n- b\n", 1, "expected a mapping"),
    ("syntax error", _replace("    year: 2015", "    year: [2015"), None, "YAML syntax error"),
    ("tab indentation", _replace("    year: 2015", "\tyear: 2015"), line_of(GOOD, "year: 2015"), "tab"),
    ("duplicate key", _replace("    year: 2015", "    year: 2015\n    year: 2016"), line_of(GOOD, "year: 2015") + 1, "duplicate key 'year'"),
    ("anchor", _replace("    year: 2015", "    year: &y 2015"), line_of(GOOD, "year: 2015"), "anchors and aliases"),
    ("alias", _replace("    venue: CVPR 2016", "    venue: *v"), line_of(GOOD, "venue: CVPR 2016"), "anchors and aliases"),
    ("unknown field", _replace("    year: 2015", "    year: 2015\n    yeer: 2015"), line_of(GOOD, "year: 2015") + 1, "papers[0] (resnet).yeer: unknown field"),
    ("wrong type", _replace("    year: 2015", "    year: last year"), line_of(GOOD, "year: 2015"), "papers[0] (resnet).year"),
    ("year in the future", _replace("    year: 2015", "    year: 2999"), line_of(GOOD, "year: 2015"), "no later than"),
    ("missing required field", _replace("    short_name: ResNet\n", ""), line_of(GOOD, "- id: resnet"), "short_name: missing"),
    ("bad link kind", _replace("      - kind: article", "      - kind: blog"), line_of(GOOD, "kind: article"), "kind: expected one of: 'article', 'video'"),
    ("javascript URL", _replace("url: https://theaisummer.com/cnn-architectures/", "url: javascript:alert(1)"), line_of(GOOD, "url: https://theaisummer"), "http:// or https://"),
    ("unquoted arXiv id", _replace("arxiv: '1512.03385'", "arxiv: 1512.03385"), line_of(GOOD, "arxiv:"), "put it in quotes so YAML keeps it as written: '1512.03385'"),
    ("bad id", _replace("  - id: resnet", "  - id: Res Net"), line_of(GOOD, "- id: resnet"), "lower-case words"),
    ("unknown topic", _replace("    topic: image-classification\n    tldr", "    topic: detection\n    tldr"), line_of(GOOD, "tldr:") - 1, "unknown topic id 'detection'"),
    ("unknown formula", _replace("formulas: [iou-loss]", "formulas: [iou]"), line_of(GOOD, "formulas: [iou-loss]"), "unknown formula id 'iou'"),
    ("unknown paper", _replace("    paper: resnet", "    paper: resnet-50"), line_of(GOOD, "paper: resnet"), "unknown paper id 'resnet-50'"),
    ("unknown BibTeX key", _replace("bibtex: he2016resnet", "bibtex: he2016"), line_of(GOOD, "bibtex:"), "BibTeX key 'he2016' is not in"),
    ("duplicate id", GOOD.replace("faq:\n", "faq:\n  - id: one\n    question: Again?\n    topic: image-classification\n    answer: Yes.\n    added: 2026-11-29\n"), line_of(GOOD, "faq:") + 6, "duplicate id 'one'"),
    ("no top-level topics", GOOD.replace("topics:", "topicz:", 1), 1, "unknown field"),
    ("not UTF-8", GOOD.encode("utf-8").replace(b"Give one", b"Give \xff one"), line_of(GOOD, "Give one"), "not UTF-8"),
    ("too big", "# " + "x" * (MAX_BYTES + 1) + "\n", 1, "at most"),
]


def _case(name: str, old: str, new: str, needle: str, words: str) -> tuple:
    """A corpus case: GOOD with old replaced by new; the error must name the line holding needle."""
    text = _replace(old, new)
    return (name, text, line_of(text, needle), words)


_LINK_END = "        note: A tour from AlexNet to EfficientNet.\n"
_FIRST_URL = "url: https://theaisummer.com/cnn-architectures/"


def _two_links(first: str, second: str, name: str) -> tuple:
    """Two links of one list whose URLs are the same page spelt differently: the second is refused."""
    text = _replace(_LINK_END, f"{_LINK_END}      - kind: video\n        title: The same again\n        url: {second}\n")
    text = text.replace(_FIRST_URL, f"url: {first}", 1)
    return (name, text, line_of(text, "title: The same again") + 1, "the same link as resources[0]")


_ARXIV = "https://arxiv.org/abs/1512.03385"
_YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
_SECOND_PAPER = """  - id: resnet-again
    title: Deep Residual Learning, again
    short_name: ResNet again
    year: 2015
    authors: [Kaiming He]
    venue: CVPR 2016
    arxiv: '1512.03385'
    bibtex: he2016resnet
    topic: image-classification
    tldr: The same paper twice.
    key_ideas: [Residuals.]
    added: 2026-11-29
"""

# Errors that never mislead (issue 11): the value as written, arXiv's real id forms, whole-number
# years, plain words for types, "did you mean", and a hint for an unquoted ': '.
CORPUS += [
    _case("unquoted arXiv id with a trailing zero", "arxiv: '1512.03385'", "arxiv: 2304.08060", "arxiv:",
          "got the number 2304.08060; put it in quotes so YAML keeps it as written: '2304.08060'"),
    _case("arXiv id with 4 digits after 2015", "arxiv: '1512.03385'", "arxiv: '2304.0806'", "arxiv:", "5 digits after the dot, from 2015"),
    _case("arXiv id with 5 digits before 2015", "arxiv: '1512.03385'", "arxiv: '1412.06806'", "arxiv:", "got the text '1412.06806'"),
    _case("arXiv id with month 13", "arxiv: '1512.03385'", "arxiv: '1513.03385'", "arxiv:", "expected an arXiv id"),
    _case("quoted year", "    year: 2015", "    year: '2015'", "year: '2015'", "year: expected a whole number such as 2023, got the text '2015'; write it without quotes"),
    _case("year written as a date", "    year: 2015", "    year: 2015-04-17", "year: 2015-04-17", "year: expected a whole number such as 2023, got the date 2015-04-17"),
    _case("year with a decimal", "    year: 2015", "    year: 2015.5", "year: 2015.5", "expected a whole number such as 2023, got the number 2015.5"),
    _case("text given a list", "    short_name: ResNet", "    short_name: [ResNet]", "short_name: [ResNet]", "short_name: expected text, got a list"),
    _case("unknown FAQ topic", "    topic: image-classification\n    answer:", "    topic: classification\n    answer:", "topic: classification",
          f"resources.yaml:{line_of(GOOD, 'What is a 1x1 conv?') + 1}: faq[0] (one).topic: unknown topic id 'classification'; did you mean 'image-classification'?"),
    _case("FAQ answer without a topic", "    topic: image-classification\n    answer:", "    answer:", "- id: one", "faq[0] (one).topic: missing"),
    ("FAQ id that is a topic id", _replace("  - id: one\n", "  - id: image-classification\n"), line_of(GOOD, "What is a 1x1 conv?") - 1,
     "faq[0] (image-classification).id: 'image-classification' is a topic id"),
    _case("unknown topic with a close id", "    topic: image-classification\n    tldr", "    topic: image-clasification\n    tldr", "image-clasification",
          "unknown topic id 'image-clasification'; did you mean 'image-classification'? Known topic ids: "),
    _case("unquoted title with ': '", "    title: Deep Residual Learning for Image Recognition", "    title: ResNet: Deep Residual Learning", "title: ResNet:",
          "the value of `title` contains ': ', which YAML reads as a new key: put the whole value in quotes"),
]

# Validation breadth: out-of-range values, URLs other than http(s), duplicate links after normalization.
CORPUS += [
    _case("year too old", "    year: 2015", "    year: 1850", "year: 1850", "greater than or equal to 1950"),
    _case("date in the future", "    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2999-01-01", "added: 2999-01-01", "not in the future"),
    _case("impossible date", "    formulas: [iou-loss]\n    added: 2026-11-29", "    formulas: [iou-loss]\n    added: 2026-02-30", "added: 2026-02-30", "'2026-02-30' is not a real date"),
    ("nested too deeply", "topics: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply"),
    _case("title too long", "    title: Deep Residual Learning for Image Recognition", "    title: " + "x" * 301, "x" * 301, "at most 300 characters"),
    _case("too many key ideas", "      - Learn $F(x) = H(x) - x$ instead of $H(x)$.\n", "".join(f"      - Idea {i}.\n" for i in range(8)), "key_ideas:", "at most 7 items"),
    _case("empty legend", "    legend:\n      - symbol: 'b'\n        meaning: predicted box\n", "    legend: []\n", "legend: []", "at least 1 item"),
    _case("data URL", _FIRST_URL, "url: data:text/html;base64,PHNjcmlwdD4=", "url: data:", "http:// or https://"),
    _case("ftp URL", _FIRST_URL, "url: ftp://theaisummer.com/cnn.pdf", "url: ftp:", "http:// or https://"),
    _case("file URL", _FIRST_URL, "url: file:///etc/passwd", "url: file:", "http:// or https://"),
    _case("URL without a host name", _FIRST_URL, "url: https://localhost/x", "url: https://localhost", "http:// or https://"),
    _case("URL with a space", _FIRST_URL, "url: https://theaisummer.com/cnn architectures/", "url: https://theaisummer.com/cnn arch", "http:// or https://"),
    _two_links(_FIRST_URL.removeprefix("url: "), "http://theaisummer.com/cnn-architectures/", "duplicate link: http and https"),
    _two_links(_FIRST_URL.removeprefix("url: "), "https://theaisummer.com/cnn-architectures", "duplicate link: trailing slash"),
    _two_links(_FIRST_URL.removeprefix("url: "), "https://www.TheAISummer.com/cnn-architectures/", "duplicate link: www and case of the host"),
    _two_links(_FIRST_URL.removeprefix("url: "), "https://theaisummer.com/cnn-architectures/?utm_source=x&utm_medium=social&fbclid=1", "duplicate link: tracking parameters"),
    _two_links(_ARXIV, "https://arxiv.org/pdf/1512.03385", "duplicate link: arXiv abs and pdf"),
    _two_links(_ARXIV, "http://arxiv.org/abs/1512.03385v3", "duplicate link: arXiv version"),
    _two_links(_ARXIV, "https://arxiv.org/pdf/1512.03385v2.pdf", "duplicate link: arXiv pdf with version and .pdf"),
    _two_links(_YOUTUBE, "https://youtu.be/dQw4w9WgXcQ?si=abc", "duplicate link: youtu.be"),
    _two_links(_YOUTUBE, "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share", "duplicate link: mobile YouTube"),
    _two_links(_YOUTUBE, "https://www.youtube.com/embed/dQw4w9WgXcQ", "duplicate link: YouTube embed"),
    _two_links(_YOUTUBE, "https://youtube.com/shorts/dQw4w9WgXcQ", "duplicate link: YouTube shorts"),
    ("two papers with one arXiv id", GOOD.replace("faq:\n", _SECOND_PAPER + "faq:\n"), line_of(GOOD, "faq:") + 7, "arXiv id 1512.03385 is already the paper 'resnet'"),
]

# TeX that Temml cannot convert, or must not (hooks/cvsite/latex.py): formula latex, legend symbols,
# and math spans inside Markdown fields.
_LATEX = "    latex: 'L_{\\mathrm{IoU}} = -\\ln \\operatorname{IoU}(b, b^{gt})'"
_SYMBOL = "      - symbol: 'b'"
_MEANING = "        meaning: predicted box"
_IDEA = "      - Learn $F(x) = H(x) - x$ instead of $H(x)$."
_ANSWER = "    answer: A per-pixel linear layer across channels, $y = Wx$."
CORPUS += [
    _case("TeX: unbalanced braces", _LATEX, "    latex: 'L_{IoU = -\\ln x'", "latex: 'L_{IoU =", "formulas[0] (iou-loss).latex: a '{' is never closed"),
    _case("TeX: a brace closing nothing", _LATEX, "    latex: 'L} = x'", "latex: 'L} = x'", "a '}' closes nothing"),
    _case("TeX: \\left without \\right", _LATEX, "    latex: '\\left( \\frac{a}{b}'", "latex: '\\left(", "\\left without a matching \\right"),
    _case("TeX: \\right without \\left", _LATEX, "    latex: '\\frac{a}{b} \\right)'", "latex: '\\frac{a}{b} \\right)'", "\\right without a matching \\left"),
    _case("TeX: \\left/\\right across braces", _LATEX, "    latex: '{\\left( a} \\right)'", "latex: '{\\left( a}", "balance \\left/\\right and \\begin/\\end inside braces"),
    _case("TeX: \\begin/\\end mismatch", _LATEX, "    latex: '\\begin{aligned} a \\end{cases}'", "latex: '\\begin{aligned}", "\\end{cases} does not match"),
    _case("TeX: unknown environment", _LATEX, "    latex: '\\begin{tikzpicture} a \\end{tikzpicture}'", "tikzpicture", "unknown environment {tikzpicture}"),
    _case("TeX: unknown macro", _LATEX, "    latex: '\\alpah + \\beta'", "latex: '\\alpah", "unknown macro \\alpah"),
    _case("TeX: unknown macro in a legend symbol", _SYMBOL, "      - symbol: '\\vecc{b}'", "symbol: '\\vecc", "formulas[0] (iou-loss).legend[0].symbol: unknown macro \\vecc"),
    _case("TeX: a macro of an extension the site does not load", _LATEX, "    latex: '\\bbox[red]{x}'", "latex: '\\bbox", "unknown macro \\bbox"),
    _case("TeX: $ inside a formula", _LATEX, "    latex: '$x$'", "latex: '$x$'", "a $ inside TeX ends the math early"),
    _case("TeX: blank line inside a formula", _LATEX, "    latex: |\n      a\n\n      b", "latex: |", "a blank line inside TeX"),
    _case("TeX: | in a legend symbol", _SYMBOL, "      - symbol: '|b|'", "symbol: '|b|'", "a | in a legend symbol splits its table row"),
    _case("TeX: | in a legend meaning", _MEANING, "        meaning: 'area $|b|$ of the box'", "meaning: 'area", "a | in a legend meaning splits its table row"),
    _case("TeX: unknown macro in a legend meaning", _MEANING, "        meaning: 'the box $\\bx$'", "meaning: 'the box", "legend[0].meaning: in the math '\\bx': unknown macro \\bx"),
    _case("TeX: stray $ in Markdown", _ANSWER, "    answer: It costs $5 per GPU hour.", "answer: It costs", "faq[0] (one).answer: a stray $"),
    _case("TeX: unknown macro in Markdown math", _IDEA, "      - Learn $\\Fx = H(x)$.", "Learn $\\Fx", "papers[0] (resnet).key_ideas[0]: in the math '\\Fx = H(x)': unknown macro \\Fx"),
    _case("TeX: unbalanced braces in Markdown math", _ANSWER, "    answer: Here $y = W_{x$ is broken.", "answer: Here", "a '{' is never closed"),
    _case("TeX: display math in Markdown", _ANSWER, "    answer: 'See $$\\sqrt{x$$ here.'", "answer: 'See", "a '{' is never closed"),
    _case("TeX: \\(...\\) math in Markdown", _ANSWER, "    answer: 'See \\(\\left( x\\) here.'", "answer: 'See", "\\left without a matching \\right"),
    _case("TeX: \\href", _LATEX, "    latex: '\\href{https://example.com}{x}'", "latex: '\\href", "\\href is not allowed"),
    _case("TeX: \\href in Markdown math", _ANSWER, "    answer: 'Click $\\href{javascript:alert(1)}{x}$.'", "answer: 'Click", "\\href is not allowed"),
    _case("TeX: \\class", _LATEX, "    latex: '\\class{x}{y}'", "latex: '\\class", "\\class is not allowed"),
    _case("TeX: \\style", _SYMBOL, "      - symbol: '\\style{color:red}{b}'", "symbol: '\\style", "\\style is not allowed"),
    _case("TeX: \\cssId", _LATEX, "    latex: '\\cssId{x}{y}'", "latex: '\\cssId", "\\cssId is not allowed"),
    _case("TeX: \\unicode", _LATEX, "    latex: '\\unicode{x2764}'", "latex: '\\unicode", "\\unicode is not allowed"),
    _case("TeX: \\require", _LATEX, "    latex: '\\require{html} x'", "latex: '\\require", "\\require is not allowed"),
    _case("TeX: a macro definition", _LATEX, "    latex: '\\def\\x{1} \\x'", "latex: '\\def", "\\def is not allowed"),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_input_is_located(tmp_path, name, text, line, words):
    with pytest.raises(CatalogueError) as caught:
        load_text(tmp_path, text)
    report = str(caught.value)
    first = caught.value.problems[0]
    assert first.file == "resources.yaml"
    assert words in report, report
    if line is not None:
        assert any(p.line == line for p in caught.value.problems), report
    assert "Traceback" not in report


def _builds_on_line(text: str, paper: str) -> int:
    start = text.index(f"  - id: {paper}\n")
    return text[:start].count("\n") + line_of(text[start:], "    builds_on:")


def test_a_cycle_in_builds_on_is_named_with_its_line(tmp_path):
    """Three real papers made to build on each other in a ring: the error names the whole cycle, once,
    at the builds_on line of one of them."""
    root = Path(__file__).parent.parent
    text = (root / "resources.yaml").read_text(encoding="utf-8")
    line = _builds_on_line(text, "rcnn")
    lines = text.splitlines(keepends=True)
    assert lines[line - 1] == "    builds_on: [alexnet]\n"
    lines[line - 1] = "    builds_on: [alexnet, faster-rcnn]\n"  # faster-rcnn -> fast-rcnn -> rcnn already
    text = "".join(lines)
    path = tmp_path / "resources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_site(path, root / "references.bib")
    problems = caught.value.problems
    assert len(problems) == 1, str(caught.value)
    message = str(problems[0])
    cycle = message.split("a cycle in builds_on: ", 1)[1].split(" (", 1)[0].split(" -> ")
    assert cycle[0] == cycle[-1] and set(cycle) == {"rcnn", "fast-rcnn", "faster-rcnn"}, message
    assert problems[0].line in {_builds_on_line(text, p) for p in ("rcnn", "fast-rcnn", "faster-rcnn")}, message
    assert message.startswith(f"resources.yaml:{problems[0].line}: papers[")


def test_a_formula_cycle_is_an_error_too(tmp_path):
    formula = GOOD.split("formulas:\n", 1)[1].split("benchmarks:\n", 1)[0]
    twin = formula.replace("- id: iou-loss", "- id: iou-loss-two", 1).replace("    paper: resnet\n", "")
    ring = formula + "    builds_on: [iou-loss-two]\n" + twin + "    builds_on: [iou-loss]\n"
    with pytest.raises(CatalogueError) as caught:
        load_text(tmp_path, GOOD.replace(formula, ring, 1))
    assert "formulas[1] (iou-loss-two).builds_on[0]: a cycle in builds_on: iou-loss -> iou-loss-two -> iou-loss" in str(caught.value)


# --- parsing in parts (hooks/cvsite/load.py _parse_in_parts) ---------------------------------------


def _same(a, b, where="file"):
    """Equal values, and equal lines and as-written text at every level."""
    from cvsite import load

    assert type(a) is type(b), where
    if isinstance(a, load.Mapping):
        assert list(a) == list(b) and (a.line, a.lines, a.raw) == (b.line, b.lines, b.raw), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, load.Sequence):
        assert len(a) == len(b) and (a.line, a.lines, a.raw) == (b.line, b.lines, b.raw), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def test_parsing_in_parts_gives_exactly_the_whole_files_parse_and_reparses_only_what_changed(monkeypatch):
    from cvsite import load

    root = Path(__file__).resolve().parents[1]
    text = (root / "resources.yaml").read_text(encoding="utf-8")
    load._parts.clear()
    _same(load._parse_in_parts(text), load._load(text))
    parsed = []
    whole = load._load
    monkeypatch.setattr(load, "_load", lambda part, offset=0: parsed.append(offset) or whole(part, offset))
    at = text.index("    tldr: >-\n      ") + len("    tldr: >-\n      ")
    edited = text[:at] + "A word added. " + text[at:]  # one entry changed, no line moved
    _same(load._parse_in_parts(edited), whole(edited))
    assert len(parsed) == 1
    longer = edited.replace("A word added. ", "A line added.\n      ", 1)  # every entry below moves a line down
    _same(load._parse_in_parts(longer), whole(longer))
    assert len(parsed) == 2
    assert load.parse(longer, "resources.yaml") is not None


@pytest.mark.parametrize("text", [
    "version: 1\ntopics:\n  - id: a\n",  # a scalar at the top
    "topics: [{id: a}]\n",  # a flow list
    "---\ntopics:\n  - id: a\n",  # a document marker
    "topics:\n  - id: a\n    title: \"two\n  - lines\"\n",  # a quoted text whose second line looks like an entry
    "topics:\r\n  - id: a\r\n",  # other line breaks
])
def test_other_shapes_are_parsed_whole_with_the_same_result(text):
    from cvsite import load

    assert load._parse_in_parts(text) is None
    _same(load.parse(text, "resources.yaml"), load._load(text))
