"""The names index of search (hooks/cvsite/names.py): every paper and formula under its name, and files
whose size does not grow with the catalogue. What a reader sees of it is in test_search.py."""

from __future__ import annotations

import json
import random
import string

from conftest import ROOT
from cvsite import names
from cvsite.link import load_site

SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")


def test_key_is_search_js_key():
    assert names.key("Transformer (Vaswani et al.)") == "transformervaswanietal"
    assert names.key("R(2+1)D") == "r2+1d" and names.key("C#") == "c#" and names.key("Ünet-ß") == "ünetß"


def test_fnv1a_matches_the_published_test_vectors():
    assert names.fnv1a("") == 0x811C9DC5 and names.fnv1a("a") == 0xE40C292C and names.fnv1a("foobar") == 0xBF9CF968


def test_every_paper_and_formula_is_under_its_names():
    found = names.entries(SITE)
    for paper in SITE.catalogue.papers:
        assert any(e["u"] == f"papers/{paper.id}/" and e["r"] == 2 for e in found[names.key(paper.short_name)]), paper.id
        assert any(e["u"] == f"papers/{paper.id}/" for e in found[names.key(paper.title)]), paper.id
        for other in paper.also_known_as:
            assert any(e["u"] == f"papers/{paper.id}/" and e["r"] == 2 for e in found[names.key(other)]), (paper.id, other)
    assert found["visiontransformer"][0]["u"] == "papers/vit/"
    for formula in SITE.catalogue.formulas:
        assert any(e["u"] == f"losses/#{formula.id}" for e in found[names.key(formula.name)]), formula.id
    # the bracket: the name without it, and the abbreviation in it, rank below a name as written
    assert [(e["u"], e["r"]) for e in found["transformer"]] == [("papers/transformer/", 1)]
    assert [e["u"] for e in found["dino"]] == ["papers/dino/", "papers/dino-detr/"]  # DINO itself, then DINO (DETR)


def test_the_built_shards_hold_every_key_where_the_hash_says(built_site, tmp_path):
    folder = built_site / names.FOLDER
    shards = json.loads((folder / "shards.json").read_text())["shards"]
    keys = 0
    for number in range(shards):
        part = json.loads((folder / f"{number}.json").read_text(encoding="utf-8"))
        assert all(names.fnv1a(k) % shards == number for k in part)
        keys += len(part)
    listed = sum(map(len, names.entries(SITE).values()))
    assert keys == len(names.entries(SITE)) and shards == -(-listed // names.PER_SHARD)


def test_a_name_lists_at_most_eight_pages_best_first(monkeypatch):
    """The bench's 50x catalogue has fifty papers of each name: a name keeps the eight best."""
    many = SITE.catalogue.model_copy(update={"papers": [p.model_copy(update={"id": f"{p.id}-{i}"})
                                                         for p in SITE.catalogue.papers for i in range(10)]})
    monkeypatch.setattr(SITE, "catalogue", many)
    found = names.entries(SITE)
    assert len(found["transformer"]) == names.PER_NAME and all(e["r"] == 1 for e in found["transformer"])
    assert [e["r"] for e in found["dino"]][:names.PER_NAME] == [2] * names.PER_NAME


def test_a_shard_does_not_grow_with_the_catalogue(tmp_path, monkeypatch):
    """At 50 times the keys, a file still holds about PER_SHARD of them (the largest well under twice)."""
    rng = random.Random(7)
    fake = {"".join(rng.choices(string.ascii_lowercase, k=12)): [{"u": "x/", "t": "t", "n": "n", "d": "d", "r": 2}]
            for _ in range(50 * len(names.entries(SITE)))}
    monkeypatch.setattr(names, "entries", lambda site: fake)
    shards = names.write(SITE, tmp_path)
    sizes = [len(json.loads((tmp_path / names.FOLDER / f"{n}.json").read_text())) for n in range(shards)]
    assert sum(sizes) == len(fake) and max(sizes) < 2 * names.PER_SHARD, max(sizes)
