"""Links of a block found without markdown-it's inline parse.

Finding links was most of what the link rules cost: markdown-it parses a block's inline
content by trying its rule chain at every position and making a token of every piece of
text, where the link rules need only the ``[text](url)`` and ``[text][label]`` spans.
:func:`plain_links` finds the links markdown-it's parse would (the same spans, parts,
``href`` and labels) by visiting only the characters a bracket depends on, as markdown-it's
inline tokenizer and its ``parseLinkLabel`` visit them: backtick runs (a code span binds
tighter than a link), backslashes (escapes), ``<`` (an autolink or a raw HTML tag, decided
by markdown-it's own rules for them) and brackets. Emphasis, entities and line breaks never
hold one of these, so skipping them changes nothing.

An image (``![``), an inline link that fails where the file has reference definitions
(markdown-it then reads on from where it stopped) and brackets nested very deep are left to
markdown-it: the function answers ``None`` and the caller parses the block.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it.common.normalize_url import validateLink
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkTitle

from lintnews.model.fast_links import parse_link_destination

#: Where the walk has a decision to make; everything between is text to markdown-it too.
_DECISION = re.compile(r"[\[`\\<]")
#: The same inside a link's text, where a "]" may end it.
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
            pos = _after_angle(content, index)
        else:
            link = _link_at(content, index, length, references, 0)
            if link is None:
                return None
            if link == ():
                pos = index + 1  # "[" is text
            else:
                found.append(link)
                pos = link[0][1]


def _after_angle(content: str, index: int) -> int:
    """Where the walk goes on after the ``<`` at ``index``: past the autolink or raw HTML
    tag it opens, as markdown-it's own rules for them decide, else past the ``<``."""
    if index + 1 >= len(content) or content[index + 1] in " \t\n":
        return index + 1  # neither can start so (``{{< note >}}``)
    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.autolink import autolink
    from markdown_it.rules_inline.html_inline import html_inline

    from lintnews.model.markdown import markdown_parser

    state = StateInline(content, markdown_parser(), {}, [])
    state.pos = index
    if autolink(state, True) or html_inline(state, True):
        return state.pos
    return index + 1


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


#: How deep brackets may nest before the walk leaves the block to markdown-it, whose own
#: limit (``maxNesting``) changes how it reads them.
_MAX_DEPTH = 8


def _link_at(
    content: str, start: int, length: int, references: dict[str, Any] | None, depth: int
) -> Found | tuple[()] | None:
    """The link opening at ``content[start] == "["``; ``()`` when the bracket is text,
    ``None`` when only markdown-it can decide."""
    label_end = _label_end(content, start, references, depth, True)
    if label_end is None:
        return None
    if label_end < 0:
        return ()  # no "]", or a link inside: the bracket is text
    pos = label_end + 1
    if pos < length and content[pos] == "(":
        link = _inline_link(content, start, label_end, length)
        if link is None and references is not None:
            return None  # markdown-it goes on from where this failed, as a reference
        return link or ()
    if references is None:
        return ()  # with no definitions in the file only "[text](" starts a link
    return _reference_link(content, start, label_end, references, depth)


def _label_end(
    content: str, start: int, references: dict[str, Any] | None, depth: int, no_links: bool
) -> int | None:
    """markdown-it's ``parseLinkLabel``: where the text opened by the "[" at ``start`` ends
    (its "]"), -1 when none does (or, with ``no_links``, when a link is inside it)."""
    if depth > _MAX_DEPTH:
        return None
    length = len(content)
    level = 1
    pos = start + 1
    while True:
        mark = _IN_LABEL.search(content, pos)
        if mark is None:
            return -1
        index = mark.start()
        char = content[index]
        if char == "]":
            level -= 1
            if level == 0:
                return index
            pos = index + 1
        elif char == "`":
            pos = _after_backticks(content, index)
        elif char == "\\":
            pos = _after_escape(content, index, length)
        elif char == "<":
            pos = _after_angle(content, index)
        else:
            inner = _link_at(content, index, length, references, depth + 1)
            if inner is None:
                return None
            if inner == ():
                level += 1
                pos = index + 1
            elif no_links:
                return -1
            else:
                pos = inner[0][1]


def _inline_link(content: str, start: int, label_end: int, length: int) -> Found | None:
    """markdown-it's inline link ``[text](url "title")``, after the text's "]"."""
    pos = _skip_space(content, label_end + 2, length)
    if pos >= length:
        return None
    destination_start = pos
    href = ""
    result = parse_link_destination(content, pos, length)
    if result.ok:
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
    # An accepted destination was taken whole (a refused one leaves no ")" to close on).
    if result.ok:
        if content[destination_start] == "<":
            parts["destination"] = (destination_start + 1, result.pos - 1)
            parts["angle"] = True
        else:
            parts["destination"] = (destination_start, result.pos)
    else:
        parts["destination"] = (destination_start, destination_start)
    return (start, end), parts, href, None


def _reference_link(
    content: str, start: int, label_end: int, references: dict[str, Any], depth: int
) -> Found | tuple[()] | None:
    """markdown-it's ``[text][label]``, ``[text][]`` and ``[text]`` with a defined label."""
    pos = label_end + 1
    label = ""
    end = pos
    if pos < len(content) and content[pos] == "[":
        second = _label_end(content, pos, references, depth, False)
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
