"""One-off migration of the free-text results of resources.yaml to benchmark results (issue 12).

    .venv/bin/python tests/migration/migrate_results.py            # rewrite resources.yaml in place

It reads the old-format results, writes a frozen copy of them to tests/fixtures/results-before-migration.yaml
(tests/test_migration.py checks that every one survived), adds the `benchmarks:` vocabulary of
tests/migration/benchmarks.yaml before `papers:`, and replaces each paper's `results:` block. Values, sources and
notes are taken from the old entries only; the old dataset text becomes the setting, minus what the
benchmark already says. Results with no number at all move to the paper's notes, said in so many words.
Run it once; on a file that is already migrated it stops.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "results-before-migration.yaml"
BENCHMARKS = Path(__file__).with_name("benchmarks.yaml")

NS = "not stated"
# paper id -> one spec per old result, in order:
#   (benchmark, setting[, extra])          extra may give value, reported, note (default: the old note)
#   ("split", [(benchmark, value, setting), ...])   one old result that holds several numbers
#   ("notes",)                              no number: moved to the paper's notes
MAP: dict[str, list] = {
    "vgg": [
        (
            "imagenet-1k-test-top5-error",
            "2 nets (D and E), multi-crop & dense evaluation; ILSVRC-2012 test set, ILSVRC-2014 classification",
        ),
        ("imagenet-1k-test-top5-error", "ILSVRC-2014 classification submission, ensemble of 7 nets, dense evaluation"),
    ],
    "inception-v1": [("imagenet-1k-test-top5-error", "ILSVRC-2014 classification, final GoogLeNet submission, 7-model ensemble")],
    "inception-v3": [
        ("imagenet-1k-val-top1-error", "single frame, single model"),
        ("imagenet-1k-val-top5-error", "single frame, single model"),
        ("imagenet-1k-val-top5-error", "ensemble of 4 models, multi-crop"),
        ("imagenet-1k-test-top5-error", "ensemble of 4 models, multi-crop; ILSVRC-2012 test"),
        ("imagenet-1k-val-top1-error", "ensemble of 4 models, multi-crop"),
    ],
    "resnet": [
        ("imagenet-1k-test-top5-error", "ensemble; ILSVRC-2015"),
        ("coco-detection-relative-improvement", None),
    ],
    "inception-v4": [
        ("imagenet-1k-test-top5-error", "ensemble of three residual networks and one Inception-v4"),
        ("imagenet-1k-val-top5-error", "ensemble of four models"),
    ],
    "densenet": [
        ("cifar-10-test-error", "with augmentation"),
        ("cifar-100-test-error", "with augmentation"),
        ("svhn-test-error", None),
    ],
    "bit": [
        ("imagenet-1k-top1", "ILSVRC-2012"),
        ("cifar-10-test-top1", None),
        ("vtab-19-tasks-mean-accuracy", None),
        ("imagenet-1k-10-shot-top1", "ILSVRC-2012, 10 examples per class"),
        ("cifar-10-10-shot-top1", None),
    ],
    "efficientnet": [
        ("imagenet-1k-top1", "EfficientNet-B7"),
        ("cifar-100-test-top1", "transfer"),
        ("flowers-top1", "transfer"),
    ],
    "meta-pseudo-labels": [("imagenet-1k-val-top1", "ILSVRC-2012 validation")],
    "vit": [
        ("imagenet-1k-top1", "ViT-H/14 pre-trained on JFT-300M, fine-tuned", {"reported": True}),
        ("imagenet-1k-top1", "ViT-L/16 pre-trained on the public ImageNet-21k", {"reported": True}),
    ],
    "deit": [
        ("imagenet-1k-top1", "single crop, no external data (86M-parameter reference ViT, DeiT-B fine-tuned at 384×384)"),
        ("imagenet-1k-top1", "with distillation"),
    ],
    "all-conv-net": [
        ("cifar-10-test-error", "All-CNN-C, no data augmentation"),
        ("cifar-10-test-error", "All-CNN-C, with data augmentation (flips and small translations)"),
    ],
    "alexnet": [
        ("ilsvrc-2010-test-top1-error", None),
        ("ilsvrc-2010-test-top5-error", None),
        ("imagenet-1k-test-top5-error", "ILSVRC-2012 test set, competition entry"),
    ],
    "mobilenet-v1": [
        ("imagenet-1k-top1", "1.0 MobileNet-224, 569M mult-adds, 4.2M parameters"),
        ("imagenet-1k-top1", "GoogleNet baseline reported for comparison, 1550M mult-adds, 6.8M parameters"),
    ],
    "mobilenet-v2": [
        ("imagenet-1k-top1", "MobileNetV2, 3.4M parameters, 300M MAdds"),
        ("imagenet-1k-top1", "MobileNetV2 1.4, 6.9M parameters, 585M MAdds"),
        ("coco-test-dev-box-ap", "MobileNetV2 + SSDLite, 320x320 input, 4.3M parameters"),
        ("pascal-voc-2012-val-miou", "MobileNetV2 + reduced DeepLabv3, 2.75B MAdds"),
    ],
    "senet": [
        ("imagenet-1k-test-top5-error", "ILSVRC 2017 classification, ensemble, 1st place"),
        (
            "split",
            [
                ("imagenet-1k-val-top1-error", 23.29, "SE-ResNet-50, single crop, 3.87 GFLOPs"),
                ("imagenet-1k-val-top5-error", 6.62, "SE-ResNet-50, single crop, 3.87 GFLOPs"),
            ],
        ),
    ],
    "swin": [
        ("imagenet-1k-val-top1", "Swin-T, 224x224, 29M params, 4.5G FLOPs, trained on ImageNet-1K"),
        ("imagenet-1k-val-top1", "Swin-L, 384x384, pre-trained on ImageNet-22K"),
        ("split", [("coco-test-dev-box-ap", 58.7, None), ("coco-test-dev-mask-ap", 51.1, None)]),
        ("ade20k-val-miou", None),
    ],
    "convnext": [
        ("imagenet-1k-val-top1", "ConvNeXt-T, 224x224, 29M params, 4.5G FLOPs, trained on ImageNet-1K"),
        ("imagenet-1k-val-top1", "ConvNeXt-XL, 384x384, pre-trained on ImageNet-22K"),
        (
            "imagenet-1k-val-top1",
            "ResNet-50 with the modern training recipe only",
            {"value": 78.8, "reported": True, "note": "76.1% with the original training recipe, 78.8% with the modern one."},
        ),
    ],
    "mae": [
        ("imagenet-1k-val-top1", "ViT-H/14 at 448, pre-trained on ImageNet-1K only, fine-tuned"),
        ("imagenet-1k-val-top1", "ViT-B/16, 224, fine-tuned"),
        ("imagenet-1k-mae-pretraining-speedup", "ViT-L, 800 epochs of pre-training, encoder without vs. with mask tokens"),
    ],
    "clip": [("imagenet-1k-zero-shot-top1", "best CLIP model, no ImageNet training images used")],
    "rcnn": [("pascal-voc-2012-map", None)],
    "fast-rcnn": [
        ("pascal-voc-training-speedup-over-rcnn", "VGG16 backbone"),
        ("pascal-voc-test-speedup-over-rcnn", "VGG16 backbone"),
    ],
    "faster-rcnn": [
        ("pascal-voc-2007-test-map", "VGG-16, 300 proposals"),
        ("pascal-voc-2012-test-map", "VGG-16, 300 proposals"),
        ("detection-speed-fps", "VGG-16 on a GPU, all steps included"),
    ],
    "ssd": [
        ("pascal-voc-2007-test-map", "SSD300, 59 FPS on a Titan X"),
        ("pascal-voc-2007-test-map", "500x500 input, first arXiv version"),
    ],
    "yolo-v1": [
        ("detection-speed-fps", "base YOLO model, real-time inference"),
        ("detection-speed-fps", "Fast YOLO (smaller network)"),
    ],
    "yolo-v2": [
        ("pascal-voc-2007-map", "YOLOv2 at 67 FPS"),
        ("pascal-voc-2007-map", "YOLOv2 at 40 FPS"),
        ("imagenet-det-val-map", "YOLO9000; detection data for only 44 of the 200 classes"),
    ],
    "yolo-v3": [
        ("coco-box-ap", "320 x 320 input, 22 ms per image"),
        ("coco-box-ap50", "51 ms on a Titan X"),
    ],
    "yolo-v4": [
        ("coco-box-ap", "about 65 FPS on a Tesla V100"),
        ("coco-box-ap50", None),
    ],
    "yolox": [
        ("coco-box-ap", "YOLOX-L, 68.9 FPS on Tesla V100"),
        ("coco-box-ap", "YOLOv3 baseline upgraded with the YOLOX recipe"),
        ("coco-box-ap", "YOLOX-Nano, 0.91M parameters, 1.08G FLOPs"),
    ],
    "yolo-v8": [
        ("coco-val2017-box-ap", "YOLOv8x, 640 px; the table's column is mAP (val, 50-95)"),
        ("coco-val2017-box-ap", "YOLOv8n, 640 px; the table's column is mAP (val, 50-95)"),
    ],
    "fpn": [("coco-test-dev-box-ap", "Faster R-CNN on FPN, ResNet-101, single model")],
    "retinanet": [
        ("coco-test-dev-box-ap", "RetinaNet-101-800 (ResNet-101-FPN), single model"),
        ("coco-test-dev-box-ap", "RetinaNet with ResNeXt-101-FPN backbone, single model"),
    ],
    "fcos": [("coco-box-ap", "ResNeXt-64x4d-101 backbone, single model, single-scale testing")],
    "centernet": [
        ("coco-box-ap", "at 142 FPS"),
        ("coco-box-ap", "at 52 FPS"),
        ("coco-box-ap", "multi-scale testing, 1.4 FPS"),
    ],
    "detr": [
        ("coco-val2017-box-ap", "DETR with ResNet-50 (41M parameters, 500-epoch schedule)"),
        ("coco-val2017-box-ap", "DETR-DC5-R101"),
    ],
    "deformable-detr": [
        ("coco-val2017-box-ap", "Deformable DETR with ResNet-50, 50 training epochs"),
        ("coco-test-dev-box-ap", "ResNeXt-101 + DCN backbone, with test-time augmentation; COCO 2017 test-dev"),
    ],
    "gfl": [
        ("coco-test-dev-box-ap", "ResNet-101 backbone"),
        ("coco-test-dev-box-ap", "best single model, single-scale, 10 FPS on one 2080Ti"),
    ],
    "unitbox": [("notes",)],
    "giou": [("notes",)],
    "diou": [
        ("pascal-voc-2007-test-ap50-95", "YOLO v3 trained with the CIoU loss; trained on VOC 2007 + 2012 trainval"),
        ("pascal-voc-2007-test-ap", "SSD (ResNet-50) trained with the CIoU loss"),
    ],
    "sort": [
        ("mot-tracking-step-speed", None),
        ("mot15-test-mota", None),
    ],
    "deepsort": [("mot16-identity-switch-reduction", None, {"value": 45, "reported": True})],
    "fairmot": [
        ("mot17-test-private-mota", "CrowdHuman + MIX training"),
        ("mot17-test-private-idf1", "CrowdHuman + MIX training"),
        ("mot20-test-private-mota", None),
    ],
    "bytetrack": [
        ("mot17-test-private-mota", None),
        ("mot17-test-private-idf1", None),
        ("mot17-test-private-hota", None),
        ("mot20-test-private-mota", None),
        ("mot20-test-private-idf1", None),
        ("mot20-test-private-hota", None),
    ],
    "oc-sort": [
        ("mot17-test-private-hota", None),
        ("mot20-test-private-hota", None),
    ],
    "bot-sort": [
        ("mot17-test-mota", "BoT-SORT-ReID"),
        ("mot17-test-idf1", "BoT-SORT-ReID"),
        ("mot17-test-hota", "BoT-SORT-ReID"),
    ],
    "strongsort": [("mot17-mot20-test-leaderboard-rank", "StrongSORT++", {"value": 1, "reported": True})],
    "vae": [("notes",)],
    "gan": [
        ("mnist-test-parzen-log-likelihood", None, {"reported": True}),
        ("tfd-test-parzen-log-likelihood", None, {"reported": True}),
    ],
    "ddpm": [
        ("cifar-10-unconditional-fid", None),
        ("cifar-10-unconditional-inception-score", None),
    ],
    "latent-diffusion": [
        ("celeba-hq-256-unconditional-fid", "LDM-4"),
        ("imagenet-256-class-conditional-fid", "LDM-4-G, classifier-free guidance scale 1.5"),
    ],
    "fcn": [("pascal-voc-2012-test-miou", None)],
    "u-net": [
        ("isbi-2015-phc-u373-iou", None),
        ("isbi-2015-dic-hela-iou", None),
    ],
    "pspnet": [
        ("pascal-voc-2012-test-miou", None),
        ("cityscapes-test-miou", None),
    ],
    "deeplab-v3": [
        ("pascal-voc-2012-test-miou", None),
        ("cityscapes-test-miou", "trained with coarse annotations too"),
    ],
    "deeplab-v3-plus": [
        ("pascal-voc-2012-test-miou", None),
        ("cityscapes-test-miou", None),
    ],
    "mask-rcnn": [("coco-test-dev-mask-ap", "ResNeXt-101-FPN backbone")],
    "segformer": [
        ("ade20k-miou", "SegFormer-B4, 64M parameters"),
        ("cityscapes-val-miou", "SegFormer-B5"),
    ],
    "sam": [("sa-1b-mask-count", "built with SAM in the data engine; on 11M images", {"value": 1_000_000_000, "reported": True})],
    "batch-norm": [("imagenet-1k-val-top5-error", "ensemble of batch-normalized networks")],
    "layer-norm": [("coco-caption-retrieval-r1", "order-embedding GRU model with LN")],
    "group-norm": [("imagenet-1k-gn-error-reduction-vs-bn", "ResNet-50, batch size 2 per GPU")],
    "weight-standardization": [
        ("imagenet-1k-val-top1-error", "ResNet-50 with GN + WS"),
        ("notes",),
    ],
    "knowledge-distillation": [("mnist-test-errors", "small net (2 x 800 ReLU) distilled from a large net at temperature 20")],
    "dilated-convolutions": [("pascal-voc-2012-test-miou", "context module + CRF-RNN")],
}

_PLAIN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(%|x|fps|FPS|Hz)?\s*$")


def plain_number(value: str) -> float | int | None:
    """`6.8%` -> 6.8, `9x` -> 9, `45 FPS` -> 45; None when the text is more than a number and a unit."""
    match = _PLAIN.match(value)
    if not match:
        return None
    number = float(match.group(1))
    return int(number) if number.is_integer() and "." not in match.group(1) else number


def old_results(data: dict) -> list[dict]:
    return [{"paper": p["id"], **r} for p in data["papers"] for r in p.get("results", [])]


def new_results(paper: dict) -> tuple[list[dict], list[str]]:
    """The paper's results in the new format, and the paragraphs its notes gain."""
    specs = MAP[paper["id"]]
    old = paper.get("results", [])
    if len(specs) != len(old):
        raise SystemExit(f"{paper['id']}: {len(old)} results but {len(specs)} specs in MAP")
    out, paragraphs = [], []
    for spec, r in zip(specs, old, strict=True):
        if spec[0] == "notes":
            text = f"The paper also reports a result without a number ({r['source']}): on {r['dataset']}, {r['metric']}: {r['value']}."
            paragraphs.append(text + (f" {r['note']}" if r.get("note") else ""))
            continue
        if spec[0] == "split":
            for bench, value, setting in spec[1]:
                item = {
                    "benchmark": bench,
                    "value": value,
                    "setting": setting,
                    "source": r["source"],
                    "reported": r["value"],
                    "note": r.get("note"),
                }
                out.append(item)
            continue
        bench, setting, *rest = spec
        extra = rest[0] if rest else {}
        value = extra.get("value", plain_number(r["value"]))
        if value is None and "±" in r["value"]:
            value = plain_number(r["value"].split("±")[0])
        if value is None:
            raise SystemExit(f"{paper['id']}: no number in {r['value']!r}; give one in MAP")
        item = {"benchmark": bench, "value": value, "setting": setting, "source": r["source"]}
        item["reported"] = r["value"] if extra.get("reported") else None
        item["note"] = extra.get("note", r.get("note"))
        if "note" in extra and r.get("note"):
            item["note"] = f"{extra['note']} {r['note']}"
        out.append(item)
    return out, paragraphs


