"""The JSON Schema (docs/schema/resources.schema.json) is the model's, and it agrees with the loader.

Agreement is checked on the real catalogue and on every case of the bad-input corpus (test_load.py).
The loader checks in three stages, and the schema can only speak for the middle one:

- reading the YAML (load.read / load.parse): syntax, tabs, duplicate keys, anchors and aliases,
  bytes that are not UTF-8, the size bound, impossible dates, an empty file. An editor's YAML parser
  reports some of these itself; a schema never sees them. Listed in BEFORE_VALIDATION.
- validation against the model (load.validate): the schema refuses each of these cases too, and
  blames the same entry, except the two that depend on today's date (DATE_DEPENDENT).
- linking (link.link): cross-references, duplicate ids, links and arXiv ids, BibTeX keys, and TeX
  that Temml cannot convert. A schema sees one value at a time; the schema accepts these cases,
  and the loader refuses them. Listed by AFTER_VALIDATION.
"""

from __future__ import annotations

import jsonschema
import pytest
import yaml
from conftest import ROOT
from cvsite import schema
from cvsite.bib import Bibliography
from cvsite.link import link
from cvsite.load import CatalogueError, field_name, parse, read, validate
from test_load import CORPUS, FIXTURES

BEFORE_VALIDATION = {
    "empty file": "nothing to validate",
    "only a comment": "nothing to validate",
    "not a mapping": "the loader stops at the top-level shape (the schema's `type: object` refuses it too)",
    "syntax error": "YAML syntax",
    "tab indentation": "YAML syntax",
    "duplicate key": "YAML readers keep the last value silently; the schema sees one key",
    "anchor": "anchors and aliases are expanded before any schema sees the data",
    "alias": "anchors and aliases are expanded before any schema sees the data",
    "not UTF-8": "bytes, before text",
    "too big": "a size bound on the file",
    "impossible date": "the YAML reader cannot make a date of 2026-02-30",
    "correction on a day that does not exist": "the YAML reader cannot make a date of 2026-02-30",
    "nested too deeply": "the YAML reader's recursion",
    "unquoted title with ': '": "YAML syntax",
}
DATE_DEPENDENT = {
    "year in the future": "`not after this year` changes every 1 January: a committed schema would go stale",
    "date in the future": "`not after today` changes every day",
    "correction in the future": "`not after today` changes every day",
}


def after_validation(name: str) -> bool:
    """Cases only the linking stage can see: whole-catalogue checks and TeX."""
    whole_catalogue = {"unknown topic", "unknown formula", "unknown paper", "unknown BibTeX key", "duplicate id",
                       "two papers with one arXiv id", "unknown topic with a close id",
                       "unknown FAQ topic", "FAQ id that is a topic id"}
    return name in whole_catalogue or name.startswith(("TeX: ", "duplicate link: "))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    committed = (ROOT / "docs" / "schema" / "resources.schema.json").read_text(encoding="utf-8")
    loaded = yaml.safe_load(committed)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return jsonschema.Draft202012Validator(loaded, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def stage(tmp_path, text: str | bytes) -> str:
    """Where the loader stops this text: 'read', 'validate', 'link', or 'accepted'."""
    path = tmp_path / "resources.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    try:
        data = read(path)
    except CatalogueError:
        return "read"
    try:
        catalogue = validate(data, path.name)
    except CatalogueError:
        return "validate"
    try:
        link(catalogue, data, path.name, Bibliography.read(FIXTURES / "minimal.bib"))
    except CatalogueError:
        return "link"
    return "accepted"


def test_committed_schema_is_the_models():
    """Lock-step: run `make schema` after changing model.py."""
    committed = (ROOT / "docs" / "schema" / "resources.schema.json").read_text(encoding="utf-8")
    assert committed == schema.text(), "docs/schema/resources.schema.json is stale: run `make schema`"


def test_resources_yaml_points_editors_at_the_schema():
    first = (ROOT / "resources.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./docs/schema/resources.schema.json"


def test_schema_is_published_on_the_site(built_site):
    published = built_site / "schema" / "resources.schema.json"
    assert published.read_text(encoding="utf-8") == schema.text()


@pytest.mark.parametrize("catalogue", ["resources.yaml", "tests/fixtures/minimal.yaml"])
def test_schema_and_loader_accept_the_real_catalogues(validator, catalogue):
    data = read(ROOT / catalogue)
    validate(data, catalogue)  # raises on any problem
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(schema.as_json(data))]
    assert not errors, errors[:10]


@pytest.mark.parametrize(("name", "text", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_schema_and_loader_agree_on_the_corpus(tmp_path, validator, name, text, line, words):
    where = stage(tmp_path, text)
    assert where != "accepted", "every corpus case is refused by the loader"
    if name in BEFORE_VALIDATION:
        assert where == "read", f"{name}: documented as refused before validation, but the loader stopped at {where}"
        return
    if after_validation(name):
        assert where == "link", f"{name}: documented as refused after validation, but the loader stopped at {where}"
        data = parse(text, "resources.yaml")
        assert not list(validator.iter_errors(schema.as_json(data))), f"{name}: the schema cannot see this, yet refused it"
        return
    assert where == "validate", f"{name}: stopped at {where}; document it in BEFORE_VALIDATION or after_validation()"
    data = parse(text, "resources.yaml")
    errors = list(validator.iter_errors(schema.as_json(data)))
    if name in DATE_DEPENDENT:
        assert not errors, f"{name}: documented as beyond a static schema, but the schema refused it"
        return
    assert errors, f"{name}: the loader refuses it, the schema accepts it"
    with pytest.raises(CatalogueError) as caught:
        validate(data, "resources.yaml")
    blamed = {field_name(data, tuple(error.absolute_path)[:2]) for error in errors}  # the entry, e.g. papers[0] (resnet)
    assert any(p.field.startswith(entry) for p in caught.value.problems for entry in blamed), (blamed, str(caught.value))
