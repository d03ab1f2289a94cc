"""`make linkcheck` (hooks/cvsite/linkcheck.py), offline: lychee against a local server on 127.0.0.1
that answers 200, 301, 404, 429 and not at all; arXiv URL forms; the last-verified dates."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from cvsite.linkcheck import canonical, check, collect, load_status, main
from cvsite.load import parse

SLEEP = 5  # the silent handler answers after this; lychee's --timeout in these tests is 2 s


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: Counter  # set per server

    def log_message(self, *args):  # keep the test output readable
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path
        self.hits[path] += 1
        headers = {}
        if path == "/ok":
            code = 200
        elif path == "/moved":
            code, headers = 301, {"Location": "/ok"}
        elif path == "/busy-once":  # throttles the first request only
            code = 429 if self.hits[path] == 1 else 200
            headers = {"Retry-After": "1"}
        elif path == "/busy":  # throttles every request
            code, headers = 429, {"Retry-After": "1"}
        elif path == "/silent":
            time.sleep(SLEEP)
            code = 200
        else:
            code = 404
        try:
            self.send_response(code)
            for name, value in {**headers, "Content-Length": "0"}.items():
                self.send_header(name, value)
            self.end_headers()
        except OSError:  # lychee hung up on the silent handler, as it should
            pass


@pytest.fixture
def site_server():
    hits: Counter = Counter()
    handler = type("Handler", (_Handler,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


CATALOGUE = """\
topics:
  - id: detection
    title: Detection
    summary: Boxes.
    resources:
      - kind: article
        title: Fine
        url: {base}/ok
      - kind: article
        title: Moved for good
        url: {base}/moved
      - kind: video
        title: Gone
        url: {base}/gone
      - kind: article
        title: Throttled once
        url: {base}/busy-once
      - kind: article
        title: Always throttled
        url: {base}/busy
      - kind: course
        title: Never answers
        url: {base}/silent
  - id: tracking
    title: Tracking
    summary: |-
      Ids over time; see [this survey]({base}/ok#intro) and
      [that one]({base}/gone-too).
    resources:
      - kind: code
        title: Gone, listed twice
        url: {base}/gone
"""


def test_linkcheck_reports_each_failure_with_its_line_and_records_dates(tmp_path, site_server, capsys):
    base, hits = site_server
    text = CATALOGUE.format(base=base)
    resources = tmp_path / "resources.yaml"
    resources.write_text(text)
    status_file = tmp_path / "data" / "link-status.json"
    status_file.parent.mkdir()
    stale = {"status": 200, "verified": "2020-01-01"}
    status_file.write_text(json.dumps({f"{base}/gone": stale, f"{base}/removed-from-the-file": stale}))
    today = dt.date(2026, 11, 29)

    report = check(resources, status_file, today=today, timeout=2, max_retries=1, retry_wait=1)

    # broken: the 404s (a URL on two lines is requested once, reported on both) and the silent host
    lines = text.splitlines()
    assert lines[13] == lines[31] == f"        url: {base}/gone" and lines[22].endswith("/silent") and "/gone-too" in lines[27]
    assert report.lines(report.broken) == [
        f"resources.yaml:14: {base}/gone: 404 Not Found",
        f"resources.yaml:23: {base}/silent: no answer within 2 s (1 retries)",
        f"resources.yaml:28: {base}/gone-too: 404 Not Found",
        f"resources.yaml:32: {base}/gone: 404 Not Found",
    ]
    assert hits["/gone"] == 1
    # a 429 is retried after Retry-After: once is fine; a 429 on every retry is "not verified", not "broken"
    assert hits["/busy-once"] == 2
    assert hits["/busy"] == 2  # the request and its one retry
    assert report.lines(report.unverified) == [f"resources.yaml:20: {base}/busy: 429 Too Many Requests"]
    # the 301 was followed to its 200; the link inside the Markdown summary was found on its own line
    status = json.loads(status_file.read_text())
    assert status[f"{base}/moved"] == {"status": 200, "verified": "2026-11-29"}
    assert status[f"{base}/ok#intro"]["verified"] == "2026-11-29"
    # a failure keeps the day of its last success and says why; a URL no longer in the file drops out
    assert status[f"{base}/gone"] == {"status": 404, "verified": "2020-01-01", "error": "404 Not Found"}
    assert f"{base}/removed-from-the-file" not in status
    assert load_status(status_file) == {
        f"{base}/ok": today,
        f"{base}/ok#intro": today,
        f"{base}/moved": today,
        f"{base}/busy-once": today,
        f"{base}/gone": dt.date(2020, 1, 1),
    }

    # the command line: exit 1, one line a failure on stderr, a Markdown report for the weekly issue
    report_file = tmp_path / "report.md"
    argv = ["--resources", str(resources), "--status-file", str(status_file), "--report", str(report_file)]
    assert main([*argv, "--timeout", "2", "--max-retries", "0"]) == 1
    err = capsys.readouterr().err
    assert f"resources.yaml:14: {base}/gone: 404 Not Found" in err
    assert f"warning: resources.yaml:20: {base}/busy: 429 Too Many Requests" in err
    assert report_file.read_text().startswith("# Link check: 3 broken URLs, 1 not verified, 7 checked")


def test_linkcheck_passes_when_every_link_answers(tmp_path, site_server):
    base, _ = site_server
    resources = tmp_path / "resources.yaml"
    resources.write_text(CATALOGUE.split("      - kind: article\n        title: Moved")[0].format(base=base))
    assert main(["--resources", str(resources), "--status-file", str(tmp_path / "status.json"), "--timeout", "2"]) == 0
    assert list(load_status(tmp_path / "status.json")) == [f"{base}/ok"]


def test_a_broken_catalogue_is_reported_not_checked(tmp_path, capsys):
    resources = tmp_path / "resources.yaml"
    bad_kind = CATALOGUE.split("      - kind: article\n        title: Moved")[0].replace("kind: article", "kind: blog")
    resources.write_text(bad_kind.format(base="https://a.example"))
    assert main(["--resources", str(resources), "--status-file", str(tmp_path / "status.json")]) == 1
    assert "resources.yaml:6: topics[0] (detection).resources[0].kind:" in capsys.readouterr().err
    assert not (tmp_path / "status.json").exists()


def test_arxiv_forms_of_one_paper_are_one_request():
    text = """\
papers:
  - arxiv: '1512.03385'
    explainers:
      - url: https://arxiv.org/pdf/1512.03385v2.pdf
      - url: http://export.arxiv.org/abs/1512.03385v1
      - url: https://arxiv.org/html/1512.03385
      - url: https://arxiv.org/abs/2010.11929
    code: https://github.com/KaimingHe/deep-residual-networks
"""
    targets = collect(parse(text, "resources.yaml"), text)
    assert targets["https://arxiv.org/abs/1512.03385"].lines == {
        "https://arxiv.org/abs/1512.03385": [2],
        "https://arxiv.org/pdf/1512.03385v2.pdf": [4],
        "http://export.arxiv.org/abs/1512.03385v1": [5],
        "https://arxiv.org/html/1512.03385": [6],
    }
    assert list(targets) == [
        "https://arxiv.org/abs/1512.03385",
        "https://arxiv.org/abs/2010.11929",
        "https://github.com/KaimingHe/deep-residual-networks",
    ]
    assert canonical("https://arxiv.org/list/cs.CV/recent") == "https://arxiv.org/list/cs.CV/recent"  # not a paper
    assert canonical("https://example.org/page#part") == "https://example.org/page"


def test_the_real_catalogue_and_its_status_file(tmp_path):
    """Every URL of resources.yaml is found, each on a line that holds it; the recorded status file parses."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "resources.yaml").read_text(encoding="utf-8")
    targets = collect(parse(text, "resources.yaml"), text)
    lines = text.splitlines()
    for target in targets.values():
        for spelling, at in target.lines.items():
            for line in at:
                arxiv_field = spelling.startswith("https://arxiv.org/abs/") and f"arxiv: '{spelling[22:]}'" in lines[line - 1]
                assert spelling in lines[line - 1] or arxiv_field, (spelling, line)
    written = sum(line.strip().startswith(("url: http", "code: http", "- url: http")) for line in lines)
    assert sum(len(at) for t in targets.values() for at in t.lines.values()) >= written > 100
    status = load_status(root / "docs" / "data" / "link-status.json")
    assert all(isinstance(day, dt.date) for day in status.values())
