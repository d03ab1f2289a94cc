"""Benchmarks (issue 12): every result of the old free-text format survived the migration; each bad
result or benchmark stops the build with its line; ranks, charts and pages show what the data says."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from cvsite import charts
from cvsite.link import load_site
from cvsite.load import CatalogueError

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
OLD = yaml.safe_load((FIXTURES / "results-before-migration.yaml").read_text(encoding="utf-8"))
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")


# --- the migration ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(billion|M\b)?")
_SCALE = {"billion": 1e9, "M": 1e6, "": 1}


def numbers(text: str) -> list[float]:
    """The numbers a printed value holds: '88.55 ± 0.04%' -> [88.55, 0.04]; '11M' -> [11000000.0]."""
    return [float(n) * _SCALE[scale] for n, scale in _NUMBER.findall(text)]


def plain(text: str) -> float | None:
    """The number of a value that is only a number and a unit ('6.8%', '9x', '45 FPS'), else None."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%|x|fps|FPS|Hz)?\s*", text)
    return float(match.group(1)) if match else None


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


def same_source(result, old: dict) -> bool:
    """The old source, or the old source made precise after a semicolon ('Abstract; the split from Table 6')."""
    return result.source == old["source"] or result.source.startswith(old["source"] + "; ")


def test_the_fixture_is_the_old_format():
    assert len(OLD) == 136
    assert all(set(r) <= {"paper", "metric", "value", "dataset", "source", "note"} and isinstance(r["value"], str) for r in OLD)


def test_every_old_result_survived_with_its_value_and_source():
    """Each old result is a new result of its paper with the same source and the same number (and
    the printed text where it was more than a number), or, with no number, a sentence of its notes."""
    used: set[int] = set()
    moved = []
    for old in OLD:
        paper = SITE.papers[old["paper"]]
        same_source_results = [r for r in paper.results if same_source(r, old)]
        where = f"{old['paper']}: {old['value']!r} ({old['source']})"
        value = plain(old["value"])
        if value is not None:
            match = next((r for r in same_source_results if id(r) not in used and r.value == value and not r.reported), None)
            assert match is not None, where
            used.add(id(match))
            if old.get("note"):
                assert flat(old["note"]) in flat(match.note), where
            continue
        printed = [r for r in same_source_results if r.reported == old["value"]]
        if printed:
            for result in printed:
                assert result.value in numbers(old["value"]), where
            continue
        assert numbers(old["value"]) == [] or old["paper"] in ("strongsort", "sam"), where  # text only
        assert flat(old["value"]) in flat(paper.notes) and old["source"] in flat(paper.notes), where
        moved.append(old["paper"])
    assert sorted(moved) == ["giou", "unitbox", "vae", "weight-standardization"]


def test_every_number_of_the_old_dataset_and_metric_text_survived():
    """The old `dataset` and `metric` texts held facts too (backbone, input size, parameters, split):
    each of their numbers is in the new result's setting, note or printed value, or in its benchmark."""
    for old in OLD:
        paper = SITE.papers[old["paper"]]
        candidates = [r for r in paper.results if same_source(r, old)]
        if not candidates:  # moved to the notes, text and all (checked above)
            continue
        wanted = set(numbers(old["dataset"]) + numbers(old["metric"]))
        found = set()
        for r in candidates:
            bench = SITE.benchmarks[r.benchmark]
            found |= set(
                numbers(
                    " ".join(
                        filter(None, (r.setting, r.note, r.reported, bench.name, bench.dataset, bench.split, bench.metric, bench.note))
                    )
                )
            )
        missing = wanted - found
        assert not missing, f"{old['paper']}: {sorted(missing)} of {old['dataset']!r} / {old['metric']!r}"


def test_results_that_held_two_numbers_became_two_results():
    senet = {r.benchmark: r.value for r in SITE.papers["senet"].results if r.reported == "23.29% / 6.62%"}
    assert senet == {"imagenet-1k-val-top1-error": 23.29, "imagenet-1k-val-top5-error": 6.62}
    swin = {r.benchmark: r.value for r in SITE.papers["swin"].results if r.reported == "58.7 / 51.1"}
    assert swin == {"coco-test-dev-box-ap": 58.7, "coco-test-dev-mask-ap": 51.1}


# --- validation -------------------------------------------------------------------------------------


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "resources.yaml"
    path.write_text(text, encoding="utf-8")
    return load_site(path, FIXTURES / "minimal.bib")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _case(name: str, old: str, new: str, needle: str, words: str) -> tuple:
    return _edits(name, [(old, new)], needle, words)


