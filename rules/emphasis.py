"""Emphasis that the site's renderer shows as literal `*`/`_` or pairs differently than meant.

CommonMark opens and closes `*`/`_` emphasis only at *flanking* delimiter runs, and
punctuation next to a run changes that: in `**问题1：**我们` the closing `**` sits between
"：" and "我", so it cannot close and the page shows the asterisks. This module replays
CommonMark's delimiter algorithm (spec 6.2, "process emphasis") over each paragraph,
heading and table cell three times -- with the renderer's flanking rules (CommonMark or
the CJK-friendly amendment of commonmark-spec issue 650), and with an *intended* reading
that is lenient about punctuation next to a run -- and reports delimiters the two pair
differently. Fixes move the punctuation outside the markers and are offered only when
markdown-it-py, re-parsing that one paragraph, renders exactly the intended emphasis.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from lintnews.cjk import is_flanking_cjk, is_ideographic_variation_selector
from lintnews.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.document import Document, InlineBlock
from lintnews.inline import ASCII_PUNCTUATION
from lintnews.rule import Rule

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.state_inline import StateInline
    from markdown_it.token import Token

COMMONMARK = "commonmark"
CJK_FRIENDLY = "cjk-friendly"
INTENDED = "intended"

_RUN = re.compile(r"\*+|_+")
# Only a run next to punctuation (or, for `_`, next to CJK) can read differently.
_READINGS_MAY_DIFFER = re.compile(
    r"[^\x00-\x7f][*_]|[*_][^\x00-\x7f]|[!-)+-/:-@\[-^`{-~]\*|\*[!-)+-/:-@\[-^`{-~]"
)
_DOUBLE_OR_TRIPLE = re.compile(r"(?<![*_])(?:\*{2,3}|_{2,3})(?![*_])")
# Beyond this many delimiter characters in one block the quadratic pairing is not worth it.
_MAX_DELIMITERS = 400

# -- characters ---------------------------------------------------------------------------

_WHITESPACE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000") | frozenset(
    chr(code) for code in range(0x2000, 0x200B)
)
# Punctuation that can leave an emphasis without changing what is emphasised.
_MOVABLE_CATEGORIES = frozenset({"Po", "Ps", "Pe", "Pi", "Pf"})
_NOT_MOVABLE = frozenset("%％‰‱#＃&＆@＠*＊§¶†‡/／\\＼'\"")
_BRACKETS = dict(zip("([{（［｛「『《〈【〔〖“‘«‹", ")]}）］｝」』》〉】〕〗”’»›", strict=True))
_CLOSING_BRACKETS = {close: open_ for open_, close in _BRACKETS.items()}


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


# -- delimiter runs and their pairing -------------------------------------------------------


@dataclass(eq=False, slots=True)
class DelimiterRun:
    """A run of `*` or `_` in a block's content, with what each reading makes of it."""

    start: int
    end: int
    marker: str
    scope: int  # the link text it is in (0: none); runs only pair within a scope
    scope_end: int  # where the inline parser stops looking (end of the link text)
    flags: dict[str, Flags] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def text(self) -> str:
        return self.marker * self.length


_RUNS: WeakKeyDictionary[InlineBlock, list[DelimiterRun]] = WeakKeyDictionary()


def delimiter_runs(block: InlineBlock) -> list[DelimiterRun]:
    """Every `*`/`_` run of a block's prose, with the link text it belongs to (cached)."""
    runs = _RUNS.get(block)
    if runs is None:
        runs = _RUNS[block] = find_runs(block.content, block.prose, block.non_prose)
    return runs


_PAIRINGS: WeakKeyDictionary[InlineBlock, dict[str, dict[int, int]]] = WeakKeyDictionary()


def block_pairing(block: InlineBlock, reading: str) -> dict[int, int]:
    """:func:`pair_delimiters` of a block's runs, computed once per reading."""
    pairings = _PAIRINGS.setdefault(block, {})
    pairing = pairings.get(reading)
    if pairing is None:
        pairing = pairings[reading] = pair_delimiters(block.content, delimiter_runs(block), reading)
    return pairing


