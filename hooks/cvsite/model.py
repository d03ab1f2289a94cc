"""The catalogue's typed model: what `resources.yaml` may contain.

Every field is documented here once; the JSON Schema and the contributor docs are
generated from these classes, so this file is the one place to change the format.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(description="Lower-case words joined by hyphens, e.g. `faster-rcnn`."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000),
    Field(description="Markdown; math between `$...$` (inline) or `$$...$$` (display)."),
]
Latex = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4_000),
    Field(description="TeX, typeset as MathML at build time, without the surrounding `$$`."),
]

_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _http_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError("an http:// or https:// URL with a host name and no spaces")
    return value


# The JSON Schema states the same rule as _URL, spelt for editors' JavaScript regexes (no inline flags).
_URL_SCHEMA = {"type": "string", "maxLength": 2_000, "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+\.[^\s/?#]+\S*$"}
Url = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_http_url), WithJsonSchema(_URL_SCHEMA)]


def _past_year(value: int) -> int:
    if value > dt.date.today().year:
        raise ValueError(f"a year no later than {dt.date.today().year}")
    return value


def _past_date(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError("a date that is not in the future")
    return value


# strict: a quoted '2023' is text, and YAML's dates and floats are refused rather than converted
Year = Annotated[int, Field(ge=1950, strict=True), AfterValidator(_past_year)]
Added = Annotated[
    dt.date,
    AfterValidator(_past_date),
    Field(description="The day the entry was added (YYYY-MM-DD); feeds the 'recently added' list."),
]
# arXiv's id forms: YYMM.NNNN from 0704 to 1412, YYMM.NNNNN from 1501 on, and before April 2007
# the old archive/YYMMNNN form (cs/0301001, math.GT/0309136).
ARXIV_PATTERN = (
    r"^(?:(?:0[7-9]|1[0-4])(?:0[1-9]|1[0-2])\.\d{4}|(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5}"
    r"|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$"
)
ArxivId = Annotated[
    str,
    StringConstraints(pattern=ARXIV_PATTERN),
    Field(description="The arXiv identifier without version, in quotes: `'1512.03385'` (5 digits after the dot since 2015, 4 before)."),
]
Day = Annotated[dt.date, AfterValidator(_past_date)]
LinkKind = Literal["article", "video", "course", "cheat-sheet", "code", "toolbox", "paper", "book"]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Correction(Entry):
    """A fact that was wrong and was corrected: shown at the bottom of its page, on the Corrections
    page and in the feeds."""

    date: Day = Field(description="The day the correction was made (YYYY-MM-DD).")
    change: Markdown = Field(description="What was wrong and what it says now, in one or two sentences.")
    source: Url = Field(description="The source that settles it: the paper's abstract page, its text or its official repository.")


Corrections = Annotated[list[Correction], Field(description="Corrections of this entry's facts, oldest first.")]


class Link(Entry):
    """A link to something worth reading, watching or running."""

    kind: LinkKind
    title: Text
    url: Url
    note: Markdown | None = Field(None, description="One or two sentences on why it is worth it.")
    recommended: bool = Field(False, description="True for the best links (the seed's star).")
    section: Text | None = Field(None, description="The heading it is listed under on a topic page.")
    added: Added | None = None


class Topic(Entry):
    """A section of the site: one page with its reading list, papers, notions and formulas."""

    id: Slug
    title: Text
    summary: Markdown = Field(description="What the topic is about, in a short paragraph.")
    resources: list[Link] = []


class Notion(Entry):
    """A concept or technique (non-maximum suppression, batch normalization...)."""

    id: Slug
    title: Text
    topic: Slug
    summary: Markdown
    resources: list[Link] = []
    added: Added
    corrections: Corrections = []


class LegendEntry(Entry):
    symbol: Latex
    meaning: Markdown = Field(description="One sentence; inline math between `$...$`; no `|` (write `\\vert` in math).")


class Example(Entry):
    """A worked numeric example; the tests run the implementation on it."""

    inputs: dict[str, float | int | list[float] | list[int] | list[list[float]]]
    output: float
    explanation: Markdown | None = None


class Implementation(Entry):
    file: Annotated[str, StringConstraints(pattern=r"^implementations/[a-z0-9_]+\.py$")]
    function: Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")]


class Formula(Entry):
    """A loss or a metric, with its TeX, a legend of its symbols and the paper behind it."""

    id: Slug
    name: Text
    kind: Literal["loss", "metric", "sampling"] = Field(
        "loss", description="`loss` (trained on), `metric` (evaluated with) or `sampling` (a rule applied while generating, e.g. guidance)."
    )
    topic: Slug
    latex: Latex
    explanation: Markdown
    legend: list[LegendEntry] = Field(min_length=1)
    paper: Slug | None = Field(None, description="The paper that introduced the formula.")
    builds_on: list[Slug] = Field([], description="Formulas this one extends.")
    example: Example | None = None
    implementation: Implementation | None = None
    resources: list[Link] = []
    added: Added
    corrections: Corrections = []


# The units a benchmark may use, with the range a value in that unit must fall in (None: unbounded).
UNITS: dict[str, tuple[float | None, float | None, str]] = {
    "%": (0, 100, "a percentage from 0 to 100"),
    "score": (None, None, "any real number"),
    "FID": (0, None, "a Fréchet Inception Distance, 0 or more"),
    "count": (0, None, "a whole number, 0 or more"),
    "rank": (1, None, "a whole number, 1 or more"),
    "×": (0, None, "a factor above 0 (e.g. a speed-up)"),
    "fps": (0, None, "frames per second, above 0"),
    "Hz": (0, None, "updates per second, above 0"),
    "dB": (None, None, "decibels"),
    "px": (0, None, "pixels, 0 or more"),
    "m": (0, None, "metres, 0 or more"),
    "s": (0, None, "seconds, 0 or more"),
    "ms": (0, None, "milliseconds, 0 or more"),
}
Unit = Literal["%", "score", "FID", "count", "rank", "×", "fps", "Hz", "dB", "px", "m", "s", "ms"]


class Benchmark(Entry):
    """A data set, split and metric that papers report numbers on; it has a page, `benchmarks/<id>/`."""

    id: Slug = Field(description="Stable; named `<dataset>-<split>-<metric>`, e.g. `coco-test-dev-box-ap`.")
    name: Text = Field(description="The display name, e.g. `COCO test-dev box AP`.")
    task: Slug = Field(description="The task, as a topic id.")
    dataset: Text = Field(description="The data set's name, e.g. `COCO`.")
    split: Text = Field(description="The split or protocol, e.g. `test-dev`, `val`, `test (private detections)`.")
    metric: Text = Field(description="The metric's name as papers print it, e.g. `box AP`.")
    unit: Unit = Field(description="The unit of every value on this benchmark; it fixes the range a value may take.")
    higher_is_better: bool
    url: Url | None = Field(None, description="The data set's or benchmark's official page, where one was checked.")
    formula: Slug | None = Field(None, description="The metric's formula id on the Losses and metrics page, where there is one.")
    note: Markdown | None = Field(None, description="How to read the metric, in one or two sentences.")


def _number(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value):
        raise ValueError("a number, not text: write it without quotes")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("a number like 44.4, without its unit (the benchmark has it); words go in `setting`, `reported` or `note`")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("a finite number")
    return value


Number = Annotated[float | int, BeforeValidator(_number), WithJsonSchema({"type": "number"})]


class Result(Entry):
    """A number a paper reports on a benchmark, with its setting and its place in the paper."""

    benchmark: Slug = Field(description="The benchmark's id (see `benchmarks:`).")
    value: Number = Field(description="A number in the benchmark's unit, without the unit: `44.4`, not `44.4%`.")
    setting: Text | None = Field(
        None,
        description="What the number was measured with: backbone, input size, extra training data, parameters or FLOPs, "
        "single model or ensemble. Left out only when the source gives none.",
    )
    source: Text = Field(
        description="Where in the paper, e.g. `Table 3`; for a result the paper does not state, the official source and its table."
    )
    reported: Text | None = Field(
        None, description="The value as the source prints it, when the number alone loses something: a ± spread, a range, a bound."
    )
    note: Text | None = None


class Equation(Entry):
    latex: Latex
    caption: Markdown = Field(description="One or two sentences naming every symbol; inline math between `$...$`.")


class Figure(Entry):
    """A figure hosted elsewhere: linked, never embedded (the site loads nothing from another host)."""

    title: Text = Field(description="What the figure is, e.g. `YOLOv8-P5 architecture diagram`.")
    url: Url = Field(description="Where the image is.")
    caption: Markdown = Field(description="What it shows, in a sentence or two.")
    credit: Text = Field(description="Who made it, and where it is published.")
    source: Url = Field(description="The page that publishes and credits it.")


class Paper(Entry):
    """A paper (or, for YOLOv8, an official release) with its explainers."""

    id: Slug = Field(description="Stable: it makes the page's URL, `papers/<id>/`.")
    title: Text
    short_name: Text
    also_known_as: list[Text] = Field(
        [], max_length=4,
        description="Other names readers type for it, as the paper or its official repository writes them "
        "(\"Vision Transformer\" for ViT): shown beside the short name, and a search for one leads to the paper first.",
    )
    year: Year
    authors: list[Text] = Field(min_length=1)
    venue: Text
    arxiv: ArxivId | None = None
    url: Url | None = Field(None, description="The paper's page when it has no arXiv id.")
    code: Url | None = Field(None, description="The official code, where one exists.")
    bibtex: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_:.-]+$")] = Field(
        description="The key of its entry in `references.bib`."
    )
    topic: Slug = Field(description="The task, as a topic id.")
    tldr: Annotated[str, StringConstraints(min_length=1, max_length=600)]
    key_ideas: list[Markdown] = Field(min_length=1, max_length=7)
    equations: list[Equation] = []
    notes: Markdown | None = None
    training_notes: Markdown | None = None
    results: list[Result] = []
    explainers: list[Link] = []
    figures: list[Figure] = Field([], description="Figures worth seeing, linked with a caption and a credit.")
    builds_on: list[Slug] = Field([], description="Papers this one builds on (its lineage).")
    formulas: list[Slug] = []
    notions: list[Slug] = []
    added: Added
    checked: Day | None = Field(
        None, description="The day its facts were last checked against the paper and its official repository (YYYY-MM-DD)."
    )
    corrections: Corrections = []

    @property
    def title_after_name(self) -> str:
        """The title without a leading "NAME: " that repeats the short name shown beside it
        ("SSD: Single Shot..." beside SSD; "YOLO9000: Better..." beside "YOLOv2 / YOLO9000")."""
        names = {self.short_name, *(part.strip() for part in self.short_name.split("/"))}
        for separator in (": ", " - ", " – "):
            head, found, rest = self.title.partition(separator)
            if found and rest and head in names:
                return rest
        return self.title


class FaqEntry(Entry):
    """A question and its answer; the FAQ page groups answers by topic, in the topics' order."""

    id: Slug = Field(description="Stable: it makes the answer's anchor, `faq/#<id>`.")
    question: Text
    topic: Slug = Field(description="The topic it is filed under on the FAQ page, as a topic id.")
    answer: Markdown
    resources: list[Link] = []
    added: Added
    corrections: Corrections = []


class Catalogue(Entry):
    """The whole of `resources.yaml`."""

    topics: list[Topic] = Field(min_length=1)
    notions: list[Notion] = []
    formulas: list[Formula] = []
    benchmarks: list[Benchmark] = []
    papers: list[Paper] = []
    faq: list[FaqEntry] = []