def _edits(name: str, edits: list[tuple[str, str]], needle: str, words: str) -> tuple:
    """A corpus case: GOOD with each old text replaced by its new one; the error names the line holding needle."""
    text = GOOD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return (name, text, line_of(text, needle), words)


_RESULT = """      - benchmark: imagenet-1k-test-top5-error
        value: 3.57
        setting: ensemble
        source: Abstract
"""
_BENCH = """  - id: imagenet-1k-test-top5-error
    name: ImageNet-1k test top-5 error
"""
_UNUSED = """  - id: coco-val2017-box-ap
    name: COCO val2017 box AP
    task: image-classification
    dataset: COCO
    split: val2017
    metric: box AP
    unit: "%"
    higher_is_better: true
"""
CORPUS = [
    _case(
        "unknown benchmark, with a suggestion",
        "      - benchmark: imagenet-1k-test-top5-error",
        "      - benchmark: imagenet-1k-test-top-5-error",
        "benchmark: imagenet-1k-test-top-5",
        "papers[0] (resnet).results[0].benchmark: unknown benchmark id 'imagenet-1k-test-top-5-error'; "
        "did you mean 'imagenet-1k-test-top5-error'?",
    ),
    _case(
        "unknown benchmark, nothing close",
        "      - benchmark: imagenet-1k-test-top5-error",
        "      - benchmark: mot17-test-hota",
        "benchmark: mot17",
        "unknown benchmark id 'mot17-test-hota'; add it under `benchmarks:`",
    ),
    _case(
        "value with its unit",
        "        value: 3.57",
        "        value: 3.57%",
        "value: 3.57%",
        "results[0].value: expected a number like 44.4, without its unit",
    ),
    _case(
        "value as quoted text",
        "        value: 3.57",
        "        value: '3.57'",
        "value: '3.57'",
        "expected a number, not text: write it without quotes",
    ),
    _case(
        "value as words", "        value: 3.57", "        value: best among published methods", "value: best", "expected a number like 44.4"
    ),
    _case("value true", "        value: 3.57", "        value: true", "value: true", "expected a number like 44.4"),
    _case("value missing", "        value: 3.57\n", "", "- benchmark: imagenet", "results[0].value: missing"),
    _case("value not finite", "        value: 3.57", "        value: .nan", "value: .nan", "expected a finite number"),
    _case(
        "percentage over 100",
        "        value: 3.57",
        "        value: 357",
        "value: 357",
        "357 is out of range for the unit '%' of benchmark 'imagenet-1k-test-top5-error'; expected a percentage from 0 to 100",
    ),
    _case("negative percentage", "        value: 3.57", "        value: -3.57", "value: -3.57", "out of range for the unit '%'"),
    _case(
        "a count that is not whole",
        '    unit: "%"',
        "    unit: count",
        "value: 3.57",
        "3.57 is out of range for the unit 'count' of benchmark 'imagenet-1k-test-top5-error'; expected a whole number",
    ),
    _edits(
        "a negative FID",
        [('    unit: "%"', "    unit: FID"), ("        value: 3.57", "        value: -1")],
        "value: -1",
        "out of range for the unit 'FID'",
    ),
    _edits(
        "a speed-up of 0",
        [('    unit: "%"', '    unit: "×"'), ("        value: 3.57", "        value: 0")],
        "value: 0",
        "out of range for the unit '×'",
    ),
    _case(
        "a unit the model does not know",
        '    unit: "%"',
        "    unit: percent",
        "unit: percent",
        "benchmarks[0] (imagenet-1k-test-top5-error).unit: expected one of: '%', 'score'",
    ),
    _case(
        "duplicate result",
        _RESULT,
        _RESULT
        + "      - setting: ensemble\n        benchmark: imagenet-1k-test-top5-error\n        value: 3.6\n        source: Table 4\n",
        "- setting: ensemble",
        "papers[0] (resnet).results[1]: the same benchmark and setting as results[0]",
    ),
    _case(
        "duplicate result, setting spelt differently",
        _RESULT,
        _RESULT
        + "      - setting: '  Ensemble'\n        benchmark: imagenet-1k-test-top5-error\n        value: 3.6\n        source: Table 4\n",
        "- setting: '  Ensemble'",
        "the same benchmark and setting as results[0]",
    ),
    _case(
        "benchmark nothing uses",
        "papers:\n",
        _UNUSED + "papers:\n",
        "id: coco-val2017-box-ap",
        "benchmarks[1] (coco-val2017-box-ap).id: benchmark 'coco-val2017-box-ap' has no result",
    ),
    _case(
        "unknown task",
        "    task: image-classification",
        "    task: detection",
        "task: detection",
        "benchmarks[0] (imagenet-1k-test-top5-error).task: unknown topic id 'detection'",
    ),
    _case(
        "unknown formula",
        "    higher_is_better: false",
        "    higher_is_better: false\n    formula: map",
        "formula: map",
        "unknown formula id 'map'",
    ),
    _case(
        "duplicate benchmark id",
        "papers:\n",
        _BENCH.replace("  - id:", "  - id:  ")
        + "    task: image-classification\n    dataset: x\n    split: x\n    metric: x\n"
        + "    unit: score\n    higher_is_better: true\npapers:\n",
        "- id:   imagenet",
        "duplicate id 'imagenet-1k-test-top5-error'",
    ),
    _case(
        "old free-text result",
        _RESULT,
        "      - metric: top-5 error\n        value: 3.57%\n        dataset: ImageNet\n        source: Abstract\n",
        "- metric: top-5",
        "results[0].metric: unknown field",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_benchmark_or_result_is_located(tmp_path, name, text, line, words):
    with pytest.raises(CatalogueError) as caught:
        load_text(tmp_path, text)
    report = str(caught.value)
    assert words in report, report
    assert any(p.line == line and p.file == "resources.yaml" for p in caught.value.problems), (line, report)
    assert "Traceback" not in report


def test_the_minimal_catalogue_has_a_valid_benchmark(tmp_path):
    site = load_text(tmp_path, GOOD)
    (row,) = site.standings["imagenet-1k-test-top5-error"]
    assert (row.paper.id, row.rank, row.total, row.result.value) == ("resnet", 1, 1, 3.57)


# --- ranks and charts -------------------------------------------------------------------------------


def test_ranks_follow_the_direction_and_ties_share_a_rank(tmp_path):
    extra = "".join(
        f"      - benchmark: imagenet-1k-test-top5-error\n        value: {v}\n        setting: run {i}\n        source: Table {i}\n"
        for i, v in enumerate((2.0, 3.57, 9.5))
    )
    site = load_text(tmp_path, GOOD.replace(_RESULT, _RESULT + extra))
    rows = site.standings["imagenet-1k-test-top5-error"]
    assert [(r.result.value, r.rank) for r in rows] == [(2.0, 1), (3.57, 2), (3.57, 2), (9.5, 4)]  # lower is better
    assert {r.total for r in rows} == {4}
    flipped = load_text(tmp_path, GOOD.replace(_RESULT, _RESULT + extra).replace("higher_is_better: false", "higher_is_better: true"))
    assert [r.result.value for r in flipped.standings["imagenet-1k-test-top5-error"]] == [9.5, 3.57, 3.57, 2.0]


def test_every_result_of_the_catalogue_has_a_standing():
    for paper in SITE.catalogue.papers:
        for result in paper.results:
            standing = SITE.standing(paper, result)
            assert 1 <= standing.rank <= standing.total == len(SITE.standings[result.benchmark])


def test_best_so_far_never_gets_worse():
    for bench_id, rows in SITE.standings.items():
        line = [value for _, value in charts.best_so_far(rows)]
        higher = SITE.benchmarks[bench_id].higher_is_better
        assert line == sorted(line, reverse=not higher), bench_id
        assert line[-1] == rows[0].result.value, bench_id  # it ends at the best result


def test_chart_is_accessible_and_escapes_every_label():
    bench = SITE.benchmarks["coco-test-dev-box-ap"]
    rows = SITE.standings[bench.id]
    drawing = charts.svg(bench, rows)
    assert drawing.startswith("<svg") and 'role="img"' in drawing and "viewBox=" in drawing
    assert f'<title id="chart-title-{bench.id}">' in drawing and "<desc id=" in drawing
    assert drawing.count("</circle>") == len(rows)  # one dot per result, each with its text (the legend dot has none)
    nasty = bench.model_copy(update={"name": "<script>alert(1)</script>"})
    paper = rows[0].paper.model_copy(update={"short_name": '"><img src=x onerror=alert(1)>'})
    evil = [type(rows[0])(nasty, paper, rows[0].result, 1, 1)]
    drawing = charts.svg(nasty, evil)
    assert "<script" not in drawing and "<img" not in drawing and "&lt;script&gt;" in drawing


def test_chart_fills_only_its_own_page():
    placeholder = '<div class="benchmark-chart" id="chart-coco-test-dev-box-ap"></div>'
    assert "<svg" in charts.fill(placeholder, SITE, "benchmarks/coco-test-dev-box-ap/")
    assert charts.fill(placeholder, SITE, "papers/retinanet/") == placeholder  # e.g. written into a paper's notes
    assert "<svg" not in charts.fill(placeholder, SITE, "benchmarks/coco-val2017-box-ap/")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(44.4, "%", "44.4%"), (3.17, "FID", "3.17"), (9, "×", "9×"), (260, "Hz", "260 Hz"), (1_000_000_000, "count", "1,000,000,000")],
)
def test_values_are_shown_with_their_unit(value, unit, shown):
    assert charts.fmt(value, unit) == shown