def find_runs(content: str, prose: str, non_prose: Sequence[tuple[int, int]]) -> list[DelimiterRun]:
    """The `*`/`_` runs of ``prose`` (``content`` with non-prose blanked)."""
    runs: list[DelimiterRun] = []
    scopes = _link_texts(content, prose, non_prose) if "](" in content else []
    for match in _RUN.finditer(prose):
        start, end = match.span()
        scope, scope_end = 0, len(content)
        for number, (text_start, text_end) in enumerate(scopes, 1):
            if text_start <= start and end <= text_end:
                scope, scope_end = number, text_end  # innermost wins: later scopes nest
        runs.append(DelimiterRun(start, end, match.group()[0], scope, scope_end))
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
            if char == "]":
                depth += 1
            elif char == "[":
                if depth == 0:
                    texts.append((index + 1, start - 1))
                    break
                depth -= 1
            index -= 1
    texts.sort(key=lambda span: (span[0], -span[1]))
    return texts


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


# -- what the author meant as text ---------------------------------------------------------

_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_IDENTIFIER = _ASCII_ALNUM | {"_"}
_DUNDER = re.compile(r"__[0-9A-Za-z](?:[0-9A-Za-z_]*[0-9A-Za-z])?__")
_SNAKE = re.compile(r"[0-9A-Za-z]_+[0-9A-Za-z]")
_NAMED_BETWEEN = {**_BRACKETS, '"': '"', "'": "'", "`": "`"}


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
    numbers = {number for found, number in _numbered_runs(text) if found == run}
    return len(numbers) >= 2


@lru_cache(maxsize=1024)
def _numbered_runs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((match[1], match[2]) for match in _NUMBERED.finditer(text))


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
        by_scope.setdefault(run.scope, []).append(number)
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


# -- markdown-it, for validating fixes ------------------------------------------------------


@cache
def markdown_for(reading: str) -> MarkdownIt:
    """A CommonMark markdown-it whose emphasis flanking follows ``reading``."""
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark")
    if reading != COMMONMARK:

        def emphasis(state: StateInline, silent: bool) -> bool:
            return _tokenize_emphasis(state, silent, reading)

        markdown.inline.ruler.at("emphasis", emphasis)
    return markdown


def _tokenize_emphasis(state: StateInline, silent: bool, reading: str) -> bool:
    from markdown_it.rules_inline.state_inline import Delimiter

    start = state.pos
    marker = state.src[start]
    if silent or marker not in "*_":
        return False
    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    before = state.src[max(0, start - 2) : start] or " "
    after = state.src[end] if end < state.posMax else " "
    flags = delimiter_flags(before, after, marker, end - start, reading)
    if reading == INTENDED:
        flags = meant_flags(state.src, start, end, flags)
    for _ in range(end - start):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=end - start,
                token=len(state.tokens) - 1,
                end=-1,
                open=flags.can_open,
                close=flags.can_close,
            )
        )
    state.pos = end
    return True


def styled_text(content: str, reading: str) -> list[tuple[str, tuple[str, ...]]]:
    """The visible characters of inline ``content`` with the elements each is inside."""
    tokens = markdown_for(reading).parseInline(content)[0].children or []
    return _flatten(tokens)


def _flatten(tokens: Sequence[Token]) -> list[tuple[str, tuple[str, ...]]]:
    characters: list[tuple[str, tuple[str, ...]]] = []
    stack: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            stack.append(token.tag)
        elif token.nesting == -1:
            if stack:
                stack.pop()
        else:
            style = tuple(stack)
            if token.type in ("softbreak", "hardbreak"):
                text = "\n"
            elif token.type == "image":
                characters.extend(
                    (char, (*style, "img", *inner))
                    for char, inner in _flatten(token.children or [])
                )
                continue
            else:
                text = token.content
                if token.type == "code_inline":
                    style = (*style, "code")
            characters.extend((char, style) for char in text)
    return characters


# -- findings -------------------------------------------------------------------------------


@dataclass(slots=True)
class BrokenPair:
    """Two runs the intended reading pairs and the renderer does not."""

    opener: DelimiterRun
    closer: DelimiterRun
    opener_fails: bool
    closer_fails: bool
    edits: list[tuple[int, int, str]] | None = None  # content-level fix
    fix_message: str = ""

    @property
    def fails(self) -> bool:
        return self.opener_fails or self.closer_fails


