"""The contributor workflow: GitHub workflows (actionlint), the issue form, pre-commit, and
CONTRIBUTING.md, whose examples are pasted into a copy of the catalogue and built."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, mkdocs
from cvsite import model
from cvsite.link import load_site
from cvsite.load import read

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def actionlint(*files: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # shellcheck, when installed, also checks every `run:` script
    return subprocess.run([str(ACTIONLINT), "-no-color", "-oneline", *map(str, files)], cwd=cwd, capture_output=True, text=True)


def test_actionlint_finds_nothing_in_the_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml", "linkcheck.yml"}
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_actionlint_does_report_a_broken_workflow(tmp_path):
    """The check above means something: the same command flags an unknown input and script injection."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: issues\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v6\n        with:\n          no-such-input: 1\n"
        "      - run: echo '${{ github.event.issue.title }}'\n"
    )
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1
    assert 'input "no-such-input" is not defined' in result.stdout
    assert "potentially untrusted" in result.stdout


def _workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])


def _uses(workflow: dict) -> list[str]:
    return [step["uses"].split("@")[0] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]


def test_ci_runs_the_ci_script():
    ci = _workflow("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    assert re.search(r"\bbash \.ci/run\b", _runs(ci))


def test_deploy_builds_strictly_and_publishes_to_pages():
    deploy = _workflow("deploy.yml")
    assert "make build" in _runs(deploy)
    assert "--strict" in (ROOT / "Makefile").read_text().split("\nbuild:")[1].split("\n\n")[0]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(_uses(deploy))
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_linkcheck_runs_weekly_and_opens_an_issue():
    check = _workflow("linkcheck.yml")
    (cron,) = [entry["cron"] for entry in check["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    runs = _runs(check)
    assert "make linkcheck" in runs and "gh issue create" in runs
    assert check["permissions"]["issues"] == "write"


def test_issue_form_mirrors_a_link():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-resource.yml").read_text())
    assert form["name"] == "Suggest a resource"
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert fields["kind"]["type"] == "dropdown"
    assert fields["kind"]["attributes"]["options"] == list(typing.get_args(model.LinkKind))
    assert fields["recommended"]["type"] == "checkboxes"
    assert "where" in fields
    # every field of a link but the date the maintainer adds; required where the model requires it
    assert set(model.Link.model_fields) - {"added"} <= set(fields)
    for name, info in model.Link.model_fields.items():
        if name in fields and fields[name]["type"] != "checkboxes":
            assert fields[name].get("validations", {}).get("required", False) == info.is_required() or name == "note", name


def test_pre_commit_config_pins_its_hooks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: (repo, hook) for repo in config["repos"] for hook in repo["hooks"]}
    assert {"yamllint", "check-jsonschema", "ruff", "catalogue"} <= set(hooks)
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"v?\d+\.\d+\.\d+", str(repo["rev"])), repo  # a tag, never a branch
    ruff_pin = re.search(r"^ruff==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    assert hooks["ruff"][0]["rev"] == f"v{ruff_pin}"
    schema_args = hooks["check-jsonschema"][1]["args"]
    assert (ROOT / schema_args[schema_args.index("--schemafile") + 1]).is_file()
    assert yaml.safe_load((ROOT / ".yamllint.yaml").read_text())["extends"] == "default"


def test_pre_commit_catalogue_hook_reports_a_broken_file(tmp_path):
    """The local hook's command, run on a broken copy, fails with the loader's located message."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "catalogue"]
    code = hook["entry"].split('-c "', 1)[1].rsplit('"', 1)[0]
    text = (ROOT / "resources.yaml").read_text().replace("kind: article", "kind: blog", 1)
    (tmp_path / "resources.yaml").write_text(text)
    (tmp_path / "references.bib").write_text((ROOT / "references.bib").read_text())
    env = {"PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    located = re.search(r"^resources\.yaml:\d+: .*kind: expected one of: 'article'", result.stderr, re.M)
    assert result.returncode == 1 and located, result.stderr
    (tmp_path / "resources.yaml").write_text((ROOT / "resources.yaml").read_text())
    assert subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env).returncode == 0


def test_the_site_page_is_contributing_md():
    assert (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8") == CONTRIBUTING


def test_contributing_names_every_field():
    for entry in (model.Link, model.Paper, model.Formula, model.Notion, model.FaqEntry, model.Topic):
        for name in entry.model_fields:
            assert f"`{name}`" in CONTRIBUTING or f"{name}:" in CONTRIBUTING, (entry.__name__, name)
    for kind in typing.get_args(model.LinkKind):
        assert f"`{kind}`" in CONTRIBUTING


def _example(heading: str, language: str = "yaml") -> str:
    section = CONTRIBUTING.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def _paste(text: str, after_line: int, block: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[:after_line]) + block + "".join(lines[after_line:])


def paste_examples(project: Path) -> None:
    """Paste each example where CONTRIBUTING.md says, bottom of the file first so lines stay valid."""
    resources = project / "resources.yaml"
    bib = project / "references.bib"
    # The example is a real paper that the catalogue now holds: take it out first, as the contributor found the files.
    example_id = re.search(r"(?m)^  - id: ([\w-]+)", _example("Add a paper")).group(1)
    example_key = re.search(r"(?m)^    bibtex: (\S+)", _example("Add a paper")).group(1)
    text = re.sub(rf"(?ms)^  - id: {example_id}\n.*?(?=^  - id: |^[a-z_]+:)", "", resources.read_text(encoding="utf-8"), count=1)
    resources.write_text(text, encoding="utf-8")
    bib.write_text(re.sub(rf"(?ms)^@\w+\{{{example_key},.*?^\}}\n", "", bib.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    text, data = resources.read_text(encoding="utf-8"), read(resources)
    starts = sorted(data.lines.values())

    def end_of(key: str) -> int:  # the last line of a top-level list: before the next top-level key
        later = [line for line in starts if line > data.lines[key]]
        return (later[0] - 1) if later else len(text.splitlines())

    (detection,) = [t for t in data["topics"] if t["id"] == "object-detection"]
    places = [
        (end_of("papers"), _example("Add a paper")),
        (end_of("formulas"), _example("Add a formula")),
        (detection.lines["resources"], _example("Add a link")),
    ]
    for after_line, block in sorted(places, reverse=True):
        text = _paste(text, after_line, block)
    resources.write_text(text, encoding="utf-8")
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + _example("Add a paper", "bibtex"), encoding="utf-8")


def test_contributing_examples_load(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("resources.yaml", "references.bib"):
        (project / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    paste_examples(project)
    site = load_site(project / "resources.yaml", project / "references.bib")
    assert site.papers["efficientdet"].results[0].source.startswith("Abstract")
    assert site.formulas["tversky-loss"].builds_on == ["dice-loss"]
    assert "lilianweng.github.io" in site.topics["object-detection"].resources[0].url
    assert "efficientdet" in [p.id for p in site.followers["efficientnet"]]


@pytest.mark.timeout(300)
def test_contributing_examples_preview(tmp_path):
    """From zero to a previewed change: the pasted examples build strictly into their pages."""
    project = copy_project(tmp_path / "project")
    paste_examples(project)
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert "BiFPN" in (site / "papers" / "efficientdet" / "index.html").read_text(encoding="utf-8")
    assert 'id="tversky-loss"' in (site / "losses" / "index.html").read_text(encoding="utf-8")
    topic = (site / "topics" / "object-detection" / "index.html").read_text(encoding="utf-8")
    assert "https://lilianweng.github.io/posts/2017-12-31-object-recognition-part-3/" in topic
    assert "Contributing" in (site / "contributing" / "index.html").read_text(encoding="utf-8")
