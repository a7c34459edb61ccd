"""``.gitignore``/``.ignore`` patterns read as git reads them (git itself is the oracle
where installed)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from lintnews.site.ignorefiles import IgnoreRules, parse_patterns


def ignored(tmp_path: Path, patterns: str, path: str, is_folder: bool = False) -> bool:
    rules = IgnoreRules().with_patterns(tmp_path, tuple(parse_patterns(patterns)))
    return rules.ignores(tmp_path / path, is_folder)


# (patterns, path, is a folder, ignored)
CASES = [
    ("*.md", "a.md", False, True),
    ("*.md", "deep/er/a.md", False, True),
    ("*.md\n!keep.md", "sub/keep.md", False, False),
    ("!keep.md\n*.md", "keep.md", False, True),  # the last matching pattern decides
    ("build/", "build", True, True),
    ("build/", "build", False, False),  # a trailing slash matches folders only
    ("build/", "site/build", True, True),
    ("/build", "site/build", True, False),  # a leading slash anchors
    ("/build", "build", True, True),
    ("docs/*.md", "docs/a.md", False, True),
    ("docs/*.md", "x/docs/a.md", False, False),  # a middle slash anchors too
    ("docs/*.md", "docs/sub/a.md", False, False),  # `*` stays within a name
    ("**/drafts", "a/b/drafts", True, True),
    ("**/drafts", "drafts", True, True),
    ("a/**/b.md", "a/b.md", False, True),
    ("a/**/b.md", "a/x/y/b.md", False, True),
    ("a/**", "a/x/y.md", False, True),
    ("a/**", "a", True, False),  # everything inside, not the folder itself
    ("a**b.md", "a/x/b.md", False, False),  # not a whole segment: a plain `*`
    ("a**b.md", "axyb.md", False, True),
    ("post?.md", "post1.md", False, True),
    ("post?.md", "post10.md", False, False),
    ("post[0-9].md", "post7.md", False, True),
    ("post[!0-9].md", "postx.md", False, True),
    ("post[!0-9].md", "post7.md", False, False),
    ("\\#hash.md", "#hash.md", False, True),
    ("# a comment", "# a comment", False, False),
    ("\\!bang.md", "!bang.md", False, True),
    ("trailing.md   ", "trailing.md", False, True),
    ("space\\ .md", "space .md", False, True),
    ("", "a.md", False, False),
]


@pytest.mark.parametrize(("patterns", "path", "is_folder", "expected"), CASES)
def test_patterns_match_as_in_git(tmp_path, patterns, path, is_folder, expected):
    assert ignored(tmp_path, patterns, path, is_folder) is expected


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(("patterns", "path", "is_folder", "expected"), CASES)
def test_the_expectations_are_gits_own(tmp_path, patterns, path, is_folder, expected):
    """The table above is what `git check-ignore` says, so it cannot drift from git."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(patterns + "\n", encoding="utf-8")
    target = tmp_path / path
    if is_folder:
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("x", encoding="utf-8")
    result = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", path], cwd=tmp_path, check=False
    )
    assert (result.returncode == 0) is expected


def test_nested_files_apply_to_their_folder_and_override_those_above(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".gitignore").write_text("*.md\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("!keep.md\n/local.md\n", encoding="utf-8")
    top = IgnoreRules().entering(tmp_path, {".gitignore", "sub"})
    inner = top.entering(tmp_path / "sub", {".gitignore"})
    assert inner.ignores(tmp_path / "sub" / "other.md", False)
    assert not inner.ignores(tmp_path / "sub" / "keep.md", False)
    assert top.ignores(tmp_path / "keep.md", False)  # sub/.gitignore does not reach up
    # Anchored at sub/, not at the root.
    only_local = IgnoreRules().entering(tmp_path / "sub", {".gitignore"})
    assert only_local.ignores(tmp_path / "sub" / "local.md", False)
    assert not only_local.ignores(tmp_path / "sub" / "deeper" / "local.md", False)


def test_dot_ignore_overrides_gitignore_in_the_same_folder(tmp_path):
    (tmp_path / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (tmp_path / ".ignore").write_text("!drafts/\n", encoding="utf-8")
    rules = IgnoreRules().entering(tmp_path, {".gitignore", ".ignore"})
    assert not rules.ignores(tmp_path / "drafts", True)


def test_ancestors_files_reach_down_from_the_top(tmp_path):
    (tmp_path / "site" / "content").mkdir(parents=True)
    (tmp_path / ".gitignore").write_text("site/content/wip/\n", encoding="utf-8")
    rules = IgnoreRules.above(tmp_path / "site" / "content", tmp_path)
    assert rules.ignores(tmp_path / "site" / "content" / "wip", True)
    assert not IgnoreRules.above(tmp_path, tmp_path).ignores(tmp_path / "x.md", False)
