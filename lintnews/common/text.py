"""Decoding files, turning character offsets into 1-based line/column positions, measuring
how wide text shows in a monospaced font, and CommonMark's ASCII punctuation."""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from lintnews.common.cjk import HAN_IDEOGRAPHS, is_wide
from lintnews.common.messages import message as msg

#: CommonMark's ASCII punctuation: what a backslash escapes, and punctuation for flanking.
ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# markdown-it normalises \r\n and lone \r to \n, so we count line breaks the same way.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    bom: bool


class DecodeError(Exception):
    """The bytes are not UTF-8; ``message`` says what they look like instead."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def read_failure(exc: OSError | UnicodeDecodeError) -> str:
    """Why a text file lintnews reads (a config, a baseline) could not be read: a message
    for text that is not UTF-8, else the system's own words."""
    if isinstance(exc, UnicodeDecodeError):
        return msg("it is not UTF-8 text (byte {offset:,} cannot be read)", offset=exc.start + 1)
    return str(exc)


def decode(data: bytes) -> DecodedText:
    """Decode a Markdown file as Hugo does: UTF-8, with an optional byte-order mark.

    Anything else is refused with a message naming what the bytes look like, because
    guessing an encoding silently would make every later position wrong.
    """
    if data.startswith(codecs.BOM_UTF8):
        bom, body = True, data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError(
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
            "Hugo reads UTF-8 only: convert it, e.g. `iconv -f UTF-16 -t UTF-8`"
        )
    else:
        bom, body = False, data
    if b"\x00" in body:
        offset = body.index(b"\x00")
        if _looks_like_utf16(body):
            raise DecodeError(
                msg(
                    "the file looks like UTF-16 without a byte-order mark (every other byte is NUL); Hugo reads UTF-8 only: convert it, e.g. `iconv -f UTF-16LE -t UTF-8`"
                )
            )
        raise DecodeError(
            msg(
                "the file contains a NUL byte at byte {value}: it is binary, not Markdown text",
                value=offset + 1,
            ),
            offset,
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(_describe_non_utf8(body, exc), exc.start) from None
    return DecodedText(text=text, encoding="utf-8", bom=bom)


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:400]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > half * 0.3


def _describe_non_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    where = msg("byte {number}", number=exc.start + 1)
    for candidate, label in (("gb18030", "GBK/GB18030 (Chinese)"), ("big5", "Big5 (Chinese)")):
        try:
            decoded = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if HAN_IDEOGRAPHS.search(decoded):
            return msg(
                "the file is not valid UTF-8 (first bad {where}); it looks like {label}. Hugo reads UTF-8 only: convert it, e.g. `iconv -f {upper} -t UTF-8`",
                where=where,
                label=label,
                upper=candidate.upper(),
            )
    return msg(
        "the file is not valid UTF-8 (first bad {where}) and no common encoding fits; it may be binary. Hugo reads UTF-8 only",
        where=where,
    )


class LineIndex:
    """Maps character offsets of a text to 1-based (line, column) and back."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        if "\r" in text:
            starts.extend(m.end() for m in LINE_BREAK.finditer(text))
        else:  # the usual case, in half the time
            starts.extend(accumulate(len(line) + 1 for line in text.split("\n")[:-1]))
        self.starts = starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``."""
        # Comparisons rather than max/min: every finding's positions come through here.
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self.starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, line: int, column: int = 1) -> int:
        """Character offset of a 1-based line and column (clamped into the text)."""
        line = max(1, min(line, len(self.starts)))
        start = self.starts[line - 1]
        return min(start + max(column, 1) - 1, len(self.text))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_end(self, line: int) -> int:
        """Offset just past the last character of a line (before its line break)."""
        return self.starts[line - 1] + len(self.line_text(line))


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: CJK and other wide characters take two."""
    return sum(2 if is_wide(char) else 1 for char in text)
