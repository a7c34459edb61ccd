"""The CJK character classes differ on purpose: each answers its own question."""

from __future__ import annotations

import pytest

from lintnews.common.cjk import (
    HAN_IDEOGRAPHS,
    is_cjk_script,
    is_flanking_cjk,
    is_ideographic_variation_selector,
    is_wide,
)
from lintnews.common.text import display_width


@pytest.mark.parametrize(
    ("char", "han", "script", "wide", "flanking"),
    [
        ("中", True, True, True, True),
        ("㐀", True, True, True, True),  # Extension A
        ("𠀀", False, True, True, True),  # Extension B: CJK prose, not everyday Chinese text
        ("か", False, True, True, True),
        ("한", False, True, True, True),
        ("（", False, True, True, True),
        ("。", False, True, True, True),
        ("ｶ", False, True, False, True),  # half-width katakana: one column
        ("\u1160", False, False, False, True),  # a Hangul jungseong, not wide
        ("😀", False, False, True, False),  # emoji: wide, not CJK
        ("⌚", False, False, True, False),  # a BMP emoji
        ("→", False, False, False, False),
        ("a", False, False, False, False),
        ("(", False, False, False, False),
    ],
)
def test_each_class_answers_its_question(char, han, script, wide, flanking):
    assert (HAN_IDEOGRAPHS.search(char) is not None) == han
    assert is_cjk_script(char) == script
    assert is_wide(char) == wide
    assert is_flanking_cjk(char) == flanking


def test_empty_text_is_not_cjk_script():
    assert not is_cjk_script("")


def test_ideographic_variation_selectors():
    assert is_ideographic_variation_selector("\U000e0100")
    assert is_ideographic_variation_selector("\U000e01ef")
    assert not is_ideographic_variation_selector("\ufe0f")


def test_display_width_counts_wide_characters_twice():
    assert display_width("ab中文😀ｶ") == 2 + 4 + 2 + 1
