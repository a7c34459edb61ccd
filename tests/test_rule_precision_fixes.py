"""False positives found by the corpus audit (benchmarks/audit_all_rules.py) that need real
files or per-rule options, which fixture files cannot express."""

from __future__ import annotations

from pathlib import Path

import lintnews

NO_DATE = '---\ntitle: "片段"\n---\n\n正文。\n'


def _codes(path: Path, config: dict | None = None) -> list[str]:
    result = lintnews.lint_paths([str(path)], config={"select": ["LN004"], **(config or {})})
    return [f"{d.line}:{d.column}: {d.code} {d.message}" for d in result.diagnostics]


def test_markdown_beside_a_leaf_bundle_index_is_a_resource_not_a_page(tmp_path: Path) -> None:
    bundle = tmp_path / "content" / "includes"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text("---\nheadless: true\n---\n", encoding="utf-8")
    (bundle / "snippet.md").write_text("没有元数据的片段。\n", encoding="utf-8")
    (bundle / "typed.md").write_text('---\ntags: "a, b"\n---\n', encoding="utf-8")

    assert _codes(bundle / "snippet.md") == []
    # A resource's values are still type-checked.
    assert _codes(bundle / "typed.md") == [
        '2:7: LN004 Hugo or the theme may misread this value: tags should be a list of strings, got the string "a, b"'
    ]


def test_a_page_in_a_branch_bundle_still_needs_its_keys(tmp_path: Path) -> None:
    section = tmp_path / "content" / "news"
    section.mkdir(parents=True)
    (section / "_index.md").write_text('---\ntitle: "新闻"\n---\n', encoding="utf-8")
    (section / "a.md").write_text(NO_DATE, encoding="utf-8")

    assert _codes(section / "a.md") == [
        "1:1: LN004 The page is built without a key the site requires: missing required key date"
    ]


def test_the_leaf_bundle_index_itself_is_a_page(tmp_path: Path) -> None:
    bundle = tmp_path / "content" / "post"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(NO_DATE, encoding="utf-8")

    assert _codes(bundle / "index.md") == [
        "1:1: LN004 The page is built without a key the site requires: missing required key date"
    ]


def test_adding_a_bundle_index_invalidates_cached_findings(tmp_path: Path) -> None:
    from lintnews_rules.schema import FrontMatterSchema

    from lintnews.model.document import Document

    folder = tmp_path / "content" / "includes"
    folder.mkdir(parents=True)
    snippet = folder / "snippet.md"
    snippet.write_text(NO_DATE, encoding="utf-8")
    doc = Document(NO_DATE, str(snippet))
    assert (("exists", str(folder / "index.md"), False)) in set(
        FrontMatterSchema().cache_conditions(doc)
    )


H3_UNDER_TITLE = (
    '+++\ntitle = "Announcing Rust 1.20"\n+++\n\n### What\'s in 1.20 stable\n\n##### Deep\n'
)


def test_heading_increment_title_level_for_themes_that_render_the_title_as_h2() -> None:
    # blog.rust-lang.org renders the title as <h2>: `###` may open the body there.
    options = {"title-level": 2, "section-level": 2}
    config = {"select": ["heading-increment"], "rules": {"heading-increment": options}}
    found = lintnews.lint_text(H3_UNDER_TITLE, path="content/a.md", config=config)
    assert [f"{d.line}:{d.column}: {d.message}" for d in found] == [
        "7:1: this heading skips a level: the outline goes from a level-3 section straight "
        "to level 5; make it level 4"
    ]


def test_heading_increment_title_level_names_the_level_in_its_message() -> None:
    options = {"title-level": 2, "section-level": 2}
    config = {"select": ["heading-increment"], "rules": {"heading-increment": options}}
    text = '---\ntitle: "标题"\n---\n\n#### 小节\n'
    found = lintnews.lint_text(text, path="content/a.md", config=config)
    assert [d.message for d in found] == [
        "this heading skips a level: the outline goes from the page title (front-matter "
        '"title", level 2) straight to level 4; this site\'s posts open their sections at '
        "level 3 or above"
    ]


def test_heading_increment_first_heading_is_the_posts_own_unless_a_section_level_is_set() -> None:
    found = lintnews.lint_text(H3_UNDER_TITLE, path="content/a.md", config={"select": ["LN301"]})
    assert [d.line for d in found] == [7]
    config = {"select": ["LN301"], "rules": {"heading-increment": {"section-level": 2}}}
    found = lintnews.lint_text(H3_UNDER_TITLE, path="content/a.md", config=config)
    assert [d.line for d in found] == [5, 7]