# --- the built pages --------------------------------------------------------------------------------


def text_of(html: str) -> str:
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", article)).split())  # the text a reader sees: "J&F", not "J&amp;F"


def test_paper_page_gives_each_result_its_standing(built_site):
    retinanet = SITE.papers["retinanet"]
    text = text_of((built_site / "papers" / "retinanet" / "index.html").read_text(encoding="utf-8"))
    for result in retinanet.results:
        s = SITE.standing(retinanet, result)
        assert f"{charts.ordinal(s.rank)} of {s.total} in this catalogue on {s.benchmark.name}" in text
    html = (built_site / "papers" / "retinanet" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../benchmarks/coco-test-dev-box-ap/"' in html


def test_benchmark_page_lists_every_result_with_a_chart(built_site):
    html = (built_site / "benchmarks" / "coco-test-dev-box-ap" / "index.html").read_text(encoding="utf-8")
    text = text_of(html)
    rows = SITE.standings["coco-test-dev-box-ap"]
    assert len(rows) >= 4
    for row in rows:
        assert row.paper.short_name in text and charts.fmt(row.result.value, "%") in text and row.result.source in text
    assert "not a controlled re-evaluation" in text
    assert 'href="../../losses/#mean-average-precision"' in html
    assert html.count('<svg class="benchmark-chart-svg"') == 1


def test_index_lists_every_benchmark_under_its_task(built_site):
    text = text_of((built_site / "benchmarks" / "index.html").read_text(encoding="utf-8"))
    for bench in SITE.catalogue.benchmarks:
        assert bench.name in text
        assert (built_site / "benchmarks" / bench.id / "index.html").is_file()
    assert "not a controlled re-evaluation" in text


@pytest.mark.browser
def test_sorting_a_benchmark_table(page, server):
    page.goto(f"{server}/benchmarks/coco-test-dev-box-ap/")
    table = page.locator(".benchmark-results table")

    def column(n: int) -> list[str]:
        return table.locator(f"tbody tr td:nth-child({n})").all_inner_texts()

    ranked = column(1)
    assert ranked == sorted(ranked, key=int)  # as built: best first
    year = table.get_by_role("button", name=re.compile("^Year"))
    year.click()
    assert column(3) == sorted(column(3)) and column(3) != sorted(column(3), reverse=True)
    assert table.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    year.click()
    assert column(3) == sorted(column(3), reverse=True)
    table.get_by_role("button", name=re.compile("^Value")).click()
    values = [float(v.rstrip("%")) for v in column(4)]
    assert values == sorted(values)
    table.get_by_role("button", name=re.compile("^Paper")).click()
    papers = column(2)
    assert papers == sorted(papers, key=str.lower)


@pytest.mark.browser
def test_benchmark_table_is_readable_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/benchmarks/coco-test-dev-box-ap/")
    rows = page.locator(".benchmark-results tbody tr")
    assert rows.count() == len(SITE.standings["coco-test-dev-box-ap"])
    assert page.locator(".benchmark-results button").count() == 0
    assert page.locator("figure.benchmark-chart svg").is_visible()
    context.close()


def test_resources_json_carries_benchmarks_and_structured_results(built_site):
    import json

    data = json.loads((built_site / "resources.json").read_text(encoding="utf-8"))
    assert [b["id"] for b in data["benchmarks"]] == [b.id for b in SITE.catalogue.benchmarks]
    assert {"id", "name", "task", "dataset", "split", "metric", "unit", "higher_is_better"} <= set(data["benchmarks"][0])
    results = [r for p in data["papers"] for r in p["results"]]
    assert len(results) == sum(len(p.results) for p in SITE.catalogue.papers)
    assert all(isinstance(r["value"], (int, float)) and r["benchmark"] in SITE.benchmarks for r in results)
