"""The catalogue's typed model: what `resources.yaml` may contain.

Every field is documented here once; the JSON Schema and the contributor docs are
generated from these classes, so this file is the one place to change the format.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

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
    Field(description="TeX for MathJax, without the surrounding `$$`."),
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
LinkKind = Literal["article", "video", "course", "cheat-sheet", "code", "toolbox", "paper", "book"]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    kind: Literal["loss", "metric"] = "loss"
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


class Result(Entry):
    """A headline number, always with its dataset, metric and place in the paper."""

    metric: Text
    value: Text
    dataset: Text
    source: Text = Field(
        description="Where in the paper, e.g. `Table 3`; for a result the paper does not state, the official source and its table."
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


class Catalogue(Entry):
    """The whole of `resources.yaml`."""

    topics: list[Topic] = Field(min_length=1)
    notions: list[Notion] = []
    formulas: list[Formula] = []
    papers: list[Paper] = []
    faq: list[FaqEntry] = []
