"""Citations keep their case: reference styles lower-case a title, so acronyms and names with inner
capitals are braced in references.bib, and a check refuses a title that would lose them."""

from __future__ import annotations

from pathlib import Path

import pytest
from cvsite.bib import Bibliography, lowered_words
from cvsite.load import CatalogueError
from integrity import visible_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(("paper", "reference"), [
    ("yolo-v3", "YOLOv3: an incremental improvement"),
    ("ssd", "SSD: single shot MultiBox detector"),
    ("bytetrack", "ByteTrack: multi-object tracking by associating every detection box"),
    ("alexnet", "ImageNet classification with deep convolutional neural networks"),
    ("u-net", "U-Net: convolutional networks for biomedical image segmentation"),
])
def test_rendered_references_keep_acronyms_and_names(built_site, paper, reference):
    shown = visible_text((built_site / "papers" / paper / "index.html").read_text(encoding="utf-8"))
    assert reference in shown


def test_bibliography_page_keeps_the_case_too(built_site):
    shown = visible_text((built_site / "bibliography" / "index.html").read_text(encoding="utf-8"))
    assert "YOLOv3: an incremental improvement" in shown and "Yolov3" not in shown and "Ssd:" not in shown


@pytest.mark.parametrize(("title", "flagged"), [
    ("YOLOv3: An Incremental Improvement", ["YOLOv3"]),
    ("SSD: Single Shot MultiBox Detector", ["SSD", "MultiBox"]),
    ("Fast R-CNN", ["R-CNN"]),
    ("U-Net: Convolutional Networks", ["U-Net"]),
    ("Tracking with a Kalman Filter", ["Kalman"]),
    ("{YOLOv3}: An Incremental Improvement", []),
    ("Deep Residual Learning for Image Recognition", []),
    ("Towards Real-Time Object Detection", []),
    ("A Metric and A Loss for Bounding Box Regression", []),
])
def test_lowered_words(title, flagged):
    assert lowered_words(title) == flagged


def test_an_unbraced_acronym_stops_the_build_with_its_line(tmp_path):
    bib = (FIXTURES / "minimal.bib").read_text(encoding="utf-8")
    broken = tmp_path / "references.bib"
    broken.write_text(bib + "\n@article{redmon2018yolov3,\n  author = {Joseph Redmon},\n  title = {YOLOv3: An Incremental Improvement},\n"
                      "  year = {2018}\n}\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        Bibliography.read(broken)
    problem = caught.value.problems[0]
    title_line = broken.read_text(encoding="utf-8").splitlines().index("  title = {YOLOv3: An Incremental Improvement},") + 1
    assert (problem.file, problem.line, problem.field) == ("references.bib", title_line, "redmon2018yolov3.title")
    assert "{YOLOv3}" in problem.message


def test_the_real_bibliography_passes_the_check():
    Bibliography.read(Path(__file__).resolve().parent.parent / "references.bib")
