"""Emphasis markers left literal by whitespace just inside them: `** 答**`, `** **`.

CommonMark lets a run open emphasis only when it is left-flanking -- not followed by
whitespace -- and close only when it is right-flanking -- not preceded by whitespace. So
`** 答**：` and `**Help wanted: **` show their asterisks, and `** **` (an emphasis whose
text was deleted) shows four. The pairs are found, and confirmed by re-rendering, in
:mod:`lintnews_rules.emphasis_spaced_pairs`; this module reports them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lintnews_rules.emphasis_runs import (
    document_edit,
    emphasis_name,
)
from lintnews_rules.emphasis_spaced_pairs import STRAY_WHITESPACE, SpacedPair, spaced_pairs

from lintnews.common.messages import message as msg
from lintnews.model.document import Document, InlineBlock
from lintnews.plugin.diagnostics import Diagnostic, Fix, Severity
from lintnews.plugin.rule import Rule


def spaced_pair_message(content: str, pair: SpacedPair) -> str:
    marker = pair.opener.text
    if pair.empty:
        shown = content[pair.opener.start : pair.closer.end]
        return msg(
            "readers will see {shown} here: an emphasis with nothing in it shows its markers (in CommonMark a run followed by a space cannot open emphasis)",
            shown=shown,
        )
    what = emphasis_name(pair.opener.length)
    if pair.opener_spaced and pair.closer_spaced:
        where = msg("of the spaces just inside both {marker}", marker=marker)
        reason = msg(
            "a run followed by a space cannot open emphasis, nor one after a space close it"
        )
    elif pair.opener_spaced:
        where = msg("of the space after the opening {marker}", marker=marker)
        reason = msg("a run followed by a space cannot open emphasis")
    else:
        where = msg("of the space before the closing {marker}", marker=marker)
        reason = msg("a run after a space cannot close emphasis")
    return msg(
        "readers will see {marker} here: the {what} does not render because {where} (in CommonMark {reason})",
        marker=marker,
        what=what,
        where=where,
        reason=reason,
    )


class EmphasisSpaceInside(Rule):
    """Emphasis markers must not have whitespace just inside them, nor nothing between them.

    ## What it does
    Reports `*`, `_`, `**`, `__`, `***` or `___` that the renderer shows literally because
    whitespace sits just inside the marker -- `** 答**：`, `** Debian 用户**`,
    `a ** loose bold** phrase`, `**Help wanted: **` -- and empty emphasis, `** **` or
    `__ __`, whose text was deleted. CommonMark (Hugo's goldmark, GitHub, markdown-it) lets a
    run open emphasis only when no whitespace follows it and close only when none precedes
    it, so the page shows the markers; markdownlint reports the same as MD037. A pair is
    reported only when markdown-it-py, re-parsing the paragraph without the stray spaces,
    renders its text as that emphasis. The fix removes the stray spaces (or the empty pair
    with one space beside it) and is offered only when nothing else in the paragraph
    renders differently then.

    A single `*` or `_` is reported only when bounded like italics on its outer side -- a
    line edge, a bracket or quotation mark, CJK punctuation (`*图 1 *`, `（*斜体 *）`) -- with
    one stray space, text that does not start with a comma or full stop, and no bracket
    crossed; so a list run into one line (`*   item`), an operator (`[0] * 5`), a pointer
    (`(long *)`) or a comment (`/* note */`) is left alone.

    Left alone: emphasis that renders (`**a** **b**`), arithmetic (`2 * 3 * 4`,
    `x ** 2 **`), a single `*` with spaces on both sides (`a * b * c`), `* *`/`_ _` (a
    row of stars, a blank to fill), `** ** **` rows, `****` (a mask or a password
    placeholder; alone on a line it is a thematic break), code, HTML and shortcodes.
    This rule is separate from `emphasis-not-rendered` because the cause and the fix
    differ: there punctuation beside a marker blocks it and the fix moves the
    punctuation; here whitespace does and the fix deletes it.

    ## Why is this bad?
    The reader sees `** 答**` with its asterisks and the intended bold is missing.

    ## Example
    ```markdown
    ** 答**：可以。
    ```
    Use instead:
    ```markdown
    **答**：可以。
    ```

    ## Options
    None.
    """

    name = "emphasis-space-inside"
    code = "LN204"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        renderer = self.site.renderer
        for block in doc.inline_blocks:
            content = block.content
            if not _MAY_BE_SPACED.search(content):
                continue
            for pair in spaced_pairs(block, renderer):
                run = pair.closer if pair.closer_spaced and not pair.opener_spaced else pair.opener
                if pair.empty:
                    run = pair.opener
                end = pair.closer.end if pair.empty else run.end
                yield self.diagnostic(
                    doc,
                    block.offset(run.start),
                    block.offset(end - 1) + 1,
                    spaced_pair_message(content, pair),
                    self._fix(doc, block, pair),
                )

    @staticmethod
    def _fix(doc: Document, block: InlineBlock, pair: SpacedPair) -> Fix | None:
        if not pair.fix_confirmed:
            return None
        edits = [document_edit(doc, block, start, end, "") for start, end in pair.removals]
        if any(edit is None for edit in edits):
            return None
        message = (
            msg("remove the empty {marker}", marker=pair.opener.text)
            if pair.empty
            else msg("remove the stray space")
        )
        return Fix(message=message, edits=tuple(edit for edit in edits if edit is not None))


_STRAY_CLASS = "[" + "".join(sorted(STRAY_WHITESPACE)) + "]"
_MAY_BE_SPACED = re.compile(f"[*_]{_STRAY_CLASS}|{_STRAY_CLASS}[*_]")

RULES = (EmphasisSpaceInside,)