def _describe(char: str) -> str:
    return "a line break" if char == "\n" else f'"{char}"'


def _neighbours(content: str, run: DelimiterRun) -> tuple[str, str]:
    before = content[run.start - 1] if run.start > 0 else "\n"
    after = content[run.end] if run.end < len(content) else "\n"
    return before, after


def _renderer_name(renderer: str) -> str:
    return "in CommonMark" if renderer == COMMONMARK else "even with the CJK-friendly rule"


def broken_pair_message(content: str, pair: BrokenPair, renderer: str) -> str:
    where = _renderer_name(renderer)
    opener_before, opener_after = _neighbours(content, pair.opener)
    closer_before, closer_after = _neighbours(content, pair.closer)
    opener_text = (
        f"opening {pair.opener.text} after {_describe(opener_before)} and before "
        f"{_describe(opener_after)}"
    )
    closer_text = (
        f"closing {pair.closer.text} after {_describe(closer_before)} and before "
        f"{_describe(closer_after)}"
    )
    what = emphasis_name(min(pair.opener.length, 3))
    if pair.opener_fails and pair.closer_fails:
        return (
            f"readers will see {pair.opener.text} here and at the closing {pair.closer.text}: "
            f"the {what} does not render because the {opener_text} cannot open emphasis "
            f"{where}, nor can the {closer_text} close it"
        )
    if pair.opener_fails:
        return (
            f"readers will see {pair.opener.text} here: the {what} does not render because "
            f"the {opener_text} cannot open emphasis {where}"
        )
    if pair.closer_fails:
        return (
            f"readers will see {pair.closer.text} here: the {what} does not render because "
            f"the {closer_text} cannot close emphasis {where}"
        )
    return (
        f"the {what} covers other words than meant here: the {opener_text} is paired with "
        f"a different delimiter {where} than the {closer_text} that the text suggests"
    )


def emphasis_name(length: int) -> str:
    """What a run of ``length`` markers makes of its text, in a reader's words."""
    return {1: "italics", 2: "bold", 3: "bold italics"}[length]


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
                )
            )
    return pairs, intended


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
        message = f'split the emphasis at "{around}"'
        if moved:
            message += f' and move "{moved}" out of it'
    else:
        message = f'move "{moved}" out of the emphasis'
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
    if char in _BRACKETS:
        partner_char = _BRACKETS[char]
        if index < start:
            found = content.find(partner_char, start, end)
            if found >= 0:
                return found
            return None if content.find(partner_char, end) >= 0 else False
        return None
    if char in _CLOSING_BRACKETS:
        partner_char = _CLOSING_BRACKETS[char]
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


# -- unclosed -------------------------------------------------------------------------------

_LOOKS_LIKE_EMPHASIS_AFTER = frozenset("[(\"'`<")


def may_be_unclosed(content: str, run: DelimiterRun, renderer: str) -> bool:
    """A double or triple run that can open and does not sit in a word, path or identifier."""
    if not 2 <= run.length <= 3 or not run_flags(content, run, renderer).can_open:
        return False
    before = content[run.start - 1] if run.start > 0 else " "
    after = content[run.end] if run.end < run.scope_end else " "
    if (
        before.isascii()
        and after.isascii()
        and not before.isspace()
        and not _closes_full_width_bracket(content, run.start - 1)
    ):
        return False  # 2**10, f(x)**2, '/articles/**', a__b: inside a word, path or formula
    if after.isascii() and is_punctuation(after) and after not in _LOOKS_LIKE_EMPHASIS_AFTER:
        return False  # **/*.md and other globs
    return not (run.marker == "_" and after.isascii() and after.isalnum())  # __init, __dict


def _closes_full_width_bracket(content: str, index: int) -> bool:
    """Whether the ``)`` at ``index`` closes a full-width ``（``: a typo in prose, as in
    ``（注)**``, not the bracket of a formula like ``f(x)**2``."""
    if index < 0 or content[index] != ")":
        return False
    depth = 0
    for char in reversed(content[:index]):
        if char in ")）":
            depth += 1
        elif char in "(（":
            if depth == 0:
                return char == "（"
            depth -= 1
    return False


