"""The document model: one parse, exact positions in characters, front matter found as Hugo finds it."""

import pytest

from lintnews.common.text import LineIndex
from lintnews.model.document import Document
from lintnews.run.engine import document_from_bytes

SEED_HEAD = '---\ntitle: "标题"\ndate: 2025-02-01\n---\n\n# 一级\n\n中文**加粗：**文字\n'


def test_columns_count_characters_not_bytes():
    index = LineIndex("第一行\n中文abc\n")
    assert index.position(4) == (2, 1)
    assert index.position(6) == (2, 3)  # "a" is the third character of the line
    assert index.offset(2, 3) == 6


def test_crlf_and_lone_cr_count_as_one_line_break_each():
    index = LineIndex("a\r\nb\rc\nd")
    assert [index.line_text(n) for n in (1, 2, 3, 4)] == ["a", "b", "c", "d"]
    assert index.position(3) == (2, 1)


def test_token_lines_match_the_file_because_front_matter_is_blanked():
    doc = Document(SEED_HEAD, "a.md")
    heading = next(t for t in doc.tokens if t.type == "heading_open")
    assert heading.map[0] + 1 == 6  # the "# 一级" line of the file
    assert doc.meta == {"title": "标题", "date": "2025-02-01"}


def test_inline_block_maps_content_back_to_file_positions():
    doc = Document(SEED_HEAD, "a.md")
    paragraph = next(b for b in doc.inline_blocks if b.kind == "paragraph")
    index = paragraph.content.index("加粗")
    assert doc.position(paragraph.offset(index)) == (8, 5)


def test_inline_blocks_in_lists_quotes_and_tables():
    text = "- 列表**项**\n\n> 引用\n> 第二行\n\n| 甲 | 乙 |\n|---|---|\n| 单元 | `代码` |\n"
    doc = Document(text, "a.md")
    where = {b.content: doc.position(b.offset(0)) for b in doc.inline_blocks}
    assert where["列表**项**"] == (1, 3)
    assert where["引用\n第二行"] == (3, 3)
    assert where["单元"] == (8, 3)
    assert where["`代码`"] == (8, 8)
    quote = next(b for b in doc.inline_blocks if b.content.startswith("引用"))
    assert doc.position(quote.offset(quote.content.index("第二行"))) == (4, 3)


def test_byte_order_mark_is_tolerated_before_front_matter():
    doc = document_from_bytes("\ufeff---\ntitle: x\n---\n正文\n".encode(), "bom.md")
    assert doc.bom and doc.meta == {"title": "x"}
    assert doc.front_matter_problems == []


def test_crlf_front_matter_and_body_lines():
    doc = Document("---\r\ntitle: x\r\n---\r\n\r\n# 标题\r\n", "crlf.md")
    assert doc.meta == {"title": "x"}
    heading = next(t for t in doc.tokens if t.type == "heading_open")
    assert heading.map[0] + 1 == 5


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("---\na: 1\n---\n", "yaml"), ("+++\na = 1\n+++\n", "toml"), ('{"a": 1}\n', "json")],
)
def test_three_front_matter_formats(text, fmt):
    doc = Document(text, "a.md")
    assert doc.front_matter.format == fmt
    assert doc.meta == {"a": 1}


def test_yaml_is_read_as_yaml_12():
    doc = Document("---\nlist: [zh-CN, no, yes, on]\nn: 0o17\nempty:\ntilde: ~\n---\n", "a.md")
    assert doc.meta == {"list": ["zh-CN", "no", "yes", "on"], "n": 15, "empty": None, "tilde": None}


def test_positions_of_keys_and_values_including_list_items():
    doc = Document('---\ntitle: "中文"\ntags:\n  - 甲\n  - "乙"\n---\n', "a.md")
    fm = doc.front_matter
    assert doc.position(fm.entries["title"].key_start) == (2, 1)
    assert doc.position(fm.entries["title"].node.start) == (2, 8)
    assert doc.position(fm.node_at(("tags", 1)).start) == (5, 5)


