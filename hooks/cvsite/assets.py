"""Stage 7: copy MathJax into the site from the pinned `django-static-mathjax` wheel (it ships
MathJax's es5 build and needs no Django), so that no page asks another host for anything.

Only what the pages use is copied: the TeX-to-CommonHTML bundle, the `ui/safe` extension, the TeX
extensions MathJax may autoload, its web fonts, and the accessibility and menu parts it loads on demand.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

MATHJAX_PARTS = ["tex-chtml.js", "ui", "a11y", "input/tex/extensions", "output/chtml/fonts/woff-v2"]
SITE_PATH = "assets/mathjax"


def mathjax_source() -> Path:
    return Path(str(files("mathjax"))) / "static" / "mathjax" / "es5"


def copy_mathjax(site_dir: Path) -> None:
    source, target = mathjax_source(), site_dir / SITE_PATH
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
