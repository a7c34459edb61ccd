"""Pairs of delimiters the renderer breaks, and fixes confirmed by re-rendering.

A :class:`BrokenPair` is two runs the intended reading pairs and the renderer does not.
Its fix moves the punctuation that blocks a run out of the markers (splitting the
emphasis at a bracket when needed) and is kept only when markdown-it-py, re-parsing the
paragraph with the fix, renders exactly the intended emphasis.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from lintnews_rules.emphasis_flanking import (
    BRACKETS,
    CLOSING_BRACKETS,
    INTENDED,
    delimiter_flags,
    is_punctuation,
)
from lintnews_rules.emphasis_render import styled_text
from lintnews_rules.emphasis_runs import DelimiterRun, block_pairing, delimiter_runs, run_flags

from lintnews.common.messages import message as msg
from lintnews.model.document import InlineBlock

# Punctuation that can leave an emphasis without changing what is emphasised.
_MOVABLE_CATEGORIES = frozenset({"Po", "Ps", "Pe", "Pi", "Pf"})
_NOT_MOVABLE = frozenset("%％‰‱#＃&＆@＠*＊§¶†‡/／\\＼'\"")


# -- broken pairs -------------------------------------------------------------------------


@dataclass(slots=True)
class BrokenPair:
    """Two runs the intended reading pairs and the renderer does not."""

    opener: DelimiterRun
    closer: DelimiterRun
    opener_fails: bool
    closer_fails: bool
    edits: list[tuple[int, int, str]] | None = None  # content-level fix
    fix_message: str = ""
    #: Whether the renderer leaves the run's markers on the page; a failing run may
    #: instead pair with another and put the emphasis on other words.
    opener_literal: bool = True
    closer_literal: bool = True

    @property
    def fails(self) -> bool:
        return self.opener_fails or self.closer_fails


def broken_pairs(block: InlineBlock, renderer: str) -> tuple[list[BrokenPair], dict[int, int]]:
    """Runs the intended reading pairs but ``renderer`` does not, and the intended pairing."""
    content = block.content
    runs = delimiter_runs(block)
    intended = block_pairing(block, INTENDED)
    rendered = block_pairing(block, renderer)
    run_at = {index: run for run in runs for index in range(run.start, run.end)}
    pairs: list[BrokenPair] = []
    seen: set[tuple[int, int]] = set()
    for run in runs:
        for index in range(run.start, run.end):
            partner = intended.get(index)
            if partner is None or partner < index or rendered.get(index) == partner:
                continue
            closer = run_at[partner]
            if (run.start, closer.start) in seen:
                continue
            seen.add((run.start, closer.start))
            pairs.append(
                BrokenPair(
                    opener=run,
                    closer=closer,
                    opener_fails=not run_flags(content, run, renderer).can_open,
                    closer_fails=not run_flags(content, closer, renderer).can_close,
                    opener_literal=_literal(run, rendered),
                    closer_literal=_literal(closer, rendered),
                )
            )
    return pairs, intended


def _literal(run: DelimiterRun, rendered: dict[int, int]) -> bool:
    return not any(index in rendered for index in range(run.start, run.end))


def _fully_paired(pair: BrokenPair, intended: dict[int, int]) -> bool:
    opener, closer = pair.opener, pair.closer
    if opener.length != closer.length:
        return False
    return all(
        closer.start <= intended.get(index, -1) < closer.end
        for index in range(opener.start, opener.end)
    )


def _movable(char: str) -> bool:
    return unicodedata.category(char) in _MOVABLE_CATEGORIES and char not in _NOT_MOVABLE


def propose_fix(
    content: str, prose: str, pair: BrokenPair, renderer: str
) -> tuple[list[tuple[int, int, str]], str] | None:
    """Content edits that move punctuation out of the emphasis, and what they do."""
    opener, closer = pair.opener, pair.closer
    inner = content[opener.end : closer.start]
    if "\n" in inner:
        return None  # emphasis over a line break: too unsure what was meant to move it
    marker = opener.text
    lead = _punctuation_to_move(content, opener, inner, renderer, leading=True)
    trail = _punctuation_to_move(content, closer, inner, renderer, leading=False)
    if lead is None or trail is None:
        return None
    core_start, core_end = opener.end + lead, closer.start - trail
    splits: list[int] = []
    # A bracket leaving the emphasis must take its partner along or split the emphasis there.
    changed = True
    while changed:
        changed = False
        splits = []
        for index in range(opener.end, core_start):
            partner = _partner_inside(content, index, core_start, core_end)
            if partner is False:
                return None
            if partner is None:
                continue
            if partner == core_end - 1:
                core_end -= 1
                changed = True
                break
            splits.append(partner)
        if changed:
            continue
        for index in range(core_end, closer.start):
            partner = _partner_inside(content, index, core_start, core_end)
            if partner is False:
                return None
            if partner is None:
                continue
            if partner == core_start:
                core_start += 1
                changed = True
                break
            splits.append(partner)
    if core_start >= core_end or content[core_start].isspace() or content[core_end - 1].isspace():
        return None
    if any(
        prose[i] != content[i] or not _movable(content[i])
        for i in (*range(opener.end, core_start), *range(core_end, closer.start), *splits)
    ):
        return None
    edits: list[tuple[int, int, str]] = []
    if core_start > opener.end:
        edits.append((opener.start, core_start, content[opener.end : core_start] + marker))
    for split in sorted(set(splits)):
        edits.append((split, split + 1, marker + content[split] + marker))
    if core_end < closer.start:
        edits.append((core_end, closer.end, marker + content[core_end : closer.start]))
    if not edits:
        return None
    moved = content[opener.end : core_start] + content[core_end : closer.start]
    if splits:
        around = "".join(content[index] for index in sorted(set(splits)))
        message = msg('split the emphasis at "{around}"', around=around)
        if moved:
            message += msg(' and move "{moved}" out of it', moved=moved)
    else:
        message = msg('move "{moved}" out of the emphasis', moved=moved)
    return edits, message


def _punctuation_to_move(
    content: str, run: DelimiterRun, inner: str, renderer: str, *, leading: bool
) -> int | None:
    """How many punctuation characters must leave the emphasis on this side (None: no way)."""
    flags = run_flags(content, run, renderer)
    if flags.can_open if leading else flags.can_close:
        return 0
    for count in range(1, len(inner)):
        moved = inner[:count] if leading else inner[-count:]
        if not all(is_punctuation(char) for char in moved):
            return None
        if leading:
            before = (content[max(0, run.start - 1) : run.start] + moved)[-2:] or " "
            after = inner[count]
            if delimiter_flags(before, after, run.marker, run.length, renderer).can_open:
                return count
        else:
            before = inner[max(0, len(inner) - count - 2) : len(inner) - count]
            after = moved[0]
            if delimiter_flags(before, after, run.marker, run.length, renderer).can_close:
                return count
    return None


def _partner_inside(content: str, index: int, start: int, end: int) -> int | None | bool:
    """Where the partner of the bracket at ``index`` is in ``[start, end)``.

    None when the character is no bracket or its partner moves with it; False when the
    partner is nowhere to be found.
    """
    char = content[index]
    if char in BRACKETS:
        partner_char = BRACKETS[char]
        if index < start:
            found = content.find(partner_char, start, end)
            if found >= 0:
                return found
            return None if content.find(partner_char, end) >= 0 else False
        return None
    if char in CLOSING_BRACKETS:
        partner_char = CLOSING_BRACKETS[char]
        if index >= end:
            found = content.rfind(partner_char, start, end)
            if found >= 0:
                return found
            return None if content.rfind(partner_char, 0, start) >= 0 else False
        return None
    return None


def _apply(content: str, edits: Sequence[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    last = 0
    for start, end, replacement in sorted(edits):
        parts.append(content[last:start])
        parts.append(replacement)
        last = end
    parts.append(content[last:])
    return "".join(parts)


def _escape_runs(content: str, runs: Sequence[DelimiterRun]) -> str:
    return _apply(content, [(run.start, run.end, "\\" + "\\".join(run.text)) for run in runs])


def fixes_render_as_intended(
    content: str,
    fixed: Sequence[BrokenPair],
    unfixed: Sequence[BrokenPair],
    renderer: str,
) -> bool:
    """Whether the renderer, re-parsing the fixed content, shows the intended emphasis.

    The expectation is the intended reading of the original, with the delimiters of pairs
    left unfixed escaped (they stay literal). Only punctuation that a fix moved out of an
    emphasis may lose that emphasis.
    """
    literal = [run for pair in unfixed for run in (pair.opener, pair.closer)]
    expected = styled_text(_escape_runs(content, literal), INTENDED)
    edits = [edit for pair in fixed for edit in pair.edits or ()]
    actual = styled_text(_apply(content, edits), renderer)
    if len(expected) != len(actual):
        return False
    for (want_char, want_style), (got_char, got_style) in zip(expected, actual, strict=True):
        if want_char != got_char:
            return False
        if want_style != got_style and not (
            is_punctuation(got_char) and set(got_style) <= set(want_style)
        ):
            return False
    return True


def choose_fixes(
    content: str, prose: str, pairs: list[BrokenPair], renderer: str, intended: dict[int, int]
) -> None:
    """Attach a fix to every pair whose fix markdown-it confirms, alone or with the others."""
    candidates: list[BrokenPair] = []
    for pair in pairs:
        if pair.fails and _fully_paired(pair, intended):
            proposal = propose_fix(content, prose, pair, renderer)
            if proposal is not None:
                pair.edits, pair.fix_message = proposal
                candidates.append(pair)
    if not candidates:
        return
    # Pairs that only shift because of others are expected to heal, not to stay literal.
    unfixed = [pair for pair in pairs if pair.fails and pair not in candidates]
    if fixes_render_as_intended(content, candidates, unfixed, renderer):
        return
    confirmed = [
        pair
        for pair in candidates
        if fixes_render_as_intended(
            content,
            [pair],
            [other for other in pairs if other.fails and other is not pair],
            renderer,
        )
    ]
    for pair in candidates:
        if pair not in confirmed:
            pair.edits = None
