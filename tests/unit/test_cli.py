"""The validate command: output format, summary, annotations and exit codes."""

import os
import subprocess
import sys
from pathlib import Path

from catalog.cli import main


def test_valid_content_exits_0(site, capsys):
    site.circle()
    assert main(["validate"]) == 0
    assert capsys.readouterr().err == "3 files checked, no errors\n"


def test_errors_exit_1_with_one_line_each_and_a_summary(site, capsys):
    site.circle(("America/Toronto", "America/Toront"))
    site.write("circles/d.yaml", "title: [")
    assert main(["validate", "content"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/circles/c.yaml:12:13: error: schedule.timezone: 'America/Toront' is not an IANA "
        "time zone (did you mean 'America/Toronto'?)",
        "content/circles/d.yaml:2:1: error: (file): is not valid YAML: did not find expected node "
        "content",
        "2 errors in 2 files",
    ]


def test_github_annotations(site, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    site.circle(("[Ana Silva]", "[Ana, a@b.org]"))
    assert main(["validate"]) == 1
    assert capsys.readouterr().out == (
        "::error file=content/circles/c.yaml,line=5,col=21,title=facilitators[1]::contains an "
        "e-mail address%3A list names only, contact details are not published\n"
        .replace("%3A", ":"))


def test_misuse_exits_2(site, capsys, monkeypatch):
    assert main(["validate", "no-such-folder"]) == 2
    assert "no-such-folder is not a folder of content" in capsys.readouterr().err
    monkeypatch.setenv("CATALOG_TODAY", "tomorrow")
    assert main(["validate"]) == 2


def test_runs_as_a_module_without_traceback(site):
    site.write("circles/c.yaml", b"\xff\xfe\x00garbage")
    run = subprocess.run([sys.executable, "-m", "catalog", "validate"], capture_output=True,
                         text=True, cwd=site.root,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "plugins")})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.endswith("1 error in 1 file\n")
