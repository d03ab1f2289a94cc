"""Tests: every worked example in formulas.yaml, plus known values of each formula."""

import importlib
import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import box_losses as box  # docs/ is on the test path (pyproject.toml)
from implementations import classification_losses as cls
from implementations import detection_metrics as det
from implementations import generative as gen
from implementations import segmentation as seg
from implementations import tracking_metrics as trk

FORMULAS = yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]


def _module(file):
    """The module of an implementation file as the catalogue names it, `implementations/<name>.py`."""
    return importlib.import_module(file.removesuffix(".py").replace("/", "."))


@pytest.mark.parametrize("formula", FORMULAS, ids=[f["id"] for f in FORMULAS])
def test_worked_example(formula):
    impl, example = formula["implementation"], formula["example"]
    function = getattr(_module(impl["file"]), impl["function"])
    result = function(**example["inputs"])
    assert isinstance(result, float)
    # outputs in the YAML are rounded to at most 6 decimals
    assert result == pytest.approx(example["output"], abs=5e-6)


def test_every_formula_has_example_and_implementation():
    for f in FORMULAS:
        assert f.get("example") and f.get("implementation"), f["id"]


def test_every_implementation_file_serves_a_formula_and_every_named_function_exists():
    named = {f["implementation"]["file"] for f in FORMULAS}
    on_disk = {f"implementations/{path.name}" for path in (ROOT / "docs" / "implementations").glob("*.py")}
    assert sorted(on_disk - named) == [], "files in docs/implementations/ that no formula's implementation is"
    assert sorted(named - on_disk) == [], "implementation files named in resources.yaml that do not exist"
    for f in FORMULAS:
        impl = f["implementation"]
        assert callable(getattr(_module(impl["file"]), impl["function"], None)), f"{f['id']}: no {impl['function']} in {impl['file']}"


# --- box losses -------------------------------------------------------------

BOX = [1.0, 2.0, 5.0, 8.0]
FAR = [10.0, 10.0, 12.0, 13.0]


def test_identical_boxes_give_iou_one_and_zero_losses():
    assert box.iou(BOX, BOX) == pytest.approx(1.0)
    for loss in (box.iou_loss, box.giou_loss, box.diou_loss, box.ciou_loss):
        assert loss(BOX, BOX) == pytest.approx(0.0, abs=1e-12)


def test_iou_loss_is_infinite_without_overlap():
    assert math.isinf(box.iou_loss(BOX, FAR))


def test_giou_of_disjoint_boxes_is_negative_and_loss_above_one():
    assert box.giou(BOX, FAR) < 0
    assert 1.0 < box.giou_loss(BOX, FAR) < 2.0


def test_giou_decreases_as_disjoint_boxes_move_apart():
    near, far = [6.0, 2.0, 10.0, 8.0], [20.0, 2.0, 24.0, 8.0]
    assert box.giou(BOX, near) > box.giou(BOX, far)


def test_giou_equals_iou_when_one_box_contains_the_other():
    inner = [2.0, 3.0, 4.0, 6.0]
    assert box.giou(BOX, inner) == pytest.approx(box.iou(BOX, inner))


def test_ciou_equals_diou_when_aspect_ratios_match():
    pred, gt = [0.0, 0.0, 2.0, 4.0], [1.0, 1.0, 4.0, 7.0]  # both w/h = 1/2
    assert box.ciou_loss(pred, gt) == pytest.approx(box.diou_loss(pred, gt))


def test_diou_penalty_for_concentric_boxes_is_zero():
    inner = [2.0, 4.0, 4.0, 6.0]  # same centre as BOX
    assert box.diou_loss(BOX, inner) == pytest.approx(1.0 - box.iou(BOX, inner))


def test_losses_are_symmetric_in_scale():
    a, b = [0.0, 0.0, 4.0, 4.0], [2.0, 1.0, 6.0, 7.0]
    a10, b10 = [10 * v for v in a], [10 * v for v in b]
    for loss in (box.iou_loss, box.giou_loss, box.diou_loss, box.ciou_loss):
        assert loss(a10, b10) == pytest.approx(loss(a, b))


