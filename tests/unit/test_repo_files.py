"""The files around the code: workflows, templates, editor settings, the contributor guide
and the README. They parse, the workflows run the make targets and pin their actions, the
guide's field reference, examples and error messages are the real ones, and so are the exit
codes the README states."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from catalog import fieldref
from catalog.source import schemas
from helpers import CIRCLE, COURSE
import test_hostile_content as hostile
from test_validate_changes import PROBLEMS as CHANGE_CASES
from test_validate_circle import CIRCLE_CASES
from test_topics import TOPIC_CASES
from test_validate_course import COURSE_CASES, ORGANIZATION_CASES

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TEMPLATES = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
GUIDE = ROOT / "CONTRIBUTING.md"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


@pytest.mark.parametrize("path", WORKFLOWS + TEMPLATES + [ROOT / ".pre-commit-config.yaml"],
                         ids=lambda p: p.name)
def test_yaml_files_parse(path):
    assert isinstance(yaml.safe_load(path.read_text()), dict)


@pytest.mark.parametrize("path", [ROOT / ".vscode" / "settings.json",
                                  ROOT / ".vscode" / "extensions.json"], ids=lambda p: p.name)
def test_editor_settings_parse(path):
    assert isinstance(json.loads(path.read_text()), dict)


@pytest.mark.parametrize("name, commands", [
    ("pull-request.yml", ["make validate", "make build", "make test"]),
    ("publish.yml", ["make publish"]),
    ("links.yml", ["make links"]),
])
def test_workflows_run_the_make_targets(name, commands):
    runs = [step["run"].strip() for step in steps(workflow(name)) if "run" in step]
    assert [r for r in runs if r.startswith("make ")] == commands
    assert {c.split()[1] for c in commands} <= make_targets()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits(path):
    uses = re.findall(r"uses:\s*(.+)$", path.read_text(), re.M)
    assert uses and [u for u in uses if not PINNED.match(u.strip())] == []


def test_publish_builds_with_the_pages_address_and_deploys():
    flow = workflow("publish.yml")
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true
    assert set(triggers) >= {"push", "schedule"} and triggers["push"]["branches"] == ["main"]
    build = next(s for s in steps(flow) if s.get("run") == "make publish")
    assert build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["uses"].split("@")[0] for s in steps(flow) if "uses" in s][-3:] == [
        "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]


def test_pull_requests_install_chromium_like_ci():
    scripts = " ".join(s.get("run", "") for s in steps(workflow("pull-request.yml")))
    assert "apt-get install -y -qq chromium" in scripts


def test_course_form_offers_the_schema_choices():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/suggest-a-course.yml").read_text())
    dropdowns = {item["id"]: item["attributes"]["options"] for item in form["body"]
                 if item["type"] == "dropdown"}
    for name, options in dropdowns.items():
        assert options == schemas.subschema("course", (name,))["enum"], name


def test_vscode_maps_each_schema_to_its_folder():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        **{f"./schemas/{kind}.schema.json": f"content/{schemas.FOLDERS[kind]}/**"
           for kind in schemas.KINDS},
        "./schemas/topics.schema.json": "content/topics.yaml"}


def test_field_reference_is_current():
    text = GUIDE.read_text(encoding="utf-8")
    assert fieldref.updated(text) == text, "CONTRIBUTING.md is out of date: run make fields"


def guide_examples() -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```", text, re.S))


def test_guide_examples_validate(site):
    examples = guide_examples()
    assert sorted(examples) == ["circles/tpl-statistics-spring-2027.yaml",
                                "courses/intro-to-statistics.md",
                                "organizations/toronto-public-library.yaml"]
    for name, text in examples.items():
        site.write(name, text)
    assert site.problems() == []


def guide_error_lines() -> set[str]:
    return set(re.findall(r"^content/\S+: error: .*$", GUIDE.read_text(encoding="utf-8"), re.M))


def test_guide_error_messages_are_the_validators(site):
    """Each message in the guide is one the validator tests expect, or one it prints now."""
    known = {f"content/circles/c.yaml:{p.values[1]}" for p in CIRCLE_CASES + CHANGE_CASES}
    known |= {f"content/courses/py4e.md:{p.values[1]}" for p in COURSE_CASES}
    known |= {f"content/organizations/tpl.yaml:{p.values[1]}" for p in ORGANIZATION_CASES}
    known |= {f"content/circles/c.yaml:{p.values[1]}" for p in hostile.CASES}
    known |= {hostile.BODY_CONTROL, hostile.HIDDEN, hostile.OUTSIDE}
    example = guide_examples()["circles/tpl-statistics-spring-2027.yaml"]
    site.write("circles/tpl-statistics-spring-2027.yaml",
               example.replace("America/Toronto", "America/Toront"))
    site.write("courses/Intro_Stats.md", COURSE)
    site.write("circles/a.md", f"---\n{CIRCLE}---\n")
    site.write("circles/a.yaml", CIRCLE)
    known |= set(site.problems())
    known |= {f"content/topics.yaml:{p.values[1]}" for p in TOPIC_CASES}
    for folder in ("circles", "courses"):
        shutil.rmtree(site.content / folder)
        (site.content / folder).mkdir()
    topics = (ROOT / "content/topics.yaml").read_text(encoding="utf-8")
    site.write("topics.yaml", topics.replace("      es: Python", "      es: Programación", 1))
    known |= set(site.problems())
    assert guide_error_lines() - known == set()


README = ROOT / "README.md"
STATED_CODES = re.compile(
    r"`python -m catalog validate` and `python -m catalog build`, which these targets run, "
    r"exit (\d)\s+when the content is valid, (\d) on content errors or a build fault, (\d) on "
    r"misuse \(.*?\)\. `make` itself exits (\d) whenever a command it runs fails", re.S)


def readme_exit_codes() -> dict[str, int]:
    found = STATED_CODES.search(README.read_text(encoding="utf-8"))
    assert found, "README.md no longer states the exit codes of python -m catalog"
    return dict(zip(["valid", "errors", "misuse", "make"], map(int, found.groups())))


def test_readme_exit_codes_are_the_clis(site, capsys, monkeypatch):
    from catalog.cli import main

    codes = readme_exit_codes()
    site.circle()
    assert main(["validate"]) == codes["valid"]
    assert main(["validate", "no-such-folder"]) == codes["misuse"]
    assert main(["build", "no-such-folder", "out"]) == codes["misuse"]
    site.circle(("America/Toronto", "America/Toront"))
    assert main(["validate"]) == codes["errors"]
    assert main(["build", "content", "out"]) == codes["errors"]
    monkeypatch.setenv("CATALOG_TODAY", "tomorrow")
    assert main(["validate"]) == codes["misuse"]


def test_readme_says_make_turns_any_failure_into_2(tmp_path):
    """The targets run the commands the README names, and make reports their failure as
    its own status, whatever the command's code."""
    recipes = (ROOT / "Makefile").read_text()
    assert "-m catalog validate $(CONTENT)" in recipes
    assert "-m catalog build $(CONTENT) $(OUTPUT)" in recipes
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    (tmp_path / "Makefile").write_text("fail:\n\t@exit 1\n")
    run = subprocess.run([make, "-s", "-C", str(tmp_path), "fail"], capture_output=True)
    assert run.returncode == readme_exit_codes()["make"] == 2
