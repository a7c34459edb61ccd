"""paired-punctuation (LN203): fixes, positions, robustness and the real corpora."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lintnews_rules.punctuation import PairedPunctuation

from lintnews.model.document import Document
from lintnews.plugin.rule import LoadedRules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}"
)


def check(text: str, path: str = "x.md"):
    return list(PairedPunctuation().check(Document(text, path)))


def apply(text: str, fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


# This module's rule, loaded directly, for the unit tests below (the fixture file runs in
# tests/test_fixtures.py through the real registry).
_LOADED = LoadedRules({PairedPunctuation.name: PairedPunctuation}, {PairedPunctuation.name: "test"})


def test_width_mismatch_fix_closes_with_the_opening_width():
    text = "删除 Pod 时（以 Pod 为例)，控制器会重建它。\n"
    [diagnostic] = check(text)
    assert diagnostic.fix is not None and diagnostic.fix.safe
    assert apply(text, diagnostic.fix) == "删除 Pod 时（以 Pod 为例），控制器会重建它。\n"
    assert check(apply(text, diagnostic.fix)) == []


def test_no_fix_when_something_else_in_the_block_is_unpaired():
    found = check("他说“好（以 Pod 为例)。\n")
    assert len(found) == 2
    assert all(d.fix is None for d in found)


def test_reversed_pair_is_one_finding_with_an_unsafe_swap():
    text = "1. ”ubernetes“ 的边界确定\n"
    [diagnostic] = check(text)
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (1, 4, 15)
    assert diagnostic.fix is not None and not diagnostic.fix.safe
    assert apply(text, diagnostic.fix) == "1. “ubernetes” 的边界确定\n"


def test_closing_mark_used_to_open_gets_an_unsafe_fix():
    text = "内容为”a,b,c”，说明这三个属性被使用\n"
    [diagnostic] = check(text)
    assert diagnostic.column == 4
    assert apply(text, diagnostic.fix) == "内容为“a,b,c”，说明这三个属性被使用\n"
    assert not diagnostic.fix.safe


def test_straight_and_curly_quotes_get_an_unsafe_fix_to_a_curly_pair():
    for text, fixed in (
        ('他说 "version 2” 已发布。\n', "他说 “version 2” 已发布。\n"),
        ('他说 “version 2" 已发布。\n', "他说 “version 2” 已发布。\n"),
    ):
        [diagnostic] = check(text)
        assert text[diagnostic.column - 1] in '"”'
        assert not diagnostic.fix.safe
        assert apply(text, diagnostic.fix) == fixed
        assert check(fixed) == []


def test_an_interval_pops_only_its_own_opener():
    # The [ belongs to the interval; the （ around it is closed by its own ）.
    assert check("范围（[0, n) 或 [1, k)）。\n") == []
    # Words between the brackets are not two endpoints: the [ stays unclosed.
    assert [d.column for d in check("范围 [0 到 n) 之内。\n")] == [4]


def test_columns_count_characters_after_front_matter_and_in_containers():
    text = '---\ntitle: "标题"\n---\n\n> - 第一项（说明)\n'
    [diagnostic] = check(text)
    assert (diagnostic.line, diagnostic.column) == (5, 11)
    assert text.split("\n")[4][diagnostic.column - 1] == ")"


def test_crlf_line_endings_keep_positions():
    text = "第一行\r\n第二行审慎对齐”技术\r\n"
    [diagnostic] = check(text)
    assert (diagnostic.line, diagnostic.column) == (2, 8)


def test_quotation_reopened_after_a_list_is_still_one_per_paragraph():
    # The next block is a heading: the convention only links paragraphs.
    found = check("他说：“第一段。\n\n## 标题\n")
    assert [d.message for d in found] == [
        "the opening “ is never closed in this paragraph: readers cannot tell where the "
        "quotation ends"
    ]


def test_blocks_without_marks_are_skipped_without_computing_prose():
    doc = Document("纯文本段落，没有任何成对标点。\n\nPlain (English) text.\n", "x.md")
    assert list(PairedPunctuation().check(doc)) == []
    assert all("prose" not in block.__dict__ for block in doc.inline_blocks)


_MARKS = '“”‘’「」『』《》〈〉（）【】〔〕()[]"'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MARKS + "中文 ab1Ａ１:：;-,，∞\n*`", max_size=60))
def test_every_report_points_at_a_pairing_mark(text):
    doc = Document(text, "x.md")
    for diagnostic in PairedPunctuation().check(doc):
        offset = doc.index.offset(diagnostic.line, diagnostic.column)
        assert doc.text[offset] in _MARKS


@needs_corpus
@pytest.mark.slow
def test_seed_reports_line_91_and_the_run_on_quotation_once():
    seed = CORPUS / "seed" / "altman-deepseek-o3-mini.md"
    found = check(seed.read_text(encoding="utf-8"), str(seed))
    assert [(d.line, d.column) for d in found] == [(91, 61), (152, 81)]
    assert "line 150" in found[1].message


@needs_corpus
@pytest.mark.slow
def test_real_reversed_quotes_are_reported():
    path = (
        CORPUS / "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/"
        "2015-04-00-Weekly-Kubernetes-Community-Hangout.md"
    )
    found = check(path.read_text(encoding="utf-8"), str(path))
    assert any(d.line == 202 and re.search("reversed", d.message) for d in found)


@needs_corpus
@pytest.mark.slow
def test_english_corpus_has_almost_nothing_to_report():
    # hugodocs-en is English prose full of brackets and apostrophes: a handful at most.
    found = 0
    for path in sorted((CORPUS / "real" / "hugodocs-en").rglob("*.md")):
        if path.is_file():
            found += len(check(path.read_text(encoding="utf-8-sig"), str(path)))
    assert found <= 3
