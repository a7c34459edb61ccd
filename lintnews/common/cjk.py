"""The classes of East Asian characters that lintnews tells apart, each in one place.

"CJK" means different things to different questions, and the answers differ on purpose:

- :data:`HAN_IDEOGRAPHS` -- Chinese characters (hanzi, kanji, hanja) of everyday text:
  *is this text written in Chinese?*
- :data:`CJK_SCRIPT` / :func:`is_cjk_script` -- every character of a CJK script block,
  ideographs, kana, hangul, CJK and full-width punctuation: *does this character belong to
  CJK prose?*
- :func:`is_wide` -- East Asian Wide and Fullwidth characters: *does it take two columns of a
  monospaced font?* (emoji too, which are neither Chinese nor punctuation).
- :func:`is_flanking_cjk` -- the CJK characters of the CJK-friendly amendment to CommonMark's
  flanking rules: *does emphasis next to this character follow the amended rules?*
- :func:`is_ideographic_variation_selector` -- the selectors that pick a glyph of the
  ideograph before them, part of that ideograph for the amendment.

A rule asks the question it means; none defines its own class.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from lintnews.common.lazyre import LazyPattern

#: CJK Unified Ideographs and Extension A, U+3400-U+9FFF (the Yijing hexagram symbols
#: between them are too rare to matter). Narrower than :data:`CJK_SCRIPT`: kana, hangul and
#: punctuation say nothing about whether a text is Chinese, and the rarer extensions
#: outside the BMP never make up a text on their own.
HAN_IDEOGRAPHS = LazyPattern(r"[\u3400-\u9fff]")

#: Characters of the CJK script blocks: radicals, CJK symbols and punctuation, kana,
#: bopomofo, kanbun, the ideographs (with compatibility ideographs and the supplementary
#: planes), hangul syllables, CJK compatibility forms and the half-width and full-width
#: forms. By block rather than by width, so a wide emoji or a wide arrow is not CJK prose,
#: while full-width `（`, `！` and half-width katakana are.
CJK_SCRIPT = LazyPattern(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)

# East Asian Width classes of characters a monospaced font shows two columns wide.
_WIDE = frozenset("WF")

# Emoji with default emoji presentation are wide but not CJK; outside this BMP list they
# live in U+1F000-U+1FAFF (an approximation of emoji-data.txt that errs towards "emoji").
_BMP_EMOJI = frozenset(
    chr(code)
    for span in [
        "231A-231B",
        "23E9-23EC",
        "23F0-23F0",
        "23F3-23F3",
        "25FD-25FE",
        "2614-2615",
        "2648-2653",
        "267F-267F",
        "2693-2693",
        "26A1-26A1",
        "26AA-26AB",
        "26BD-26BE",
        "26C4-26C5",
        "26CE-26CE",
        "26D4-26D4",
        "26EA-26EA",
        "26F2-26F3",
        "26F5-26F5",
        "26FA-26FA",
        "26FD-26FD",
        "2705-2705",
        "270A-270B",
        "2728-2728",
        "274C-274C",
        "274E-274E",
        "2753-2755",
        "2757-2757",
        "2795-2797",
        "27B0-27B0",
        "27BF-27BF",
        "2B1B-2B1C",
        "2B50-2B50",
        "2B55-2B55",
    ]
    for code in range(int(span[:4], 16), int(span[5:], 16) + 1)
)


def is_cjk_script(char: str) -> bool:
    """Whether ``char`` is in a CJK script block (:data:`CJK_SCRIPT`); False for ``""``."""
    return CJK_SCRIPT.match(char) is not None


def is_wide(char: str) -> bool:
    """Whether ``char`` takes two columns of a monospaced font: East Asian Wide or Fullwidth.

    Wider than the CJK classes (emoji are wide) and narrower than :func:`is_flanking_cjk`
    (half-width katakana take one column).
    """
    return unicodedata.east_asian_width(char) in _WIDE


@cache
def is_flanking_cjk(char: str) -> bool:
    """A CJK character of the CJK-friendly amendment (commonmark-spec issue 650, as in
    markdown-it-cjk-friendly): East Asian Wide, Fullwidth or Halfwidth, or Hangul, but
    not an emoji.

    By width rather than by block, as the amendment defines it, so wide symbols count and
    half-width forms do too; emoji are left out because emphasis next to them behaves as
    next to Latin text.
    """
    code = ord(char)
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:  # Hangul that is not wide
        return True
    if unicodedata.east_asian_width(char) not in ("W", "F", "H"):
        return False
    return char not in _BMP_EMOJI and not 0x1F000 <= code <= 0x1FAFF


def is_ideographic_variation_selector(char: str) -> bool:
    """U+E0100-U+E01EF, which choose a glyph variant of the ideograph they follow."""
    return "\U000e0100" <= char <= "\U000e01ef"
