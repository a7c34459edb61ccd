"""Links written in raw HTML: ``<a href="...">`` in an HTML block or in inline HTML.

Pages link with HTML where Markdown cannot: a link around a figure or a card, the tables
of generated reference pages, ``target="_blank"``. The tags come from the Markdown parse,
so a tag in code is no link: ``html_block`` tokens are scanned in the file's own lines
(a block inside a list or blockquote keeps its exact place) and ``html_inline`` children of
the inline blocks, where :mod:`lintnews.model.inline` finds raw HTML as the parser does. Tags
inside HTML comments and inside shortcode parameters are no links.

Each is a :class:`lintnews.model.links.Link` of kind :data:`HTML`: ``start``/``end`` point
at the attribute value as written, ``href`` is it with character references decoded (what
the browser follows), ``markup_start``/``markup_end`` span the opening tag. Fixes are never
offered inside HTML, so the rules only report these.
"""

from __future__ import annotations

import bisect
import html
import re
from typing import TYPE_CHECKING

from lintnews.common.lazyre import LazyPattern
from lintnews.model.images import inside_any, inside_sorted, strip_with_lead
from lintnews.model.links import Link
from lintnews.model.shortcodes import shortcode_spans

if TYPE_CHECKING:
    from lintnews.model.markdown import ParsedMarkdown

__all__ = ["HTML", "html_links"]

HTML = "html"

_A_HREF = LazyPattern(
    r"""<a\s(?:[^>"']|"[^"]*"|'[^']*')*?(?<=[\s"'])href\s*=\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.I,
)
#: ``_A_HREF``'s first three characters, without its case-insensitive flag, which keeps the
#: regular expression engine from skipping ahead to each "<".
_A_OPENING = LazyPattern(r"<[aA]\s")
_COMMENT = LazyPattern(r"<!--.*?(?:-->|\Z)", re.S)


def html_links(doc: ParsedMarkdown) -> list[Link]:
    """Every ``<a href>`` of ``doc``'s raw HTML in document order (see the module)."""
    return doc.memo((__name__, "links"), lambda: _html_links(doc))


def _html_links(doc: ParsedMarkdown) -> list[Link]:
    text = doc.text
    if "<a" not in text and "<A" not in text:
        return []
    # Where a tag could open, found in one pass: generated reference pages hold thousands
    # of HTML blocks, and only the few with a candidate need the full pattern.
    openings = [match.start() for match in _A_OPENING.finditer(text)]
    if not openings:
        return []
    spans: list[tuple[int, int]] = []  # document spans of raw HTML
    for token in doc.block_tokens:
        if token.type == "html_block" and token.map:
            start = doc.index.offset(token.map[0] + 1)
            end = doc.index.line_end(min(token.map[1], doc.index.line_count))
            if _any_between(openings, start, end):
                spans.append((start, end))
    for block in doc.inline_blocks:
        content = block.content
        if "<a" not in content and "<A" not in content or _A_HREF.search(content) is None:
            continue
        # The block's non-prose spans follow CommonMark's precedence (a tag in a code span
        # is code) and are scanned for the punctuation rules anyway: an inline parse of
        # every block of a generated reference table would cost more than all link checks.
        for start, end in block.non_prose:
            if content[start] == "<":
                spans.append((block.offset(start), block.offset(end)))
    inside = shortcode_spans(doc)
    links: list[Link] = []
    has_comments = "<!--" in text
    for start, end in sorted(spans):
        if not _any_between(openings, start, end):
            continue
        comments = (
            [(m.start(), m.end()) for m in _COMMENT.finditer(text, start, end)]
            if has_comments
            else []
        )
        for match in _A_HREF.finditer(text, start, end):
            if inside_any(match.start(), comments) or inside_sorted(match.start(), inside):
                continue
            group = match.lastgroup  # the value's: "dq", "sq" or "bare"
            assert group is not None
            url, lead = strip_with_lead(match.group(group))
            value_start = match.start(group) + lead
            close = text.find(">", match.end(), end)
            links.append(
                Link(
                    url,
                    value_start,
                    value_start + len(url),
                    html.unescape(url),
                    HTML,
                    doc.line_of(match.start()),
                    match.start(),
                    close + 1 if close >= 0 else match.end(),
                )
            )
    return links


def _any_between(offsets: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted ``offsets`` lies in ``[start, end)``."""
    index = bisect.bisect_left(offsets, start)
    return index < len(offsets) and offsets[index] < end
