"""The link walk without markdown-it's inline parse finds exactly the links the parse finds.

:func:`lintnews.model.plain_links.plain_links` either answers ``None`` (markdown-it must
decide) or gives the links markdown-it's parse records on its ``link_open`` tokens. The
properties compare the two on inline content made of what decides where links are:
brackets, parentheses, backtick runs, backslashes, ``<``, quotes, line breaks.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lintnews.model.document import Document
from lintnews.model.links import _recorded_links, find_links, page_anchors
from lintnews.model.plain_links import plain_links

PIECES = [
    "[", "]", "(", ")", "](", "`", "``", "\\", "<", "< ", ">", "!", '"', "'", " ", "\n",
    "a", "中文", "*", "_", "&amp;", "http://x.y/", "#sec", "<a>", "<http://a.b>", "{{< x >}}",
    "javascript:x", "[ref]", "[]", "][", "\t", "[`a`]", "`]`", "<b>", "</b>", "<!-- [ -->",
    "<a href='](x)'>", "<mailto:a@b.c>",
]  # fmt: skip

fast = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _compared(body: str) -> list[tuple[list, list | None]]:
    """For each inline block of ``body``: the links markdown-it's parse finds, and what
    :func:`plain_links` finds (``None``: it leaves the block to markdown-it)."""
    doc = Document(body + "\n\n[ref]: /defined\n" if "[ref]" in body else body, "a.md")
    blocks = doc.inline_blocks  # the block parse collects the definitions
    references = doc.parse_env.get("references") or None
    return [
        (
            _recorded_links(doc.inline_children(block.token)),
            plain_links(block.content, references),
        )
        for block in blocks
    ]


@fast
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
@example("[a](b) `[c](d)` [e](<f g> 'h')")
@example("``[a](b)` x `` [c](d)")
@example("[a `]` b](c) [\\]](d) [x\\\ny](z)")
@example("[ref] [a][ref] [b][] [ref][] [c][nope]")
@example("[a](javascript:x) [b]() [c](d 'e')")
@example("[a [b] c](d) [e [f](g) h](i) [`j]`](k) [<b>]</b>](l)")
def test_the_walk_finds_what_the_parse_finds(text):
    for expected, walked in _compared(text):
        if walked is not None:
            assert walked == expected


def test_most_blocks_with_links_need_no_parse():
    content = '见[文档](https://a.b/c)与 `code` 和 [页面](/d/#e "t")，{{< note >}}。'
    assert plain_links(content, None) == [
        ((1, 20), {"alt": (2, 4), "destination": (6, 19)}, "https://a.b/c", None),
        ((31, 46), {"alt": (32, 34), "destination": (36, 41)}, "/d/#e", None),
    ]


def test_an_image_leaves_the_block_to_markdown_it():
    assert plain_links("![a](b) [c](d)", None) is None


def test_links_and_plain_heading_ids_need_no_inline_parse():
    doc = Document(
        "## 第二节 细节\n\n见[细节](#第二节-细节)与 `code`。\n\n## Title *em*\n\n![a](b.png)\n",
        "a.md",
    )
    assert [link.href for link in find_links(doc)] == ["#第二节-细节"]
    assert page_anchors(doc) == frozenset({"第二节-细节", "title-em"})
    parsed = [b.content for b in doc.inline_blocks if id(b.token) in doc._inline_parsed]
    assert parsed == ["Title *em*", "![a](b.png)"]  # markup in a heading, an image
