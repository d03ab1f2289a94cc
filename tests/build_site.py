"""The shared site build of a test run (started by tests/conftest.py, in the background):

    build_site.py SHARED PORT

builds the real catalogue with --strict into SHARED/site for http://127.0.0.1:PORT/, then writes
SHARED/build.json (return code and mkdocs' log), atomically: the tests wait for that file.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import mkdocs  # noqa: E402


def main(shared: Path, port: str) -> None:
    try:
        result = mkdocs("build", "--strict", "--site-dir", str(shared / "site"), env={"SITE_URL": f"http://127.0.0.1:{port}/"})
        outcome = {"returncode": result.returncode, "stderr": result.stderr}
    except Exception as error:  # a timeout, a missing interpreter: the tests must not wait forever
        outcome = {"returncode": -1, "stderr": f"the build did not run: {error!r}"}
    partial = shared / "build.json.partial"
    partial.write_text(json.dumps(outcome), encoding="utf-8")
    os.replace(partial, shared / "build.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
