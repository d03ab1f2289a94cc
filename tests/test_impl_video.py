"""Tests of docs/implementations/video_metrics.py: the properties that define multi-view test-time
averaging (`multi-view-top1-accuracy`), some on the worked example printed in the catalogue, whose
output is checked in test_implementations.py."""

import pytest
import yaml
from conftest import ROOT
from implementations import video_metrics as video  # docs/ is on the test path (pyproject.toml)

IDS = ("multi-view-top1-accuracy",)
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}
EXAMPLE = FORMULAS["multi-view-top1-accuracy"]["example"]["inputs"]


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/video_metrics.py"}


def test_every_single_view_of_the_example_gets_one_video_in_three():
    # the claim of the example's explanation: each view alone scores 33.3%, their average 66.7%
    scores, k, labels = EXAMPLE["scores"], EXAMPLE["views"], EXAMPLE["labels"]
    for view in range(k):
        rows = [scores[video_index * k + view] for video_index in range(len(labels))]
        assert video.multi_view_top1(rows, 1, labels) == pytest.approx(100 / 3)


def test_one_view_is_plain_top1_accuracy():
    rows = [[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]
    assert video.multi_view_top1(rows, 1, [1, 0, 0, 0]) == pytest.approx(75.0)


def test_order_of_views_inside_a_video_does_not_matter():
    scores, k, labels = EXAMPLE["scores"], EXAMPLE["views"], EXAMPLE["labels"]
    reversed_views = [row for i in range(len(labels)) for row in reversed(scores[i * k:(i + 1) * k])]
    assert video.multi_view_top1(reversed_views, k, labels) == video.multi_view_top1(scores, k, labels)


def test_views_are_averaged_not_voted_or_maxed():
    # one confident view outweighs two lukewarm ones: mean -> class 1, majority vote -> class 0
    rows = [[0.55, 0.45], [0.55, 0.45], [0.05, 0.95]]
    assert video.multi_view_top1(rows, 3, [1]) == 100.0
    # the max over views would pick class 1 here too, but the mean picks class 0
    rows = [[0.6, 0.4], [0.6, 0.4], [0.35, 0.65]]
    assert video.multi_view_top1(rows, 3, [0]) == 100.0


def test_rows_must_split_into_whole_videos_and_labels_must_match():
    with pytest.raises(ValueError, match="do not split"):
        video.multi_view_top1([[0.5, 0.5]] * 4, 3, [0])
    with pytest.raises(ValueError, match="labels"):
        video.multi_view_top1([[0.5, 0.5]] * 4, 2, [0])
    with pytest.raises(ValueError, match="class index"):
        video.multi_view_top1([[0.5, 0.5]] * 2, 2, [2])
