"""Emphasis rules (LN201, LN202): delimiter pairing checked against markdown-it-py itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lintnews_rules.emphasis import EmphasisNotRendered
from lintnews_rules.emphasis_flanking import CJK_FRIENDLY, COMMONMARK, INTENDED, delimiter_flags
from lintnews_rules.emphasis_render import markdown_for, styled_text
from lintnews_rules.emphasis_runs import find_runs, pair_delimiters
from lintnews_rules.emphasis_spacing import EmphasisSpaceInside
from markdown_it import MarkdownIt

from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic
from lintnews.plugin.settings import SiteSettings
from lintnews.run.engine import read_document
from lintnews.testing import read_fixtures

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "altman-deepseek-o3-mini.md"
REAL = SHARED / "corpus" / "real"
FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    case
    for name in ("emphasis.md", "emphasis_cjk_friendly.md")
    for case in read_fixtures(FIXTURES / name)
]


def apply_fixes(text: str, diagnostics: list[Diagnostic]) -> str:
    edits = sorted(
        (edit for d in diagnostics if d.fix for edit in d.fix.edits), key=lambda e: e.start
    )
    parts, last = [], 0
    for edit in edits:
        assert edit.start >= last, "fixes overlap"
        parts += [text[last : edit.start], edit.replacement]
        last = edit.end
    return "".join(parts) + text[last:]


# -- fixtures: every fix offered in them renders the bold --------------------------------------


def config_site(config: dict) -> SiteSettings:
    return SiteSettings(**config.get("site", {}))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture_fixes_render_bold(case):
    """Every offered fix makes the renderer show the emphasis and no literal marker there."""
    site = config_site(case.config)
    doc = Document(case.source, case.path)
    found = list(EmphasisNotRendered(site=site).check(doc))
    if not any(d.fix for d in found):
        return
    fixed = apply_fixes(case.source, found)
    remaining = list(EmphasisNotRendered(site=site).check(Document(fixed, case.path)))
    fixed_lines = {d.line for d in found if d.fix}
    assert not [d for d in remaining if d.line in fixed_lines]
    reading = COMMONMARK if site.renderer == "commonmark" else CJK_FRIENDLY
    assert "<strong>" in markdown_for(reading).render(fixed) or "<em>" in markdown_for(
        reading
    ).render(fixed)


SPACE_CASES = read_fixtures(FIXTURES / "emphasis_space_inside.md")


@pytest.mark.parametrize("case", SPACE_CASES, ids=[case.id for case in SPACE_CASES])
def test_space_inside_fixes_render_the_emphasis(case):
    """Every stray-space fix renders the emphasis; every empty-pair fix only drops markers."""
    doc = Document(case.source, case.path)
    found = list(EmphasisSpaceInside().check(doc))
    if not any(d.fix for d in found):
        return
    fixed = apply_fixes(case.source, found)
    assert not list(EmphasisSpaceInside().check(Document(fixed, case.path)))
    shown = "".join(char for char, _style in styled_text(fixed, COMMONMARK))
    assert "**" not in shown and "__" not in shown
    html = markdown_for(COMMONMARK).render(fixed)
    if any("nothing in it" not in d.message for d in found if d.fix):
        assert "<strong>" in html or "<em>" in html


# -- the pairing algorithm against markdown-it-py ------------------------------------------


def my_rendering(content: str, reading: str) -> str:
    partners = pair_delimiters(content, find_runs(content, content, []), reading)
    return "".join(
        ("<em>" if partners[i] > i else "</em>") if i in partners else char
        for i, char in enumerate(content)
    )


def markdown_it_rendering(content: str, reading: str) -> str:
    html = markdown_for(reading).renderInline(content)
    return html.replace("<strong>", "<em><em>").replace("</strong>", "</em></em>")


PIECES = st.sampled_from([*"*_a 。「」：中.(!'", "**", "__", "***"])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join), st.sampled_from([COMMONMARK, INTENDED]))
def test_pairing_matches_markdown_it(content, reading):
    """Same flags in, same pairs out: our replay of "process emphasis" is markdown-it's."""
    content = content.strip()
    assert my_rendering(content, reading) == markdown_it_rendering(content, reading)


def test_commonmark_reading_is_markdown_it_unpatched():
    plain = MarkdownIt("commonmark")
    for text in ("**问题1：**我们", "把**「弹性」**理解，在**「调度」**上", "__（一）背景。__本文"):
        assert markdown_for(COMMONMARK).renderInline(text) == plain.renderInline(text)


@pytest.mark.parametrize(
    ("text", "cjk_friendly_html"),
    [
        # examples of the CJK-friendly amendment (tats-u/markdown-cjk-friendly)
        ("これは**「重要なこと」**です。", "これは<strong>「重要なこと」</strong>です。"),
        ("这是**我想做的事。**所以继续。", "这是<strong>我想做的事。</strong>所以继续。"),
        (
            "문서를 작성할 때 **마크다운(Markdown)**을 사용하세요.",
            "문서를 작성할 때 <strong>마크다운(Markdown)</strong>을 사용하세요.",
        ),
        ("**Note:**text", "**Note:**text"),
    ],
)
def test_cjk_friendly_reading(text, cjk_friendly_html):
    assert markdown_for(CJK_FRIENDLY).renderInline(text) == cjk_friendly_html
    assert "<strong>" not in MarkdownIt("commonmark").renderInline(text)


