"""`mkdocs serve`: a broken edit of resources.yaml is reported and the server stays up, showing the
last good site with the error in a banner; the next good save recovers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read().decode("utf-8")


def wait_until(predicate, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_broken_edit_keeps_server_alive_and_good_save_recovers(tmp_path, port):
    project = copy_project(tmp_path / "project")
    serve_port = port + 1 if port < 65000 else port - 1
    base = f"http://127.0.0.1:{serve_port}"
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{serve_port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        topic = "cnn-basics"
        wait_until(lambda: "cheat sheets" in fetch(f"{base}/topics/{topic}/"), what="the first build")
        resources = project / "resources.yaml"
        good = resources.read_text(encoding="utf-8")
        lines = good.splitlines()
        year = next(i for i, line in enumerate(lines) if line.strip().startswith("year:"))
        resources.write_text("\n".join(lines[:year] + [lines[year]] + lines[year:]) + "\n", encoding="utf-8")

        def reported() -> bool:
            log.seek(0)
            return f"resources.yaml:{year + 2}: " in log.read()

        wait_until(reported, what="the error in the terminal")
        wait_until(lambda: "resources.yaml has errors" in fetch(f"{base}/"), what="the error banner")
        assert process.poll() is None, "the server died"
        assert "cheat sheets" in fetch(f"{base}/topics/{topic}/")  # the last good site is still served

        summary = lines[lines.index("    summary: |-") + 1]  # the first topic's summary text
        resources.write_text(good.replace(summary, summary + " Fixed and saved again.", 1), encoding="utf-8")
        wait_until(lambda: "Fixed and saved again." in fetch(f"{base}/topics/{topic}/"), what="the recovery")
        assert "resources.yaml has errors" not in fetch(f"{base}/")
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