def test_smooth_l1_branches():
    assert box.smooth_l1([0.5], [0.0]) == pytest.approx(0.125)
    assert box.smooth_l1([3.0], [0.0]) == pytest.approx(2.5)
    assert box.smooth_l1([1.0], [0.0]) == pytest.approx(0.5)  # continuous at |x| = 1
    assert box.smooth_l1([0.1, -0.2, 0.3, 0.0], [0.1, -0.2, 0.3, 0.0]) == 0.0


def test_dfl_on_an_integer_target_is_cross_entropy_of_that_bin():
    probs = [0.1, 0.6, 0.3]
    assert box.distribution_focal_loss(probs, 1.0) == pytest.approx(-math.log(0.6))


def test_dfl_is_minimised_by_the_matching_two_bin_distribution():
    best = box.distribution_focal_loss([0.0 + 1e-12, 0.6, 0.4 - 1e-12], 1.4)
    worse = box.distribution_focal_loss([0.1, 0.5, 0.4], 1.4)
    assert best < worse


# --- classification losses --------------------------------------------------

def test_cross_entropy_of_a_certain_correct_prediction_is_zero():
    assert cls.cross_entropy([1.0, 0.0, 0.0], 0) == pytest.approx(0.0)


def test_cross_entropy_of_uniform_prediction_is_log_k():
    assert cls.cross_entropy([0.25] * 4, 2) == pytest.approx(math.log(4))


@pytest.mark.parametrize("p", [0.05, 0.3, 0.9])
def test_focal_with_gamma_0_alpha_1_is_cross_entropy(p):
    assert cls.focal_loss(p, 1, alpha=1.0, gamma=0.0) == pytest.approx(cls.cross_entropy([1 - p, p], 1))


def test_focal_with_gamma_0_on_negative_is_alpha_balanced_ce():
    assert cls.focal_loss(0.2, 0, alpha=0.25, gamma=0.0) == pytest.approx(0.75 * -math.log(0.8))


def test_focal_down_weights_easy_examples_more_than_hard_ones():
    ratio_easy = cls.focal_loss(0.95, 1, 1.0, 2.0) / cls.focal_loss(0.95, 1, 1.0, 0.0)
    ratio_hard = cls.focal_loss(0.2, 1, 1.0, 2.0) / cls.focal_loss(0.2, 1, 1.0, 0.0)
    assert ratio_easy < ratio_hard


def test_label_smoothing_with_epsilon_0_is_cross_entropy():
    probs = [0.6, 0.3, 0.1]
    assert cls.label_smoothing_ce(probs, 1, 0.0) == pytest.approx(cls.cross_entropy(probs, 1))


def test_label_smoothing_decomposes_into_ce_and_uniform_ce():
    probs, eps = np.array([0.6, 0.3, 0.1]), 0.2
    expected = (1 - eps) * -math.log(probs[0]) + eps * -np.mean(np.log(probs))
    assert cls.label_smoothing_ce(list(probs), 0, eps) == pytest.approx(expected)


def test_qfl_is_zero_when_score_equals_quality_target():
    assert cls.quality_focal_loss(0.7, 0.7, 2.0) == pytest.approx(0.0)


def test_qfl_on_hard_labels_matches_focal_loss_without_alpha():
    for sigma, y in ((0.3, 1.0), (0.3, 0.0)):
        y_int = int(y)
        assert cls.quality_focal_loss(sigma, y, 2.0) == pytest.approx(
            cls.focal_loss(sigma, y_int, alpha=1.0 if y_int == 1 else 0.0, gamma=2.0))


def test_kd_with_no_soft_weight_is_plain_cross_entropy():
    logits = np.array([2.0, 1.0, 0.1])
    probs = np.exp(logits) / np.exp(logits).sum()
    value = cls.kd_loss(list(logits), [0.0, 0.0, 0.0], 0, temperature=3.0, soft_weight=0.0)
    assert value == pytest.approx(-math.log(probs[0]))


def test_kd_soft_term_is_minimal_when_student_copies_teacher():
    teacher = [3.0, 1.5, 0.5]
    same = cls.kd_loss(teacher, teacher, 0, 4.0, 1.0)
    other = cls.kd_loss([0.5, 1.5, 3.0], teacher, 0, 4.0, 1.0)
    assert same < other


# --- detection metrics ------------------------------------------------------

def test_precision_recall_perfect_classifier_has_f1_one():
    assert det.f1_at_threshold([0.9, 0.8, 0.2], [1, 1, 0], 0.5) == pytest.approx(1.0)


