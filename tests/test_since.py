"""``--since REF`` and ``--shard K/N`` on real git repositories made in tmp_path."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lintnews.cli import main
from lintnews.output import FORMATS

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = '---\ntitle: "{}"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
# Three paragraphs, each with bold that does not render (emphasis-not-rendered, LN201).
ARTICLE = HEAD.format("a") + "一 **问题1：**我们\n\n二\n没问题\n\n三 **问题2：**他们\n"
OTHER = HEAD.format("b") + "**问题1：**我们\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A committed site with two articles, each with findings; the current folder."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "content" / "b.md").write_text(OTHER, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check_json(capsys, *args: str) -> tuple[int, list[dict]]:
    status = main(["check", "--no-cache", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_only_changed_lines_and_their_paragraph_are_reported(repo, capsys):
    status, found = check_json(capsys, "--since", "HEAD")
    assert (status, found) == (0, [])  # nothing changed
    # The second paragraph gets a defect on its second line; its first line is untouched.
    edit(repo / "content" / "a.md", "没问题", "没问题 **问题3：**你们")
    status, found = check_json(capsys, "--since", "HEAD")
    assert status == 1
    assert [(d["path"], d["line"], d["code"]) for d in found] == [("content/a.md", 9, "LN201")]
    # Without --since the untouched defects are all there.
    _, everything = check_json(capsys)
    assert len(everything) == 4


def test_a_change_is_judged_with_the_paragraph_it_breaks(repo, capsys):
    # Adding a line under the first paragraph's defect reports the defect above it too.
    edit(repo / "content" / "a.md", "一 **问题1：**我们\n", "一 **问题1：**我们\n续\n")
    _, found = check_json(capsys, "--since", "HEAD")
    assert [(d["line"], d["code"]) for d in found] == [(6, "LN201")]
    # Deleting the line between two paragraphs' defects joins them: both are reported.
    git(repo, "checkout", "--", ".")
    edit(repo / "content" / "a.md", "没问题\n\n三", "没问题\n三")
    _, found = check_json(capsys, "--since", "HEAD")
    assert [(d["line"], d["code"]) for d in found] == [(10, "LN201")]


def test_staged_committed_and_untracked_changes_count(repo, capsys):
    edit(repo / "content" / "b.md", 'title: "b"', 'title: "b"\ntags: [x]')
    git(repo, "add", "content/b.md")  # staged, not committed
    (repo / "content" / "new.md").write_text(OTHER, encoding="utf-8")  # untracked
    _, found = check_json(capsys, "--since", "HEAD")
    # b.md's change is in the front matter: its paragraph is the front matter, not the body.
    assert [(d["path"], d["line"]) for d in found] == [("content/new.md", 6)]
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "next")
    edit(repo / "content" / "b.md", "我们", "我们。")
    _, found = check_json(capsys, "--since", "HEAD~1")
    assert sorted((d["path"], d["line"]) for d in found) == [
        ("content/b.md", 7),
        ("content/new.md", 6),
    ]


def test_files_outside_the_diff_are_not_read(repo, capsys):
    edit(repo / "content" / "a.md", "没问题", "没问题 **问题3：**你们")
    opened: list[str] = []
    recording = [True]

    def record(event: str, args: tuple) -> None:
        if recording and event == "open" and isinstance(args[0], str) and args[0].endswith(".md"):
            opened.append(Path(args[0]).name)

    sys.addaudithook(record)  # hooks cannot be removed: this one stops recording at the end
    try:
        check_json(capsys, "--since", "HEAD")
        assert "a.md" in opened and "b.md" not in opened
        opened.clear()
        check_json(capsys)
        assert "b.md" in opened
    finally:
        recording.clear()


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_reports_only_the_changed_lines(repo, capsys, format):
    edit(repo / "content" / "a.md", "没问题", "没问题 **问题3：**你们")
    assert main(["check", "--no-cache", "--format", format, "--since", "HEAD"]) == 1
    report = capsys.readouterr().out
    if format == "sarif":  # it also describes the rules, whose examples have any text
        results = json.loads(report)["runs"][0]["results"]
        report = json.dumps([r["message"] for r in results], ensure_ascii=False)
    assert "你" in report and "他" not in report and "b.md" not in report


def test_shards_split_the_files_stably_and_completely(repo, capsys):
    for number in range(10):
        (repo / "content" / f"n{number}.md").write_text(OTHER, encoding="utf-8")
    _, everything = check_json(capsys)
    shares = [{d["path"] for d in check_json(capsys, "--shard", f"{k}/3")[1]} for k in (1, 2, 3)]
    assert set().union(*shares) == {d["path"] for d in everything}
    assert sum(len(share) for share in shares) == len({d["path"] for d in everything})
    assert all(shares)  # 12 files: no share is empty
    assert {d["path"] for d in check_json(capsys, "--shard", "2/3")[1]} == shares[1]
    # The split depends on each path alone, not on which other files there are.
    (repo / "content" / "late.md").write_text(OTHER, encoding="utf-8")
    assert {d["path"] for d in check_json(capsys, "--shard", "2/3")[1]} - {
        "content/late.md"
    } == shares[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "no-such-ref"], "--since no-such-ref: no such git revision"),
        (["--since=-x"], "a git revision cannot start with '-'"),
        (["--shard", "0/3"], "--shard 0/3: give K/N with 1 <= K <= N"),
        (["--shard", "three"], "--shard three: give K/N"),
        (["--since", "HEAD", "--fix"], "--since checks part of the tree; it does not work"),
        (["--shard", "1/2", "--stdin-filename", "a.md"], "--shard picks files to check"),
    ],
)
def test_what_cannot_be_done_is_said(repo, capsys, args, message):
    assert main(["check", *args]) == 2
    assert message in capsys.readouterr().err


def test_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(OTHER, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["check", "--since", "HEAD"]) == 2
    assert "--since needs a git work tree" in capsys.readouterr().err
