"""Links to other pages and files of a Hugo site: the page index, link-missing-target,
anchors across pages and the cache conditions that make a warm run see the other file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lintnews.run.cache import conditions_hold
from lintnews.run.runner import lint_paths
from lintnews.site.config import load_config
from lintnews.site.pages import MISSING, SitePages

HUGO_TOML = """\
baseURL = "https://example.org/news/"
defaultContentLanguage = "en"
[permalinks]
blog = "/blog/:year/:month/:day/:slug/"
[languages.en]
weight = 1
[languages.zh]
contentDir = "content-zh"
weight = 2
"""

POST = """\
---
title: "A"
---

[b](/posts/b/) [rel](../b/) [md](b.md) [bundle](/posts/c/) [slug](/posts/renamed/)
[url](/about-us/) [alias](/old/b/) [static](/images/x.png) [sub](/news/posts/b/)
[zh](/zh/posts/b/) [blog](/blog/2024/01/02/my-post/) [theme](/search/) [feed](/posts/index.xml)
{{< ref "b.md" >}} {{< relref "/posts/c" >}} {{< ref "b" >}} [section](/posts/)

[gone](/posts/nope/) [gone image](/images/none.png) [gone zh](/zh/posts/nope/)
[gone blog](/blog/2024/01/02/other/) {{< ref "nope.md" >}}

[sec](../b/#second-part) [no sec](../b/#first) {{< ref "b.md#first" >}} [self](#top)

## Top
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


#: Anchors on other pages are checked only when the config asks for it.
CROSS_PAGE_ANCHORS = "[rules.link-anchor-missing]\nother-pages = true\n"


def site(root: Path) -> Path:
    write(root / "hugo.toml", HUGO_TOML)
    write(root / "lintnews.toml", CROSS_PAGE_ANCHORS)
    write(root / "content" / "posts" / "a.md", POST)
    write(
        root / "content" / "posts" / "b.md",
        '---\ntitle: "B"\naliases: ["/old/b/"]\n---\n\n## Second part\n',
    )
    write(root / "content" / "posts" / "c" / "index.md", "---\ntitle: C\n---\n")
    write(root / "content" / "posts" / "d.md", "---\nslug: renamed\n---\n")
    write(root / "content" / "about.md", "---\nurl: /about-us/\n---\n")
    write(root / "content" / "blog" / "2024-01-02-my-post.md", "---\ntitle: My post\n---\n")
    write(root / "content-zh" / "posts" / "b.md", "---\ntitle: 乙\n---\n")
    write(root / "static" / "images" / "x.png", "png")
    return root


def reports(root: Path, rule: str) -> list[tuple[int, int, str]]:
    config = load_config(start=root, overrides={"select": [rule]})
    result = lint_paths([str(root / "content")], config, jobs=1, use_cache=False)
    return [(d.line, d.column, d.message) for d in result.diagnostics]


def test_every_kind_of_local_target_is_found_and_only_missing_ones_are_reported(tmp_path):
    root = site(tmp_path)
    found = reports(root, "link-missing-target")
    assert [(line, column) for line, column, _ in found] == [
        (10, 8),
        (10, 35),
        (10, 63),
        (11, 13),
        (11, 47),
    ]
    assert 'nothing on this site at "/posts/nope/"' in found[0][2]
    assert 'REF_NOT_FOUND): ref "nope.md" names no page' in found[-1][2]


def test_anchors_of_other_pages_are_their_heading_ids(tmp_path):
    root = site(tmp_path)
    found = reports(root, "link-anchor-missing")
    assert [(line, column) for line, column, _ in found] == [(13, 35), (13, 57)]
    assert found[0][2] == 'the link goes nowhere: the page "../b/" has no id "first"'


def test_the_index_resolves_languages_permalinks_and_the_base_path(tmp_path):
    root = site(tmp_path)
    pages = SitePages(root)
    b = str(root / "content" / "posts" / "b.md")
    assert pages.find_address("/news/posts/b/").file == b
    assert pages.find_address("/zh/posts/b/").file == str(root / "content-zh" / "posts" / "b.md")
    assert pages.find_address("/posts/nope/") is MISSING
    assert pages.find_address("/search/") is None  # no folder makes it: a template's page
    assert pages.find_ref(str(root / "content" / "posts" / "a.md"), "b") == b


def test_a_lone_file_checks_only_relative_file_targets(tmp_path):
    write(tmp_path / "lintnews.toml", CROSS_PAGE_ANCHORS)
    write(tmp_path / "there.md", "# there\n")
    write(tmp_path / "post.md", "[a](there.md) [b](gone.md) [c](/posts/x/) [d](../x/)\n")
    config = load_config(start=tmp_path, overrides={"select": ["link-missing-target"]})
    result = lint_paths([str(tmp_path / "post.md")], config, jobs=1, use_cache=False)
    assert [(d.line, d.column) for d in result.diagnostics] == [(1, 19)]


def test_a_markdown_resource_of_a_leaf_bundle_has_no_ids_of_its_own(tmp_path):
    # k8s's glossary: glossary/index.md shows each term file, whose links point at the
    # ids the bundle's template gives the terms (#term-member).
    write(tmp_path / "hugo.toml", "")
    write(tmp_path / "lintnews.toml", CROSS_PAGE_ANCHORS)
    write(tmp_path / "content" / "glossary" / "index.md", "---\nlayout: glossary\n---\n")
    write(tmp_path / "content" / "glossary" / "upstream.md", "见[成员](#term-member)。\n")
    write(tmp_path / "content" / "page.md", "见[成员](#term-member)。\n")
    found = reports(tmp_path, "link-anchor-missing")
    assert [line for line, _, _ in found] == [1]
    config = load_config(start=tmp_path, overrides={"select": ["link-anchor-missing"]})
    result = lint_paths([str(tmp_path / "content")], config, jobs=1, use_cache=False)
    assert [Path(d.path).name for d in result.diagnostics] == ["page.md"]


def test_ids_a_template_makes_are_no_finding(tmp_path):
    write(tmp_path / "hugo.toml", "")
    write(tmp_path / "lintnews.toml", CROSS_PAGE_ANCHORS)
    write(
        tmp_path / "content" / "api" / "meta.md", '---\napi_metadata:\n  kind: "ObjectMeta"\n---\n'
    )
    write(tmp_path / "content" / "api" / "list.md", "---\nlayout: terms\n---\n")
    write(
        tmp_path / "content" / "api" / "job.md",
        "[m](../meta/#ObjectMeta) [n](../meta/#Other) [t](../list/#term-a)\n",
    )
    found = reports(tmp_path, "link-anchor-missing")
    assert [(line, column) for line, column, _ in found] == [(1, 30)]


@pytest.mark.parametrize("rule", ["link-missing-target", "link-anchor-missing"])
def test_a_finding_about_another_page_is_checked_again_when_that_page_changes(tmp_path, rule):
    root = site(tmp_path)
    config = load_config(start=root, overrides={"select": [rule]})
    (active,) = config.rules
    from lintnews.model.document import Document

    post = root / "content" / "posts" / "a.md"
    conditions = list(
        active.cache_conditions(Document(post.read_text(encoding="utf-8"), str(post)))
    )
    assert conditions and conditions_hold(conditions)
    b = root / "content" / "posts" / "b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\n## First\n", encoding="utf-8")
    assert not conditions_hold(conditions)


