"""Reports that a checked tree cannot inject into: a file name or a message holding a newline,
a terminal escape or bytes that are not UTF-8 is printed escaped (text, GitHub) or written
losslessly as valid UTF-8 (JSON, SARIF)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lintnews.cli import main
from lintnews.common.escapes import json_safe, printable

ARTICLE = b"---\ntitle: a\ndate: 2024-01-01T00:00:00+08:00\n---\n\n**\xe9\x97\xae\xef\xbc\x9a**x\n"
INJECTED = "a\n::warning file=x.md::forged\x1b[2J.md"
UNDECODABLE = os.fsdecode(b"b\xff.md")


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / INJECTED).write_bytes(ARTICLE)
    (tree / UNDECODABLE).write_bytes(ARTICLE)
    return tree


def _report(tree: Path, tmp_path: Path, fmt: str) -> bytes:
    out = tmp_path / f"report.{fmt}"
    code = main(["check", "--no-cache", "--format", fmt, "--output", str(out), str(tree)])
    assert code == 1
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_names_with_newlines_and_escapes_cannot_start_a_line_or_steer_a_terminal(tmp_path, fmt):
    report = _report(_tree(tmp_path), tmp_path, fmt).decode("utf-8")
    lines = report.splitlines()
    assert not any(line.startswith("::warning") for line in lines)
    assert "\x1b" not in report
    forged = [line for line in lines if "forged" in line]
    newline = "\\n" if fmt == "text" else "%0A"  # GitHub decodes %0A inside the annotation
    assert forged and all(line.count(newline) == 1 and "\\x1b[2J" in line for line in forged)
    assert any("b\\xff.md" in line for line in lines)


def test_code_frames_escape_the_source_and_keep_the_carets_under_the_finding():
    from lintnews.output.text_format import code_frame
    from lintnews.plugin.diagnostics import Diagnostic, Severity

    finding = Diagnostic("a.md", 1, 3, 1, 5, "r", "LN1", Severity.ERROR, "m")
    source, carets = code_frame(finding, ["\x1bx**y"], color=False)
    assert source == "    1 | \\x1bx**y"
    assert carets.index("^") == source.index("**") and carets.count("^") == 2


def test_json_report_is_valid_utf8_and_keeps_an_undecodable_name_losslessly(tmp_path):
    tree = _tree(tmp_path)
    report = _report(tree, tmp_path, "json")
    paths = {finding["path"] for finding in json.loads(report.decode("utf-8"))}
    assert {os.path.basename(p) for p in paths} == {INJECTED, UNDECODABLE}
    undecodable = next(p for p in paths if p.endswith(UNDECODABLE))
    assert Path(undecodable).read_bytes() == ARTICLE  # the very file, found from the report


def test_sarif_report_is_written_and_names_an_undecodable_file_by_its_bytes(tmp_path):
    report = _report(_tree(tmp_path), tmp_path, "sarif")
    log = json.loads(report.decode("utf-8"))
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for location in result["locations"]
    }
    assert any(uri.endswith("b%FF.md") for uri in uris)
    assert any(
        uri.endswith("a%0A%3A%3Awarning%20file%3Dx.md%3A%3Aforged%1B%5B2J.md") for uri in uris
    )


def test_printable_escapes_controls_bidi_overrides_and_undecodable_bytes_only():
    assert printable("新闻/a b.md") == "新闻/a b.md"
    assert printable("a\r\n\tb\x1b\x9b\u202e") == "a\\r\\n\\tb\\x1b\\x9b\\u202e"
    assert printable(os.fsdecode(b"\xff")) == "\\xff"
    assert printable("a\r\n\x1b", line_breaks=False) == "a\r\n\\x1b"
    assert json.loads(json_safe(json.dumps(UNDECODABLE, ensure_ascii=False))) == UNDECODABLE
    json_safe(json.dumps("新闻" + UNDECODABLE, ensure_ascii=False)).encode("utf-8")
