"""Rules about punctuation that comes in pairs: quotation marks and brackets."""

from __future__ import annotations

from collections.abc import Iterator

from lintnews_rules.punctuation_marks import (
    ASCII_BRACKETS,
    CLOSER_OF,
    EMPHASIS_MARKERS,
    FAMILY,
    OPENER_OF,
    QUOTES,
    BlockResult,
    Finding,
    block_result,
    live_findings,
)

from lintnews.common.messages import message as msg
from lintnews.model.document import Document
from lintnews.model.markdown import block_name
from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.plugin.rule import Rule


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
        results = [block_result(block) for block in doc.inline_blocks]
        _link_blockquotes(doc, results)
        _link_paragraphs(doc, results)
        for result in results:
            if result is not None:
                yield from self._report(doc, result)

    def _report(self, doc: Document, result: BlockResult) -> Iterator[Diagnostic]:
        block = result.block
        place = block_name(block.kind)
        live = [finding for finding in result.findings if not finding.excused]
        for finding in live:
            mark = finding.mark
            start = block.offset(mark.index)
            end = start + 1
            fix: Fix | None = None
            enclosed = _enclosed(mark.char)
            if finding.kind == "unopened":
                message = msg(
                    "the closing {char} has no opening {opener_of} in this {place}: readers cannot tell where the {enclosed} starts",
                    char=mark.char,
                    opener_of=OPENER_OF[mark.char],
                    place=place,
                    enclosed=enclosed,
                )
            elif finding.kind == "unclosed":
                message = msg(
                    "the opening {char} is never closed in this {place}: readers cannot tell where the {enclosed} ends",
                    char=mark.char,
                    place=place,
                    enclosed=enclosed,
                )
            elif finding.kind == "runs-on":
                message = msg(
                    "the closing {char} ends a quotation opened in an earlier paragraph (line {opened_line}), but this paragraph does not reopen it with {opener_of}",
                    char=mark.char,
                    opened_line=finding.opened_line,
                    opener_of=OPENER_OF[mark.char],
                )
            elif finding.kind == "doubled-closer":
                opener = OPENER_OF[mark.char]
                message = msg(
                    "readers see {char}…{char}: the quotation opens with the closing mark {char} instead of {opener}",
                    char=mark.char,
                    opener=opener,
                )
                fix = self.replace(
                    start, end, opener, msg("open with {opener}", opener=opener), safe=False
                )
            elif finding.kind == "doubled-opener":
                closer = CLOSER_OF[mark.char]
                message = msg(
                    "readers see {char}…{char}: the quotation closes with the opening mark {char} instead of {closer}",
                    char=mark.char,
                    closer=closer,
                )
                fix = self.replace(
                    start, end, closer, msg("close with {closer}", closer=closer), safe=False
                )
            elif finding.kind == "straight-opener":
                assert finding.other is not None
                opener_start = block.offset(finding.other.index)
                message = msg(
                    'readers see "…{char}: a quotation opened with a straight " is closed with a curly {char}',
                    char=mark.char,
                )
                fix = self.replace(
                    opener_start, opener_start + 1, "“", msg("open with “"), safe=False
                )
            elif finding.kind == "straight-closer":
                assert finding.other is not None
                start = block.offset(finding.other.index)
                end = start + 1
                message = msg(
                    'readers see {char}…": a quotation opened with a curly {char} is closed with a straight "',
                    char=mark.char,
                )
                fix = self.replace(start, end, "”", msg("close with ”"), safe=False)
            elif finding.kind == "mismatch":
                assert finding.other is not None
                opener = finding.other.char
                wanted = CLOSER_OF[opener]
                width = msg("half-width") if mark.char in ASCII_BRACKETS else msg("full-width")
                message = msg(
                    "readers see {opener}…{char}: the opening {opener} is closed with the {width} {char} instead of {wanted}",
                    opener=opener,
                    char=mark.char,
                    width=width,
                    wanted=wanted,
                )
                if len(live) == 1:
                    fix = self.replace(
                        start, end, wanted, msg("close with {wanted}", wanted=wanted)
                    )
            else:  # reversed
                assert finding.other is not None
                other = finding.other
                end = block.offset(other.index) + 1
                opener, closer = other.char, mark.char
                message = msg(
                    "readers see {closer}…{opener}: the marks are reversed, the closing one comes first",
                    closer=closer,
                    opener=opener,
                )
                if len(live) == 1:
                    fix = Fix(
                        message=msg("swap to {opener}…{closer}", opener=opener, closer=closer),
                        edits=(
                            _edit(start, opener),
                            _edit(block.offset(other.index), closer),
                        ),
                        safe=False,
                    )
            yield self.diagnostic(doc, start, end, message, fix)


def _enclosed(char: str) -> str:
    """What a mark encloses, in the words of the message: a quotation, a title, an aside."""
    family = FAMILY.get(char) or OPENER_OF.get(char) or char
    if family in QUOTES:
        return msg("quotation")
    if family in "《〈":
        return msg("title")
    return msg("bracketed text")


def _edit(start: int, replacement: str) -> Edit:
    return Edit(start, start + 1, replacement)


# -- quotations over several paragraphs ------------------------------------------------


def _link_paragraphs(doc: Document, results: list[BlockResult | None]) -> None:
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
            if finding.excused or finding.kind != "unclosed" or finding.mark.char not in QUOTES:
                continue
            if following is None:
                continue
            if following.leading_char() == finding.mark.char:
                finding.excused = True
                continue
            closer = _first_unopened(following, CLOSER_OF[finding.mark.char])
            if closer is not None:
                finding.excused = True
                closer.kind = "runs-on"
                closer.opened_line = doc.position(current.block.offset(finding.mark.index))[0]


def _link_blockquotes(doc: Document, results: list[BlockResult | None]) -> None:
    """A quotation set off as a blockquote (`>`) may open in its first paragraph and close
    in its last, with lists and paragraphs between that never reopen it: the blockquote
    shows where it runs. An excerpt may also stop before a longer quotation ends, so a
    paragraph of the passage may lead with a quotation mark that nothing in the passage
    closes (`> “怎么？…`, an excerpt of a poem). A closing mark that nothing opened stays
    reported: more often than not the author forgot the opening one.
    """
    for passage in _blockquote_passages(doc, results):
        open_quotes: list[Finding] = []
        for result in passage:
            for finding in live_findings(result):
                char = finding.mark.char
                if finding.kind == "unclosed" and char in QUOTES:
                    open_quotes.append(finding)
                elif finding.kind == "unopened" and OPENER_OF.get(char) in QUOTES:
                    opener = next(
                        (f for f in reversed(open_quotes) if CLOSER_OF[f.mark.char] == char), None
                    )
                    if opener is not None:
                        open_quotes.remove(opener)
                        opener.excused = finding.excused = True
        for opener in open_quotes:
            result = next(r for r in passage if opener in r.findings)
            if opener.mark.index == _first_visible(result.prose):
                opener.excused = True  # the excerpt stops before the quotation ends


def _blockquote_passages(
    doc: Document, results: list[BlockResult | None]
) -> Iterator[list[BlockResult]]:
    """Runs of blocks inside blockquotes with nothing but blockquote lines between them."""
    lines = doc.lines
    passage: list[BlockResult] = []
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
    return len(prose) - len(prose.lstrip(EMPHASIS_MARKERS + "\n"))


def _first_unopened(result: BlockResult, closer: str) -> Finding | None:
    for finding in result.findings:
        if not finding.excused and finding.kind == "unopened" and finding.mark.char == closer:
            return finding
    return None


RULES = (PairedPunctuation,)
