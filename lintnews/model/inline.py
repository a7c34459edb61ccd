"""Which parts of inline Markdown are not prose.

Rules that look at characters of inline content (emphasis delimiters, paired punctuation)
must skip what CommonMark parses before emphasis -- backslash escapes, code spans,
autolinks, raw HTML -- as well as link destinations and Hugo shortcodes, whose text is
never shown as prose. :func:`non_prose_spans` finds those spans in one left-to-right scan
that follows CommonMark's precedence.
"""

from __future__ import annotations

import re

from lintnews.common.text import ASCII_PUNCTUATION

_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*>")
_EMAIL_AUTOLINK = re.compile(
    r"<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>"
)
_ATTRIBUTE = (
    r"""(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
)
_HTML = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<!---->|<!--(?:-?[^>-])(?:-?[^-])*-->"
    r"|<\?.*?\?>"
    r"|<![A-Za-z]+[^>]*>"
    r"|<!\[CDATA\[.*?\]\]>",
    re.S,
)
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_BACKTICKS = re.compile(r"`+")


#: Where a non-prose span can start; the scan jumps from one to the next.
_TRIGGER = re.compile(r"[\\`<]|\{\{[<%]|\]\(")


def non_prose_spans(content: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of ``content`` that are not prose."""
    spans: list[tuple[int, int]] = []
    length = len(content)
    trigger = _TRIGGER.search(content)
    while trigger is not None:
        index = trigger.start()
        end = _span_at(content, index, length, spans)
        trigger = _TRIGGER.search(content, max(end, index + 1))
    return spans


def _span_at(content: str, index: int, length: int, spans: list[tuple[int, int]]) -> int:
    """Record the non-prose span starting at ``index``, if any; return where to go on."""
    char = content[index]
    if char == "\\":
        if index + 1 < length and content[index + 1] in ASCII_PUNCTUATION:
            spans.append((index, index + 2))
            return index + 2
        return index + 1
    if char == "`":
        run = _BACKTICKS.match(content, index)
        assert run is not None
        end = _closing_backticks(content, run.end(), len(run.group()))
        if end is None:
            return run.end()  # an unmatched run is literal text
        spans.append((index, end))
        return end
    if char == "<":
        match = (
            _AUTOLINK.match(content, index)
            or _EMAIL_AUTOLINK.match(content, index)
            or _HTML.match(content, index)
        )
        if match is None:
            return index + 1
        spans.append((index, match.end()))
        return match.end()
    if char == "{":
        match = _SHORTCODE.match(content, index)
        if match is None:
            return index + 1
        spans.append((index, match.end()))
        return match.end()
    # "](": a link destination follows
    end = _link_destination_end(content, index + 1)
    if end is None:
        return index + 1
    spans.append((index + 1, end))
    return end


def _closing_backticks(content: str, start: int, size: int) -> int | None:
    for run in _BACKTICKS.finditer(content, start):
        if len(run.group()) == size:
            return run.end()
    return None


def _link_destination_end(content: str, open_paren: int) -> int | None:
    """End of ``(destination "title")`` starting at ``open_paren``, balancing parentheses."""
    depth = 0
    index = open_paren
    quote: str | None = None
    while index < len(content):
        char = content[index]
        if char == "\\":
            index += 2
            continue
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and depth == 1 and content[index - 1] in " \t\n":
            quote = char
        elif char == "<" and index == open_paren + 1:
            close = content.find(">", index)
            if close < 0:
                return None
            index = close
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        elif char == "\n" and content[index - 1] == "\n":
            return None
        index += 1
    return None


def mask(content: str, spans: list[tuple[int, int]], fill: str = " ") -> str:
    """``content`` with every span replaced by ``fill`` characters (newlines kept)."""
    if not spans:
        return content
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(content[last:start])
        segment = content[start:end]
        if "\n" in segment:
            parts.append("\n".join(fill * len(line) for line in segment.split("\n")))
        else:
            parts.append(fill * len(segment))
        last = end
    parts.append(content[last:])
    return "".join(parts)
