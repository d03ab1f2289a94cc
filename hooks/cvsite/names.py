"""Stage 9b: the names index, so that a paper or formula typed by its name is the first search result.

Pagefind ranks pages by their words: "transformer" puts Swin Transformer, whose title and short name
both say it, above the Transformer paper, whose title ("Attention Is All You Need") does not, and the
browser only fetches the text of the first few results. search.js reorders what it fetched by how
well each result's name matches the query; this index gives it the pages whose name the query is,
wherever Pagefind ranks them.

Keys are names as search.js compares them (`key()`: lower case, only letters, digits, `+` and `#`):
each paper's short name, title and other names (`also_known_as`), each formula's name, and each of these without its bracket, or the
abbreviation in it ("Transformer" and "Vaswani et al." for "Transformer (Vaswani et al.)"), with at
most 8 pages a name. The keys are spread over files by a hash of the key (FNV-1a, the same in
search.js), as many files as it takes to list about 48 pages each, whatever the size of the
catalogue, so the one file a query fetches does not grow with it:
site/search-names/shards.json says how many there are, site/search-names/<n>.json holds them.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

from .link import Site

FOLDER = "search-names"
PER_SHARD = 48  # pages listed a file, on average
PER_NAME = 8  # pages kept under one name (more than a page of results with one name is no answer)
_BRACKET = re.compile(r"\s*\(([^)]*)\)\s*$")


def key(text: str) -> str:
    """search.js's key(): lower case, nothing but letters, digits, + and #."""
    return "".join(c for c in text.lower() if c.isalnum() or c in "+#")


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes (search.js computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _names(name: str) -> list[tuple[str, int]]:
    """(name, rank): 2 for the name as written, 1 for it without its bracket and for the bracket's text."""
    out = [(name, 2)]
    if match := _BRACKET.search(name):
        out += [(name[: match.start()], 1), (match.group(1), 1)]
    return out


def entries(site: Site) -> dict[str, list[dict]]:
    """key -> the pages of that name, best rank first: {"u": URL from the site's root, "t": title, "n": name,
    "d": a short description, "r": rank}."""
    found: dict[str, list[dict]] = {}

    def add(url: str, title: str, detail: str, names: list[str]) -> None:
        for name in names:
            for text, rank in _names(name):
                k = key(text)
                if not k:
                    continue
                listed = found.setdefault(k, [])
                same = next((e for e in listed if e["u"] == url), None)
                if same is None:
                    listed.append({"u": url, "t": title, "n": name, "d": detail, "r": rank})
                elif rank > same["r"]:
                    same.update(n=name, r=rank)

    for paper in site.catalogue.papers:
        add(f"papers/{paper.id}/", paper.title, paper.venue, [paper.short_name, paper.title, *paper.also_known_as])
    for formula in site.catalogue.formulas:
        add(f"losses/#{formula.id}", formula.name, "Losses and metrics", [formula.name])
    for k, listed in found.items():
        found[k] = sorted(listed, key=lambda e: -e["r"])[:PER_NAME]
    return found


def write(site: Site, site_dir: Path) -> int:
    """Write the shards into site/search-names/; returns how many there are."""
    found = entries(site)
    shards = max(1, math.ceil(sum(map(len, found.values())) / PER_SHARD))
    parts: list[dict] = [{} for _ in range(shards)]
    for k in sorted(found):
        parts[fnv1a(k) % shards][k] = found[k]
    target = site_dir / FOLDER
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for number, part in enumerate(parts):
        (target / f"{number}.json").write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (target / "shards.json").write_text(json.dumps({"shards": shards}), encoding="utf-8")
    return shards
