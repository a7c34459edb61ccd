"""What a run at a site's root checks: the site's content, not its repository around it."""

import json
import os
import shutil
from pathlib import Path

import pytest

from lintnews.site.configfile import DEFAULT_INCLUDE, Selection
from lintnews.site.files import discover
from tests.conftest import run_cli

ARTICLE = '---\ntitle: "新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'
NO_FRONT_MATTER = "# 项目\n\n正文。\n"


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def site_with_repository_files(root: Path) -> Path:
    """A Hugo site as a repository holds it: content, and everything else around it."""
    write(root / "hugo.toml", 'title = "站点"\n')
    write(root / "content" / "posts" / "a.md")
    write(root / "content" / "about.md")
    for meta in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.md", "SECURITY.md"):
        write(root / meta, NO_FRONT_MATTER)
    write(root / "docs" / "guide.md", NO_FRONT_MATTER)
    write(root / "archetypes" / "default.md", "---\ntitle: {{ .Name }}\n---\n")
    write(root / "public" / "x.md", NO_FRONT_MATTER)
    write(root / "resources" / "_gen" / "x.md", NO_FRONT_MATTER)
    write(root / "themes" / "t" / "README.md", NO_FRONT_MATTER)
    write(root / "themes" / "t" / "exampleSite" / "content" / "p.md", NO_FRONT_MATTER)
    write(root / ".github" / "ISSUE_TEMPLATE" / "bug.md", "---\nname: Bug\n---\nDescribe\n")
    write(root / "node_modules" / "pkg" / "doc.md", NO_FRONT_MATTER)
    return root


def found(root: Path, *paths: str, **selection) -> list[str]:
    chosen = Selection(root.resolve(), **selection)
    old = Path.cwd()
    try:
        os.chdir(root)
        return [display for _, display in discover(paths or (".",), chosen)]
    finally:
        os.chdir(old)


def test_a_site_root_run_checks_only_the_content_folder(tmp_path):
    root = site_with_repository_files(tmp_path)
    assert found(root) == ["content/about.md", "content/posts/a.md"]


def test_the_run_with_no_path_reports_only_content(tmp_path):
    root = site_with_repository_files(tmp_path)
    write(root / "content" / "bad.md", NO_FRONT_MATTER)  # a page without front matter
    result = run_cli("check", "--format", "json", "-j1", cwd=root)
    paths = {d["path"] for d in json.loads(result.stdout)}
    assert paths == {"content/bad.md"}, result.stdout
    messages = [d["message"] for d in json.loads(result.stdout)]
    assert any("no front matter" in m for m in messages)  # still a defect in content


def test_content_dir_and_the_languages_own_are_read_from_the_site_config(tmp_path):
    write(
        tmp_path / "config" / "_default" / "hugo.yaml",
        "contentDir: content/en\nlanguages:\n  zh:\n    contentDir: content/zh\n"
        "  fr:\n    weight: 2\n",
    )
    write(tmp_path / "content" / "en" / "a.md")
    write(tmp_path / "content" / "zh" / "b.md")
    write(tmp_path / "content" / "old" / "c.md")  # no language reads it
    write(tmp_path / "content" / "intro.md")
    assert found(tmp_path) == ["content/en/a.md", "content/zh/b.md"]


def test_files_the_sites_ignore_files_keep_out_of_the_build_are_not_checked(tmp_path):
    write(tmp_path / "hugo.toml", 'ignoreFiles = ["\\\\.knit\\\\.md$", "/content/private/"]\n')
    write(tmp_path / "content" / "post.md")
    write(tmp_path / "content" / "post.knit.md")
    write(tmp_path / "content" / "private" / "notes.md")
    assert found(tmp_path) == ["content/post.md"]
    assert found(tmp_path / "content") == ["post.md"]
    # the user's own include still wins, as for every default skip
    assert found(tmp_path, include=(*DEFAULT_INCLUDE, "content/private/**")) == [
        "content/post.md",
        "content/private/notes.md",
    ]