_GRAWLIX_SYMBOLS = frozenset("@#$%&")
_NAME_REPEATED_BEFORE = frozenset(".,(，。（")


def is_mask(content: str, run: DelimiterRun, runs: Sequence[DelimiterRun]) -> bool:
    """Whether an unclosed run stands for characters rather than opening emphasis.

    A lone run inside a CJK word hides letters of a name (`张**同学`, `“**公司”`); a run
    among symbols is a curse (`%&**！`); underscores that start a line before punctuation
    repeat the previous reference's author (`__(2001). Title`); a run glued to an escaped
    marker continues what the author escaped (`\\***和###`, a masked name); runs before
    different numbers stand for a common prefix (`***1、***2`).
    """
    before = content[run.start - 1] if run.start > 0 else "\n"
    after = content[run.end] if run.end < len(content) else "\n"
    if run.marker == "_" and before == "\n" and after in _NAME_REPEATED_BEFORE:
        return True
    if before == run.marker or in_numbered_placeholders(content, run.start, run.end):
        return True  # the character before a run is only its own marker when escaped
    if _among_symbols(content, run):
        return True
    if any(other is not run and other.marker == run.marker for other in runs):
        return False  # a partner exists, however misplaced: the run was meant as a marker
    if before.isalpha() and after.isalpha() and (is_flanking_cjk(before) or is_flanking_cjk(after)):
        return True
    return _fills_quoted_cjk_word(content, run, before, after)


def _among_symbols(content: str, run: DelimiterRun) -> bool:
    """Whether the run sits in a stretch of symbols (no letters, digits or spaces) that
    holds another curse symbol: a grawlix."""
    start, end = run.start, run.end
    while start > 0 and _is_symbol(content[start - 1]):
        start -= 1
    while end < len(content) and _is_symbol(content[end]):
        end += 1
    others = content[start : run.start] + content[run.end : end]
    return len(others) >= 2 and any(char in _GRAWLIX_SYMBOLS for char in others)


def _is_symbol(char: str) -> bool:
    return not is_whitespace(char) and char != "\n" and is_punctuation(char)


def _fills_quoted_cjk_word(content: str, run: DelimiterRun, before: str, after: str) -> bool:
    """`“**公司”`, `「王**」`: the run and CJK letters are all a quotation or bracket holds."""
    if before in _BRACKETS and is_flanking_cjk(after) and after.isalpha():
        close = content.find(_BRACKETS[before], run.end)
        return close > 0 and all(char.isalpha() for char in content[run.end : close])
    if after in _CLOSING_BRACKETS and is_flanking_cjk(before) and before.isalpha():
        open_ = content.rfind(_CLOSING_BRACKETS[after], 0, run.start)
        return open_ >= 0 and all(char.isalpha() for char in content[open_ + 1 : run.start])
    return False


def unclosed_runs(
    content: str, runs: list[DelimiterRun], renderer: str, paired: Sequence[dict[int, int]]
) -> Iterator[DelimiterRun]:
    """Double or triple runs that can open but that no reading pairs with anything."""
    for run in runs:
        if may_be_unclosed(content, run, renderer) and not any(
            index in pairing for pairing in paired for index in range(run.start, run.end)
        ):
            yield run


# -- rules ----------------------------------------------------------------------------------


def _has_delimiters(block: InlineBlock) -> bool:
    content = block.content
    return "*" in content or "_" in content


def document_edit(
    doc: Document, block: InlineBlock, start: int, end: int, text: str
) -> Edit | None:
    document_start = block.offset(start)
    document_end = block.offset(end - 1) + 1 if end > start else document_start
    if doc.text[document_start:document_end] != block.content[start:end]:
        return None  # the content is not a verbatim slice of the line: leave it alone
    return Edit(document_start, document_end, text)