def test_flags_treat_line_ends_as_whitespace():
    assert delimiter_flags(" ", "问", "*", 2, COMMONMARK).can_open
    assert not delimiter_flags("：", "我", "*", 2, COMMONMARK).can_close
    assert delimiter_flags("：", "我", "*", 2, CJK_FRIENDLY).can_close
    assert not delimiter_flags(":", "t", "*", 2, CJK_FRIENDLY).can_close
    assert delimiter_flags(":", "t", "*", 2, INTENDED).can_close


def test_position_and_fix_in_a_list_item_inside_a_blockquote():
    text = "---\ntitle: x\n---\n\n> - 说明\n>   **问题1：**我们\n"
    found = list(EmphasisNotRendered().check(Document(text, "x.md")))
    assert [(d.line, d.column) for d in found] == [(6, 11)]
    assert apply_fixes(text, found).endswith(">   **问题1**：我们\n")


# -- the seed article -----------------------------------------------------------------------

_STRONG = re.compile(r"</?strong>")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus is absent")
def test_seed_article_gains_exactly_the_seventeen_bold_spans():
    text = SEED.read_text(encoding="utf-8")
    found = list(EmphasisNotRendered().check(Document(text, SEED.name)))
    lines = sorted({d.line for d in found})
    assert len(found) == 17
    assert lines == [85, 91, *range(108, 137, 2)]
    assert all(d.fix is not None for d in found)

    fixed = apply_fixes(text, found)
    markdown = MarkdownIt("commonmark")
    before = markdown.render(text).split("\n")
    after = markdown.render(fixed).split("\n")
    assert len(before) == len(after)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 17
    for old, new in changed:
        # the text is the same once the literal ** are gone; only bold spans were added
        assert _STRONG.sub("", new) == _STRONG.sub("", old).replace("**", "", 2 * old.count("**"))
        assert new.count("<strong>") > old.count("<strong>")
        assert "**" not in new
    assert not list(EmphasisNotRendered().check(Document(fixed, SEED.name)))


# -- real corpora ---------------------------------------------------------------------------

KNOWN_DEFECTS = [
    (
        "k8s-website-zh-cn/content/zh-cn/docs/concepts/configuration/manage-resources-containers.md",
        40,
    ),
    ("k8s-website-zh-cn/content/zh-cn/docs/concepts/workloads/pods/_index.md", 347),
    (
        "servicemesher-website/content/blog/"
        "canary-release-strategy-using-kubernetes-istio-and-helm/index.md",
        51,
    ),
]


@pytest.mark.slow
@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus/real is absent")
@pytest.mark.parametrize(("path", "line"), KNOWN_DEFECTS)
def test_known_real_defects_are_found(path, line):
    doc = read_document(REAL / path)
    found = [d for d in EmphasisNotRendered().check(doc) if d.line == line]
    assert found, f"{path}:{line} not reported"
    literal = MarkdownIt("commonmark").renderInline(doc.text_lines[line - 1].strip())
    assert "**" in literal


SPACED_REAL = [
    (
        "k8s-website-zh-cn/content/zh-cn/blog/_posts/2016-02-00-kubernetes-community-meeting-notes_23.md",
        126,
    ),
    (
        "k8s-website-zh-cn/content/zh-cn/blog/_posts/2016-05-00-Coreosfest2016-Kubernetes-Community.md",
        52,
    ),
    (
        "k8s-website-zh-cn/content/zh-cn/blog/_posts/2016-05-00-Coreosfest2016-Kubernetes-Community.md",
        74,
    ),
    ("k8s-website-zh-cn/content/zh-cn/docs/reference/using-api/cel.md", 461),
    ("rust-blog/content/Project-Goals-2025-March-Update.md", 560),
    ("servicemesher-website/content/blog/thoughts-to-envoy-from-ADN-perspective/index.md", 204),
]


@pytest.mark.slow
@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpus/real is absent")
def test_space_inside_on_the_real_sites_reports_exactly_the_six_literal_markers():
    found = sorted(
        (path.relative_to(REAL).as_posix(), d.line)
        for path in REAL.rglob("*.md")
        if path.is_file()
        for d in EmphasisSpaceInside().check(read_document(path))
    )
    assert found == sorted(SPACED_REAL)


def test_an_escaped_bracket_does_not_end_a_link_text() -> None:
    # `[注\] 链接**](u)` is a link whose text is `注\] 链接**`: the escaped `]` is text, so
    # the run before the link is outside it and cannot pair with the one inside.
    from lintnews.model.inline import non_prose_spans

    content = "[他说] **重点 [注\\] 链接**](https://e.com) 完。"
    runs = find_runs(content, content, non_prose_spans(content))
    assert [run.scope for run in runs] == [0, 1]