def test_an_ignore_files_pattern_that_could_hang_or_does_not_compile_is_dropped(tmp_path):
    from lintnews.site.hugo import read_hugo_config

    write(tmp_path / "hugo.toml", 'ignoreFiles = ["(a+)+$", "([", "\\\\.Rmd$"]\n')
    config = read_hugo_config(tmp_path)
    assert config.ignore_files == ("\\.Rmd$",)
    assert [w.split(":")[0] for w in config.warnings] == ["ignoreFiles", "ignoreFiles"]
    assert "hang" in config.warnings[0]


def test_folders_mounted_onto_content_are_content(tmp_path):
    write(
        tmp_path / "hugo.toml",
        '[[module.mounts]]\nsource = "posts"\ntarget = "content"\n'
        '[[module.mounts]]\nsource = "pictures"\ntarget = "static"\n',
    )
    write(tmp_path / "posts" / "a.md")
    write(tmp_path / "pictures" / "b.md")
    assert found(tmp_path) == ["posts/a.md"]


def test_gitignore_and_ignore_files_are_honoured_without_git(tmp_path):
    write(tmp_path / "hugo.toml", "")
    write(tmp_path / ".gitignore", "content/drafts/\n*.tmp.md\n!keep.tmp.md\n")
    write(tmp_path / "content" / ".ignore", "/private.md\n")
    write(tmp_path / "content" / "sub" / ".gitignore", "local-only.md\n")
    for name in (
        "drafts/x.md",
        "a.tmp.md",
        "keep.tmp.md",
        "private.md",
        "sub/private.md",
        "sub/local-only.md",
        "post.md",
    ):
        write(tmp_path / "content" / name)
    assert found(tmp_path) == [
        "content/keep.tmp.md",
        "content/post.md",
        "content/sub/private.md",
    ]
    # From inside the content folder, the root's .gitignore still applies.
    assert "content/drafts/x.md" not in found(tmp_path, "content")


def test_a_repository_s_gitignore_above_the_site_applies(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "site/content/generated/\n")
    write(tmp_path / "site" / "hugo.toml", "")
    write(tmp_path / "site" / "content" / "generated" / "x.md")
    write(tmp_path / "site" / "content" / "a.md")
    assert found(tmp_path / "site") == ["content/a.md"]


def test_a_folder_above_several_sites_checks_each_sites_content(tmp_path):
    site_with_repository_files(tmp_path / "one")
    write(tmp_path / "two" / "config.toml", "")
    write(tmp_path / "two" / "content" / "b.md")
    write(tmp_path / "README.md", NO_FRONT_MATTER)
    assert found(tmp_path) == [
        "one/content/about.md",
        "one/content/posts/a.md",
        "two/content/b.md",
    ]


def test_outside_a_site_meta_files_hidden_and_vendored_folders_are_skipped(tmp_path):
    write(tmp_path / "a.md")
    write(tmp_path / "README.md", NO_FRONT_MATTER)
    write(tmp_path / "sub" / "CHANGELOG.md", NO_FRONT_MATTER)
    write(tmp_path / "sub" / "readme-notes.md")  # only the upper-case names are meta files
    write(tmp_path / ".github" / "x.md")
    write(tmp_path / "_vendor" / "m" / "x.md")
    write(tmp_path / ".hidden.md")
    # Hugo's own folders are a site's, not any folder's: a "themes" section is content.
    write(tmp_path / "themes" / "t.md")
    assert found(tmp_path) == ["a.md", "sub/readme-notes.md", "themes/t.md"]


def test_include_patterns_of_ones_own_still_win_and_excludes_too(tmp_path):
    root = site_with_repository_files(tmp_path)
    chosen = found(root, include=("*.md", "docs/**/*.md", "README.md"), exclude=("about.md",))
    assert chosen == ["README.md", "content/posts/a.md", "docs/guide.md"]


def test_a_named_folder_or_file_is_checked_whatever_the_defaults(tmp_path):
    root = site_with_repository_files(tmp_path)
    assert found(root, "themes") == ["themes/t/exampleSite/content/p.md"]
    assert found(root, "README.md", "public/x.md") == ["README.md", "public/x.md"]


