"""Link rules: heading ids as Hugo makes them, page ids, includes and their cache conditions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lintnews.model.document import Document
from lintnews.model.html_links import html_links
from lintnews.model.links import (
    find_links,
    heading_id,
    page_anchors,
    script_links,
    undefined_references,
)
from lintnews.run.cache import conditions_hold
from lintnews.site.hugo import read_hugo_config
from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("text", "id_type", "expected"),
    [
        ("第二节 细节", "github", "第二节-细节"),
        ("What's new in 1.31.0?", "github", "whats-new-in-1310"),
        ("Café au lait", "github", "café-au-lait"),
        ("Café au lait", "github-ascii", "cafe-au-lait"),
        ("snake_case -- two", "github", "snake_case----two"),
        ("What's new in 1.31.0?", "blackfriday", "what-s-new-in-1-31-0"),
        ("Webhook 配置", "blackfriday", "webhook-配置"),
        ("Contributors to 1.31.0", "zola", "contributors-to-1-31-0"),
    ],
)
def test_heading_ids_follow_the_generator(text, id_type, expected):
    assert heading_id(text, id_type) == expected


def test_page_ids_come_from_headings_terms_attributes_and_html():
    doc = Document(
        "## `code` and **bold**\n\n`term`\n: its definition\n\npara\n{#para-id}\n\n"
        '<a name="legacy"></a>\n',
        "a.md",
    )
    assert page_anchors(doc) == {"code-and-bold", "para-id", "legacy"}
    assert "term" in page_anchors(doc, definition_terms=True)


def test_link_positions_are_exact_in_cjk_and_crlf_text():
    doc = Document("前文[链接](https://example.com/a)\r\n后文 [二][x]\r\n\r\n[x]: /b/\r\n", "a.md")
    links = find_links(doc)
    assert [doc.text[link.start : link.end] for link in links] == [
        "https://example.com/a",
        "/b/",
    ]
    assert [link.kind for link in links] == ["inline", "reference"]


def test_hugo_config_sets_heading_ids(tmp_path):
    (tmp_path / "hugo.toml").write_text(
        "[markup.goldmark.parser]\nautoHeadingIDType = 'blackfriday'\nautoDefinitionTermID = true\n",
        encoding="utf-8",
    )
    settings = read_hugo_config(tmp_path).settings
    assert settings["heading_ids"] == "blackfriday"
    assert settings["definition_term_ids"] is True


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def anchor_reports(root: Path) -> list[dict]:
    result = run_cli(
        "check", "--format", "json", "-j1", "--select", "link-anchor-missing", "content", cwd=root
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_an_included_file_gives_ids_and_its_change_is_seen_by_the_cache(tmp_path):
    write(tmp_path / "hugo.toml", "title = 'site'\n")
    write(tmp_path / "lintnews.toml", "")
    part = write(tmp_path / "content" / "_common" / "scope.md", "## 作用域\n\n文字\n")
    write(
        tmp_path / "content" / "post" / "index.md",
        '---\ntitle: "t"\n---\n\n见[作用域](#作用域)。\n\n{{% include "/_common/scope.md" %}}\n',
    )
    assert anchor_reports(tmp_path) == []
    part.write_text("## 其他\n\n文字更多\n", encoding="utf-8")
    reports = anchor_reports(tmp_path)
    assert [(r["path"], r["line"]) for r in reports] == [("content/post/index.md", 5)]


def test_a_stamp_condition_holds_while_the_file_is_unchanged(tmp_path):
    path = write(tmp_path / "a.md", "one")
    status = os.stat(path)
    condition = ("stamp", str(path), status.st_mtime_ns, status.st_size)
    assert conditions_hold([condition])
    path.write_text("longer text", encoding="utf-8")
    assert not conditions_hold([condition])
    path.unlink()
    assert not conditions_hold([condition])


def test_link_lines_are_the_lines_of_their_markup():
    text = "intro\n\n[inline](a)\n\n[full][missing]\n\n[ref][r]\n\n[r]: b\n\n<a href='c'>c</a>\n"
    doc = Document(text)
    assert [(link.url, link.line) for link in find_links(doc)] == [("a", 3), ("b", 7)]
    assert [(ref.label, ref.line) for ref in undefined_references(doc)] == [("missing", 5)]
    assert [(link.url, link.line) for link in html_links(doc)] == [("c", 11)]


def test_html_links_are_found_whatever_the_case_and_space_after_the_tag_name():
    text = (
        "<div>\n<A\thref='a'>a</A>\n</div>\n\n<table><tr><td>no link here</td></tr></table>\n\n"
        "text <a\nhref=\"b\">b</a> and `<a href='code'>` and <!-- <a href='gone'> -->\n"
    )
    assert [link.url for link in html_links(Document(text))] == ["a", "b"]


def test_a_script_link_split_by_a_blockquote_marker_is_still_found():
    text = "> see [this](\n> javascript:alert(1))\n\n[safe](https://example.org)\n"
    doc = Document(text)
    assert [doc.text[start:end] for start, end in script_links(doc)] == ["javascript:"]
