"""Reproducible builds: two builds of the same sources with SOURCE_DATE_EPOCH set are byte-identical.

The two builds differ in everything that should not matter: the checkout's directory, its files'
modification times (as two `git clone`s would), the wall-clock time, and Python's hash seed (set and
dict-of-set orders). MkDocs takes the sitemap's dates from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.timeout(1800)  # two full builds: on a busy machine each can take minutes (a limit, not a timing)
def test_two_builds_are_byte_identical(tmp_path):
    first = copy_project(tmp_path / "checkout-one")
    second = copy_project(tmp_path / "elsewhere" / "checkout-two")
    for path in second.rglob("*"):  # another checkout, another day
        os.utime(path, (1_000_000_000, 1_000_000_000), follow_symlinks=False)
    sites = []
    for project, seed in ((first, "1"), (second, "2")):
        site = tmp_path / f"site-{seed}"
        env = {"SOURCE_DATE_EPOCH": "1767225600", "PYTHONHASHSEED": seed}
        result = mkdocs("build", "--strict", "--site-dir", str(site), cwd=project, env=env)
        assert result.returncode == 0, result.stderr
        sites.append(digests(site))
        time.sleep(1.1)  # the second build runs in another second of the clock
    one, two = sites
    assert len(one) > 100 and "sitemap.xml" in one and "pagefind/pagefind.js" in one
    assert one.keys() == two.keys(), sorted(one.keys() ^ two.keys())
    differ = [path for path in one if one[path] != two[path]]
    assert not differ, differ
