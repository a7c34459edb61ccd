"""The `*`/`_` delimiter runs of a block and CommonMark's pairing of them.

:func:`pair_delimiters` replays CommonMark's "process emphasis" (spec 6.2) over the runs
of one paragraph, heading or table cell with the flanking of one reading
(:mod:`lintnews_rules.emphasis_flanking`); comparing the pairings of two readings shows
the delimiters a renderer pairs differently than meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lintnews_rules.emphasis_flanking import INTENDED, Flags, delimiter_flags, meant_flags

from lintnews.common.messages import message
from lintnews.model.document import Document, InlineBlock
from lintnews.plugin.diagnostics import Edit

_RUN = re.compile(r"\*+|_+")
# Beyond this many delimiter characters in one block the quadratic pairing is not worth it.
_MAX_DELIMITERS = 400

# -- delimiter runs and their pairing -------------------------------------------------------


@dataclass(eq=False, slots=True)
class DelimiterRun:
    """A run of `*` or `_` in a block's content, with what each reading makes of it."""

    start: int
    end: int
    marker: str
    scope: int  # the link text it is in (0: none); runs only pair within a scope
    scope_end: int  # where the inline parser stops looking (end of the link text)
    #: The link text the author meant it in: a run hugging a stray `[` before a link,
    #: `[**[KEP\] …**](url)`, was meant inside that link's text, with its partner.
    meant_scope: int = 0
    flags: dict[str, Flags] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def text(self) -> str:
        return self.marker * self.length


def delimiter_runs(block: InlineBlock) -> list[DelimiterRun]:
    """Every `*`/`_` run of a block's prose, with the link text it belongs to (remembered
    with the block)."""
    return block.memo(
        (__name__, "runs"), lambda: find_runs(block.content, block.prose, block.non_prose)
    )


def block_pairing(block: InlineBlock, reading: str) -> dict[int, int]:
    """:func:`pair_delimiters` of a block's runs, computed once per reading."""
    return block.memo(
        (__name__, "pairing", reading),
        lambda: pair_delimiters(block.content, delimiter_runs(block), reading),
    )


def find_runs(content: str, prose: str, non_prose: Sequence[tuple[int, int]]) -> list[DelimiterRun]:
    """The `*`/`_` runs of ``prose`` (``content`` with non-prose blanked)."""
    runs: list[DelimiterRun] = []
    scopes = _link_texts(content, prose, non_prose) if "](" in content else []
    for match in _RUN.finditer(prose):
        start, end = match.span()
        scope, scope_end = 0, len(content)
        meant_scope = 0
        for number, (text_start, text_end) in enumerate(scopes, 1):
            if text_start <= start and end <= text_end:
                scope, scope_end = number, text_end  # innermost wins: later scopes nest
            elif (
                text_start == end + 1 and content[end] == "[" and content[start - 1 : start] == "["
            ):
                meant_scope = number
        runs.append(
            DelimiterRun(
                start, end, match.group()[0], scope, scope_end, meant_scope=meant_scope or scope
            )
        )
    return runs


def _link_texts(
    content: str, prose: str, non_prose: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``(start, end)`` of the text of every inline link or image, outer ones first."""
    texts: list[tuple[int, int]] = []
    for start, _end in non_prose:
        if content[start] != "(" or start < 1 or content[start - 1] != "]":
            continue
        depth = 0
        index = start - 2
        while index >= 0:
            char = prose[index]
            if char in "[]" and _is_escaped(prose, index):
                pass  # `\]` is text, not a bracket
            elif char == "]":
                depth += 1
            elif char == "[":
                if depth == 0:
                    texts.append((index + 1, start - 1))
                    break
                depth -= 1
            index -= 1
    texts.sort(key=lambda span: (span[0], -span[1]))
    return texts


def _is_escaped(text: str, index: int) -> bool:
    """Whether an odd number of backslashes precede ``text[index]``."""
    backslashes = 0
    while index - backslashes > 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def run_flags(content: str, run: DelimiterRun, reading: str) -> Flags:
    flags = run.flags.get(reading)
    if flags is None:
        before = content[max(0, run.start - 2) : run.start] or " "
        after = content[run.end] if run.end < run.scope_end else " "
        flags = delimiter_flags(before, after, run.marker, run.length, reading)
        if reading == INTENDED:
            flags = meant_flags(content, run.start, run.end, flags)
        run.flags[reading] = flags
    return flags


@dataclass(slots=True)
class _Delimiter:
    run: int
    marker: str
    length: int
    can_open: bool
    can_close: bool


def pair_delimiters(content: str, runs: Sequence[DelimiterRun], reading: str) -> dict[int, int]:
    """Content index of each paired delimiter character -> index of its partner.

    CommonMark's "process emphasis" over single characters, as markdown-it does it: a
    closer takes the nearest earlier opener of the same marker not in its own run and
    not inside an emphasis already closed, subject to the rule of 3.
    """
    partners: dict[int, int] = {}
    by_scope: dict[int, list[int]] = {}
    for number, run in enumerate(runs):
        by_scope.setdefault(run.meant_scope if reading == INTENDED else run.scope, []).append(
            number
        )
    for members in by_scope.values():
        positions: list[int] = []
        delimiters: list[_Delimiter] = []
        for number in members:
            run = runs[number]
            flags = run_flags(content, run, reading)
            for offset in range(run.length):
                positions.append(run.start + offset)
                delimiters.append(
                    _Delimiter(number, run.marker, run.length, flags.can_open, flags.can_close)
                )
        if len(delimiters) > _MAX_DELIMITERS:
            continue
        for closer_index, opener_index in _process_emphasis(delimiters):
            partners[positions[closer_index]] = positions[opener_index]
            partners[positions[opener_index]] = positions[closer_index]
    return partners


def _process_emphasis(delimiters: list[_Delimiter]) -> Iterator[tuple[int, int]]:
    matched = [False] * len(delimiters)
    enclosed = [False] * len(delimiters)
    for closer_index, closer in enumerate(delimiters):
        if not closer.can_close:
            continue
        opener_index = closer_index - 1
        while opener_index >= 0:
            opener = delimiters[opener_index]
            if (
                matched[opener_index]
                or enclosed[opener_index]
                or not opener.can_open
                or opener.marker != closer.marker
                or opener.run == closer.run
            ):
                opener_index -= 1
                continue
            odd_match = (
                (opener.can_close or closer.can_open)
                and (opener.length + closer.length) % 3 == 0
                and (opener.length % 3 != 0 or closer.length % 3 != 0)
            )
            if odd_match:
                opener_index -= 1
                continue
            matched[opener_index] = matched[closer_index] = True
            for inner in range(opener_index + 1, closer_index):
                enclosed[inner] = True
            closer.can_open = False
            yield closer_index, opener_index
            break


def emphasis_name(length: int) -> str:
    """What a run of ``length`` markers makes of its text, in a reader's words."""
    if length == 1:
        return message("italics")
    return message("bold") if length == 2 else message("bold italics")


def document_edit(
    doc: Document, block: InlineBlock, start: int, end: int, text: str
) -> Edit | None:
    document_start = block.offset(start)
    document_end = block.offset(end - 1) + 1 if end > start else document_start
    if doc.text[document_start:document_end] != block.content[start:end]:
        return None  # the content is not a verbatim slice of the line: leave it alone
    return Edit(document_start, document_end, text)
