"""Text from a checked tree made safe to print: file names and front-matter text are the
tree's, and a terminal or a CI log must not take them for commands.

:func:`printable` is for people (text and GitHub formats, stderr): control characters,
newlines and bidirectional overrides become visible escapes (``\\n``, ``\\x1b``,
``\\u202e``), and the bytes of a file name that is not UTF-8 (which Python keeps as lone
surrogates, ``surrogateescape``) become ``\\xff``. :func:`json_safe` is for JSON: an
encoder that keeps non-ASCII text writes such a lone surrogate as itself, which no UTF-8
stream can hold; escaped as ``\\udcff`` it is valid, and decodes back to the same name.
"""

from __future__ import annotations

import re

from lintnews.common.messages import Message

# C0 controls (tab, newline and escape among them), DEL, C1 controls, the characters that
# reorder text on screen (bidirectional embeddings, overrides and isolates), and lone
# surrogates (an undecodable byte of a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNPRINTABLE_BUT_LINE_BREAKS = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    named = _NAMED.get(character)
    if named is not None:
        return named
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, line_breaks: bool = True) -> str:
    """``text`` with everything that could steer a terminal or a log escaped; CR and LF
    kept when ``line_breaks`` is false, for a format that escapes them its own way.

    A message stays a message (so that it can still be translated): its arguments, the
    tree's text, are escaped, and its template, lintnews's own words, is kept."""
    if text.isascii() and text.isprintable():
        return text
    if isinstance(text, Message):
        return Message(
            text.template,
            {
                name: printable(value, line_breaks=line_breaks) if isinstance(value, str) else value
                for name, value in text.args.items()
            },
        )
    return (_UNPRINTABLE if line_breaks else _UNPRINTABLE_BUT_LINE_BREAKS).sub(_escape, text)


def json_safe(encoded: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with lone
    surrogates escaped, so that it encodes as UTF-8 and loses nothing."""
    if encoded.isascii():
        return encoded
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
