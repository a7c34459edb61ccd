"""Pairing the quotation marks and brackets of one block, and excusing what is no pair.

Each paragraph, heading and table cell is scanned on its own (:func:`block_result`): every
kind of mark is paired with a stack of its own, so one stray quotation mark does not
unpair the brackets around it; leftovers that pair with each other are one mistake
(reversed, doubled, straight-and-curly), and marks never meant as pairs -- apostrophes,
emoticons, enumeration labels, half-open intervals, inch marks, brackets named as
characters -- are excused. Linking paragraphs and blockquotes is the rule's own
(:mod:`lintnews_rules.punctuation`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lintnews.common.cjk import CJK_SCRIPT, is_cjk_script
from lintnews.common.lazyre import LazyPattern
from lintnews.common.memo import ContentMemo
from lintnews.model.document import InlineBlock

CLOSER_OF = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "（": "）",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "(": ")",
    "[": "]",
}
OPENER_OF = {closer: opener for opener, closer in CLOSER_OF.items()}
# Round and square brackets exist in two widths; `（…)` is one pair written with two widths.
FAMILY = {"(": "(", "（": "(", ")": "(", "）": "(", "[": "[", "［": "[", "]": "[", "］": "["}
ASCII_BRACKETS = frozenset("()[]")
# Marks whose quotation may run over several paragraphs (each paragraph reopens it).
QUOTES = frozenset("“‘「『")

_FULL_MARKS = re.compile(r"[“”‘’「」『』《》〈〉（）【】〔〕［］]")
_ALL_MARKS = re.compile(r"[“”‘’「」『』《》〈〉（）【】〔〕［］()\[\]]")
_ASCII_MARKS = re.compile(r"[()\[\]]")
# Emoticons: eyes, an optional nose, then the mouth bracket (`:)`, `;-）`, `：（`).
_EYES = frozenset(":;=：；")
_NOSES = frozenset("-^'o")
# Compiled on first use, as _CONTRACTION and _INTERVAL_BODY: only some marks need them.
# Labels in either width: `1）` `a)` and the full-width `１）` `Ａ）` `ａ）` typed by CJK IMEs.
_ENUMERATION_LABEL = LazyPattern(
    r"[0-9０-９]{1,3}|[A-Za-zＡ-Ｚａ-ｚ]|[ivxIVX]{1,4}|[一二三四五六七八九十]{1,3}"
)
_LABEL_CHARS = frozenset(
    "0123456789ivxIVX一二三四五六七八九十０１２３４５６７８９"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
)
_CONTRACTION = LazyPattern(r"(?:s|t|d|m|ll|re|ve)(?![^\W\d_])")
_SENTENCE_END = frozenset("。！？.!?\n")
_MAX_REVERSED_SPAN = 40
_MAX_QUOTED_SPAN = 400
# What lies between the brackets of a half-open interval (`[0, n)`, `(0，100]`, `[1, ∞)`):
# two endpoints, each a number, a variable or a short expression of them, and one comma.
_TERM = r"[0-9A-Za-z_\u0370-\u03ff０-９Ａ-Ｚａ-ｚ.∞′']+"
_ENDPOINT = rf"[-+−]?{_TERM}(?:[ ]?[-+−*/×^·][ ]?[-+−]?{_TERM})*"
_INTERVAL_BODY = LazyPattern(rf"[ ]*{_ENDPOINT}[ ]*[,，][ ]*{_ENDPOINT}[ ]*")
_MAX_INTERVAL_BODY = 80
EMPHASIS_MARKERS = " \t*_~"
# Blanks and emphasis delimiters: not what a reader sees next to a bracket.
_INVISIBLE = frozenset(EMPHASIS_MARKERS)


def _is_latin_alnum(char: str) -> bool:
    return bool(char) and char.isalnum() and not is_cjk_script(char)


@dataclass
class _Mark:
    index: int  # in the block's content
    char: str

    @property
    def family(self) -> str:
        return FAMILY.get(self.char) or OPENER_OF.get(self.char) or self.char


@dataclass
class Finding:
    kind: str  # "unopened", "unclosed", "mismatch", "reversed", "runs-on"
    mark: _Mark
    other: _Mark | None = None  # the opener of a mismatch / the opener of a reversed pair
    opened_line: int = 0  # for "runs-on": where the quotation began
    excused: bool = False


@dataclass
class BlockResult:
    block: InlineBlock
    prose: str
    findings: list[Finding] = field(default_factory=list)

    def leading_char(self) -> str:
        """The first character a reader sees, past emphasis markers."""
        stripped = self.prose.lstrip(EMPHASIS_MARKERS)
        return stripped[:1]


# -- one block, remembered by its text --------------------------------------------------

#: (kind, mark index, mark, other index, other mark, excused) of a finding.
_Frozen = tuple[str, int, str, int, str, bool]
_SCANS: ContentMemo[tuple[str, tuple[_Frozen, ...]] | None] = ContentMemo()


def block_result(block: InlineBlock) -> BlockResult | None:
    """The block's findings before paragraphs are linked.

    They depend only on the block's text, which repeats across a site's articles, so they
    are remembered by it (least recently used dropped first); each call gets fresh
    findings that linking paragraphs may change.
    """
    frozen = _SCANS.get(block.content, lambda: _frozen_scan(block))
    if frozen is None:
        return None
    prose, findings = frozen
    return BlockResult(block, prose, [_thaw(finding) for finding in findings])


def _frozen_scan(block: InlineBlock) -> tuple[str, tuple[_Frozen, ...]] | None:
    result = _scan(block)
    if result is None:
        return None
    _pair_leftovers(result)
    return result.prose, tuple(map(_freeze, result.findings))


def _freeze(finding: Finding) -> _Frozen:
    other = finding.other
    return (
        finding.kind,
        finding.mark.index,
        finding.mark.char,
        other.index if other else -1,
        other.char if other else "",
        finding.excused,
    )


def _thaw(frozen: _Frozen) -> Finding:
    kind, index, char, other_index, other_char, excused = frozen
    other = _Mark(other_index, other_char) if other_index >= 0 else None
    return Finding(kind, _Mark(index, char), other, excused=excused)


# -- scanning one block ----------------------------------------------------------------


def _scan(block: InlineBlock) -> BlockResult | None:
    """Pair the marks of one block; ``None`` when it has no mark worth looking at."""
    content = block.content
    if _FULL_MARKS.search(content) is None and (
        _ASCII_MARKS.search(content) is None or CJK_SCRIPT.search(content) is None
    ):
        return None
    prose = block.prose
    has_cjk = CJK_SCRIPT.search(prose) is not None
    marks_pattern = _ALL_MARKS if has_cjk else _FULL_MARKS
    result = BlockResult(block, prose)
    if _nested_pairs(marks_pattern.findall(prose)):
        return result  # every mark closed by its own partner, innermost first: nothing to find
    # One stack per family: a stray quotation mark must not unpair the brackets around it.
    stacks: dict[str, list[_Mark]] = {}
    for match in marks_pattern.finditer(prose):
        mark = _Mark(match.start(), match.group())
        if _closes_interval(prose, mark, stacks):
            continue
        role = _role(prose, mark, stacks)
        if role == "opener":
            stacks.setdefault(mark.family, []).append(mark)
        elif role == "closer":
            _close(result, stacks.get(mark.family, []), mark)
    for stack in stacks.values():
        result.findings.extend(Finding("unclosed", opener) for opener in stack)
    result.findings.sort(key=lambda finding: finding.mark.index)
    for finding in result.findings:
        finding.excused = _not_a_pairing_mark(prose, finding)
    return result


def _nested_pairs(marks: list[str]) -> bool:
    """Whether the marks pair up exactly, properly nested (the common case, decided fast).

    Apostrophes (’) and enumerations or emoticons need the full analysis, but only when
    something is left unpaired, so any leftover sends the block there.
    """
    stack: list[str] = []
    for char in marks:
        closer = CLOSER_OF.get(char)
        if closer is not None:
            stack.append(closer)
        elif not stack or stack.pop() != char:
            return False
    return not stack


def _closes_interval(prose: str, mark: _Mark, stacks: dict[str, list[_Mark]]) -> bool:
    """Whether the mark ends a half-open interval, ``[0, n)`` or ``(0，100]``; if so, pops its opener.

    In mathematics a square bracket meets a round one on purpose: the innermost open
    bracket being of the other kind, with two endpoints between, is an interval.
    """
    if mark.char not in ")）]］":
        return False
    other_family = "[" if mark.family == "(" else "("
    others = stacks.get(other_family)
    if not others:
        return False
    opener = others[-1]
    own = stacks.get(mark.family)
    if own and own[-1].index > opener.index:
        return False  # a bracket of the mark's own kind is open inside: it closes that one
    body_length = mark.index - opener.index - 1
    if body_length > _MAX_INTERVAL_BODY or not _INTERVAL_BODY.fullmatch(
        prose, opener.index + 1, mark.index
    ):
        return False
    others.pop()
    return True


def _role(prose: str, mark: _Mark, stacks: dict[str, list[_Mark]]) -> str:
    """ "opener", "closer" or "ignore" (an apostrophe, an emoticon, an enumeration)."""
    char = mark.char
    before = prose[mark.index - 1] if mark.index > 0 else ""
    after = prose[mark.index + 1 : mark.index + 2]
    if char == "’":
        if _is_latin_alnum(before) and (_is_latin_alnum(after) or not stacks.get("‘")):
            return "ignore"  # it’s, students’
        if _CONTRACTION.match(prose, mark.index + 1):
            return "ignore"  # [Rust](…)’s, `Vec`’s
        if after.isdigit() and not _is_latin_alnum(before):
            return "ignore"  # ’90s
        return "closer"
    if char == "‘":
        if after.isdigit() or (_is_latin_alnum(before) and _is_latin_alnum(after)):
            return "ignore"  # ‘90s typed with the wrong mark, don‘t
        return "opener"
    if char in CLOSER_OF:
        return "opener"
    if char in ")）":
        stack = stacks.get("(")
        top = stack[-1] if stack else None
        if _is_emoticon_mouth(prose, mark.index) and (top is None or top.char != OPENER_OF[char]):
            return "ignore"
        if top is None and _after_enumeration_label(prose, mark.index):
            return "ignore"
    return "closer"


def _close(result: BlockResult, stack: list[_Mark], closer: _Mark) -> None:
    if not stack:
        result.findings.append(Finding("unopened", closer))
        return
    partner = OPENER_OF[closer.char]
    if (
        stack[-1].char != partner
        and stack[-1].char in ASCII_BRACKETS
        and partner in (m.char for m in stack)
    ):
        # `（例如 [x](https://a、…）`: the inner ASCII `(` is the one left open; the `）`
        # closes the full-width `（` it belongs to.
        while stack[-1].char != partner:
            result.findings.append(Finding("unclosed", stack.pop()))
    opener = stack.pop()
    if CLOSER_OF[opener.char] != closer.char:
        result.findings.append(Finding("mismatch", closer, other=opener))


def _is_emoticon_mouth(prose: str, index: int) -> bool:
    before = index - 1
    if before >= 0 and prose[before] in _NOSES:
        before -= 1
    return before >= 0 and prose[before] in _EYES


def _after_enumeration_label(prose: str, index: int) -> bool:
    """``1）``, ``a)``, ``Ａ）``, ``一）``: a short label right before the bracket, at a clause start."""
    start = index
    while start > 0 and index - start < 4 and prose[start - 1] in _LABEL_CHARS:
        start -= 1
    if start == index or not _ENUMERATION_LABEL.fullmatch(prose, start, index):
        return False
    # A label starts an item or a clause; `版本2）` or `step2)` is a word and its bracket.
    return not (start > 0 and prose[start - 1].isalnum())


def _not_a_pairing_mark(prose: str, finding: Finding) -> bool:
    """Leftovers that were never meant as pairs: emoticons, enumerations, English brackets."""
    mark = finding.mark
    if (
        finding.kind == "unopened"
        and mark.char in ")）"
        and _after_enumeration_label(prose, mark.index)
    ):
        return True
    if finding.kind == "unclosed" and mark.char in "(（" and _is_emoticon_mouth(prose, mark.index):
        return True
    if finding.kind in ("unopened", "unclosed") and (
        _is_arrow_head(prose, mark) or _named_as_character(prose, mark.index)
    ):
        return True
    if finding.kind in ("unopened", "unclosed") and mark.char in ASCII_BRACKETS:
        return not _in_cjk_context(prose, mark.index)
    return False


def _is_arrow_head(prose: str, mark: _Mark) -> bool:
    """`Monolith -》SOA`, `《= 结果`: an IME typed the `>` or `<` of an arrow as a title mark."""
    if mark.char in "》〉":
        return prose[mark.index - 1 : mark.index] in ("-", "=")
    if mark.char in "《〈":
        return prose[mark.index + 1 : mark.index + 2] in ("-", "=")
    return False


_OPENS_A_MENTION = frozenset("\"'“‘「『`")
_CLOSES_A_MENTION = frozenset("\"'”’」』`")
_MARK_NAMES = ("括号", "括弧", "书名号", "引号")


def _named_as_character(prose: str, index: int) -> bool:
    """A bracket the text talks about rather than uses: quoted on its own (`"["`,
    `"[ 或`, `“（”`) or right after its name (`左括号（`, `右括号)`)."""
    if prose[index] in QUOTES or OPENER_OF.get(prose[index]) in QUOTES:
        return False  # a quotation mark beside another is a quotation, not a mention
    before = prose[index - 1] if index > 0 else " "
    after = prose[index + 1] if index + 1 < len(prose) else " "
    quoted_before = before in _OPENS_A_MENTION
    quoted_after = after in _CLOSES_A_MENTION
    if (
        (quoted_before or quoted_after)
        and (quoted_before or before.isspace())
        and (quoted_after or after.isspace())
    ):
        return True
    return prose[:index].rstrip(" ：:").endswith(_MARK_NAMES)


def _excuse_inch_marks(result: BlockResult) -> None:
    """``13.3”`` is an inch mark when nothing else pairs with it.

    Runs after the straight quotes had their turn: ``"version 2”`` is a quotation.
    """
    for finding in live_findings(result):
        mark = finding.mark
        if (
            finding.kind == "unopened"
            and mark.char in "”’"
            and result.prose[mark.index - 1 : mark.index].isdigit()
        ):
            finding.excused = True


def _straight_quote_left_open(prose: str, end: int) -> int | None:
    """Where a straight ``"`` before ``end`` opens a quotation that no straight ``"`` closes.

    Straight quotes pair with each other in order; one right after a digit when none is
    open is an inch mark (``5"``, ``12" screen``), not an opening quote.
    """
    open_at: int | None = None
    index = prose.find('"', 0, end)
    while index >= 0:
        if open_at is not None:
            open_at = None
        elif not prose[index - 1 : index].isdigit():
            open_at = index
        index = prose.find('"', index + 1, end)
    return open_at


def _find_straight_partners(result: BlockResult) -> None:
    """``"…”`` and ``“…"``: a curly mark whose partner was typed as a straight quote."""
    prose = result.prose
    if '"' not in prose:
        return
    for finding in live_findings(result):
        mark = finding.mark
        if finding.kind == "unopened" and mark.char == "”":
            opener = _straight_quote_left_open(prose, mark.index)
            if opener is not None:
                finding.kind = "straight-opener"
                finding.other = _Mark(opener, '"')
        elif finding.kind == "unclosed" and mark.char == "“":
            closer = prose.find('"', mark.index + 1)
            # An odd count: the first closes the “, the others pair with each other.
            if closer >= 0 and prose.count('"', closer) % 2 == 1:
                finding.kind = "straight-closer"
                finding.other = _Mark(closer, '"')


def _in_cjk_context(prose: str, index: int) -> bool:
    """Whether the nearest visible character on either side (same line) is CJK."""
    left = index - 1
    while left >= 0 and prose[left] in _INVISIBLE:
        left -= 1
    right = index + 1
    while right < len(prose) and prose[right] in _INVISIBLE:
        right += 1
    return (left >= 0 and is_cjk_script(prose[left])) or (
        right < len(prose) and is_cjk_script(prose[right])
    )


def _pair_leftovers(result: BlockResult) -> None:
    """Leftovers that pair up with each other are one mistake, not two."""
    _find_reversed(result)
    _find_doubled(result)
    _find_straight_partners(result)
    _excuse_inch_marks(result)


def _find_doubled(result: BlockResult) -> None:
    """``”…”`` and ``“…“``: one mark of a pair typed as the other."""
    live = live_findings(result)
    position = 0
    while position + 1 < len(live):
        first, second = live[position], live[position + 1]
        span = second.mark.index - first.mark.index
        if (
            first.mark.char == second.mark.char
            and first.kind == second.kind
            and first.kind in ("unopened", "unclosed")
            and first.mark.char in "“”‘’"
            and span <= _MAX_QUOTED_SPAN
        ):
            if first.kind == "unopened":
                first.kind = "doubled-closer"
                second.excused = True
            else:
                second.kind = "doubled-opener"
                first.excused = True
            position += 2
        else:
            position += 1


def live_findings(result: BlockResult) -> list[Finding]:
    return [finding for finding in result.findings if not finding.excused]


def _find_reversed(result: BlockResult) -> None:
    """``”…“`` with nothing unpaired between: one reversed pair, not two findings."""
    live = [finding for finding in result.findings if not finding.excused]
    for position, finding in enumerate(live):
        if finding.kind != "unopened":
            continue
        # Indexing, not a slice (or islice): skipping to the tail for every finding is quadratic.
        for later_index in range(position + 1, len(live)):
            later = live[later_index]
            if later.mark.family != finding.mark.family:
                continue
            between = result.prose[finding.mark.index + 1 : later.mark.index]
            if (
                later.kind == "unclosed"
                and later.mark.char == OPENER_OF[finding.mark.char]
                and len(between) <= _MAX_REVERSED_SPAN
                and not _SENTENCE_END.intersection(between)
            ):
                finding.kind = "reversed"
                finding.other = later.mark
                later.excused = True
            break
