"""Whether a run of `*`/`_` can open or close emphasis, in each reading of a paragraph.

CommonMark decides from the characters on either side of a delimiter run whether it is
*left-flanking* (can open) or *right-flanking* (can close); punctuation next to a run
changes that, which is why `**问题1：**我们` shows its asterisks. There are three readings:
``commonmark`` (markdown-it, goldmark), ``cjk-friendly`` (the amendment proposed in
commonmark-spec issue 650) and ``intended``, what the author evidently meant: lenient about
punctuation next to a run, and blind to markers typed as text (identifiers, wildcards,
placeholders).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from lintnews.common.cjk import is_flanking_cjk, is_ideographic_variation_selector
from lintnews.common.memo import ContentMemo
from lintnews.common.text import ASCII_PUNCTUATION

COMMONMARK = "commonmark"
CJK_FRIENDLY = "cjk-friendly"
INTENDED = "intended"

# -- characters ---------------------------------------------------------------------------

_WHITESPACE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000") | frozenset(
    chr(code) for code in range(0x2000, 0x200B)
)
BRACKETS = dict(zip("([{（［｛「『《〈【〔〖“‘«‹", ")]}）］｝」』》〉】〕〗”’»›", strict=True))
CLOSING_BRACKETS = {close: open_ for open_, close in BRACKETS.items()}


def is_whitespace(char: str) -> bool:
    """Unicode whitespace as markdown-it uses it for flanking (Zs, tab, line breaks)."""
    return char in _WHITESPACE


@cache
def is_punctuation(char: str) -> bool:
    """Unicode punctuation of the current CommonMark spec: ASCII punctuation, P* and S*."""
    return char in ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def _is_variation_selector(char: str) -> bool:
    return "\ufe00" <= char <= "\ufe0e"


def _is_word_char(char: str) -> bool:
    return not is_whitespace(char) and not is_punctuation(char) and not is_flanking_cjk(char)


# -- flanking -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flags:
    can_open: bool
    can_close: bool


def delimiter_flags(before: str, after: str, marker: str, length: int, reading: str) -> Flags:
    """Whether a run of ``length`` ``marker`` characters can open and close emphasis.

    Memoised: the answer depends only on a few characters, which repeat endlessly.

    ``before`` holds the (up to two) characters before the run, ``after`` the character
    after it; a space stands for the start or end of the line. ``reading`` is
    ``commonmark`` (markdown-it / goldmark), ``cjk-friendly`` (the amendment proposed in
    commonmark-spec issue 650, as in markdown-it-cjk-friendly) or ``intended``.
    """
    return _delimiter_flags(before, after, marker, min(length, 2), reading)


@lru_cache(maxsize=65536)
def _delimiter_flags(before: str, after: str, marker: str, length: int, reading: str) -> Flags:
    previous = before[-1] if before else " "
    if reading == COMMONMARK:
        previous_punct = is_punctuation(previous)
        next_punct = is_punctuation(after)
        left = not is_whitespace(after) and (
            not next_punct or is_whitespace(previous) or previous_punct
        )
        right = not is_whitespace(previous) and (
            not previous_punct or is_whitespace(after) or next_punct
        )
    else:
        base = previous
        if _is_variation_selector(previous) and len(before) > 1:
            base = before[-2]  # a CJK sequence: the selector belongs to the character
        previous_punct = is_punctuation(base)
        next_punct = is_punctuation(after)
        previous_other_punct = previous_punct and not is_flanking_cjk(base)
        next_other_punct = next_punct and not is_flanking_cjk(after)
        left = not is_whitespace(after) and (
            not next_other_punct
            or is_whitespace(previous)
            or previous_other_punct
            or is_flanking_cjk(base)
            or is_ideographic_variation_selector(previous)
        )
        right = not is_whitespace(previous) and (
            not previous_other_punct
            or is_whitespace(after)
            or next_other_punct
            or is_flanking_cjk(after)
        )
        if reading == INTENDED and marker == "*" and length >= 2:
            # `**Note:**text`, `x**(note)**`: punctuation inside a double run is
            # the emphasised text's own, whatever the script.
            right = right or (
                unicodedata.category(base) in ("Po", "Pe", "Pf") and _is_word_char(after)
            )
            left = left or (unicodedata.category(after) in ("Ps", "Pi") and _is_word_char(base))
    if marker == "*":
        return Flags(left, right)
    if reading == INTENDED:
        # `_` stays literal inside Latin words (snake_case), not between CJK characters.
        return Flags(
            left and (not right or previous_punct or is_flanking_cjk(base)),
            right and (not left or next_punct or is_flanking_cjk(after)),
        )
    return Flags(left and (not right or previous_punct), right and (not left or next_punct))


# -- what the author meant as text ---------------------------------------------------------

_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_IDENTIFIER = _ASCII_ALNUM | {"_"}
_DUNDER = re.compile(r"__[0-9A-Za-z](?:[0-9A-Za-z_]*[0-9A-Za-z])?__")
_SNAKE = re.compile(r"[0-9A-Za-z]_+[0-9A-Za-z]")
_NAMED_BETWEEN = {**BRACKETS, '"': '"', "'": "'", "`": "`"}


def meant_flags(text: str, start: int, end: int, flags: Flags) -> Flags:
    """The intended reading's flags of the run ``text[start:end]``: none where the run is
    text the author typed on purpose rather than an emphasis marker.

    That is an underscore in an identifier (`在__init__函数中`, `max_len`), a `*` of a
    wildcard (`*.asp`, `ASSERT_*`) or quantifier (`a*，`), a marker named as a character
    (`(_)`, `"*"`) and numbered placeholders (`***1、***2`). Renderers do not know this,
    so the only effect is that no emphasis is expected there.
    """
    if not (flags.can_open or flags.can_close):
        return flags
    marker = text[start]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if _NAMED_BETWEEN.get(before) == after or in_numbered_placeholders(text, start, end):
        return Flags(False, False)
    if marker == "_":
        if _in_identifier(text, start, end):
            return Flags(False, False)
        return flags
    if before == "_" and _identifier_ending_at(text, start).isidentifier():
        return Flags(False, False)  # ASSERT_*, LC_*: every name with this prefix
    if end - start > 1:
        return flags
    if after == "." and text[end + 1 : end + 2] in _ASCII_ALNUM:
        return Flags(False, False)  # *.asp, *.md: every file with this extension
    if _repeats_one_character(text, start) and not after.isalnum():
        return Flags(False, False)  # a*, .*: a regular expression's quantifier
    return flags


def _in_identifier(text: str, start: int, end: int) -> bool:
    """Whether the underscores at ``text[start:end]`` belong to an ASCII identifier:
    a dunder name (`__init__`) or a snake_case one. `_v_` and `_Vitae_` next to CJK are a
    variable and a title in italics, `__SOFAMesh 标准方案…__` is bold."""
    first, last = start, end
    while first > 0 and text[first - 1] in _IDENTIFIER:
        first -= 1
    while last < len(text) and text[last] in _IDENTIFIER:
        last += 1
    token = text[first:last]
    return bool(_DUNDER.fullmatch(token) or _SNAKE.search(token))


def _repeats_one_character(text: str, start: int) -> bool:
    """Whether a `*` at ``start`` follows a lone ASCII letter, digit or `.`, as in `用 a*，`."""
    atom = text[start - 1] if start > 0 else " "
    lead = text[start - 2] if start > 1 else " "
    return (atom in _ASCII_ALNUM or atom == ".") and (is_whitespace(lead) or is_flanking_cjk(lead))


def _identifier_ending_at(text: str, end: int) -> str:
    """The `[A-Za-z0-9_]` name that ends at ``end``, if it starts with a letter."""
    first = end
    while first > 0 and text[first - 1] in _IDENTIFIER:
        first -= 1
    return text[first:end] if text[first : first + 1].isalpha() else ""


_NUMBERED = re.compile(r"(?<![*_\\])(\*+|_+)([0-9]+)(?=[、，]|,(?![0-9]))")


def in_numbered_placeholders(text: str, start: int, end: int) -> bool:
    """`***1、***2、`: the same run before the different numbers of a list stands for
    their common prefix (`**3)` or `**49**` is the start of a bold number)."""
    if not text[end : end + 1].isdigit():
        return False
    run = text[start:end]
    numbered = _NUMBERED_RUNS.get(text, lambda: _numbered_runs(text))
    numbers = {number for found, number in numbered if found == run}
    return len(numbers) >= 2


# By paragraph text: every run of a paragraph asks, and re-rendered fixes ask again.
_NUMBERED_RUNS: ContentMemo[tuple[tuple[str, str], ...]] = ContentMemo(1024)


def _numbered_runs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((match[1], match[2]) for match in _NUMBERED.finditer(text))