class EmphasisNotRendered(Rule):
    """Emphasis markers must render as the emphasis they evidently mean.

    ## What it does
    Finds `*`/`_` delimiters that the site's Markdown renderer leaves as literal characters,
    or pairs with a different delimiter, where the text evidently means a pair: CommonMark
    (Hugo's goldmark, GitHub, markdown-it) opens and closes emphasis only at *flanking*
    delimiter runs, and punctuation next to a run changes that. In `**问题1：**我们` the
    closing `**` lies between "：" and "我" and cannot close; in
    `把**「弹性」**理解为扩展，重点在**「调度」**上` the wrong runs pair up and the text
    *between* the two phrases turns bold. The intended reading is that of the CJK-friendly
    amendment (commonmark-spec issue 650, markdown-it-cjk-friendly), also lenient about
    punctuation inside a double run in any script (`**Note:**text`) and about `_` next to
    punctuation. The report points at the delimiter that fails and says why. The fix moves
    the punctuation out of the markers (`**问题1**：我们`, `把「**弹性**」理解`), splitting the
    emphasis at a bracket when needed (`**request**（**请求**）时`); it is offered only when
    markdown-it-py, re-parsing the fixed paragraph, renders exactly the intended emphasis.
    Code, HTML, link destinations, shortcodes, escaped `\\*` and emphasis that renders as
    meant are never reported, nor are markers the author typed as text: underscores of an
    identifier (`在__init__函数中`, `max_len`; `_v_` and `_书名_` are italics), a `*` as a
    wildcard or quantifier (`*.asp`, `ASSERT_*`, `a*，`), a marker named as a character
    (`(_)`, `"*"`) and numbered placeholders (`***1、***2`). With `site.renderer = "cjk-friendly"` only what that
    renderer still fails on is reported.

    Division of labour: this rule reports delimiters that have an evident partner in their
    block; `emphasis-unclosed` reports openers that have none.

    ## Why is this bad?
    The page shows `**问题1：**` with its asterisks, or bolds the wrong words. Formatters
    such as mdformat then escape the markers, and the emphasis is lost for good.

    ## Example
    ```markdown
    **问题1：**我们能看到所有的思维tokens吗？
    ```
    Use instead:
    ```markdown
    **问题1**：我们能看到所有的思维tokens吗？
    ```

    ## Options
    None.
    """

    name = "emphasis-not-rendered"
    code = "LN201"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        renderer = self.site.renderer
        for block in doc.inline_blocks:
            if not _has_delimiters(block) or not _READINGS_MAY_DIFFER.search(block.content):
                continue
            for finding in block_findings(block, renderer):
                yield self._report(doc, block, finding)

    def _report(self, doc: Document, block: InlineBlock, finding: BlockFinding) -> Diagnostic:
        fix = None
        if finding.edits:
            edits = [document_edit(doc, block, *edit) for edit in finding.edits]
            if all(edit is not None for edit in edits):
                fix = Fix(
                    message=finding.fix_message,
                    edits=tuple(edit for edit in edits if edit is not None),
                )
        return self.diagnostic(
            doc,
            block.offset(finding.start),
            block.offset(finding.end - 1) + 1,
            finding.message,
            fix,
        )


@dataclass(frozen=True, slots=True)
class BlockFinding:
    """A failing delimiter of a block, in content offsets, with its confirmed fix if any."""

    start: int
    end: int
    message: str
    edits: tuple[tuple[int, int, str], ...] | None
    fix_message: str | None


