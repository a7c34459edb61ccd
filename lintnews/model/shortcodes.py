"""Hugo shortcode tags (``{{< name a="b" >}}``, ``{{% name %}}``) read from Markdown text.

Hugo's own shortcode lexer decides what a page shows; this reader finds the tags and their
parameters with the positions of each value, so that a rule can report on, and a fix can
stay clear of, exactly the text Hugo hands to a template.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from lintnews.common.lazyre import LazyPattern

if TYPE_CHECKING:
    from lintnews.model.markdown import ParsedMarkdown

__all__ = [
    "Shortcode",
    "ShortcodeParameter",
    "document_shortcodes",
    "find_shortcodes",
    "shortcode_spans",
]

# Only text with shortcodes needs these: compiled on first use.
_SHORTCODE_OPEN = LazyPattern(r"\{\{([<%])")
_SHORTCODE_NAME = LazyPattern(r"\s*(?P<name>[^\s<>%/{}\"'`]+)")
_PARAMETER = LazyPattern(
    r"""\s*(?:(?P<name>[A-Za-z_][\w-]*)=)?(?:"(?P<dq>(?:[^"\\]|\\.)*)"|`(?P<raw>[^`]*)`|(?P<bare>[^\s"`]+))""",
    re.S,
)


class ShortcodeParameter(NamedTuple):
    """A parameter of a shortcode tag, positioned in the text it was read from."""

    name: str | None
    value: str  # as written, between the quotes
    value_start: int
    value_end: int
    decoded: str  # \" unescaped


class Shortcode(NamedTuple):
    """An opening or self-closing shortcode tag (``name`` empty for text Hugo prints
    verbatim or a closing tag), with its span and parameters."""

    name: str
    start: int
    end: int
    name_end: int
    params: tuple[ShortcodeParameter, ...]


def find_shortcodes(text: str, start: int = 0) -> Iterator[Shortcode]:
    """Opening (and self-closing) shortcode tags of ``text`` from ``start``.

    Commented ones (``{{</* x */>}}``), which Hugo prints verbatim, and closing tags are
    skipped; their text still counts as shortcode text, so it is yielded with no name.
    """
    pos = start
    while True:
        opening = _SHORTCODE_OPEN.search(text, pos)
        if opening is None:
            return
        delimiter = opening.group(1)
        closing = "%}}" if delimiter == "%" else ">}}"
        end = text.find(closing, opening.end())
        if end < 0:
            pos = opening.end()  # "{{<" that never closes is text; later tags still count
            continue
        end += len(closing)
        inner = text[opening.end() : end - len(closing)]
        name_match = _SHORTCODE_NAME.match(text, opening.end(), end - len(closing))
        name = ""
        params: tuple[ShortcodeParameter, ...] = ()
        name_end = opening.end()
        stripped = inner.strip()
        if name_match and not stripped.startswith(("/*", "/")):
            name = name_match.group("name")
            name_end = name_match.end()
            params = tuple(_parameters(text, name_end, end - len(closing)))
        yield Shortcode(name, opening.start(), end, name_end, params)
        pos = end


def document_shortcodes(doc: ParsedMarkdown) -> list[Shortcode]:
    """The shortcode tags of ``doc``'s body, read once: the image and link scans share them."""
    return doc.memo(
        (__name__, "tags"),
        lambda: list(find_shortcodes(doc.text, doc.body_start)) if "{{" in doc.text else [],
    )


def shortcode_spans(doc: ParsedMarkdown) -> list[tuple[int, int]]:
    """Sorted ``(start, end)`` of ``doc``'s shortcode tags: links and tags inside them
    are shortcode parameters, not Markdown."""
    return doc.memo(
        (__name__, "spans"), lambda: [(s.start, s.end) for s in document_shortcodes(doc)]
    )


def _parameters(text: str, pos: int, stop: int) -> Iterator[ShortcodeParameter]:
    while pos < stop:
        match = _PARAMETER.match(text, pos, stop)
        if match is None or match.end() == pos:
            return
        for group in ("dq", "raw", "bare"):
            if match.group(group) is not None:
                value_start, value_end = match.span(group)
                break
        value = text[value_start:value_end]
        decoded = re.sub(r"\\(.)", r"\1", value) if match.group("dq") is not None else value
        yield ShortcodeParameter(match.group("name"), value, value_start, value_end, decoded)
        pos = match.end()
