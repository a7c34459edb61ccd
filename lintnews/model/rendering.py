"""What a reader gets from Markdown: rendered characters with the elements around them.

Fixes are confirmed by rendering the text before and after and comparing what the reader
would see. This is the one home of that reading: the emphasis rules ask
:func:`styled_characters` for the inline tokens of their own flanking reading, and the fix
check (:mod:`lintnews.run.fix_check`) asks :func:`rendered_blocks` for a stretch of a file.

markdown-it is imported on first use, to keep start-up lean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: One visible character and the elements (``strong``, ``a``, ``code``...) it is inside.
StyledCharacter = tuple[str, tuple[str, ...]]

#: Attributes whose values are part of what a reader gets: where a link goes, what an
#: image shows. They are read as characters in an element of their own (``a@href``).
_ATTRIBUTES = {"link_open": ("href", "title"), "image": ("src", "title")}

_RENDERER: MarkdownIt | None = None


def styled_characters(
    tokens: Sequence[Token], *, attributes: bool = False
) -> list[StyledCharacter]:
    """The visible characters of inline ``tokens`` with the elements each is inside.

    Line breaks are ``"\\n"``; an image's alt text is inside ``img``. With ``attributes``,
    link targets and image sources are characters too (inside ``a@href``, ``img@src``...),
    and raw HTML is inside ``html``, so a change to one of them shows.
    """
    characters: list[StyledCharacter] = []
    stack: list[str] = []
    for token in tokens:
        if attributes and token.type in _ATTRIBUTES:
            style = (*stack, token.tag)
            for name in _ATTRIBUTES[token.type]:
                value = token.attrGet(name)
                if isinstance(value, str):
                    # The renderer percent-encodes URLs: compare what the author wrote.
                    value = unquote(value)
                    characters.extend((char, (*style, f"{token.tag}@{name}")) for char in value)
        if token.nesting == 1:
            stack.append(token.tag)
        elif token.nesting == -1:
            if stack:
                stack.pop()
        else:
            style = tuple(stack)
            if token.type in ("softbreak", "hardbreak"):
                text = "\n"
            elif token.type == "image":
                characters.extend(
                    (char, (*style, "img", *inner))
                    for char, inner in styled_characters(
                        token.children or [], attributes=attributes
                    )
                )
                continue
            else:
                text = token.content
                if token.type == "code_inline":
                    style = (*style, "code")
                elif attributes and token.type == "html_inline":
                    style = (*style, "html")
            characters.extend((char, style) for char in text)
    return characters


@dataclass(frozen=True, slots=True)
class RenderedBlocks:
    """A stretch of Markdown as rendered: its block structure and each block's characters.

    ``structure`` lists the block tokens (type, tag, and the verbatim text of code and HTML
    blocks); ``inlines`` holds the styled characters of each paragraph, heading and table
    cell, in order, attribute values included.
    """

    structure: tuple[tuple[str, str, str], ...]
    inlines: tuple[tuple[StyledCharacter, ...], ...]


def rendered_blocks(text: str) -> RenderedBlocks:
    """How CommonMark (with tables, as the document is parsed) renders ``text``."""
    structure: list[tuple[str, str, str]] = []
    inlines: list[tuple[StyledCharacter, ...]] = []
    for token in _renderer().parse(text):
        if token.type == "inline":
            inlines.append(tuple(styled_characters(token.children or [], attributes=True)))
            structure.append(("inline", "", ""))
            continue
        verbatim = token.content if token.type in ("fence", "code_block", "html_block") else ""
        info = token.info if token.type == "fence" else ""
        structure.append((token.type, token.tag, info + "\0" + verbatim))
    return RenderedBlocks(tuple(structure), tuple(inlines))


def _renderer() -> MarkdownIt:
    global _RENDERER
    if _RENDERER is None:
        from markdown_it import MarkdownIt

        _RENDERER = MarkdownIt("commonmark").enable("table")
    return _RENDERER