class _Memo:
    """Results by (block content, renderer), least recently used dropped first.

    A block's analysis depends on nothing else, and the articles of a site repeat
    paragraphs (bylines, disclaimers, "**推荐阅读：**"), each of which would otherwise be
    analysed -- and its fixes confirmed by a re-parse -- again.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.table: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def get(self, block: InlineBlock, renderer: str, compute: Any) -> Any:
        key = (block.content, renderer)
        found = self.table.get(key)
        if found is None:
            found = self.table[key] = compute(block, renderer)
            if len(self.table) > self.size:
                self.table.popitem(last=False)
        else:
            self.table.move_to_end(key)
        return found


_FINDINGS = _Memo()
_UNCLOSED = _Memo()


def block_findings(block: InlineBlock, renderer: str) -> tuple[BlockFinding, ...]:
    return _FINDINGS.get(block, renderer, _analyse)


def _analyse(block: InlineBlock, renderer: str) -> tuple[BlockFinding, ...]:
    content = block.content
    runs = delimiter_runs(block)
    if not any(
        run_flags(content, run, INTENDED) != run_flags(content, run, renderer) for run in runs
    ):
        return ()  # the same flags everywhere give the same pairing
    pairs, intended = broken_pairs(block, renderer)
    if not pairs:
        return ()
    if any(pair.fails for pair in pairs):
        # a pairing that only shifts because of a failing delimiter is its echo
        pairs = [pair for pair in pairs if pair.fails]
    choose_fixes(content, block.prose, pairs, renderer, intended)
    findings = []
    for pair in pairs:
        run = pair.closer if pair.closer_fails and not pair.opener_fails else pair.opener
        findings.append(
            BlockFinding(
                run.start,
                run.end,
                broken_pair_message(content, pair, renderer),
                tuple(pair.edits) if pair.edits else None,
                pair.fix_message,
            )
        )
    return tuple(findings)


class EmphasisUnclosed(Rule):
    """An emphasis marker must be closed in its paragraph, heading or table cell.

    ## What it does
    Reports a `**`, `__`, `***` or `___` that can open emphasis but that nothing in its
    paragraph, list item, heading or table cell closes, so it shows as literal characters
    -- typically a forgotten closing marker, or emphasis carried over a blank line.
    Delimiters that have an evident partner the renderer refuses (punctuation next to the
    marker) are `emphasis-not-rendered`'s; single `*`/`_` (footnote marks, multiplication),
    runs inside words, formulas or paths (`2**10`, `f(x)**2`, `'/articles/**'`, `**/*.md`)
    and identifiers (`__init`) are left alone; a `)` that closes a full-width `（` is prose,
    so `（注)**2` is checked. Masks are not emphasis either: a lone run inside a CJK word
    (`张**同学`, `“**公司”`), curses (`%&**！`), a bibliography's `__(2001)`, a run glued to
    an escaped star (`\\***和###`) and numbered placeholders (`***1、***2`).

    ## Why is this bad?
    The reader sees stray asterisks and the intended emphasis is missing.

    ## Example
    ```markdown
    OpenAI今天宣布，**o3-mini全面上线。
    ```
    Use instead:
    ```markdown
    OpenAI今天宣布，**o3-mini全面上线**。
    ```

    ## Options
    None.
    """

    name = "emphasis-unclosed"
    code = "LN202"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        renderer = self.site.renderer
        for block in doc.inline_blocks:
            if not _has_delimiters(block):
                continue
            content = block.content
            if not any(
                may_be_unclosed(
                    content, DelimiterRun(*match.span(), match[0][0], 0, len(content)), renderer
                )
                for match in _DOUBLE_OR_TRIPLE.finditer(content)
            ):
                continue  # a quick look at the raw text, before the exact one
            for start, end, text in _UNCLOSED.get(block, renderer, _unclosed_in_block):
                yield self.diagnostic(
                    doc,
                    block.offset(start),
                    block.offset(end - 1) + 1,
                    f"readers will see {text} here: nothing closes this "
                    f"{emphasis_name(len(text))} in its {block.kind.replace('-', ' ')}",
                )


def _unclosed_in_block(block: InlineBlock, renderer: str) -> tuple[tuple[int, int, str], ...]:
    content = block.content
    runs = delimiter_runs(block)
    candidates = list(unclosed_runs(content, runs, renderer, [block_pairing(block, renderer)]))
    if not candidates:
        return ()
    # what the intended reading pairs is emphasis-not-rendered's to report
    intended = block_pairing(block, INTENDED)
    candidates = list(unclosed_runs(content, candidates, renderer, [intended]))
    if not candidates:
        return ()
    # imported here: emphasis_spacing builds on this module
    from lintnews_rules.emphasis_spacing import spaced_runs

    # a run that whitespace keeps from pairing is emphasis-space-inside's to report
    spaced = {run.start for run in spaced_runs(block, renderer)}
    return tuple(
        (run.start, run.end, run.text)
        for run in candidates
        if run.start not in spaced and not is_mask(content, run, runs)
    )


RULES = (EmphasisNotRendered, EmphasisUnclosed)
