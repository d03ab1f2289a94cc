"""Deterministic synthetic catalogues for `make bench`: the real `resources.yaml` and `references.bib`
with their papers copied FACTOR times.

Papers are what grows (one page each), so only they are copied; topics, notions, formulas and the
FAQ stay as they are. Copies are made on the text, not by dumping parsed YAML, so the file keeps the
hand-written layout (block scalars, flow lists, comments) that the real loader has to parse. Copy k of
paper `resnet` is `resnet-r<k>`, with an arXiv id of the real form whose YYMM is 9001 for copy 1, 9002 for copy 2... (no real id
starts with 9), BibTeX
key `<key>-r<k>`, and `builds_on` pointing at copy k of its parents, so every copy has the real
lineage shape. Factor 1 is the real catalogue, byte for byte.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

_ENTRY = re.compile(r"(?m)^(?=  - id: )")  # a paper starts at its `- id:` line
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BIB_ENTRY = re.compile(r"(?m)^(?=@)")
_BIB_KEY = re.compile(r"^@(\w+)\{([^,\s]+),")
MAX_FACTOR = 99  # the copy number has two digits in the synthetic arXiv ids


def _papers_section(text: str) -> tuple[str, str, str]:
    """(before, papers section, after): `papers:` up to the next top-level key."""
    start = re.search(r"(?m)^papers:\n", text).end()
    following = re.compile(r"(?m)^[a-z_]+:").search(text, start)
    end = following.start() if following else len(text)
    return text[:start], text[start:end], text[end:]


def _rename_builds_on(entry: str, rename: dict[str, str]) -> str:
    """Point `builds_on` (flow `[a, b]` or block `- a` lines) at the copies."""
    field = re.search(r"(?m)^    builds_on:(.*\n(?:      .*\n)*)", entry)
    if not field:
        return entry
    body = _SLUG.sub(lambda m: rename.get(m.group(), m.group()), field.group(1))
    return entry[: field.start(1)] + body + entry[field.end(1) :]


def _copy_paper(entry: str, paper: dict, k: int, index: int, ids: list[str]) -> str:
    rename = {pid: f"{pid}-r{k}" for pid in ids}
    out = re.sub(r"(?m)^  - id: .*$", f"  - id: {rename[paper['id']]}", entry, count=1)
    if paper.get("arxiv"):
        synthetic = f"{90 + (k - 1) // 12}{(k - 1) % 12 + 1:02d}.{index:05d}"  # a real id form, years 2090-2098
        out = re.sub(r"(?m)^    arxiv: .*$", f"    arxiv: '{synthetic}'", out, count=1)
    out = re.sub(r"(?m)^    bibtex: .*$", f"    bibtex: {paper['bibtex']}-r{k}", out, count=1)
    return _rename_builds_on(out, rename)


def scale(resources: str, bib: str, factor: int) -> tuple[str, str]:
    """(resources.yaml, references.bib) texts with every paper present `factor` times."""
    if not 1 <= factor <= MAX_FACTOR:
        raise ValueError(f"factor must be between 1 and {MAX_FACTOR}")
    if factor == 1:
        return resources, bib
    papers = yaml.load(resources, Loader=yaml.CSafeLoader)["papers"]  # only to read ids and keys
    before, section, after = _papers_section(resources)
    chunks = _ENTRY.split(section)
    head, entries = chunks[0], chunks[1:]
    if len(entries) != len(papers):
        raise ValueError(f"found {len(entries)} paper entries in the text but {len(papers)} in the YAML")
    ids = [p["id"] for p in papers]
    copies = [
        _copy_paper(entry, paper, k, i, ids)
        for k in range(1, factor)
        for i, (entry, paper) in enumerate(zip(entries, papers, strict=True))
    ]
    body = "".join(entries).rstrip("\n") + "\n" + "".join(c.rstrip("\n") + "\n" for c in copies)
    trailing = section[len(section.rstrip("\n")) :]
    new_resources = before + head + body.rstrip("\n") + (trailing or "\n") + after

    index_of = {p["bibtex"]: i for i, p in enumerate(papers)}
    bib_entries = [e for e in _BIB_ENTRY.split(bib) if e.startswith("@")]
    extra = []
    for k in range(1, factor):
        for entry in bib_entries:
            match = _BIB_KEY.match(entry)
            key = match.group(2)
            if key not in index_of:
                continue  # not a paper's entry: kept once
            index = index_of[key]
            copy = entry[: match.start(2)] + f"{key}-r{k}" + entry[match.end(2) :]
            if papers[index].get("arxiv"):
                copy = re.sub(r"eprint\s*=\s*\{[^}]*\}", f"eprint = {{99{k:02d}.{index:05d}}}", copy)
            extra.append(copy.rstrip("\n") + "\n")
    new_bib = bib.rstrip("\n") + "\n\n" + "\n".join(extra)
    return new_resources, new_bib


def write(root: Path, target: Path, factor: int) -> None:
    """Write the scaled `resources.yaml` and `references.bib` of the project at `root` into `target`."""
    resources, bib = scale(
        (root / "resources.yaml").read_text(encoding="utf-8"), (root / "references.bib").read_text(encoding="utf-8"), factor
    )
    (target / "resources.yaml").write_text(resources, encoding="utf-8")
    (target / "references.bib").write_text(bib, encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int)
    parser.add_argument("target", type=Path, help="a directory to write resources.yaml and references.bib into")
    arguments = parser.parse_args()
    write(Path(__file__).resolve().parents[2], arguments.target, arguments.factor)