def test_f1_is_zero_without_true_positives():
    assert det.f1_at_threshold([0.9, 0.1], [0, 1], 0.5) == 0.0


def test_ap_is_one_when_all_objects_are_found_before_any_false_positive():
    assert det.average_precision([0.9, 0.8, 0.3], [1, 1, 0], 2) == pytest.approx(1.0)


def test_ap_drops_when_a_false_positive_ranks_first():
    assert det.average_precision([0.9, 0.8, 0.7], [0, 1, 1], 2) == pytest.approx(2 / 3)


def test_ap_counts_missed_objects():
    assert det.average_precision([0.9], [1], 2) == pytest.approx(0.5)


def test_map_of_constant_table_is_that_constant():
    thresholds = [0.5 + 0.05 * i for i in range(10)]
    assert det.mean_average_precision([[0.4] * 10, [0.4] * 10], thresholds) == pytest.approx(0.4)


def test_map_rejects_mismatched_thresholds():
    with pytest.raises(ValueError):
        det.mean_average_precision([[0.4, 0.3]], [0.5])


# --- segmentation -----------------------------------------------------------

def test_dice_of_identical_binary_masks_is_one():
    mask = [1, 0, 1, 1, 0]
    assert 1.0 - seg.dice_loss(mask, mask) == pytest.approx(1.0)


def test_dice_of_disjoint_masks_is_zero():
    assert 1.0 - seg.dice_loss([1, 1, 0, 0], [0, 0, 1, 1]) == pytest.approx(0.0)


def test_dice_equals_2tp_over_2tp_fp_fn_on_binary_masks():
    pred, target = [1, 1, 1, 0, 0], [1, 1, 0, 1, 0]
    # TP = 2, FP = 1, FN = 1
    assert 1.0 - seg.dice_loss(pred, target) == pytest.approx(4 / 6)


def test_mean_iou_of_perfect_prediction_is_one():
    labels = [0, 1, 2, 2, 1]
    assert seg.mean_iou(labels, labels, 3) == pytest.approx(1.0)


def test_mean_iou_skips_classes_absent_everywhere():
    assert seg.mean_iou([0, 0, 1], [0, 0, 1], 5) == pytest.approx(1.0)


# --- tracking ---------------------------------------------------------------

def test_mota_perfect_tracker_is_one():
    assert trk.mota([0, 0], [0, 0], [0, 0], [2, 3]) == pytest.approx(1.0)


def test_mota_can_be_negative():
    assert trk.mota([1], [5], [0], [2]) < 0


def test_idf1_perfect_and_empty():
    assert trk.idf1(10, 0, 0) == pytest.approx(1.0)
    assert trk.idf1(0, 5, 5) == 0.0


def test_hota_perfect_tracking_is_one():
    assert trk.hota_alpha(3, 0, 0, [1.0, 1.0, 1.0]) == pytest.approx(1.0)


def test_hota_is_geometric_mean_of_deta_and_assa():
    tp, fn, fp, scores = 5, 2, 3, [0.9, 0.8, 0.5, 0.5, 0.3]
    det_a = tp / (tp + fn + fp)
    ass_a = float(np.mean(scores))
    assert trk.hota_alpha(tp, fn, fp, scores) == pytest.approx(math.sqrt(det_a * ass_a))


def test_hota_requires_one_score_per_tp():
    with pytest.raises(ValueError):
        trk.hota_alpha(3, 0, 0, [1.0])


# --- generative -------------------------------------------------------------

def test_ddpm_loss_is_zero_for_perfect_noise_prediction():
    eps = [0.3, -1.2, 0.8]
    assert gen.ddpm_simple_loss(eps, eps) == 0.0


def test_vae_kl_vanishes_when_posterior_equals_prior():
    # mu = 0, sigma = 1: only the reconstruction term is left
    value = gen.vae_elbo([1, 0], [0.9, 0.2], [0.0, 0.0], [0.0, 0.0])
    assert value == pytest.approx(math.log(0.9) + math.log(0.8))


def test_vae_elbo_is_at_most_log_likelihood_bound():
    # KL >= 0, so the ELBO never exceeds the reconstruction log-likelihood
    recon = math.log(0.9) + math.log(0.8)
    assert gen.vae_elbo([1, 0], [0.9, 0.2], [0.7, -0.4], [0.3, -0.5]) < recon
