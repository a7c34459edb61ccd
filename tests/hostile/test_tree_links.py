"""Staying in the tree: symbolic links that lead out of the checked root are reported, never
read, printed or written; ``--fix`` keeps hard links and refuses read-only files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from lintnews.run.fixes import fix_file
from lintnews.site.config import build_config
from lintnews.site.files import discover
from tests.conftest import run_cli

SECRET = "---\ntitle: SECRET-TITLE\ndate: 2024-01-01T00:00:00+08:00\n---\n\n**SECRET：**我们\n"
FIXABLE = "---\ntitle: a\ndate: 2024-01-01T00:00:00+08:00\n---\n\n**问题：**我们\n"


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET)
    tree = tmp_path / "tree"
    (tree / ".git").mkdir(parents=True)
    (tree / "content").mkdir()
    (tree / "content" / "real.md").write_text(FIXABLE)
    (tree / "content" / "leak.md").symlink_to(outside / "secret.md")
    (tree / "content" / "alias.md").symlink_to("real.md")  # stays inside: followed
    return tree, outside


def test_a_link_out_of_the_tree_is_reported_and_never_read_printed_or_fixed(tmp_path):
    tree, outside = _tree(tmp_path)
    for mode in (["--color", "always"], ["--diff"], ["--fix"]):
        result = run_cli("check", "--no-cache", *mode, "content", cwd=tree)
        assert "SECRET" not in result.stdout + result.stderr, mode
    assert (outside / "secret.md").read_text() == SECRET
    result = run_cli("check", "--no-cache", "content/leak.md", cwd=tree)
    assert "content/leak.md:1:1: LN000" in result.stdout
    assert "outside the checked folder" in result.stdout
    assert "SECRET" not in result.stdout


def test_links_that_stay_inside_are_still_followed(tmp_path):
    tree, _ = _tree(tmp_path)
    found = {display: path for path, display in discover([str(tree / "content")], build_config({}))}
    assert (tree / "content" / "alias.md").samefile(tree / "content" / "real.md")
    names = sorted(os.path.basename(d) for d in found)
    assert names == ["alias.md", "leak.md"]  # alias.md is real.md: one file, checked once


def test_a_link_to_the_parent_folder_is_not_walked(tmp_path):
    tree, _ = _tree(tmp_path)
    (tree / "content" / "up").symlink_to("..")
    (tree / "content" / "sub").mkdir()
    (tree / "content" / "sub" / "top").symlink_to("../..")
    (tree / "parent.md").write_text(FIXABLE)
    result = run_cli("check", "--no-cache", "content/sub", cwd=tree)
    assert "parent.md" not in result.stdout and "real.md" not in result.stdout
    assert "content/sub/top:1:1: LN000" in result.stdout


def test_fix_keeps_hard_links_mode_and_refuses_read_only_files(tmp_path):
    config = build_config({})
    linked = tmp_path / "linked.md"
    linked.write_text(FIXABLE)
    linked.chmod(0o640)
    os.link(linked, tmp_path / "other-name.md")
    assert fix_file(linked, config).written
    assert (tmp_path / "other-name.md").samefile(linked)
    assert (tmp_path / "other-name.md").read_text() != FIXABLE
    assert stat.S_IMODE(linked.stat().st_mode) == 0o640

    locked = tmp_path / "locked.md"
    locked.write_text(FIXABLE)
    locked.chmod(0o444)
    inode = locked.stat().st_ino
    result = fix_file(locked, config)
    assert not result.written and "read-only" in (result.error or "")
    assert locked.read_text() == FIXABLE and locked.stat().st_ino == inode


def test_fix_on_a_read_only_file_is_a_finding_on_that_file_in_every_report(tmp_path):
    (tmp_path / ".git").mkdir()
    locked = tmp_path / "locked.md"
    locked.write_text(FIXABLE)
    locked.chmod(0o444)
    (tmp_path / "open.md").write_text(FIXABLE)
    result = run_cli("check", "--no-cache", "--fix", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    found = [(d["path"], d["rule"]) for d in json.loads(result.stdout)]
    assert ("locked.md", "fix-not-written") in found
    assert not any(path == "open.md" and rule == "fix-not-written" for path, rule in found)
    assert locked.read_text() == FIXABLE and (tmp_path / "open.md").read_text() != FIXABLE
    sarif = run_cli("check", "--no-cache", "--fix", "--format", "sarif", ".", cwd=tmp_path)
    assert "LN998" in sarif.stdout and "--fix could not write the file." in sarif.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fix_keeps_the_owner_of_a_file_it_rewrites(tmp_path):
    owned = tmp_path / "owned.md"
    owned.write_text(FIXABLE)
    owned.chmod(0o664)
    os.chown(owned, 4242, 4343)
    assert fix_file(owned, build_config({})).written
    info = owned.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4242, 4343, 0o664)
