"""Tests of docs/implementations/video_metrics.py: the worked example printed in the catalogue for
`multi-view-top1-accuracy`, and the properties that define multi-view test-time averaging."""

import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _load(module_file):
    path = ROOT / "docs" / module_file
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FORMULA = next(
    f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]
    if f["id"] == "multi-view-top1-accuracy"
)
video = _load("implementations/video_metrics.py")
EXAMPLE = FORMULA["example"]["inputs"]


def test_worked_example_matches_the_reference():
    impl = FORMULA["implementation"]
    function = getattr(_load(impl["file"]), impl["function"])
    result = function(**EXAMPLE)
    assert isinstance(result, float)
    assert result == pytest.approx(FORMULA["example"]["output"], abs=5e-6)
    assert result == pytest.approx(200 / 3)


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
