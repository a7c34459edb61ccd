"""Inline links of simple blocks, found without markdown-it's inline parse.

Finding links was most of what the link rules cost: markdown-it parses a block's inline
content by trying its rule chain at every position and building a token for every piece
of text, where a link scanner needs only the ``[text](url)`` spans. On the real sites
nine blocks with a link in ten have nothing that could change where a link starts or ends
but code spans and backslash escapes: for those, :func:`plain_links` finds the links
markdown-it would (the same spans, destinations and ``href``) in a few regex searches.

It walks the block as markdown-it's inline tokenizer does, visiting only the characters
that can start something a bracket depends on: a backtick run (a code span, which binds
tighter than a link), a backslash (an escape), a ``<`` (an autolink or raw HTML) and
``[``. Whatever it cannot decide as markdown-it would -- an image, a bracket, code span,
escape or tag inside a link's text, a ``<`` that may start a tag before a later link, a
file with reference definitions (``[text]`` may then be a link) -- makes it answer
``None``, and the caller parses the block with markdown-it instead.
"""

from __future__ import annotations

import re
from typing import Any

from lintnews.model.fast_links import parse_link_destination

#: Where the walk has a decision to make; everything between is text to markdown-it too
#: (emphasis, entities and line breaks never hold a bracket or a backtick).
_DECISION = re.compile(r"[\[`\\<]")
#: What can end a link's text or make it undecidable here.
_IN_LABEL = re.compile(r"[\[\]`\\<]")
_BACKTICKS = re.compile(r"`+")
_SPACES = " \t"


#: A link as the parser records it: its span and parts in the block's content (see
#: :mod:`lintnews.model.positions`), its ``href`` and the normalized label of a reference.
Found = tuple[tuple[int, int], dict[str, Any], str, "str | None"]


def plain_links(content: str, references: dict[str, Any] | None) -> list[Found] | None:
    """Each link of a block's inline ``content`` as markdown-it's parse records it on its
    ``link_open`` token (span, ``parts``, ``href``, ``label``), or ``None`` when markdown-it
    must decide. ``references`` are the file's link definitions (markdown-it's
    ``env["references"]``), ``None`` when it has none."""
    if "![" in content:
        return None
    found: list[Found] = []
    length = len(content)
    last_open = content.rfind("[")
    pos = 0
    while True:
        match = _DECISION.search(content, pos, last_open + 1)
        if match is None:
            return found
        index = match.start()
        char = content[index]
        if char == "`":
            pos = _after_backticks(content, index)
        elif char == "\\":
            pos = _after_escape(content, index, length)
        elif char == "<":
            if not _plain_angle(content, index):
                return None  # an autolink or a tag could hold the brackets after it
            pos = index + 1
        else:
            link = _link_at(content, index, length, references)
            if link is None:
                return None
            if link == ():
                pos = index + 1  # "[" is text
            else:
                found.append(link)
                pos = link[0][1]


def _plain_angle(content: str, index: int) -> bool:
    """Whether the ``<`` at ``index`` is text: followed by white space (``{{< x >}}``) it
    can start neither an autolink nor a tag."""
    return index + 1 < len(content) and content[index + 1] in " \t\n"


def _after_backticks(content: str, index: int) -> int:
    """Where the walk goes on after the backtick run at ``index``: past the code span it
    opens, or past the run when no run of the same length follows (then it is text)."""
    run = _BACKTICKS.match(content, index)
    assert run is not None
    size = run.end() - index
    for closer in _BACKTICKS.finditer(content, run.end()):
        if closer.end() - closer.start() == size:
            return closer.end()
    return run.end()


def _after_escape(content: str, index: int, length: int) -> int:
    """markdown-it's escape rule: a backslash takes the next character with it; before a
    line break it is a hard break, which also takes the next line's indentation."""
    pos = index + 1
    if pos >= length:
        return pos
    if content[pos] != "\n":
        return pos + 1
    pos += 1
    while pos < length and content[pos] in _SPACES:
        pos += 1
    return pos


def _link_at(
    content: str, start: int, length: int, references: dict[str, Any] | None
) -> Found | tuple[()] | None:
    """The link opening at ``content[start] == "["``; ``()`` when the bracket is text,
    ``None`` when only markdown-it can decide."""
    label_end = _label_end(content, start)
    if label_end is None:
        return None
    if label_end < 0:
        return ()  # no "]": the bracket is text
    pos = label_end + 1
    if pos < length and content[pos] == "(":
        link = _inline_link(content, start, label_end, length)
        if link is None and references is not None:
            return None  # markdown-it goes on from where this failed, as a reference
        return link or ()
    if references is None:
        return ()  # with no definitions in the file only "[text](" starts a link
    return _reference_link(content, start, label_end, references)


def _label_end(content: str, start: int) -> int | None:
    """Where the link text opened at ``start`` ends (its "]"), -1 with no "]" after it,
    ``None`` when the text holds a bracket, a code span, an escape or a tag."""
    pos = start + 1
    while True:
        mark = _IN_LABEL.search(content, pos)
        if mark is None:
            return -1
        index = mark.start()
        char = content[index]
        if char == "]":
            return index
        if char == "<" and _plain_angle(content, index):
            pos = index + 1
            continue
        return None


def _inline_link(content: str, start: int, label_end: int, length: int) -> Found | None:
    """markdown-it's inline link ``[text](url "title")``, after the text's "]"."""
    pos = _skip_space(content, label_end + 2, length)
    if pos >= length:
        return None
    destination_start = pos
    href = ""
    result = parse_link_destination(content, pos, length)
    if result.ok:
        from markdown_it.common.normalize_url import validateLink
        from markdown_it.helpers import parseLinkTitle

        if validateLink(result.str):
            href = result.str
            pos = result.pos
        title_start = pos
        pos = _skip_space(content, pos, length)
        title = parseLinkTitle(content, pos, length)
        if pos < length and title_start != pos and title.ok:
            pos = _skip_space(content, title.pos, length)
    if pos >= length or content[pos] != ")":
        return None
    end = pos + 1
    parts: dict[str, Any] = {"alt": (start + 1, label_end)}
    destination = parse_link_destination(content, destination_start, end)
    if destination.ok and destination.pos > destination_start:
        if content[destination_start] == "<":
            parts["destination"] = (destination_start + 1, destination.pos - 1)
            parts["angle"] = True
        else:
            parts["destination"] = (destination_start, destination.pos)
    else:
        parts["destination"] = (destination_start, destination_start)
    return (start, end), parts, href, None


def _reference_link(
    content: str, start: int, label_end: int, references: dict[str, Any]
) -> Found | tuple[()] | None:
    """markdown-it's ``[text][label]``, ``[text][]`` and ``[text]`` with a defined label."""
    from markdown_it.common.utils import normalizeReference

    pos = label_end + 1
    label = ""
    end = pos
    if pos < len(content) and content[pos] == "[":
        second = _label_end(content, pos)
        if second is None:
            return None
        if second >= 0:
            label = content[pos + 1 : second]
            end = second + 1
    key = normalizeReference(label or content[start + 1 : label_end])
    definition = references.get(key)
    if not definition:
        return ()
    return (start, end), {"alt": (start + 1, label_end)}, definition["href"], key or None


def _skip_space(content: str, pos: int, length: int) -> int:
    while pos < length and content[pos] in " \t\n":
        pos += 1
    return pos