def test_a_readme_named_on_the_command_line_gets_only_plain_markdown_rules(tmp_path):
    root = site_with_repository_files(tmp_path)
    write(root / "README.md", "# 项目\n\n**注意：**这是\n")
    named = ("README.md", ".github/ISSUE_TEMPLATE/bug.md", "docs/guide.md", "content/x/README.md")
    write(root / "content" / "x" / "README.md", NO_FRONT_MATTER)
    result = run_cli("check", "--format", "json", "-j1", "--no-cache", *named, cwd=root)
    rules = {(d["path"], d["rule"]) for d in json.loads(result.stdout)}
    # The Markdown rules still run: the emphasis that does not render is reported...
    assert rules == {("README.md", "emphasis-not-rendered")}, result.stdout
    # ...and a page in content without front matter still gets its finding.
    write(root / "content" / "page.md", NO_FRONT_MATTER)
    page = run_cli("check", "--format", "json", "--no-cache", "content/page.md", cwd=root)
    assert [d["rule"] for d in json.loads(page.stdout)] == ["front-matter-schema"]


def test_outside_any_site_an_article_without_front_matter_is_still_reported(tmp_path):
    write(tmp_path / "post.md", NO_FRONT_MATTER)
    write(tmp_path / "README.md", NO_FRONT_MATTER)
    result = run_cli(
        "check", "--format", "json", "--no-cache", "post.md", "README.md", cwd=tmp_path
    )
    assert [(d["path"], d["rule"]) for d in json.loads(result.stdout)] == [
        ("post.md", "front-matter-schema")
    ]


def test_stdin_named_as_a_readme_gets_the_readme_rules(tmp_path):
    write(tmp_path / "hugo.toml", "")
    result = run_cli(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "README.md",
        cwd=tmp_path,
        stdin=NO_FRONT_MATTER,
    )
    assert json.loads(result.stdout) == [], result.stdout


def test_a_served_run_checks_the_same_files_with_the_same_rules(tmp_path):
    root = site_with_repository_files(tmp_path)
    write(root / "lintnews.toml", "")
    write(root / ".gitignore", "content/wip/\n")
    write(root / "content" / "wip" / "x.md", NO_FRONT_MATTER)
    write(root / "content" / "bad.md", NO_FRONT_MATTER)
    write(root / "content" / "README.md", NO_FRONT_MATTER)
    for args in ((), ("README.md", "content/bad.md")):
        command = ("check", "--format", "json", "-j1", *args)
        cold = run_cli(*command, "--no-cache", cwd=root)
        run_cli(*command, cwd=root)  # fills the cache
        served = run_cli(*command, cwd=root)
        assert served.stdout == cold.stdout and served.returncode == cold.returncode, args
    # A change to what the .gitignore excludes changes the files of the next run.
    write(root / ".gitignore", "")
    after = json.loads(run_cli("check", "--format", "json", "-j1", cwd=root).stdout)
    assert "content/wip/x.md" in {d["path"] for d in after}


REAL_SITES = {  # site: the files `lintnews check .` finds at its root (measured)
    "hugodocs-en": 992,
    "k8s-website-zh-cn": 1103,  # content/zh-cn holds 4 README.md notes to contributors
    "rust-blog": 754,
    "servicemesher-website": 306,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REAL_SITES))
def test_a_first_run_at_a_real_sites_root_reports_only_its_content(real_corpus, tmp_path, name):
    root = tmp_path / name
    shutil.copytree(real_corpus / name, root)
    write(root / "README.md", NO_FRONT_MATTER)
    write(root / "public" / "x.md", NO_FRONT_MATTER)
    write(root / "themes" / "t" / "README.md", NO_FRONT_MATTER)
    write(root / ".github" / "ISSUE_TEMPLATE" / "bug.md", "---\nname: Bug\n---\nDescribe\n")
    write(root / ".gitignore", "public/\n")
    result = run_cli("check", ".", "--format", "json", "--exit-zero", "--no-cache", cwd=root)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert findings and {d["path"].split("/")[0] for d in findings} == {"content"}
    assert len(found(root)) == REAL_SITES[name]