def scalar(value: object, indent: int) -> str:
    """A YAML scalar that reads back as the same value; long text folded at about 110 columns."""
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    dumped = yaml.safe_dump(text, width=10_000, allow_unicode=True).removesuffix("\n...\n").rstrip("\n")
    if len(text) + indent < 110:
        return dumped
    lines = textwrap.wrap(text, width=110 - indent - 2, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(" " * (indent + 2) + line for line in lines)


def block(results: list[dict]) -> list[str]:
    lines = ["    results:\n"]
    for r in results:
        first = True
        for key in ("benchmark", "value", "setting", "source", "reported", "note"):
            if r.get(key) is None:
                continue
            lead = "      - " if first else "        "
            lines.append(f"{lead}{key}: {scalar(r[key], 8)}\n")
            first = False
    return lines


def _end(lines: list[str], start: int, indent: int) -> int:
    """The index of the first line after `start` that is not blank and is indented `indent` or less."""
    i = start + 1
    while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
        i += 1
    while lines[i - 1].strip() == "":  # trailing blank lines belong to what follows
        i -= 1
    return i


def migrate(text: str) -> tuple[str, list[dict]]:
    data = yaml.safe_load(text)
    if "benchmarks" in data:
        raise SystemExit("resources.yaml already has `benchmarks:`; the migration has run")
    papers = {p["id"]: p for p in data["papers"]}
    unknown = set(MAP) - set(papers)
    missing = {p for p, paper in papers.items() if paper.get("results")} - set(MAP)
    if unknown or missing:
        raise SystemExit(
            f"MAP is out of date: papers not in the catalogue {sorted(unknown)}, papers with results not mapped {sorted(missing)}"
        )
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    paper_id, in_papers, i = None, False, 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"^[a-z_]+:", line):
            in_papers = line.startswith("papers:")
            if in_papers:
                out += _benchmarks_block()
        match = re.match(r"^  - id: ([a-z0-9-]+)\s*$", line)
        if in_papers and match:
            paper_id = match.group(1)
        if in_papers and paper_id and line.startswith("    notes:"):
            _results, paragraphs = new_results(papers[paper_id]) if paper_id in MAP else ([], [])
            if paragraphs:
                if not line.rstrip().endswith("|-"):
                    raise SystemExit(f"{paper_id}: notes is not a |- block")
                end = _end(lines, i, 4)
                out += lines[i:end]
                for paragraph in paragraphs:
                    out.append("\n")
                    out += [
                        "      " + wrapped + "\n"
                        for wrapped in textwrap.wrap(paragraph, 104, break_long_words=False, break_on_hyphens=False)
                    ]
                papers[paper_id]["_notes_done"] = True
                i = end
                continue
        if in_papers and paper_id and line.rstrip() == "    results:":
            results, paragraphs = new_results(papers[paper_id])
            end = _end(lines, i, 4)
            if results:
                out += block(results)
            if paragraphs and not papers[paper_id].get("_notes_done"):
                if papers[paper_id].get("notes"):
                    raise SystemExit(f"{paper_id}: notes come after results; move them first")
                out.append("    notes: |-\n")
                for n, paragraph in enumerate(paragraphs):
                    if n:
                        out.append("\n")
                    out += [
                        "      " + wrapped + "\n"
                        for wrapped in textwrap.wrap(paragraph, 104, break_long_words=False, break_on_hyphens=False)
                    ]
            i = end
            continue
        out.append(line)
        i += 1
    return "".join(out), old_results(data)


def _benchmarks_block() -> list[str]:
    text = BENCHMARKS.read_text(encoding="utf-8")
    body = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    head = [
        "benchmarks:\n",
        "  # The benchmarks papers report results on: one page each, benchmarks/<id>/. A result's `benchmark` names one of these.\n",
    ]
    return head + ["  " + line if line.strip() else line for line in body] + ["\n"]


def main() -> int:
    text = RESOURCES.read_text(encoding="utf-8")
    migrated, old = migrate(text)
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    header = "# The results of resources.yaml before the benchmark migration (tests/migration/migrate_results.py), frozen.\n"
    FIXTURE.write_text(header + yaml.safe_dump(old, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    RESOURCES.write_text(migrated, encoding="utf-8")
    print(f"migrated {len(old)} results; fixture {FIXTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
