"""Linting and fixing python-frontmatter Posts in memory, as content pipelines do."""

from __future__ import annotations

import frontmatter
from frontmatter.default_handlers import JSONHandler, TOMLHandler, YAMLHandler

import lintnews
from lintnews.plugin.diagnostics import Diagnostic

PATH = "content/posts/a.md"
LOCAL_DATE = "2025-02-01 10:30:49"


def flagged_text(text: str, diagnostic: Diagnostic) -> str:
    """The characters of ``text`` a diagnostic's 1-based line/column span points at."""
    lines = text.split("\n")
    if diagnostic.line == diagnostic.end_line:
        return lines[diagnostic.line - 1][diagnostic.column - 1 : diagnostic.end_column - 1]
    first = lines[diagnostic.line - 1][diagnostic.column - 1 :]
    middle = lines[diagnostic.line : diagnostic.end_line - 1]
    last = lines[diagnostic.end_line - 1][: diagnostic.end_column - 1]
    return "\n".join([first, *middle, last])


def by_code(diagnostics: list[Diagnostic]) -> dict[str, Diagnostic]:
    return {d.code: d for d in diagnostics}


def test_yaml_post_findings_point_into_its_serialisation() -> None:
    post = frontmatter.Post(
        "开头一段。\n\n**注意：**这是重点。\n\n![](cover.png)", title="标题", date=LOCAL_DATE
    )
    text = lintnews.post_text(post)
    assert text == frontmatter.dumps(post)
    found = by_code(lintnews.check_post(post, path=PATH))
    assert found.keys() == {"LN102", "LN201", "LN401"}
    date, bold, image = found["LN102"], found["LN201"], found["LN401"]
    assert flagged_text(text, date) == LOCAL_DATE
    assert text.split("\n")[date.line - 1] == f"date: '{LOCAL_DATE}'"
    assert flagged_text(text, image) == "![]"
    assert text.split("\n")[image.line - 1] == "![](cover.png)"
    assert text.split("\n")[bold.line - 1] == "**注意：**这是重点。"
    assert all(d.path == PATH for d in found.values())


def test_toml_post_is_linted_as_toml_front_matter() -> None:
    assert TOMLHandler is not None, "python-frontmatter's TOML handler needs its toml extra"
    post = frontmatter.Post("正文。", TOMLHandler(), title="标题", date=LOCAL_DATE)
    text = lintnews.post_text(post)
    assert text.startswith("+++\n")
    (date,) = lintnews.check_post(post, path=PATH)
    assert date.code == "LN102"
    assert flagged_text(text, date) == LOCAL_DATE
    assert text.split("\n")[date.line - 1] == f'date = "{LOCAL_DATE}"'


def test_json_post_is_linted_as_json_front_matter() -> None:
    post = frontmatter.Post("正文。", JSONHandler(), title="标题", date=LOCAL_DATE)
    text = lintnews.post_text(post)
    (date,) = lintnews.check_post(post, path=PATH)
    assert date.code == "LN102"
    assert flagged_text(text, date) == LOCAL_DATE


def test_post_without_metadata_is_its_content() -> None:
    post = frontmatter.Post("# 标题\n\n![](a.png)")
    assert lintnews.post_text(post) == post.content
    found = by_code(lintnews.check_post(post, path=PATH))
    assert found.keys() == {"LN004", "LN401"}
    assert (found["LN401"].line, found["LN401"].column) == (3, 1)


def test_front_matter_left_in_the_content_is_read() -> None:
    # python-frontmatter leaves front matter it has no handler for (TOML without its toml
    # extra) in the content: lintnews still reads it there.
    post = frontmatter.Post(f'+++\ntitle = "标题"\ndate = "{LOCAL_DATE}"\n+++\n\n![](a.png)')
    found = by_code(lintnews.check_post(post, path=PATH))
    assert found.keys() == {"LN102", "LN401"}
    assert (found["LN102"].line, found["LN102"].column) == (3, 9)
    assert (found["LN401"].line, found["LN401"].column) == (6, 1)


def test_fix_post_returns_a_post_with_the_fixes_applied() -> None:
    post = frontmatter.Post("开头一段。\n\n**注意：**这是重点。", title="标题", date=LOCAL_DATE)
    fixed, remaining = lintnews.fix_post(post, path=PATH)
    assert fixed is not post
    assert fixed.content == "开头一段。\n\n**注意**：这是重点。"
    assert fixed.metadata == post.metadata
    assert fixed.handler is post.handler
    # The date's fix is unsafe: it remains, pointing into the fixed Post's serialisation.
    (date,) = remaining
    assert date.code == "LN102"
    assert flagged_text(lintnews.post_text(fixed), date) == LOCAL_DATE
    assert post.content == "开头一段。\n\n**注意：**这是重点。", "the given Post is not changed"


def test_unsafe_fix_post_changes_the_metadata() -> None:
    assert TOMLHandler is not None, "python-frontmatter's TOML handler needs its toml extra"
    post = frontmatter.Post("正文。", TOMLHandler(), title="标题", date=LOCAL_DATE)
    fixed, remaining = lintnews.fix_post(post, path=PATH, unsafe=True)
    assert remaining == []
    assert fixed.metadata == {"title": "标题", "date": f"{LOCAL_DATE}+08:00"}
    assert isinstance(fixed.handler, TOMLHandler)
    assert lintnews.check_post(fixed, path=PATH) == []


def test_fix_post_keeps_a_body_rule_out_of_the_front_matter() -> None:
    # Given a handler, python-frontmatter splits at its delimiter wherever it is: a Post
    # without metadata whose body has two "---" rules must not get them as front matter.
    body = "# 标题\n\n**注意：**这是重点。\n\n---\n\n中间\n\n---\n\n结尾"
    post = frontmatter.Post(body, YAMLHandler())
    fixed, _ = lintnews.fix_post(post, path=PATH)
    assert fixed.metadata == {}
    assert fixed.content == body.replace("**注意：**", "**注意**：")


def test_fix_post_with_nothing_to_fix_returns_the_post() -> None:
    post = frontmatter.Post("正文。", title="标题", date=f"{LOCAL_DATE}+08:00")
    fixed, remaining = lintnews.fix_post(post, path=PATH)
    assert fixed is post
    assert remaining == lintnews.check_post(post, path=PATH) == []