@pytest.mark.slow
def test_a_warm_run_sees_the_other_page_change(tmp_path):
    import json

    from tests.conftest import run_cli

    root = site(tmp_path)

    def count() -> int:
        result = run_cli(
            "check",
            "--format",
            "json",
            "-j1",
            "--select",
            "link-anchor-missing",
            "content",
            cwd=root,
        )
        assert result.returncode in (0, 1), result.stderr
        return len(json.loads(result.stdout))

    assert count() == 2
    b = root / "content" / "posts" / "b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\n## First\n", encoding="utf-8")
    assert count() == 0


def test_a_heading_kept_in_a_comment_or_code_gives_the_target_no_id(tmp_path):
    # k8s translations keep the English heading in a comment above the translated one:
    # the English id is no id of the translated page.
    write(tmp_path / "hugo.toml", "")
    write(tmp_path / "lintnews.toml", CROSS_PAGE_ANCHORS)
    write(
        tmp_path / "content" / "b.md",
        "<!--\n## Security context\n-->\n## 安全上下文\n\n```\n## Ports\n```\n",
    )
    write(
        tmp_path / "content" / "a.md",
        "[s](../b/#security-context) [p](../b/#ports) [t](../b/#安全上下文)\n",
    )
    found = reports(tmp_path, "link-anchor-missing")
    assert [(line, column) for line, column, _ in found] == [(1, 5), (1, 33)]


