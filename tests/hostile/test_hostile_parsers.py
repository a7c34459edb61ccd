"""Front matter, configs and baselines that once hung or crashed the run.

Each is a small file a stranger's pull request could carry; each must give a clear finding
(or a config error, exit 2) while the other files are still reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lintnews.plugin.settings import NetworkSettings
from lintnews.run.engine import document_from_bytes, lint_document
from lintnews.site.config import build_config

GOOD = '---\ntitle: "好新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'
ALL = build_config({"select": ["ALL"], "network": {"enabled": False}})
HUGE_NUMBER = "1" * 5000


def findings(text: str) -> list:
    return lint_document(document_from_bytes(text.encode(), "content/a.md"), ALL)


def check_json(*args: str, cwd: Path) -> tuple[list[dict], str, int]:
    """The real command, bounded in time and memory (a runaway reader fails, not swaps)."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--format", "json", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=limit_memory,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout or "[]"), result.stderr, result.returncode


def test_a_recursive_yaml_alias_is_a_finding():
    found = findings("---\ntitle: &a [*a]\ndate: 2025-02-01\n---\nx\n")
    syntax = [d for d in found if d.rule == "front-matter-syntax"]
    assert [d.message for d in syntax] == [
        "a YAML alias refers to a value that contains it, which would expand forever; "
        "lintnews stops reading this YAML"
    ]


def test_an_alias_used_twice_is_not_mistaken_for_recursion():
    found = findings("---\nbase: &b [1, 2]\nx: *b\ny: [*b, *b]\ntitle: t\ndate: 2025-02-01\n---\n")
    assert [d.rule for d in found if d.rule == "front-matter-syntax"] == []


def test_recursive_aliases_in_front_matter_and_hugo_config_leave_other_files_reported(tmp_path):
    (tmp_path / "hugo.yaml").write_text("title: &a [*a]\nbaseURL: https://example.com/\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "alias.md").write_text("---\ntitle: &a [*a]\n---\nx\n")
    (content / "good.md").write_text(GOOD + "\n## 小节\n\n**问题：**我们\n")
    report, stderr, code = check_json(cwd=tmp_path)
    assert code == 1
    assert "hugo.yaml:1: a YAML alias refers to a value that contains it" in stderr
    by_file = {(d["path"], d["rule"]) for d in report}
    assert ("content/alias.md", "front-matter-syntax") in by_file
    assert ("content/good.md", "emphasis-not-rendered") in by_file


@pytest.mark.parametrize(
    "text",
    [
        f"---\ntitle: x\nviews: {HUGE_NUMBER}\n---\nx\n",
        f'+++\ntitle = "x"\nviews = {HUGE_NUMBER}\n+++\nx\n',
        f'{{"title": "x", "views": {HUGE_NUMBER}}}\n\nx\n',
    ],
    ids=["yaml", "toml", "json"],
)
def test_a_number_too_long_for_python_is_a_front_matter_finding(text):
    syntax = [d for d in findings(text) if d.rule == "front-matter-syntax"]
    assert len(syntax) == 1
    assert syntax[0].message.startswith("a number has more than 4,300 digits")


def test_a_huge_number_in_a_baseline_is_a_clear_error(tmp_path):
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "baseline.json").write_text(f'{{"version": {HUGE_NUMBER}}}')
    _, stderr, code = check_json("--baseline", "baseline.json", "a.md", cwd=tmp_path)
    assert code == 2
    assert "baseline.json: not a valid baseline (a number has more than 4,300 digits" in stderr


def test_init_skips_front_matter_with_a_huge_number(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.md").write_text(GOOD)
    (content / "huge.md").write_text(f"---\ntitle: x\nviews: {HUGE_NUMBER}\n---\nx\n")
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "init", "--print", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0
    assert "skipped content/huge.md: front matter cannot be read: a number has more" in (
        result.stdout + result.stderr
    )


def test_a_yaml_merge_key_override_is_not_a_duplicate_key():
    text = (
        "---\nbase: &base {title: x, summary: s}\nnews:\n  <<: *base\n  title: y\n"
        "title: t\ndate: 2025-02-01T10:30:49+08:00\n---\nx\n"
    )
    doc = document_from_bytes(text.encode(), "a.md")
    assert [d for d in lint_document(doc, ALL) if d.rule == "front-matter-duplicate-key"] == []
    assert doc.front_matter.data["news"] == {"title": "y", "summary": "s"}


def test_a_key_given_twice_beside_a_merge_is_still_a_duplicate():
    text = "---\nbase: &base {title: x}\nnews:\n  <<: *base\n  title: y\n  title: z\n---\n"
    duplicates = [d for d in findings(text) if d.rule == "front-matter-duplicate-key"]
    assert [d.line for d in duplicates] == [6]


def test_a_symlink_loop_given_first_is_an_unreadable_file(tmp_path):
    (tmp_path / "loop.md").symlink_to("loop.md")
    (tmp_path / "good.md").write_text(GOOD + "\n**问题：**我们\n")
    report, _, code = check_json("loop.md", "good.md", cwd=tmp_path)
    assert code == 1
    rules = {(d["path"], d["rule"]) for d in report}
    assert rules == {("loop.md", "file-unreadable"), ("good.md", "emphasis-not-rendered")}


def test_a_symlink_loop_given_first_with_the_cache_on(tmp_path):
    (tmp_path / "loop.md").symlink_to("loop.md")
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--format", "json", "loop.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert [d["rule"] for d in json.loads(result.stdout)] == ["file-unreadable"]


def test_a_non_ascii_user_agent_is_a_config_error(tmp_path):
    (tmp_path / "lintnews.toml").write_text('[network]\nuser-agent = "新闻机器人"\n')
    (tmp_path / "a.md").write_text(GOOD)
    _, stderr, code = check_json("a.md", cwd=tmp_path)
    assert code == 2
    assert "user-agent: must be printable ASCII text (it is sent as an HTTP header)" in stderr
    with pytest.raises(ValueError):
        NetworkSettings(user_agent="bot\r\nX-Injected: 1")


def test_a_config_number_too_long_to_read_is_a_config_error(tmp_path):
    (tmp_path / "lintnews.toml").write_text("jobs = " + "9" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: a\n---\n\n正文。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--no-cache", "a.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "lintnews.toml: cannot be read: a number has more than" in result.stderr
    assert "Traceback" not in result.stderr
