"""The structure behind `make bench` (tests/bench/): never timings, which depend on the machine."""

from __future__ import annotations

import json
import re
import sys

from conftest import ROOT
from cvsite.link import load_site

sys.path.insert(0, str(ROOT / "tests" / "bench"))
import catalogue  # noqa: E402

RESOURCES = (ROOT / "resources.yaml").read_text(encoding="utf-8")
BIB = (ROOT / "references.bib").read_text(encoding="utf-8")


def test_factor_one_is_the_real_catalogue_and_scaling_is_deterministic():
    assert catalogue.scale(RESOURCES, BIB, 1) == (RESOURCES, BIB)
    assert catalogue.scale(RESOURCES, BIB, 3) == catalogue.scale(RESOURCES, BIB, 3)


def test_synthetic_catalogue_passes_the_real_loader_with_every_paper_copied(tmp_path):
    real = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
    catalogue.write(ROOT, tmp_path, 3)
    site = load_site(tmp_path / "resources.yaml", tmp_path / "references.bib")  # ids, arXiv ids, keys: all unique

    assert len(site.catalogue.papers) == 3 * len(real.catalogue.papers)
    assert len(site.catalogue.topics) == len(real.catalogue.topics)
    assert len(site.catalogue.formulas) == len(real.catalogue.formulas)
    for paper in real.catalogue.papers:
        copy = site.papers[f"{paper.id}-r2"]
        assert copy.builds_on == [f"{parent}-r2" for parent in paper.builds_on]  # the lineage keeps its shape
        assert copy.formulas == paper.formulas and copy.key_ideas == paper.key_ideas
        assert copy.bibtex == f"{paper.bibtex}-r2" and copy.bibtex in site.bibliography.entries
        assert (copy.arxiv is None) == (paper.arxiv is None)
    # The copies keep the hand-written layout: block scalars are still block scalars.
    text = (tmp_path / "resources.yaml").read_text(encoding="utf-8")
    assert text.count("    notes: |-") == 3 * RESOURCES.count("    notes: |-")


def test_pages_without_math_reference_no_math_file(built_site):
    with_math, without = [], []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_math = "<math" in html
        (with_math if has_math else without).append(page)
        if has_math:
            assert "assets/math/temml.css" in html and "stylesheets/math.css" in html, page
        else:
            math_file = re.search(r'(?:src|href)="(?!https?:)[^"]*(?:assets/math/|temml|katex|math\.css|mathjax)', html, re.I)
            assert not math_file, f"{page}: no math, yet a math file"
    assert with_math and any(p.parent.parent.name == "papers" for p in without)  # both kinds exist, so the check bites


def test_lighthouse_is_pinned_exactly():
    package = json.loads((ROOT / "tests" / "bench" / "package.json").read_text())
    lock = json.loads((ROOT / "tests" / "bench" / "package-lock.json").read_text())
    assert package["dependencies"] == {"lighthouse": "12.2.3"}
    assert lock["packages"]["node_modules/lighthouse"]["version"] == "12.2.3"


def test_the_loader_takes_the_50x_catalogue(tmp_path):
    """The catalogue can grow: the bench's 50x file (about 38 MB at 154 papers) loads without lifting any limit."""
    catalogue.write(ROOT, tmp_path, 50)
    assert (tmp_path / "resources.yaml").stat().st_size > 10_000_000
    site = load_site(tmp_path / "resources.yaml", tmp_path / "references.bib")
    assert len(site.catalogue.papers) == 50 * len(load_site(ROOT / "resources.yaml", ROOT / "references.bib").catalogue.papers)
