"""markdown-it-py with the flanking of each reading, for confirming fixes by re-rendering.

A fix of an emphasis is offered only when the renderer, re-parsing the fixed paragraph,
shows what the author meant; :func:`styled_text` is what a reader sees: each visible
character with the elements it is inside, read by :mod:`lintnews.model.rendering`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from lintnews_rules.emphasis_flanking import COMMONMARK, INTENDED, delimiter_flags, meant_flags

from lintnews.model.rendering import StyledCharacter, styled_characters

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.state_inline import StateInline


# -- markdown-it, for validating fixes ------------------------------------------------------


@cache
def markdown_for(reading: str) -> MarkdownIt:
    """A CommonMark markdown-it whose emphasis flanking follows ``reading``."""
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark")
    if reading != COMMONMARK:

        def emphasis(state: StateInline, silent: bool) -> bool:
            return _tokenize_emphasis(state, silent, reading)

        markdown.inline.ruler.at("emphasis", emphasis)
    return markdown


def _tokenize_emphasis(state: StateInline, silent: bool, reading: str) -> bool:
    from markdown_it.rules_inline.state_inline import Delimiter

    start = state.pos
    marker = state.src[start]
    if silent or marker not in "*_":
        return False
    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    before = state.src[max(0, start - 2) : start] or " "
    after = state.src[end] if end < state.posMax else " "
    flags = delimiter_flags(before, after, marker, end - start, reading)
    if reading == INTENDED:
        flags = meant_flags(state.src, start, end, flags)
    for _ in range(end - start):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=end - start,
                token=len(state.tokens) - 1,
                end=-1,
                open=flags.can_open,
                close=flags.can_close,
            )
        )
    state.pos = end
    return True


def styled_text(content: str, reading: str) -> list[StyledCharacter]:
    """The visible characters of inline ``content`` with the elements each is inside."""
    tokens = markdown_for(reading).parseInline(content)[0].children or []
    return styled_characters(tokens)
