"""The `lintnews` command, run as a real subprocess on real files."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import run_cli

GOOD = '---\ntitle: "好新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'
BAD = '---\ntitle: "坏新闻"\ntitle: "重复"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output_line_and_exit_status(tmp_path):
    write(tmp_path / "content" / "bad.md", BAD)
    write(tmp_path / "content" / "good.md", GOOD)
    result = run_cli("check", "content", cwd=tmp_path)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith('content/bad.md:3:1: LN002 duplicate key "title"')
    assert first.endswith("[front-matter-duplicate-key]")
    assert "in 1 of 2 files" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_clean_files_exit_0(tmp_path):
    write(tmp_path / "good.md", GOOD)
    result = run_cli("check", "good.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "No problems found in 1 file." in result.stdout


def test_no_path_checks_the_current_folder_and_skips_git_and_node_modules(tmp_path):
    write(tmp_path / "a.md", BAD)
    write(tmp_path / ".git" / "x.md", BAD)
    write(tmp_path / "node_modules" / "pkg" / "README.md", BAD)
    write(tmp_path / "notes.txt", BAD)
    write(tmp_path / "b.markdown", BAD)
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    paths = sorted({d["path"] for d in json.loads(result.stdout)})
    assert paths == ["a.md", "b.markdown"]


def test_explicit_files_are_always_checked_even_when_excluded(tmp_path):
    write(tmp_path / "lintnews.toml", "exclude = ['drafts']\n")
    write(tmp_path / "drafts" / "a.md", BAD)
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0
    assert run_cli("check", "drafts/a.md", cwd=tmp_path).returncode == 1


def test_json_output_shape_is_stable(tmp_path):
    write(
        tmp_path / "a.md",
        "---\ntitle: x\ntranslations: [zh-CN, no]\ndate: 2025-02-01T10:30:49+08:00\n---\n",
    )
    result = run_cli("check", "--format", "json", "a.md", cwd=tmp_path)
    [diagnostic] = json.loads(result.stdout)
    assert set(diagnostic) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "code",
        "severity",
        "message",
        "fix",
    }
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_column"]) == (3, 23, 25)
    assert diagnostic["severity"] == "warning" and result.returncode == 1
    assert diagnostic["fix"]["edits"] == [
        {"line": 3, "column": 23, "end_line": 3, "end_column": 25, "replacement": '"no"'}
    ]


def test_code_frame_and_colour_when_forced(tmp_path):
    write(tmp_path / "a.md", BAD)
    result = run_cli("check", "--color", "always", "a.md", cwd=tmp_path)
    assert "\x1b[31m" in result.stdout
    assert '    3 | title: "重复"' in result.stdout
    assert "      | \x1b[31m^^^^^\x1b[0m" in result.stdout


def test_exit_zero_and_output_file(tmp_path):
    write(tmp_path / "a.md", BAD)
    result = run_cli("check", "--exit-zero", "--output", "report.txt", "a.md", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    assert "LN002" in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_select_and_ignore_on_the_command_line(tmp_path):
    write(tmp_path / "a.md", BAD)
    assert run_cli("check", "--ignore", "LN002", "a.md", cwd=tmp_path).returncode == 0
    assert (
        run_cli("check", "--select", "front-matter-duplicate-key", "a.md", cwd=tmp_path).returncode
        == 1
    )
    result = run_cli("check", "--select", "bogus", "a.md", cwd=tmp_path)
    assert result.returncode == 2 and "unknown rule 'bogus'" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("check", "--format", "xml", cwd=tmp_path).returncode == 2
    result = run_cli("check", "missing.md", cwd=tmp_path)
    assert result.returncode == 2 and "missing.md: no such file or folder" in result.stderr
    assert run_cli("rule", "no-such-rule", cwd=tmp_path).returncode == 2


def test_one_bad_file_never_stops_the_others(tmp_path):
    write(tmp_path / "a.md", BAD)
    (tmp_path / "gbk.md").write_bytes("---\ntitle: 中文\n---\n".encode("gb18030"))
    (tmp_path / "dir.md").mkdir()
    write(tmp_path / "z.md", BAD)
    result = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    by_path = {d["path"]: d for d in json.loads(result.stdout)}
    assert set(by_path) == {"a.md", "gbk.md", "z.md"}
    assert "GBK/GB18030" in by_path["gbk.md"]["message"]
    assert "Traceback" not in result.stderr


def test_rules_and_rule_docs(tmp_path):
    listing = run_cli("rules", cwd=tmp_path)
    assert listing.returncode == 0
    assert "LN002  front-matter-duplicate-key" in listing.stdout
    docs = run_cli("rule", "LN003", cwd=tmp_path)
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Options"):
        assert section in docs.stdout


def test_crashing_third_party_rule_gives_internal_error_and_exit_2(tmp_path):
    """A plugin installed the way third-party plugins are: a distribution with an entry point."""
    site = tmp_path / "site"
    write(
        site / "crashy_plugin.py",
        textwrap.dedent('''
        from lintnews import Rule

        class Crashy(Rule):
            """Always crashes."""
            name = "crashy"
            code = "XX001"

            def check(self, doc):
                raise RuntimeError("boom")
                yield

        RULES = [Crashy]
    '''),
    )
    dist = site / "crashy_plugin-0.1.dist-info"
    write(dist / "METADATA", "Metadata-Version: 2.1\nName: crashy-plugin\nVersion: 0.1\n")
    write(dist / "entry_points.txt", "[lintnews.rules]\ncrashy = crashy_plugin:RULES\n")
    write(tmp_path / "a.md", BAD)
    write(tmp_path / "b.md", GOOD)
    result = run_cli(
        "check", "--format", "json", "a.md", "b.md", cwd=tmp_path, env={"PYTHONPATH": str(site)}
    )
    assert result.returncode == 2
    diagnostics = json.loads(result.stdout)
    crashes = [d for d in diagnostics if d["rule"] == "internal-error"]
    assert {d["path"] for d in crashes} == {"a.md", "b.md"}
    assert "rule crashy crashed" in crashes[0]["message"] and "boom" in crashes[0]["message"]
    assert any(d["rule"] == "front-matter-duplicate-key" for d in diagnostics)  # the others ran
    listing = run_cli("rules", cwd=tmp_path, env={"PYTHONPATH": str(site)})
    assert "XX001  crashy" in listing.stdout


def test_suppression_comments_silence_exactly_their_targets(tmp_path):
    text = textwrap.dedent("""\
        ---
        title: x
        date: 2025-02-01T10:30:49+08:00
        a: [yes]
        ---
        <!-- lintnews-disable-file front-matter-implicit-type -->
        """)
    write(tmp_path / "a.md", text)
    assert run_cli("check", "a.md", cwd=tmp_path).returncode == 0
    write(tmp_path / "a.md", text.replace("front-matter-implicit-type", "front-matter-syntax"))
    assert run_cli("check", "a.md", cwd=tmp_path).returncode == 1


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    # `lintnews check content/ | head`: far more findings than a pipe holds.
    (tmp_path / "a.md").write_text("**问题：**我们\n\n" * 3000, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "lintnews", "check", "--no-cache", "a.md"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"a.md:")
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 2
    assert stderr == ""


def test_server_without_its_extra_says_how_to_install_it(monkeypatch, capsys):
    from lintnews.cli import main

    monkeypatch.setitem(sys.modules, "pygls", None)  # what an install without the extra has
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    assert main(["server"]) == 2
    assert "pip install 'lintnews[server]'" in capsys.readouterr().err
