"""``--stdin-filename PATH``: standard input checked as the file PATH (editor integration)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

#: Only the rules these tests are about, so that new rules do not change the expectations.
SELECT = ("--select", "LN001,LN002,LN005,LN102")
DUPLICATE = '---\ntitle: "坏新闻"\ntitle: "重复"\n---\n\n正文。\n'
NO_OFFSET = "---\ntitle: ok\ndate: 2025-02-01 10:30:49\n---\n\n正文。\n"
GOOD = '---\ntitle: "好新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_stdin_is_checked_as_the_named_file_not_the_file_on_disk(tmp_path):
    write(tmp_path / "content" / "post.md", GOOD)  # the saved version is clean
    result = run_cli(
        "check", *SELECT, "--format", "json", "--stdin-filename", "content/post.md",
        cwd=tmp_path, stdin=DUPLICATE,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)
    assert (finding["path"], finding["line"], finding["rule"]) == (
        "content/post.md",
        3,
        "front-matter-duplicate-key",
    )


def test_text_report_names_the_path_and_counts_one_file(tmp_path):
    result = run_cli(
        "check", *SELECT, "--stdin-filename", "drafts/new.md", cwd=tmp_path, stdin=DUPLICATE
    )
    assert result.returncode == 1
    assert result.stdout.startswith('drafts/new.md:3:1: LN002 duplicate key "title"')
    assert "in 1 of 1 file." in result.stdout
    clean = run_cli("check", *SELECT, "--stdin-filename", "drafts/new.md", cwd=tmp_path, stdin=GOOD)
    assert clean.returncode == 0 and "No problems found in 1 file." in clean.stdout


def test_config_is_found_from_the_named_files_folder(tmp_path):
    write(tmp_path / "site" / "lintnews.toml", 'ignore = ["date-timezone"]\n')
    outside = run_cli(
        "check", *SELECT, "--stdin-filename", "elsewhere/a.md", cwd=tmp_path, stdin=NO_OFFSET
    )
    assert outside.returncode == 1 and "LN102" in outside.stdout
    inside = run_cli(
        "check", *SELECT, "--stdin-filename", "site/content/a.md", cwd=tmp_path, stdin=NO_OFFSET
    )
    assert inside.returncode == 0, inside.stdout
    per_path = write(
        tmp_path / "site" / "lintnews.toml",
        '[per-path-ignores]\n"content/drafts/**" = ["front-matter-duplicate-key"]\n',
    )
    assert per_path.exists()
    ignored = run_cli(
        "check",
        *SELECT,
        "--stdin-filename",
        "site/content/drafts/x.md",
        cwd=tmp_path,
        stdin=DUPLICATE,
    )
    assert ignored.returncode == 0, ignored.stdout


def test_relative_images_resolve_from_the_named_file(tmp_path):
    from lintnews.plugin.rule import load_rules

    if load_rules().resolve("image-missing-file") is None:
        pytest.skip("image-missing-file is not registered in lintnews_rules yet")
    post = write(tmp_path / "site" / "content" / "news" / "post.md", GOOD)
    (tmp_path / "site" / "content" / "news" / "present.png").write_bytes(b"")
    text = GOOD + "\n![有](present.png)\n\n![无](missing.png)\n"
    result = run_cli(
        "check", *SELECT, "--format", "json", "--select", "image-missing-file",
        "--stdin-filename", str(post.relative_to(tmp_path)), cwd=tmp_path, stdin=text,
    )  # fmt: skip
    found = json.loads(result.stdout)
    assert [(d["path"], d["line"]) for d in found] == [("site/content/news/post.md", 10)]
    assert "missing.png" in found[0]["message"]


def test_undecodable_bytes_from_stdin_are_a_diagnostic_not_a_crash(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--stdin-filename", "a.md"],
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
        input=b"---\ntitle: \xff\xfe\x00bad\n---\n",
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert b"a.md:" in result.stdout and b"LN005" in result.stdout
    assert b"Traceback" not in result.stderr


def test_empty_stdin_and_sarif_output(tmp_path):
    result = run_cli(
        "check", *SELECT, "--format", "sarif", "--stdin-filename", "x/a.md", cwd=tmp_path, stdin=""
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["runs"][0]["results"] == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["a.md"], "either PATH arguments or --stdin-filename"),
        (["--fix"], "do not work with --stdin-filename"),
        (["--diff"], "do not work with --stdin-filename"),
    ],
)
def test_stdin_refuses_options_that_need_files(tmp_path, extra, expected):
    write(tmp_path / "a.md", GOOD)
    result = run_cli(
        "check", *SELECT, "--stdin-filename", "a.md", *extra, cwd=tmp_path, stdin=DUPLICATE
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == GOOD


def test_code_frames_show_the_text_read_from_standard_input(tmp_path):
    text = '---\ntitle: "T"\ndate: 2025-01-01T00:00:00+08:00\n---\n\n**问题：**我们\n'
    result = run_cli(
        "check", "--stdin-filename", "not-on-disk.md", "--color", "always", cwd=tmp_path, stdin=text
    )
    assert "    6 | **问题：**我们" in result.stdout


def test_no_fixable_count_where_fixes_cannot_be_applied(tmp_path):
    """``--fix`` is refused with ``--stdin-filename``: the report does not offer it."""
    text = "---\nmode: 0755\nlang: no\n---\n"
    write(tmp_path / "a.md", text)
    on_disk = run_cli("check", "--select", "LN001,LN003,LN005", "a.md", cwd=tmp_path)
    assert "fixable with --fix" in on_disk.stdout
    piped = run_cli(
        "check", "--select", "LN001,LN003,LN005", "--stdin-filename", "a.md",
        cwd=tmp_path, stdin=text,
    )  # fmt: skip
    assert piped.returncode == on_disk.returncode
    assert "fixable" not in piped.stdout and "a.md:2:7" in piped.stdout


def test_an_unsaved_files_local_images_resolve_against_its_folder(tmp_path):
    write(tmp_path / "hugo.toml", 'baseURL = "https://example.com/"\n')
    write(tmp_path / "content" / "posts" / "here.png", "")
    buffer = GOOD + "\n![图](missing.png)\n\n![图2](here.png)\n"
    result = run_cli(
        "check", "--select", "image-missing-file", "--format", "json",
        "--stdin-filename", "content/posts/new.md", cwd=tmp_path, stdin=buffer,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)
    assert (finding["path"], finding["line"], finding["rule"]) == (
        "content/posts/new.md",
        8,
        "image-missing-file",
    )
    assert "missing.png" in finding["message"]
