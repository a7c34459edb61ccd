"""Heading rules (LN301-LN304): options, fixes and the real corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
from lintnews_rules.headings import (
    RULES,
    HeadingEmpty,
    HeadingH1InBody,
    HeadingIncrement,
    HeadingStyle,
)

from lintnews.model.document import Document
from lintnews.plugin.rule import LoadedRules
from lintnews.run.engine import lint_document
from lintnews.site.config import ConfigError, build_config

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}"
)

# This module's rules, loaded directly, for the unit tests below (the fixture file runs in
# tests/test_fixtures.py through the real registry).
_LOADED = LoadedRules({rule.name: rule for rule in RULES}, {rule.name: "test" for rule in RULES})


def lint(text: str, **data):
    config = build_config(data, rules=_LOADED)
    return lint_document(Document(text, "x.md"), config)


def apply(text: str, fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def test_markers_are_underlined_exactly():
    [diagnostic] = lint("# 标题\n\n  ### 深\n", select=["heading-increment"])
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (3, 3, 6)


def test_setext_heading_is_pointed_at_its_text_line():
    text = "## 一\n\n第二节\n------\n"
    [diagnostic] = lint(text, select=["heading-style"])
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (3, 1, 4)


def test_title_keys_option():
    text = '---\nheading: "标题"\n---\n\n### 节\n\n# 再次标题\n'
    assert lint(text, select=["LN301", "LN302"]) == []
    found = lint(
        text,
        select=["LN301", "LN302"],
        rules={
            "heading-h1-in-body": {"title-keys": ["heading", "title"]},
            "heading-increment": {"title-keys": ["heading"], "section-level": 2},
        },
    )
    assert [(d.code, d.line) for d in found] == [("LN301", 5), ("LN302", 7)]


def test_style_option_is_validated():
    with pytest.raises(ConfigError, match="style"):
        build_config(
            {"select": ["heading-style"], "rules": {"heading-style": {"style": "closed"}}},
            rules=_LOADED,
        )


def test_setext_to_atx_fix():
    text = "变快变便宜\n=====\n\n正文。\n\n小节\n---\n"
    found = lint(text, select=["heading-style"], rules={"heading-style": {"style": "atx"}})
    assert [d.line for d in found] == [1, 6]
    fixed = text
    for diagnostic in reversed(found):
        assert diagnostic.fix is not None and diagnostic.fix.safe
        fixed = apply(fixed, diagnostic.fix)
    assert fixed == "# 变快变便宜\n\n正文。\n\n## 小节\n"
    assert lint(fixed, select=["heading-style"], rules={"heading-style": {"style": "atx"}}) == []


def test_atx_to_setext_fix_keeps_crlf_and_leaves_level_3_alone():
    text = "正文。\r\n\r\n## 变快变便宜\r\n\r\n### 小节\r\n"
    found = lint(text, select=["heading-style"], rules={"heading-style": {"style": "setext"}})
    [diagnostic] = found
    fixed = apply(text, diagnostic.fix)
    assert fixed == "正文。\r\n\r\n变快变便宜\r\n----------\r\n\r\n### 小节\r\n"
    assert Document(fixed, "x.md").tokens[3].markup == "-"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("段落\n## 标题\n\n第二\n----\n", "a setext line right after a paragraph would join it"),
        ("## - 列表\n\n第二\n----\n", "the text would start a list"),
        ("## 1. 第一\n\n第二\n----\n", "the text would start an ordered list"),
        ("> ## 引用\n\n第二\n----\n", "inside a block quote"),
    ],
)
def test_no_atx_to_setext_fix_when_unsafe(text, why):
    found = lint(text, select=["heading-style"], rules={"heading-style": {"style": "setext"}})
    assert found and found[0].fix is None, why


def test_no_setext_to_atx_fix_when_the_text_ends_like_a_closing_sequence():
    text = "编号 #\n---\n"
    [diagnostic] = lint(text, select=["heading-style"], rules={"heading-style": {"style": "atx"}})
    assert diagnostic.fix is None


def test_headings_are_found_once_per_document(monkeypatch):
    import lintnews_rules.heading_outline as module

    searches = []
    find = module._find_headings
    monkeypatch.setattr(module, "_find_headings", lambda doc: searches.append(doc) or find(doc))
    doc = Document("# 一\n\n### 三\n", "x.md")
    for rule in (HeadingIncrement(), HeadingH1InBody(), HeadingEmpty(), HeadingStyle()):
        list(rule.check(doc))
    assert searches == [doc]
    assert [heading.level for heading in module.headings(doc)] == [1, 3]


@needs_corpus
@pytest.mark.slow
def test_seed_has_no_heading_findings():
    seed = CORPUS / "seed" / "altman-deepseek-o3-mini.md"
    config = build_config({"select": [rule.name for rule in RULES]}, rules=_LOADED)
    assert lint_document(Document(seed.read_text(encoding="utf-8"), str(seed)), config) == []


@needs_corpus
@pytest.mark.slow
def test_real_h2_to_h5_jump_is_reported():
    path = CORPUS / "real/k8s-website-zh-cn/content/zh-cn/docs/concepts/storage/windows-storage.md"
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    found = list(HeadingIncrement().check(doc))
    assert [(d.line, d.message) for d in found if d.line == 118] == [
        (
            118,
            "this heading skips a level: the outline goes from a level-2 section straight "
            "to level 5; make it level 3",
        )
    ]
