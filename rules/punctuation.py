"""Rules about punctuation that comes in pairs: quotation marks and brackets."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from lintnews.cjk import CJK_SCRIPT, is_cjk_script
from lintnews.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.document import Document, InlineBlock
from lintnews.lazyre import LazyPattern
from lintnews.rule import Rule

_CLOSER_OF = {
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
_OPENER_OF = {closer: opener for opener, closer in _CLOSER_OF.items()}
# Round and square brackets exist in two widths; `（…)` is one pair written with two widths.
_FAMILY = {"(": "(", "（": "(", ")": "(", "）": "(", "[": "[", "［": "[", "]": "[", "］": "["}
_ASCII = frozenset("()[]")
# Marks whose quotation may run over several paragraphs (each paragraph reopens it).
_QUOTES = frozenset("“‘「『")

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
_EMPHASIS_MARKERS = " \t*_~"
# Blanks and emphasis delimiters: not what a reader sees next to a bracket.
_INVISIBLE = frozenset(_EMPHASIS_MARKERS)

_PLACE = {"paragraph": "paragraph", "heading": "heading", "table-cell": "table cell"}


def _is_latin_alnum(char: str) -> bool:
    return bool(char) and char.isalnum() and not is_cjk_script(char)


@dataclass
class _Mark:
    index: int  # in the block's content
    char: str

    @property
    def family(self) -> str:
        return _FAMILY.get(self.char) or _OPENER_OF.get(self.char) or self.char


@dataclass
class _Finding:
    kind: str  # "unopened", "unclosed", "mismatch", "reversed", "runs-on"
    mark: _Mark
    other: _Mark | None = None  # the opener of a mismatch / the opener of a reversed pair
    opened_line: int = 0  # for "runs-on": where the quotation began
    excused: bool = False


@dataclass
class _BlockResult:
    block: InlineBlock
    prose: str
    findings: list[_Finding] = field(default_factory=list)

    def leading_char(self) -> str:
        """The first character a reader sees, past emphasis markers."""
        stripped = self.prose.lstrip(_EMPHASIS_MARKERS)
        return stripped[:1]


class PairedPunctuation(Rule):
    """Quotation marks and brackets must come in pairs.

    ## What it does
    Checks each paragraph, heading, list item and table cell for `“”` `‘’` `「」` `『』`
    `《》` `〈〉` `（）` `【】` `〔〕` `［］` that are unbalanced (a closing mark with no
    opening one, an opening mark never closed), reversed (`”ubernetes“`), typed as the
    other mark of the pair (`”a,b,c”`, `“隔离“`), or closed with the other width
    (`（以 Pod 为例)`). It points at the offending mark. Each kind of mark is paired on its
    own, so one stray quotation mark does not unpair the brackets around it. Code spans,
    HTML, autolinks, link destinations and Hugo shortcodes are not prose and are skipped.

    ASCII `()` and `[]` are only checked in CJK context: an unpaired ASCII bracket is
    reported when the nearest visible character before or after it on its line (skipping
    spaces and emphasis markers) is CJK: an ideograph, kana, hangul, or CJK or full-width
    punctuation. A pair with one full-width side is always checked. Markdown link text
    `[text](url)`, references `[text][ref]` and footnotes `[^1]` are balanced brackets, so
    they are never reported.

    Not errors: a quotation over several paragraphs where each paragraph opens with `“`
    and only the last closes (the Chinese and English convention); a quotation set off as
    a blockquote that opens in one of its paragraphs and closes in a later one, with
    paragraphs or lists between that do not reopen it (the `>` shows where it runs); in a
    blockquote, a paragraph that leads with a quotation mark nothing in the blockquote
    closes, an excerpt that stops before the quotation ends (a closing mark nothing opened
    is still reported); a bracket the text names as a character, quoted on its own
    (`"["`, `"[ 或`) or right after its name (`左括号（`); `-》` and `《=`, an arrow typed
    with the title mark by an IME; emoticons (`:)`, `：）`,
    `;-）`); enumeration labels at the start of an item or clause, in either width (`1）`,
    `a)`, `一）`, `Ａ）`, `１）`), when no bracket is open (`版本2）` is a word and a stray
    bracket, and is reported); half-open intervals, where a square bracket meets a round
    one around two endpoints and a comma (`[0, n)`, `[1, k)`, `(0，100]`, `[0, ∞)`);
    `’` as an apostrophe (`it’s`, `’90s`, `students’`, `[Rust](…)’s`); a straight `"`
    or a curly `”` right after a number with no partner, as an inch mark (`12" screen`,
    `13.3”`). A quotation that runs on into the next paragraph without reopening is one
    finding, at its closing mark. A quotation opened with a straight `"` and closed with a
    curly `”`, or the other way round (`"version 2”`, `“tokenFile"`), is reported at its
    closing mark, even after a digit.

    A safe fix for `（…)` (close with the opening mark's width) is offered only when
    nothing else in the block is unpaired; unsafe fixes swap a reversed pair, retype a
    mark typed as its partner, and make a straight-and-curly quotation curly on both sides.

    ## Why is this bad?
    A lost or doubled mark changes what is quoted or bracketed, and readers cannot tell
    where the quotation ends; a half-width closing bracket in Chinese text looks broken.

    ## Example
    ```markdown
    最显著的是采用了他们开发的审慎对齐”技术（以 Pod 为例)。
    ```
    Use instead:
    ```markdown
    最显著的是采用了他们开发的“审慎对齐”技术（以 Pod 为例）。
    ```

    ## Options
    None.
    """

    name = "paired-punctuation"
    code = "LN203"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        results = [_block_result(block) for block in doc.inline_blocks]
        _link_blockquotes(doc, results)
        _link_paragraphs(doc, results)
        for result in results:
            if result is not None:
                yield from self._report(doc, result)

    def _report(self, doc: Document, result: _BlockResult) -> Iterator[Diagnostic]:
        block = result.block
        place = _PLACE.get(block.kind, "block")
        live = [finding for finding in result.findings if not finding.excused]
        for finding in live:
            mark = finding.mark
            start = block.offset(mark.index)
            end = start + 1
            fix: Fix | None = None
            enclosed = _enclosed(mark.char)
            if finding.kind == "unopened":
                message = (
                    f"the closing {mark.char} has no opening {_OPENER_OF[mark.char]} in this "
                    f"{place}: readers cannot tell where the {enclosed} starts"
                )
            elif finding.kind == "unclosed":
                message = (
                    f"the opening {mark.char} is never closed in this {place}: readers cannot "
                    f"tell where the {enclosed} ends"
                )
            elif finding.kind == "runs-on":
                message = (
                    f"the closing {mark.char} ends a quotation opened in an earlier paragraph "
                    f"(line {finding.opened_line}), but this paragraph does not reopen it with "
                    f"{_OPENER_OF[mark.char]}"
                )
            elif finding.kind == "doubled-closer":
                opener = _OPENER_OF[mark.char]
                message = (
                    f"readers see {mark.char}…{mark.char}: the quotation opens with the closing "
                    f"mark {mark.char} instead of {opener}"
                )
                fix = self.replace(start, end, opener, f"open with {opener}", safe=False)
            elif finding.kind == "doubled-opener":
                closer = _CLOSER_OF[mark.char]
                message = (
                    f"readers see {mark.char}…{mark.char}: the quotation closes with the opening "
                    f"mark {mark.char} instead of {closer}"
                )
                fix = self.replace(start, end, closer, f"close with {closer}", safe=False)
            elif finding.kind == "straight-opener":
                assert finding.other is not None
                opener_start = block.offset(finding.other.index)
                message = (
                    f'readers see "…{mark.char}: a quotation opened with a straight " is closed '
                    f"with a curly {mark.char}"
                )
                fix = self.replace(opener_start, opener_start + 1, "“", "open with “", safe=False)
            elif finding.kind == "straight-closer":
                assert finding.other is not None
                start = block.offset(finding.other.index)
                end = start + 1
                message = (
                    f'readers see {mark.char}…": a quotation opened with a curly {mark.char} is '
                    'closed with a straight "'
                )
                fix = self.replace(start, end, "”", "close with ”", safe=False)
            elif finding.kind == "mismatch":
                assert finding.other is not None
                opener = finding.other.char
                wanted = _CLOSER_OF[opener]
                width = "half-width" if mark.char in _ASCII else "full-width"
                message = (
                    f"readers see {opener}…{mark.char}: the opening {opener} is closed with the "
                    f"{width} {mark.char} instead of {wanted}"
                )
                if len(live) == 1:
                    fix = self.replace(start, end, wanted, f"close with {wanted}")
            else:  # reversed
                assert finding.other is not None
                other = finding.other
                end = block.offset(other.index) + 1
                opener, closer = other.char, mark.char
                message = (
                    f"readers see {closer}…{opener}: the marks are reversed, the closing one "
                    "comes first"
                )
                if len(live) == 1:
                    fix = Fix(
                        message=f"swap to {opener}…{closer}",
                        edits=(
                            _edit(start, opener),
                            _edit(block.offset(other.index), closer),
                        ),
                        safe=False,
                    )
            yield self.diagnostic(doc, start, end, message, fix)


def _enclosed(char: str) -> str:
    """What a mark encloses, in the words of the message: a quotation, a title, an aside."""
    family = _FAMILY.get(char) or _OPENER_OF.get(char) or char
    if family in _QUOTES:
        return "quotation"
    if family in "《〈":
        return "title"
    return "bracketed text"


def _edit(start: int, replacement: str) -> Edit:
    return Edit(start, start + 1, replacement)


# -- one block, remembered by its text --------------------------------------------------

#: (kind, mark index, mark, other index, other mark, excused) of a finding.
_Frozen = tuple[str, int, str, int, str, bool]
_SCANS: OrderedDict[str, tuple[str, tuple[_Frozen, ...]] | None] = OrderedDict()
_SCANS_MAX = 4096


def _block_result(block: InlineBlock) -> _BlockResult | None:
    """The block's findings before paragraphs are linked.

    They depend only on the block's text, which repeats across a site's articles, so they
    are remembered by it (least recently used dropped first); each call gets fresh
    findings that linking paragraphs may change.
    """
    content = block.content
    if content in _SCANS:
        _SCANS.move_to_end(content)
        frozen = _SCANS[content]
    else:
        result = _scan(block)
        if result is not None:
            _pair_leftovers(result)
        frozen = None if result is None else (result.prose, tuple(map(_freeze, result.findings)))
        _SCANS[content] = frozen
        if len(_SCANS) > _SCANS_MAX:
            _SCANS.popitem(last=False)
    if frozen is None:
        return None
    prose, findings = frozen
    return _BlockResult(block, prose, [_thaw(finding) for finding in findings])


def _freeze(finding: _Finding) -> _Frozen:
    other = finding.other
    return (
        finding.kind,
        finding.mark.index,
        finding.mark.char,
        other.index if other else -1,
        other.char if other else "",
        finding.excused,
    )


def _thaw(frozen: _Frozen) -> _Finding:
    kind, index, char, other_index, other_char, excused = frozen
    other = _Mark(other_index, other_char) if other_index >= 0 else None
    return _Finding(kind, _Mark(index, char), other, excused=excused)


# -- scanning one block ----------------------------------------------------------------


def _scan(block: InlineBlock) -> _BlockResult | None:
    """Pair the marks of one block; ``None`` when it has no mark worth looking at."""
    content = block.content
    if _FULL_MARKS.search(content) is None and (
        _ASCII_MARKS.search(content) is None or CJK_SCRIPT.search(content) is None
    ):
        return None
    prose = block.prose
    has_cjk = CJK_SCRIPT.search(prose) is not None
    marks_pattern = _ALL_MARKS if has_cjk else _FULL_MARKS
    result = _BlockResult(block, prose)
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
        result.findings.extend(_Finding("unclosed", opener) for opener in stack)
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
        closer = _CLOSER_OF.get(char)
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
    if char in _CLOSER_OF:
        return "opener"
    if char in ")）":
        stack = stacks.get("(")
        top = stack[-1] if stack else None
        if _is_emoticon_mouth(prose, mark.index) and (top is None or top.char != _OPENER_OF[char]):
            return "ignore"
        if top is None and _after_enumeration_label(prose, mark.index):
            return "ignore"
    return "closer"


def _close(result: _BlockResult, stack: list[_Mark], closer: _Mark) -> None:
    if not stack:
        result.findings.append(_Finding("unopened", closer))
        return
    partner = _OPENER_OF[closer.char]
    if (
        stack[-1].char != partner
        and stack[-1].char in _ASCII
        and partner in (m.char for m in stack)
    ):
        # `（例如 [x](https://a、…）`: the inner ASCII `(` is the one left open; the `）`
        # closes the full-width `（` it belongs to.
        while stack[-1].char != partner:
            result.findings.append(_Finding("unclosed", stack.pop()))
    opener = stack.pop()
    if _CLOSER_OF[opener.char] != closer.char:
        result.findings.append(_Finding("mismatch", closer, other=opener))


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


def _not_a_pairing_mark(prose: str, finding: _Finding) -> bool:
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
    if finding.kind in ("unopened", "unclosed") and mark.char in _ASCII:
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
    if prose[index] in _QUOTES or _OPENER_OF.get(prose[index]) in _QUOTES:
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


def _excuse_inch_marks(result: _BlockResult) -> None:
    """``13.3”`` is an inch mark when nothing else pairs with it.

    Runs after the straight quotes had their turn: ``"version 2”`` is a quotation.
    """
    for finding in _live(result):
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


def _find_straight_partners(result: _BlockResult) -> None:
    """``"…”`` and ``“…"``: a curly mark whose partner was typed as a straight quote."""
    prose = result.prose
    if '"' not in prose:
        return
    for finding in _live(result):
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


def _pair_leftovers(result: _BlockResult) -> None:
    """Leftovers that pair up with each other are one mistake, not two."""
    _find_reversed(result)
    _find_doubled(result)
    _find_straight_partners(result)
    _excuse_inch_marks(result)


def _find_doubled(result: _BlockResult) -> None:
    """``”…”`` and ``“…“``: one mark of a pair typed as the other."""
    live = _live(result)
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


def _live(result: _BlockResult) -> list[_Finding]:
    return [finding for finding in result.findings if not finding.excused]


def _find_reversed(result: _BlockResult) -> None:
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
                and later.mark.char == _OPENER_OF[finding.mark.char]
                and len(between) <= _MAX_REVERSED_SPAN
                and not _SENTENCE_END.intersection(between)
            ):
                finding.kind = "reversed"
                finding.other = later.mark
                later.excused = True
            break


# -- quotations over several paragraphs ------------------------------------------------


def _link_paragraphs(doc: Document, results: list[_BlockResult | None]) -> None:
    """Apply the convention for quotations that span paragraphs.

    An unclosed quotation is fine when the next paragraph reopens it; when the next paragraph
    instead closes it without reopening, the two halves are one finding, at the close.
    """
    for current, following in zip(results, results[1:], strict=False):
        if current is None or current.block.kind != "paragraph":
            continue
        if following is not None and following.block.kind != "paragraph":
            following = None
        for finding in current.findings:
            if finding.excused or finding.kind != "unclosed" or finding.mark.char not in _QUOTES:
                continue
            if following is None:
                continue
            if following.leading_char() == finding.mark.char:
                finding.excused = True
                continue
            closer = _first_unopened(following, _CLOSER_OF[finding.mark.char])
            if closer is not None:
                finding.excused = True
                closer.kind = "runs-on"
                closer.opened_line = doc.position(current.block.offset(finding.mark.index))[0]


def _link_blockquotes(doc: Document, results: list[_BlockResult | None]) -> None:
    """A quotation set off as a blockquote (`>`) may open in its first paragraph and close
    in its last, with lists and paragraphs between that never reopen it: the blockquote
    shows where it runs. An excerpt may also stop before a longer quotation ends, so a
    paragraph of the passage may lead with a quotation mark that nothing in the passage
    closes (`> “怎么？…`, an excerpt of a poem). A closing mark that nothing opened stays
    reported: more often than not the author forgot the opening one.
    """
    for passage in _blockquote_passages(doc, results):
        open_quotes: list[_Finding] = []
        for result in passage:
            for finding in _live(result):
                char = finding.mark.char
                if finding.kind == "unclosed" and char in _QUOTES:
                    open_quotes.append(finding)
                elif finding.kind == "unopened" and _OPENER_OF.get(char) in _QUOTES:
                    opener = next(
                        (f for f in reversed(open_quotes) if _CLOSER_OF[f.mark.char] == char), None
                    )
                    if opener is not None:
                        open_quotes.remove(opener)
                        opener.excused = finding.excused = True
        for opener in open_quotes:
            result = next(r for r in passage if opener in r.findings)
            if opener.mark.index == _first_visible(result.prose):
                opener.excused = True  # the excerpt stops before the quotation ends


def _blockquote_passages(
    doc: Document, results: list[_BlockResult | None]
) -> Iterator[list[_BlockResult]]:
    """Runs of blocks inside blockquotes with nothing but blockquote lines between them."""
    lines = doc.lines
    passage: list[_BlockResult] = []
    previous_last = -1  # 0-based last line of the previous block of the passage
    for block, result in zip(doc.inline_blocks, results, strict=True):
        first = doc.position(block.offset(0))[0] - 1 if block.content else -1
        quoted = first >= 0 and lines[first].lstrip().startswith(">")
        if (
            quoted
            and passage
            and not all(
                not line.strip() or line.lstrip().startswith(">")
                for line in lines[previous_last + 1 : first]
            )
        ):
            yield passage
            passage = []
        if not quoted:
            if passage:
                yield passage
            passage = []
            continue
        previous_last = doc.position(block.offset(len(block.content) - 1))[0] - 1
        if result is not None:
            passage.append(result)
    if passage:
        yield passage


def _first_visible(prose: str) -> int:
    return len(prose) - len(prose.lstrip(_EMPHASIS_MARKERS + "\n"))


def _first_unopened(result: _BlockResult, closer: str) -> _Finding | None:
    for finding in result.findings:
        if not finding.excused and finding.kind == "unopened" and finding.mark.char == closer:
            return finding
    return None


RULES = (PairedPunctuation,)
