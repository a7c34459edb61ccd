"""Emphasis that the site's renderer shows as literal `*`/`_` or pairs differently than meant.

CommonMark opens and closes `*`/`_` emphasis only at *flanking* delimiter runs, and
punctuation next to a run changes that: in `**问题1：**我们` the closing `**` sits between
"：" and "我", so it cannot close and the page shows the asterisks. CommonMark's delimiter
algorithm (spec 6.2, "process emphasis") is replayed over each paragraph, heading and table
cell three times -- with the renderer's flanking rules (CommonMark or the CJK-friendly
amendment of commonmark-spec issue 650), and with an *intended* reading that is lenient
about punctuation next to a run -- and delimiters the two pair differently are reported.
Fixes move the punctuation outside the markers and are offered only when markdown-it-py,
re-parsing that one paragraph, renders exactly the intended emphasis.

This module holds the two rules and their messages; the machinery lives in helper modules:
:mod:`~lintnews_rules.emphasis_flanking` (readings and flanking),
:mod:`~lintnews_rules.emphasis_runs` (delimiter runs and their pairing),
:mod:`~lintnews_rules.emphasis_fixes` (broken pairs and their fixes) and
:mod:`~lintnews_rules.emphasis_render` (re-rendering with markdown-it-py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lintnews_rules.emphasis_fixes import BrokenPair, broken_pairs, choose_fixes
from lintnews_rules.emphasis_flanking import (
    BRACKETS,
    CLOSING_BRACKETS,
    COMMONMARK,
    INTENDED,
    in_numbered_placeholders,
    is_punctuation,
    is_whitespace,
)
from lintnews_rules.emphasis_runs import (
    DelimiterRun,
    block_pairing,
    delimiter_runs,
    document_edit,
    emphasis_name,
    run_flags,
)
from lintnews_rules.emphasis_spaced_pairs import spaced_runs

from lintnews.common.cjk import is_flanking_cjk
from lintnews.common.memo import ContentMemo
from lintnews.common.messages import message
from lintnews.model.document import Document, InlineBlock
from lintnews.model.markdown import block_name
from lintnews.plugin.diagnostics import Diagnostic, Fix, Severity
from lintnews.plugin.rule import Rule

# Only a run next to punctuation (or, for `_`, next to CJK) can read differently.
_READINGS_MAY_DIFFER = re.compile(
    r"[^\x00-\x7f][*_]|[*_][^\x00-\x7f]|[!-)+-/:-@\[-^`{-~]\*|\*[!-)+-/:-@\[-^`{-~]"
)
_DOUBLE_OR_TRIPLE = re.compile(r"(?<![*_])(?:\*{2,3}|_{2,3})(?![*_])")


# -- messages ------------------------------------------------------------------------------


def _describe(char: str) -> str:
    return message("a line break") if char == "\n" else f'"{char}"'


def _neighbours(content: str, run: DelimiterRun) -> tuple[str, str]:
    before = content[run.start - 1] if run.start > 0 else "\n"
    after = content[run.end] if run.end < len(content) else "\n"
    return before, after


def _renderer_name(renderer: str) -> str:
    if renderer == COMMONMARK:
        return message("in CommonMark")
    return message("even with the CJK-friendly rule")


def broken_pair_message(content: str, pair: BrokenPair, renderer: str) -> str:
    where = _renderer_name(renderer)
    opener_before, opener_after = _neighbours(content, pair.opener)
    closer_before, closer_after = _neighbours(content, pair.closer)
    opener_text = message(
        "opening {marker} after {before} and before {after}",
        marker=pair.opener.text,
        before=_describe(opener_before),
        after=_describe(opener_after),
    )
    closer_text = message(
        "closing {marker} after {before} and before {after}",
        marker=pair.closer.text,
        before=_describe(closer_before),
        after=_describe(closer_after),
    )
    what = emphasis_name(min(pair.opener.length, 3))
    if pair.closer_fails and not pair.closer_literal:
        return message(
            "the {what} covers other words than meant here: the {closer} cannot close emphasis {where}, so it opens another one instead",
            what=what,
            closer=closer_text,
            where=where,
        )
    if pair.opener_fails and not pair.opener_literal:
        return message(
            "the {what} covers other words than meant here: the {opener} cannot open emphasis {where}, so it closes another one instead",
            what=what,
            opener=opener_text,
            where=where,
        )
    if pair.opener_fails and pair.closer_fails:
        return message(
            "readers will see {opener_marker} here and at the closing {closer_marker}: the {what} does not render because the {opener} cannot open emphasis {where}, nor can the {closer} close it",
            opener_marker=pair.opener.text,
            closer_marker=pair.closer.text,
            what=what,
            opener=opener_text,
            where=where,
            closer=closer_text,
        )
    if pair.opener_fails:
        return message(
            "readers will see {opener_marker} here: the {what} does not render because the {opener} cannot open emphasis {where}",
            opener_marker=pair.opener.text,
            what=what,
            opener=opener_text,
            where=where,
        )
    if pair.closer_fails:
        return message(
            "readers will see {closer_marker} here: the {what} does not render because the {closer} cannot close emphasis {where}",
            closer_marker=pair.closer.text,
            what=what,
            closer=closer_text,
            where=where,
        )
    return message(
        "the {what} covers other words than meant here: the {opener} is paired with a different delimiter {where} than the {closer} that the text suggests",
        what=what,
        opener=opener_text,
        where=where,
        closer=closer_text,
    )


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
    if before in BRACKETS and is_flanking_cjk(after) and after.isalpha():
        close = content.find(BRACKETS[before], run.end)
        return close > 0 and all(char.isalpha() for char in content[run.end : close])
    if after in CLOSING_BRACKETS and is_flanking_cjk(before) and before.isalpha():
        open_ = content.rfind(CLOSING_BRACKETS[after], 0, run.start)
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


# Results by (block content, renderer): a block's analysis depends on nothing else, and
# the articles of a site repeat paragraphs (bylines, disclaimers, "**推荐阅读：**"), each
# of which would otherwise be analysed -- and its fixes confirmed by a re-parse -- again.
_FINDINGS: ContentMemo[tuple[BlockFinding, ...]] = ContentMemo()
_UNCLOSED: ContentMemo[tuple[tuple[int, int, str], ...]] = ContentMemo()


def block_findings(block: InlineBlock, renderer: str) -> tuple[BlockFinding, ...]:
    return _FINDINGS.get((block.content, renderer), lambda: _analyse(block, renderer))


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
            for start, end, text in unclosed_in_block(block, renderer):
                yield self.diagnostic(
                    doc,
                    block.offset(start),
                    block.offset(end - 1) + 1,
                    message(
                        "readers will see {text} here: nothing closes this {emphasis_name} in its {block}",
                        text=text,
                        emphasis_name=emphasis_name(len(text)),
                        block=block_name(block.kind),
                    ),
                )


def unclosed_in_block(block: InlineBlock, renderer: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, marker)`` of every run nothing closes, by content offset."""
    return _UNCLOSED.get((block.content, renderer), lambda: _unclosed_runs(block, renderer))


def _unclosed_runs(block: InlineBlock, renderer: str) -> tuple[tuple[int, int, str], ...]:
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
    # a run that whitespace keeps from pairing is emphasis-space-inside's to report
    spaced = {run.start for run in spaced_runs(block, renderer)}
    return tuple(
        (run.start, run.end, run.text)
        for run in candidates
        if run.start not in spaced and not is_mask(content, run, runs)
    )


RULES = (EmphasisNotRendered, EmphasisUnclosed)
