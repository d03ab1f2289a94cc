"""ProperDocs, the maintained fork of MkDocs 1.x, builds the same site strictly: the way out when
MkDocs 1.x and Material stop being maintained. Its CLI is `properdocs build`; it reads mkdocs.yml
(passed explicitly with -f) and the MkDocs plugins and theme through its compatibility layer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project
from cvsite.link import load_site

PROPERDOCS = Path(sys.executable).parent / "properdocs"


def test_properdocs_builds_the_site_strictly(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    catalogue = load_site(ROOT / "resources.yaml", ROOT / "references.bib").catalogue
    for paper in catalogue.papers:
        page = (site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        assert paper.short_name in page, paper.id
    assert (site / "losses" / "index.html").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file() and list((site / "pagefind" / "fragment").iterdir())  # the search index
