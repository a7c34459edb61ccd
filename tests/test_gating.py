"""``--fail-level``, ``--statistics`` and ``--quiet``, run as the real command."""

import json

from lintnews.cli import main
from tests.conftest import run_cli

# One error (a duplicate key), one warning (no alt text), two infos (plain HTTP images).
ARTICLE = (
    '---\ntitle: "坏"\ntitle: "重复"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
    "![](https://example.org/a.png)\n\n![图](http://example.org/b.png)\n\n"
    "![图](http://example.org/c.png)\n"
)


def write_article(tmp_path, text=ARTICLE):
    (tmp_path / "a.md").write_text(text, encoding="utf-8")


def status(*args: str) -> int:
    """The exit status of ``lintnews check`` run in this process (options only: fast)."""
    try:
        return main(["check", "--no-cache", *args])
    except SystemExit as exc:  # usage errors
        return int(exc.code)


def test_fail_level_sets_the_lowest_failing_severity(tmp_path, monkeypatch, capsys):
    write_article(tmp_path)
    monkeypatch.chdir(tmp_path)
    infos_only = ("--select", "image-insecure-url", "a.md")
    assert status(*infos_only) == 0
    assert status(*infos_only, "--fail-level", "warning") == 0
    assert status(*infos_only, "--fail-level", "info") == 1
    warning = ("--select", "image-alt-text", "a.md")
    assert status(*warning) == 1
    assert status(*warning, "--fail-level", "error") == 0
    assert status("--fail-level", "error", "a.md") == 1
    assert status("--fail-level", "fatal", "a.md") == 2


def test_statistics_one_line_per_rule_sorted_by_count(tmp_path):
    write_article(tmp_path)
    result = run_cli("check", "--statistics", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "2  LN403  0 fixable  image-insecure-url",
        "1  LN002  0 fixable  front-matter-duplicate-key",
        "1  LN401  0 fixable  image-alt-text",
    ]
    assert lines[3] == "Found 4 problems (1 error, 1 warning, 2 infos) in 1 of 1 file."
    assert "a.md:" not in result.stdout  # the counts replace the findings
    unsafe = run_cli("check", "--statistics", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert unsafe.stdout.splitlines()[0] == "2  LN403  2 fixable  image-insecure-url"


def test_statistics_as_json_and_refused_in_other_formats(tmp_path):
    write_article(tmp_path)
    result = run_cli("check", "--statistics", "--format", "json", "a.md", cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert rows[0] == {"code": "LN403", "rule": "image-insecure-url", "count": 2, "fixable": 0}
    assert [row["code"] for row in rows] == ["LN403", "LN002", "LN401"]
    refused = run_cli("check", "--statistics", "--format", "sarif", "a.md", cwd=tmp_path)
    assert refused.returncode == 2 and "--statistics is written as text or json" in refused.stderr


def test_quiet_prints_the_findings_only(tmp_path, monkeypatch, capsys):
    write_article(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert status("--quiet", "a.md") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and all(line.startswith("a.md:") for line in lines)
    baseline = ("-q", "--baseline", "base.json", "a.md")
    assert status(*baseline, "--update-baseline") == 0
    assert capsys.readouterr().err == ""
    assert status(*baseline) == 0
    assert capsys.readouterr() == ("", "")
    assert status("-q", "--select", "LN005", "a.md") == 0
    assert capsys.readouterr().out == ""
