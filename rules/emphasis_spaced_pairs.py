"""Pairs of emphasis markers kept from pairing by whitespace just inside them: `** 答**`, `** **`.

CommonMark lets a run open emphasis only when it is left-flanking -- not followed by
whitespace -- and close only when it is right-flanking -- not preceded by whitespace.
:func:`spaced_pairs` finds such pairs among the runs the renderer leaves unpaired, and
confirms each by re-parsing the paragraph with markdown-it-py without the stray spaces
(or without the empty pair). ``emphasis-space-inside`` reports them; ``emphasis-unclosed``
leaves their runs alone.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lintnews_rules.emphasis_flanking import (
    BRACKETS,
    INTENDED,
    delimiter_flags,
    is_whitespace,
)
from lintnews_rules.emphasis_render import styled_text
from lintnews_rules.emphasis_runs import (
    DelimiterRun,
    block_pairing,
    delimiter_runs,
    run_flags,
)

from lintnews.common.cjk import is_wide
from lintnews.model.document import InlineBlock

# Whitespace an author types by mistake inside a marker; a line break is not a stray space.
STRAY_WHITESPACE = frozenset(" \t\u3000\xa0")
# Stand-ins for the markers when computing what the page should show (private use area).
_OPEN_MARK = "\ue000"
_CLOSE_MARK = "\ue001"
_TAGS = {1: ("em",), 2: ("strong",), 3: ("em", "strong")}


@dataclass(frozen=True, slots=True)
class SpacedPair:
    """Two runs that would pair but for whitespace inside them (or with nothing between)."""

    opener: DelimiterRun
    closer: DelimiterRun
    removals: tuple[tuple[int, int], ...]  # content spans the fix deletes
    empty: bool
    fix_confirmed: bool

    @property
    def opener_spaced(self) -> bool:
        return any(start == self.opener.end for start, _end in self.removals)

    @property
    def closer_spaced(self) -> bool:
        return any(end == self.closer.start for _start, end in self.removals)


def _stray_after(content: str, index: int, limit: int) -> int:
    """End of the stray whitespace starting at ``index`` (``index`` when there is none)."""
    end = index
    while end < limit and content[end] in STRAY_WHITESPACE:
        end += 1
    return end


def _stray_before(content: str, index: int) -> int:
    start = index
    while start > 0 and content[start - 1] in STRAY_WHITESPACE:
        start -= 1
    return start


def _opens_without_space(content: str, run: DelimiterRun, renderer: str) -> int | None:
    """Where the text of an opener starts once the stray whitespace after it is gone."""
    text_start = _stray_after(content, run.end, run.scope_end)
    if text_start == run.end or text_start >= run.scope_end or content[text_start] == "\n":
        return None
    before = content[max(0, run.start - 2) : run.start] or " "
    flags = delimiter_flags(before, content[text_start], run.marker, run.length, renderer)
    return text_start if flags.can_open else None


def _closes_without_space(content: str, run: DelimiterRun, renderer: str) -> int | None:
    """Where the text before a closer ends once the stray whitespace before it is gone."""
    text_end = _stray_before(content, run.start)
    if text_end == run.start or text_end == 0 or content[text_end - 1] == "\n":
        return None
    before = content[max(0, text_end - 2) : text_end]
    after = content[run.end] if run.end < run.scope_end else " "
    flags = delimiter_flags(before, after, run.marker, run.length, renderer)
    return text_end if flags.can_close else None


def _lone_marker_is_emphasis(
    content: str,
    opener: DelimiterRun,
    text_start: int | None,
    closer: DelimiterRun,
    text_end: int | None,
) -> bool:
    """Whether a spaced pair of single `*` or `_` is italics gone wrong.

    A lone `*` beside a space is far more often something else: an operator (`[0] * 5`,
    `a * b`), a bullet of a list run into one line (`*   item`), a pointer (`(long *)`)
    or a comment (`/* note */`). Italics written with a stray space are attached on their
    outer side to the edge of the line or to bracketing punctuation (`*注：… *`,
    `（*斜体 *）`, `。*图 1 *`), and the space is one character.
    """
    first = content[text_start if text_start is not None else opener.end]
    if unicodedata.category(first) in ("Po", "Pe", "Pf") and is_wide(first):
        return False  # `等同于 *，`: italics never begin with a comma or a full stop
    if text_start is not None:
        if text_start - opener.end > 1 or content[opener.end] == "\t":
            return False
        before = content[opener.start - 1] if opener.start > 0 else "\n"
        if not _bounds_from_outside(before, opening=True):
            return False
    if text_end is not None:
        if closer.start - text_end > 1 or content[text_end] == "\t":
            return False
        after = content[closer.end] if closer.end < len(content) else "\n"
        if not _bounds_from_outside(after, opening=False):
            return False
    return True


def _bounds_from_outside(char: str, *, opening: bool) -> bool:
    """Whether ``char``, just outside a marker, can bound an italic span: a line edge, a
    bracket or quotation mark facing the span, or wide (CJK) punctuation."""
    if char == "\n":
        return True
    category = unicodedata.category(char)
    if category in (("Ps", "Pi") if opening else ("Pe", "Pf")):
        return True
    return category[0] == "P" and category not in ("Ps", "Pi", "Pe", "Pf") and is_wide(char)


# Brackets, not quotation marks: a ’ is also an apostrophe.
_CLOSING_BRACKETS = {
    close: open_ for open_, close in BRACKETS.items() if unicodedata.category(open_) == "Ps"
}


def _brackets_balanced(text: str) -> bool:
    """Whether every bracket in ``text`` closes one opened in it, in order."""
    opened: list[str] = []
    openers = set(_CLOSING_BRACKETS.values())
    for char in text:
        if char in openers:
            opened.append(char)
        elif char in _CLOSING_BRACKETS and (not opened or opened.pop() != _CLOSING_BRACKETS[char]):
            return False
    return not opened


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def spaced_pairs(block: InlineBlock, renderer: str) -> list[SpacedPair]:
    """Pairs of literal runs that whitespace just inside them keeps from pairing."""
    content = block.content
    runs = delimiter_runs(block)
    rendered = block_pairing(block, renderer)
    intended = block_pairing(block, INTENDED)
    literal = [
        run
        for run in runs
        if run.length <= 3
        and not any(index in rendered or index in intended for index in range(run.start, run.end))
    ]
    pairs: list[SpacedPair] = []
    pending: list[tuple[DelimiterRun, int | None]] = []  # openers, with stray-space end
    for position, run in enumerate(literal):
        pair = _close_pending(content, block, run, pending, literal, position, renderer)
        if pair is not None:
            pairs.append(pair)
            continue
        if run_flags(content, run, renderer).can_open:
            pending.append((run, None))
        else:
            text_start = _opens_without_space(content, run, renderer)
            if text_start is not None:
                pending.append((run, text_start))
    return pairs


def _close_pending(
    content: str,
    block: InlineBlock,
    run: DelimiterRun,
    pending: list[tuple[DelimiterRun, int | None]],
    literal: Sequence[DelimiterRun],
    position: int,
    renderer: str,
) -> SpacedPair | None:
    for number in range(len(pending) - 1, -1, -1):
        opener, text_start = pending[number]
        if opener.marker != run.marker or opener.length != run.length:
            continue
        if opener.scope != run.scope:
            continue
        between = content[opener.end : run.start]
        if between and all(char in STRAY_WHITESPACE for char in between):
            pair = _empty_pair(content, block, opener, run, literal, position, renderer)
        else:
            pair = _spaced_pair(content, block, opener, text_start, run, renderer)
        if pair is not None:
            del pending[number:]
        return pair
    return None


def _spaced_pair(
    content: str,
    block: InlineBlock,
    opener: DelimiterRun,
    text_start: int | None,
    closer: DelimiterRun,
    renderer: str,
) -> SpacedPair | None:
    if run_flags(content, closer, renderer).can_close:
        text_end = None
    else:
        text_end = _closes_without_space(content, closer, renderer)
        if text_end is None:
            return None
    if text_start is None and text_end is None:
        return None  # a pair that flanks on both sides is the renderer's business
    inner = content[text_start or opener.end : text_end or closer.start]
    if not _has_letter(inner):
        return None  # `2 * 3 *`, `x ** 2 **`: arithmetic, not emphasis
    if opener.length == 1 and not _lone_marker_is_emphasis(
        content, opener, text_start, closer, text_end
    ):
        return None
    if not _brackets_balanced(inner):
        return None  # `*p = (long *)`: emphasis nests inside brackets, it does not cross them
    removals = []
    if text_start is not None:
        removals.append((opener.end, text_start))
    if text_end is not None:
        removals.append((text_end, closer.start))
    shows, confirmed = _renders_emphasis(content, opener, closer, removals, renderer)
    if not shows:
        return None
    return SpacedPair(opener, closer, tuple(removals), empty=False, fix_confirmed=confirmed)


def _empty_pair(
    content: str,
    block: InlineBlock,
    opener: DelimiterRun,
    closer: DelimiterRun,
    literal: Sequence[DelimiterRun],
    position: int,
    renderer: str,
) -> SpacedPair | None:
    if opener.length < 2:
        return None  # `* *`, `_ _`: a blank to fill in or a row of stars, not a lost bold
    before = content[opener.start - 1] if opener.start > 0 else " "
    after = content[closer.end] if closer.end < len(content) else " "
    if before in "*_" or after in "*_":
        return None
    # `** ** **`: a row of markers is decoration
    neighbours = [
        literal[index] for index in (position - 2, position + 1) if 0 <= index < len(literal)
    ]
    for other in neighbours:
        gap = (
            content[other.end : opener.start]
            if other.end <= opener.start
            else content[closer.end : other.start]
        )
        if all(char in STRAY_WHITESPACE for char in gap):
            return None
    start, end = opener.start, closer.end
    if is_whitespace(before) and opener.start > 0 and (is_whitespace(after) or after == "\n"):
        start -= 1  # keep one space between the words either side
    expected = _visible_without(content, start, end, renderer)
    fixed = content[:start] + content[end:]
    confirmed = expected is not None and styled_text(fixed, renderer) == expected
    return SpacedPair(opener, closer, ((start, end),), empty=True, fix_confirmed=confirmed)


def _visible_without(
    content: str, start: int, end: int, renderer: str
) -> list[tuple[str, tuple[str, ...]]] | None:
    shown = styled_text(content[:start] + _OPEN_MARK + content[end:], renderer)
    if sum(char == _OPEN_MARK for char, _style in shown) != 1:
        return None
    return [(char, style) for char, style in shown if char != _OPEN_MARK]


def _apply_removals(content: str, removals: Sequence[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in sorted(removals):
        parts.append(content[last:start])
        last = end
    parts.append(content[last:])
    return "".join(parts)


def _renders_emphasis(
    content: str,
    opener: DelimiterRun,
    closer: DelimiterRun,
    removals: Sequence[tuple[int, int]],
    renderer: str,
) -> tuple[bool, bool]:
    """Whether, without the stray spaces, the pair renders as emphasis of its text, and
    whether nothing else in the paragraph changes then."""
    fixed = _apply_removals(content, removals)
    # What the page should show: the original, markers replaced by stand-ins that stay literal.
    marked = _apply_removals(
        content[: opener.start]
        + _OPEN_MARK * opener.length
        + content[opener.end : closer.start]
        + _CLOSE_MARK * closer.length
        + content[closer.end :],
        removals,
    )
    shown = styled_text(marked, renderer)
    if [char for char, _style in shown].count(_OPEN_MARK) != opener.length or [
        char for char, _style in shown
    ].count(_CLOSE_MARK) != closer.length:
        return False, False
    tags = _TAGS[opener.length]
    expected: list[tuple[str, tuple[str, ...]]] = []
    inside = False
    for char, style in shown:
        if char == _OPEN_MARK:
            inside = True
        elif char == _CLOSE_MARK:
            inside = False
        else:
            expected.append((char, (*style, *tags) if inside else style))
    actual = styled_text(fixed, renderer)
    if len(actual) != len(expected):
        return False, False
    span_ok = True
    rest_ok = True
    for (want_char, want_style), (got_char, got_style) in zip(expected, actual, strict=True):
        if want_char != got_char:
            return False, False
        if Counter(want_style) != Counter(got_style):
            if set(tags) <= set(want_style) and not set(tags) <= set(got_style):
                span_ok = False
            else:
                rest_ok = False
    return span_ok, span_ok and rest_ok


def spaced_runs(block: InlineBlock, renderer: str) -> Iterator[DelimiterRun]:
    """Every run a spaced or empty pair accounts for (for the other rules to leave alone)."""
    for pair in spaced_pairs(block, renderer):
        yield pair.opener
        yield pair.closer