def test_toml_key_positions_from_line_scan():
    doc = Document('+++\ntitle = "Rust"\ndate = 2024-01-01\n[extra]\nk = 1\n+++\n', "a.md")
    entries = doc.front_matter.entries
    assert doc.position(entries["date"].key_start) == (3, 1)
    assert doc.position(entries["date"].node.start) == (3, 8)
    assert doc.position(entries["extra"].key_start) == (4, 2)


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc = Document("---\n" + "\n".join(lines) + "\n---\n", "bomb.md")
    assert doc.front_matter.root is None
    assert "alias" in doc.front_matter_problems[0].message


def test_non_utf8_bytes_give_a_decode_error_not_an_exception():
    doc = document_from_bytes("标题：新闻".encode("gb18030"), "gbk.md")
    assert doc.decode_error is not None
    assert "GBK/GB18030" in doc.decode_error.message
    doc = document_from_bytes("标题".encode("utf-16"), "u16.md")
    assert "UTF-16" in doc.decode_error.message
    doc = document_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "img.md")
    assert "NUL" in doc.decode_error.message


def test_lines_of_full_width_spaces_before_a_paragraph_do_not_shift_positions():
    # markdown-it strips U+3000-only lines from the paragraph; CommonMark does not call
    # them blank, so they start the paragraph in token.map.
    doc = Document("\u3000\r\n\u3000\r\n**问题1：**我们\r\n", "a.md")
    [block] = doc.inline_blocks
    assert block.content == "**问题1：**我们"
    assert doc.position(block.offset(block.content.index("我"))) == (3, 9)


def _token_tree(tokens):
    return [
        (t.type, t.tag, t.content, t.markup, t.attrs, t.map, t.meta, _token_tree(t.children or []))
        for t in tokens
    ]


def test_inline_tokens_parsed_on_request_equal_a_whole_parse():
    """Block-first parsing (inline content per block, on request) gives the tree one
    complete parse gives, on every example and fixture file."""
    from pathlib import Path

    from markdown_it import MarkdownIt

    from lintnews.model import fast_links, positions

    whole = MarkdownIt("commonmark", {"store_labels": True}).enable("table")
    whole = positions.install(fast_links.install(whole))
    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "examples").rglob("*.md")) + sorted((root / "tests").rglob("*.md"))
    checked = 0
    for path in files:
        doc = document_from_bytes(path.read_bytes(), str(path))
        if doc.decode_error is not None:
            continue
        expected = whole.parse(doc.body_for_parser, {})
        # Some rules ask for single blocks first; the rest come from `tokens`.
        for block in doc.inline_blocks[::3]:
            doc.inline_children(block.token)
        assert _token_tree(doc.tokens) == _token_tree(expected), path
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize(
    "body",
    ["a\r\nb\r\n\r\n# h\r\n", "a\rb\r\r- item\r", "nul\0here\n\n`\0`\n", "plain\n\ntext\n"],
)
def test_line_breaks_and_nul_are_normalised_as_markdown_it_does(body):
    # The parser skips markdown-it's normalize pass when there is nothing to rewrite.
    from markdown_it import MarkdownIt

    stock = MarkdownIt("commonmark").enable("table").parse(body)
    ours = Document(body, "a.md").tokens
    assert [(t.type, t.map, t.content) for t in ours] == [(t.type, t.map, t.content) for t in stock]


def test_shortcode_tags_with_their_parameter_positions() -> None:
    from lintnews.model.shortcodes import find_shortcodes

    text = (
        'a {{< figure src="x \\"y\\".png" alt=`z` >}} b {{</* figure src="no" */>}} {{% /note %}}'
    )
    tags = list(find_shortcodes(text))
    assert [tag.name for tag in tags] == ["figure", "", ""]
    first = tags[0]
    assert [(p.name, p.decoded) for p in first.params] == [("src", 'x "y".png'), ("alt", "z")]
    assert [text[p.value_start : p.value_end] for p in first.params] == ['x \\"y\\".png', "z"]
    assert text[first.start : first.end] == '{{< figure src="x \\"y\\".png" alt=`z` >}}'
