"""The JSON Schema of `resources.yaml`, generated from the model (model.py) so that the two cannot drift.

It is committed at docs/schema/resources.schema.json: MkDocs publishes it with the site, and the first
line of resources.yaml points editors at it (`# yaml-language-server: $schema=...`), so they complete
fields and flag mistakes while one types. tests/test_schema.py fails when the committed file is stale.

    make schema                                  # regenerate it after changing model.py
    PYTHONPATH=hooks python -m cvsite.schema --check   # exit 1 when it is stale

The schema covers what the model validates, less what a static schema cannot say: that a year or a
date is not in the future (it depends on the day). The loader also refuses what comes before
validation (YAML syntax, duplicate keys, anchors, bytes that are not UTF-8, size) and after it
(unknown ids, duplicate links, TeX that Temml cannot convert): see tests/test_schema.py.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from .model import Catalogue

PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "schema" / "resources.schema.json"


def schema() -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Catalogue.model_json_schema()}


def text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def as_json(data: Any) -> Any:
    """The YAML data as an editor's YAML 1.2 reader gives it to the schema: a date is a string."""
    if isinstance(data, dict):
        return {key: as_json(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_json(value) for value in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if not PATH.is_file() or PATH.read_text(encoding="utf-8") != text():
            print(f"{PATH} is stale: run `make schema`", file=sys.stderr)
            return 1
        return 0
    PATH.parent.mkdir(parents=True, exist_ok=True)
    PATH.write_text(text(), encoding="utf-8")
    print(f"wrote {PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
