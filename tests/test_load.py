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
    ("bad link kind", _replace("      - kind: article", "      - kind: blog"), line_of(GOOD, "kind: article"), "kind: Input should be"),
    ("javascript URL", _replace("url: https://theaisummer.com/cnn-architectures/", "url: javascript:alert(1)"), line_of(GOOD, "url: https://theaisummer"), "http:// or https://"),
    ("unquoted arXiv id", _replace("arxiv: '1512.03385'", "arxiv: 1512.03385"), line_of(GOOD, "arxiv:"), "put quotes"),
    ("bad id", _replace("  - id: resnet", "  - id: Res Net"), line_of(GOOD, "- id: resnet"), "lower-case words"),
    ("unknown topic", _replace("    topic: image-classification\n    tldr", "    topic: detection\n    tldr"), line_of(GOOD, "tldr:") - 1, "unknown topic id 'detection'"),
    ("unknown formula", _replace("formulas: [iou-loss]", "formulas: [iou]"), line_of(GOOD, "formulas: [iou-loss]"), "unknown formula id 'iou'"),
    ("unknown paper", _replace("    paper: resnet", "    paper: resnet-50"), line_of(GOOD, "paper: resnet"), "unknown paper id 'resnet-50'"),
    ("unknown BibTeX key", _replace("bibtex: he2016resnet", "bibtex: he2016"), line_of(GOOD, "bibtex:"), "BibTeX key 'he2016' is not in"),
    ("duplicate id", GOOD.replace("faq:\n", "faq:\n  - id: one\n    question: Again?\n    answer: Yes.\n    added: 2026-11-29\n"), line_of(GOOD, "faq:") + 5, "duplicate id 'one'"),
    ("no top-level topics", GOOD.replace("topics:", "topicz:", 1), 1, "unknown field"),
    ("not UTF-8", GOOD.encode("utf-8").replace(b"Give one", b"Give \xff one"), line_of(GOOD, "Give one"), "not UTF-8"),
    ("too big", "# " + "x" * (MAX_BYTES + 1) + "\n", 1, "at most"),
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
