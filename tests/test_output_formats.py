"""``--format github|sarif|junit`` (and ``--output`` for every format), run as the real command."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lintnews.output import FORMATS, OutputContext, github_format, junit_format
from lintnews.plugin.diagnostics import Diagnostic, Severity
from tests.conftest import SHARED, run_cli

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

#: Only the rules these tests are about, so that new rules do not change the expectations.
SELECT = ("--select", "LN001,LN002,LN005,LN102")
DUPLICATE = '---\ntitle: "坏新闻"\ntitle: "重复"\n---\n\n正文。\n'
NO_OFFSET = "---\ntitle: ok\ndate: 2025-02-01 10:30:49\n---\n\n正文。\n"
GOOD = '---\ntitle: "好新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'
#: The duplicate key sits after CJK text on its line: columns must count characters.
CJK_FLOW = '---\n{title: "中文标题", title: "重复"}\n---\n\n正文。\n'
HIDDEN_MARK = "\u200b---\ntitle: x\n---\n\n正文。\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def diagnostic(**changes) -> Diagnostic:
    fields = dict(
        path="a.md",
        line=3,
        column=2,
        end_line=3,
        end_column=4,
        rule="front-matter-duplicate-key",
        code="LN002",
        severity=Severity.ERROR,
        message="m",
    )
    return Diagnostic(**{**fields, **changes})


# -- github -------------------------------------------------------------------------------


def test_github_annotations_map_severity_and_escape_properties(tmp_path):
    write(tmp_path / "content" / "a, b: 100%.md", DUPLICATE)
    write(tmp_path / "content" / "late.md", NO_OFFSET)
    write(tmp_path / "lintnews.toml", '[rules.date-timezone]\nseverity = "info"\n')
    result = run_cli("check", *SELECT, "--format", "github", "content", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=content/a%2C b%3A 100%25.md,line=3,col=1,endLine=3,endColumn=6,"
        'title=LN002 front-matter-duplicate-key::duplicate key "title": it overwrites the '
        "value first given on line 2 (YAML forbids duplicate keys: PyYAML silently keeps the "
        "last value, strict parsers reject the file)"
    )
    assert lines[1].startswith("::notice file=content/late.md,line=3,col=7,")
    assert "title=LN102 date-timezone::" in lines[1]
    assert len(lines) == 2


def test_github_escapes_message_and_drops_columns_across_lines():
    multi = diagnostic(
        end_line=5, end_column=1, severity=Severity.WARNING, message="a%b\r\nc: d, e"
    )
    assert github_format.annotation(multi) == (
        "::warning file=a.md,line=3,endLine=5,"
        "title=LN002 front-matter-duplicate-key::a%25b%0D%0Ac: d, e"
    )
    assert github_format.render([], OutputContext()) == ""
    absolute = diagnostic(path=str(Path.cwd() / "content" / "a.md"))
    assert github_format.annotation(absolute).startswith("::error file=content/a.md,line=3,")


# -- sarif --------------------------------------------------------------------------------


def sarif_run(tmp_path: Path, *paths: str) -> dict:
    result = run_cli("check", *SELECT, "--format", "sarif", *paths, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_sarif_is_valid_against_the_official_schema(tmp_path):
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"{SARIF_SCHEMA} is absent (../shared sits beside the clone on team machines)")
    import jsonschema

    write(tmp_path / "content" / "posts" / "dup.md", DUPLICATE)
    write(tmp_path / "content" / "late.md", NO_OFFSET)
    write(tmp_path / "content" / "hidden.md", HIDDEN_MARK)
    write(tmp_path / "content" / "good.md", GOOD)
    log = sarif_run(tmp_path, "content")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert len(log["runs"][0]["results"]) == 3
    # An empty run is valid too.
    jsonschema.validate(sarif_run(tmp_path, "content/good.md"), schema)


def test_sarif_rules_results_locations_and_fixes(tmp_path):
    write(tmp_path / "content" / "posts" / "dup.md", DUPLICATE)
    write(tmp_path / "content" / "hidden.md", HIDDEN_MARK)
    log = sarif_run(tmp_path, "content")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    driver = run["tool"]["driver"]
    assert driver["name"] == "lintnews" and driver["version"] and driver["informationUri"]
    rules = driver["rules"]
    # Every rule that ran is described, in code order, with its documentation.
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    duplicate_rule = next(r for r in rules if r["id"] == "LN002")
    assert duplicate_rule["name"] == "front-matter-duplicate-key"
    assert (
        duplicate_rule["shortDescription"]["text"] == "A front-matter key must not be given twice."
    )
    assert duplicate_rule["fullDescription"]["text"].startswith("Reports the second")
    assert "## Why is this bad?" in duplicate_rule["help"]["markdown"]
    assert "## Example" in duplicate_rule["help"]["text"]
    assert duplicate_rule["defaultConfiguration"]["level"] == "error"

    by_uri = {}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        by_uri[location["artifactLocation"]["uri"]] = (result, location["region"])
    assert set(by_uri) == {"content/posts/dup.md", "content/hidden.md"}

    result, region = by_uri["content/posts/dup.md"]
    assert result["level"] == "error" and result["message"]["text"].startswith("duplicate key")
    assert region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 6}
    assert "fixes" not in result

    result, region = by_uri["content/hidden.md"]
    [fix] = result["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "content/hidden.md"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2},
            "insertedContent": {"text": ""},
        }
    ]


def test_sarif_columns_count_characters_not_utf16_or_bytes(tmp_path):
    write(tmp_path / "cjk.md", CJK_FLOW)
    [result] = sarif_run(tmp_path, "cjk.md")["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = CJK_FLOW.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "title"
    assert region["startColumn"] == len('{title: "中文标题", ') + 1


def test_sarif_uris_are_percent_encoded_and_fingerprints_ignore_line_moves(tmp_path):
    post = write(tmp_path / "新闻 1#.md", DUPLICATE)
    before = sarif_run(tmp_path, ".")["runs"][0]["results"]
    post.write_text(DUPLICATE.replace("---\n", "---\nauthor: x\nslug: y\n", 1), encoding="utf-8")
    after = sarif_run(tmp_path, ".")["runs"][0]["results"]
    location = after[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "%E6%96%B0%E9%97%BB%201%23.md"
    assert location["region"]["startLine"] == 5  # moved down two lines ...
    assert after[0]["partialFingerprints"] == before[0]["partialFingerprints"]  # ... same alert
    [(key, value)] = after[0]["partialFingerprints"].items()
    assert key == "lintnewsFinding/v1" and len(value) == 64


# -- junit --------------------------------------------------------------------------------


def test_junit_has_one_case_per_checked_file_and_escapes_xml(tmp_path):
    write(tmp_path / "posts" / "a&b<c>.md", DUPLICATE)
    write(tmp_path / "posts" / "good.md", GOOD)
    write(tmp_path / "posts" / "late.md", NO_OFFSET)
    write(tmp_path / "posts" / "twice.md", DUPLICATE.replace("---\n\n", 'title: "三"\n---\n\n'))
    result = run_cli("check", *SELECT, "--format", "junit", "posts", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("<?xml version='1.0' encoding='utf-8'?>")
    suites = ET.fromstring(result.stdout)
    [suite] = suites
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "3", "0")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {"posts/a&b<c>.md", "posts/good.md", "posts/late.md", "posts/twice.md"}
    assert list(cases["posts/good.md"]) == []  # a passing file is a passing case

    [failure] = cases["posts/a&b<c>.md"]
    assert failure.tag == "failure" and failure.get("type") == "front-matter-duplicate-key"
    assert failure.get("message").startswith('3:1: LN002 duplicate key "title"')
    assert failure.text.startswith('3:1: LN002 duplicate key "title"')
    assert failure.text.rstrip().endswith("[front-matter-duplicate-key]")

    [failure] = cases["posts/twice.md"]
    assert failure.get("message").startswith("2 problems; first 3:1: LN002")
    assert [line.split(":")[0] for line in failure.text.splitlines()] == ["3", "4"]
    assert cases["posts/late.md"][0].get("type") == "date-timezone"


def test_junit_after_fix_lists_every_checked_file(tmp_path):
    """A ``--fix`` run is reported like any other: passing files are passing cases."""
    write(tmp_path / "posts" / "good.md", GOOD)
    write(tmp_path / "posts" / "late.md", NO_OFFSET)
    result = run_cli("check", *SELECT, "--fix", "--format", "junit", "posts", cwd=tmp_path)
    cases = {case.get("name") for case in ET.fromstring(result.stdout).iter("testcase")}
    assert cases == {"posts/good.md", "posts/late.md"}, result.stdout


def test_junit_errors_info_and_characters_xml_cannot_hold():
    context = OutputContext(paths=["a.md", "b.md", "c.md"])
    found = [
        diagnostic(path="a.md", message="bad \x00\x1b byte"),
        diagnostic(path="b.md", severity=Severity.INFO, message="just so you know"),
        diagnostic(path="c.md", rule="file-unreadable", code="LN000", message="permission"),
    ]
    suite = ET.fromstring(junit_format.render(found, context))[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    a, b, c = suite
    assert a[0].get("message") == "3:2: LN002 bad \\u0000\\u001b byte"
    assert [child.tag for child in b] == ["system-out"] and "just so you know" in b[0].text
    assert c[0].tag == "error" and c[0].get("type") == "file-unreadable"


# -- every format -------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_output_file_holds_exactly_what_stdout_would(tmp_path, name):
    write(tmp_path / "a.md", DUPLICATE)
    write(tmp_path / "b.md", GOOD)
    printed = run_cli("check", *SELECT, "--format", name, ".", cwd=tmp_path)
    saved = run_cli("check", *SELECT, "--format", name, "--output", "report.out", ".", cwd=tmp_path)
    assert saved.returncode == printed.returncode == 1
    assert saved.stdout == ""
    assert (tmp_path / "report.out").read_text(encoding="utf-8") == printed.stdout
    assert printed.stdout.strip()


def test_unknown_format_is_a_usage_error(tmp_path):
    write(tmp_path / "a.md", GOOD)
    result = run_cli("check", *SELECT, "--format", "yaml", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'yaml'" in result.stderr and "sarif" in result.stderr