def test_anchors_of_other_pages_are_checked_only_when_asked(tmp_path):
    root = site(tmp_path)
    assert reports(root, "link-anchor-missing")
    (root / "lintnews.toml").write_text("", encoding="utf-8")
    assert reports(root, "link-anchor-missing") == []


def test_a_permalink_slug_made_of_a_title_keeps_the_characters_hugo_keeps(tmp_path):
    root = site(tmp_path)
    title = "Process ID Limiting in Kubernetes 1.14: C++ - a tale"
    post = write(root / "content" / "blog" / "2019-04-15-pid.md", f"---\ntitle: '{title}'\n---\n")
    pages = SitePages(root)
    for name in (
        "process-id-limiting-in-kubernetes-1.14-c++-a-tale",
        "process-id-limiting-in-kubernetes-1.14-c++---a-tale",
    ):
        assert pages.find_address(f"/blog/2019/04/15/{name}/").file == str(post)
    assert pages.find_address("/blog/2019/04/15/process-id-limiting-in-kubernetes-1-14/") is MISSING


def test_a_bundle_without_a_slug_is_published_under_its_title_slug(tmp_path):
    # docsy's blog: `blog = "/:section/:year/:month/:day/:slug/"`, posts as bundles.
    root = site(tmp_path)
    title = "Performance Optimization on Kitex"
    post = write(
        root / "content" / "blog" / "news" / "Kitex_perf" / "index.md",
        f"---\ntitle: '{title}'\ndate: 2021-09-23\n---\n",
    )
    pages = SitePages(root)
    found = pages.find_address("/blog/2021/09/23/performance-optimization-on-kitex/")
    assert found.file == str(post)
    assert pages.find_address("/blog/2021/09/23/another-title/") is MISSING


def test_a_page_is_found_at_the_path_hugo_makes_of_its_folder_and_file_names(tmp_path):
    # apache/brpc-website and sofastack.tech: Hugo drops ":" and merges a space after a
    # hyphen; Hugo 0.55 also merged "--", which sites built with it link to.
    root = site(tmp_path)
    http2 = write(root / "content" / "docs" / "Serve http:h2" / "_index.md", "---\n---\n")
    spaced = write(root / "content" / "notes" / "sofa-boot- log-isolation" / "index.md", "")
    doubled = write(root / "content" / "notes" / "jraft--rheakv" / "index.md", "")
    named = write(root / "content" / "notes" / "What's new?.md", "")
    pages = SitePages(root)
    assert pages.find_address("/docs/serve-httph2/").file == str(http2)
    assert pages.find_address("/notes/sofa-boot-log-isolation/").file == str(spaced)
    assert pages.find_address("/notes/jraft--rheakv/").file == str(doubled)
    assert pages.find_address("/notes/jraft-rheakv/").file == str(doubled)
    assert pages.find_address("/notes/whats-new/").file == str(named)
    assert pages.address_of(str(http2)) == "/docs/serve-httph2"
    assert pages.find_address("/docs/serve-http/") is MISSING


def test_links_of_raw_html_are_looked_up_like_markdown_links(tmp_path):
    root = site(tmp_path)
    write(
        root / "content" / "posts" / "a.md",
        '---\ntitle: "A"\n---\n\n<p><a href="/posts/b/#second-part">b</a> '
        '<a href="/posts/nope/">gone</a></p>\n\n<a href="../b/#first">no sec</a> x\n',
    )
    assert [(line, column) for line, column, _ in reports(root, "link-missing-target")] == [(5, 51)]
    assert [(line, column) for line, column, _ in reports(root, "link-anchor-missing")] == [(7, 10)]


@pytest.mark.slow
def test_the_link_cost_benchmark_reports_a_ratio_and_fails_above_its_limit():
    """The script the cost target is measured with runs (on the bundled examples) and
    fails when the ratio is above its limit."""
    repo = Path(__file__).resolve().parents[1]
    script = repo / "benchmarks" / "bench_link_cost.py"

    def bench(limit: str) -> subprocess.CompletedProcess:
        command = [sys.executable, str(script), "--site", str(repo / "examples"), "--pairs", "1"]
        return subprocess.run(
            [*command, "--limit", limit], capture_output=True, text=True, timeout=120
        )

    loose = bench("100")
    assert loose.returncode == 0, loose.stdout + loose.stderr
    assert "with/without, CPU:" in loose.stdout and "PASS" in loose.stdout
    impossible = bench("0.01")
    assert impossible.returncode == 1 and "FAIL: above 0.01" in impossible.stdout
