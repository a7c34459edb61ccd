"""A page's headings and its outline: what the heading rules, and what they learn of a
site, read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from lintnews.model.document import Document

if TYPE_CHECKING:
    from markdown_it.token import Token

_ATX_MARKERS = re.compile(r"#{1,6}(?=[ \t]|$)")


@dataclass(frozen=True)
class Heading:
    """One heading of the body, located in the file."""

    level: int
    style: Literal["atx", "setext"]
    line: int  # 1-based line of the heading text (the `#` line for ATX)
    start: int  # document offset of what to point at: the `#` run, or the text line
    end: int
    content: str
    inline: Token
    in_container: bool  # inside a list item or block quote


def headings(doc: Document) -> list[Heading]:
    """Every heading of the body, in order (cached on the document)."""
    return doc.memo((__name__, "headings"), lambda: list(_find_headings(doc)))


def _find_headings(doc: Document) -> Iterator[Heading]:
    tokens = doc.block_tokens
    for position, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        inline = tokens[position + 1]
        first_line = token.map[0] + 1
        source = doc.index.line_text(first_line)
        line_start = doc.index.starts[first_line - 1]
        style: Literal["atx", "setext"] = "setext" if token.markup in ("=", "-") else "atx"
        if style == "atx":
            markers = _ATX_MARKERS.search(source)
            column = markers.start() if markers else len(source) - len(source.lstrip())
            width = len(token.markup) if markers else 1
            start, end = line_start + column, line_start + column + width
        else:
            stripped = source.strip()
            column = source.find(stripped) if stripped else 0
            start, end = line_start + column, line_start + column + max(len(stripped), 1)
        yield Heading(
            level=int(token.tag[1]),
            style=style,
            line=first_line,
            start=start,
            end=end,
            content=inline.content,
            inline=inline,
            in_container=token.level > 0,
        )


def front_matter_title(doc: Document, keys: tuple[str, ...]) -> tuple[str, str] | None:
    """(key, title) of the first front-matter key holding a non-empty title."""
    for key in keys:
        value = doc.meta.get(key)
        if isinstance(value, str) and value.strip():
            return key, value
    return None


def title_of(doc: Document, keys: tuple[str, ...] = ("title",)) -> str | None:
    """The page title the theme shows above the body, if the front matter has one."""
    titled = front_matter_title(doc, keys)
    return titled[1] if titled else None


# Hugo drops a trailing `{#id}` attribute from the heading text; punctuation and case do
# not make a heading say something other than the title.
_HEADING_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")
_NOT_WORDS = re.compile(r"[\W_]+")
# A reposted or translated article's title carries a marker such as "(转)" or "[译]" that
# the body's copy of the title lacks.
_BRACKETED_MARKER = re.compile(
    r"^\s*[\[【（(][^\]】）)]{1,6}[\]】）)]|[\[【（(][^\]】）)]{1,6}[\]】）)]\s*$"
)


def _comparable(text: str) -> str:
    return _NOT_WORDS.sub("", _HEADING_ATTRIBUTES.sub("", text)).casefold()


def repeats_title(heading: Heading, title: str | None) -> bool:
    """An h1 that says what the page title already says: readers see the title twice."""
    if heading.level != 1 or title is None:
        return False
    words = _comparable(_BRACKETED_MARKER.sub("", title))
    return bool(words) and _comparable(_BRACKETED_MARKER.sub("", heading.content)) == words


def outline(doc: Document, title: str | None) -> list[Heading]:
    """The headings that make up the post's outline: all but an h1 repeating the title."""
    return [heading for heading in headings(doc) if not repeats_title(heading, title)]
