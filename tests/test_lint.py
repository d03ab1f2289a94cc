"""The code passes ruff (configured in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "hooks", "tests", "docs/implementations"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_stylesheets_close_every_block():
    """An unclosed `@media` block is silently accepted by browsers, and every rule after it then applies
    on phones only (it once left the paper index unstyled on desktops)."""
    import re

    for sheet in sorted((ROOT / "docs" / "stylesheets").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for line_number, line in enumerate(text.splitlines(), 1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{sheet.name}:{line_number}: a '}}' closes nothing"
        assert depth == 0, f"{sheet.name}: {depth} block(s) left open at the end"
