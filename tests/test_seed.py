"""Everything of the seed is in the catalogue, and what the seed got wrong is right here."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT
from cvsite.link import load_site

SEED = yaml.safe_load((Path(__file__).parent / "fixtures" / "seed.yaml").read_text(encoding="utf-8"))
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")


def test_every_seed_link_is_kept_exactly():
    urls = {link.url for _, link in SITE.links()}
    missing = [url for url in SEED["links"] if url not in urls]
    assert not missing


def test_every_seed_paper_is_in_the_catalogue():
    arxiv = {paper.arxiv for paper in SITE.catalogue.papers}
    assert not [i for i in SEED["arxiv"] if i not in arxiv]
    assert len(SEED["arxiv"]) + len(SEED["papers_without_arxiv"]) == 16  # 15 companion papers + FPN, the image source
    for paper_id in SEED["papers_without_arxiv"]:
        assert SITE.papers[paper_id].url


def test_every_seed_question_is_answered():
    for entry_id in SEED["faq"]:
        assert SITE.faq[entry_id].answer.strip()


def test_seed_losses_and_notions_are_complete():
    for formula_id in SEED["losses"]:
        formula = SITE.formulas[formula_id]
        assert formula.latex and formula.explanation and formula.legend and formula.paper
    for notion_id in SEED["notions"]:
        assert len(SITE.notions[notion_id].summary.split()) > 30  # written, not left empty as in the seed


def test_seed_errors_are_fixed():
    ciou = SITE.formulas["ciou-loss"].latex
    assert "CIoU" in ciou and "DIoU" not in ciou.split("=")[0]  # the seed labels CIoU as L_DIoU
    assert "\\pi^2" in ciou or "\\pi^{2}" in ciou  # v = 4/pi^2 (...)^2; the seed has 4/pi
    conv = SITE.faq["conv-output-size"].answer
    pool = SITE.faq["pool-output-size"].answer
    assert "\\lfloor" in conv and "\\lfloor" in pool
    assert "p" in pool.split("\\lfloor", 1)[1].split("\\rfloor", 1)[0]  # pooling padding inside the floor


# The two figures the seed's object-detection page hot-links: each is a link from its paper's page,
# with a caption and a credit, and no page embeds an image from another host.
SEED_FIGURES = {
    "yolo-v8": "https://user-images.githubusercontent.com/27466624/211974251-8de633c8-090c-47c9-ba52-4941dc9e3a48.jpg",
    "fpn": "https://miro.medium.com/max/640/1*aMRoAN7CtD1gdzTaZIT5gA.webp",
}


def test_seed_figures_are_linked_with_caption_and_credit(built_site):
    from integrity import visible_text

    for paper_id, image in SEED_FIGURES.items():
        (figure,) = [f for f in SITE.papers[paper_id].figures if f.url == image]
        html = (built_site / "papers" / paper_id / "index.html").read_text(encoding="utf-8")
        assert f'href="{image}"' in html and f'href="{figure.source}"' in html
        shown = visible_text(html)
        assert figure.title in shown and "Credit:" in shown


def test_no_page_embeds_an_image_from_another_host(built_site):
    import re

    for page in built_site.rglob("*.html"):
        sources = re.findall(r"<img[^>]+src=\"([^\"]+)\"", page.read_text(encoding="utf-8"))
        assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], page
