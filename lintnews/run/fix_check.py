"""One check for every fix, safe or unsafe: it changes exactly what it means to change.

A rule proposes edits; before the engine offers the fix (prints it, counts it as fixable,
lets ``--fix`` apply it) it confirms that:

- no edit touches a Hugo shortcode (``{{< x >}}``, ``{{% x %}}``, closing ``{{< /x >}}``),
  template text (``{{ .Title }}``) or an HTML tag with its attributes: what they hold is
  read by Hugo's templates or the browser, not by the Markdown renderer, so no rule can
  know that an edit there keeps the page working;
- rendered before and after the edit, the blocks around it are the same blocks, and each
  shows the same characters in the same elements except those the edit writes or removes
  (when an edit touches emphasis markers, which characters are bold or italic may change
  too: that is what such a fix is for);
- in front matter, the block still reads as the same keys, and only as many values differ
  as the fix has edits.

A fix that fails is withdrawn, never applied silently: the finding stays and its message
says why it has no fix. :func:`withhold_introducing` is the other half: a fix must not make
the file report something it did not (``draft: "no"`` then reported by the schema); the
fix loop (:mod:`lintnews.run.fixes`) checks the same of the fixes of a round together.

A body edit's verdict depends only on the stretch of text around it, so it is remembered by
that text (:class:`~lintnews.common.memo.ContentMemo`): an editor's keystroke re-judges only
the fixes near it, and a paragraph that other articles repeat is judged once.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from lintnews.common.memo import ContentMemo
from lintnews.common.messages import message as msg
from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix

if TYPE_CHECKING:
    from lintnews.model.document import Document
    from lintnews.model.rendering import RenderedBlocks, StyledCharacter

#: Hugo shortcodes and template actions: ``{{`` up to the nearest ``}}``.
_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.S)
#: HTML tags (attributes included) and comments.
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_SHORTCODE_NAME = re.compile(r"\s*/?\*?\s*[^\s>%*/]+")
_EMPHASIS_MARKERS = frozenset("*_")
_EMPHASIS_ELEMENTS = frozenset({"em", "strong"})

_REFUSAL = re.compile(r"(?:; n| N)o fix offered: .*\Z", re.S)


def confirm_fixes(doc: Document, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` with every fix that fails the check withdrawn, saying why."""
    checker = _FixChecker(doc)
    confirmed: list[Diagnostic] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None and fix.edits:
            reason = checker.refusal(fix)
            if reason is not None:
                diagnostic = withdraw_fix(diagnostic, reason)
        confirmed.append(diagnostic)
    return confirmed


def withdraw_fix(diagnostic: Diagnostic, reason: str) -> Diagnostic:
    """The finding without its fix, its message saying why there is none."""
    message = diagnostic.message  # not stripped: a str method would drop its template
    if message.rstrip().endswith((".", "?", "!")):
        message = message + msg(" No fix offered: {reason}", reason=reason)
    else:
        message = message + msg("; no fix offered: {reason}", reason=reason)
    return replace(diagnostic, fix=None, fix_positions=(), message=message)


def withhold_introducing(
    doc: Document,
    diagnostics: Sequence[Diagnostic],
    relint: Callable[[Document], list[Diagnostic]],
) -> list[Diagnostic]:
    """``diagnostics`` with every fix withdrawn after which ``relint`` of the fixed text
    reports something the file did not.

    The fixes are tried together (those whose edits do not overlap), so a file costs one
    more lint; only when that reports something new is each fix of the batch tried alone.
    """
    from lintnews.model.document import Document

    had_front_matter = doc.front_matter is not None

    def introduced(repaired: Sequence[Diagnostic]) -> list[Diagnostic]:
        edits = [edit for d in repaired for edit in d.fix.edits]  # type: ignore[union-attr]
        fixed = Document(_apply(doc.text, edits), doc.path, bom=doc.bom)
        return made_by_fixes(diagnostics, relint(fixed), repaired, had_front_matter, fixed)

    reasons: dict[int, str] = {}
    pending = [i for i, d in enumerate(diagnostics) if d.fix is not None and d.fix.edits]
    while pending:
        batch, pending = _apart(diagnostics, pending)
        if not introduced([diagnostics[i] for i in batch]):
            continue
        for i in batch:
            new = introduced([diagnostics[i]])
            if new:
                reasons[i] = msg(
                    "fixing it would make {rule} report: {message}",
                    rule=new[0].rule,
                    message=new[0].message,
                )
    return [withdraw_fix(d, reasons[i]) if i in reasons else d for i, d in enumerate(diagnostics)]


def _apart(diagnostics: Sequence[Diagnostic], indexes: list[int]) -> tuple[list[int], list[int]]:
    """The fixes (by index) whose edits overlap no earlier one's, and the others."""
    taken: list[Edit] = []
    batch: list[int] = []
    rest: list[int] = []
    for i in indexes:
        edits = diagnostics[i].fix.edits  # type: ignore[union-attr]
        if any(_overlap(edit, other) for edit in edits for other in taken):
            rest.append(i)
        else:
            taken.extend(edits)
            batch.append(i)
    return batch, rest


def _overlap(a: Edit, b: Edit) -> bool:
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def made_by_fixes(
    before: Sequence[Diagnostic],
    after: Sequence[Diagnostic],
    repaired: Sequence[Diagnostic],
    had_front_matter: bool,
    fixed: Document,
) -> list[Diagnostic]:
    """What the fixes of ``repaired`` make the file report that it did not.

    Repairing what breaks a page may let a rule read what it could not before (a date
    Hugo can now read has no UTC offset; an image that now renders has no alt text): a new
    finding less severe than a repaired one on its line, or than every repaired one, was
    there all along, not made by the fix. Nor is anything in front matter that a fix
    uncovered (a hidden character removed).
    """
    least = min((d.severity.rank for d in repaired), default=0)
    # Which of several alike findings is the new one is not known (an edit may move them):
    # any of them on a repaired line may be what the repair uncovered.
    uncovered = {_identity(d) for d in after if _uncovered_by(d, repaired)}
    new = [
        d
        for d in introduced_findings(before, after)
        if d.severity.rank >= least and _identity(d) not in uncovered
    ]
    front_matter = fixed.front_matter
    if not had_front_matter and front_matter is not None:
        new = [d for d in new if d.line > front_matter.close_line]
    return new


def _uncovered_by(finding: Diagnostic, repaired: Sequence[Diagnostic]) -> bool:
    return any(
        r.line <= finding.line <= r.end_line and r.severity.rank > finding.severity.rank
        for r in repaired
    )


def introduced_findings(
    before: Iterable[Diagnostic], after: Iterable[Diagnostic]
) -> list[Diagnostic]:
    """Findings of ``after`` that ``before`` did not have (lines and numbers aside, as an
    edit may move what it does not change)."""
    seen = Counter(_identity(d) for d in before)
    new: list[Diagnostic] = []
    for diagnostic in after:
        key = _identity(diagnostic)
        if seen[key]:
            seen[key] -= 1
        else:
            new.append(diagnostic)
    return new


def _identity(diagnostic: Diagnostic) -> tuple[str, str]:
    message = _REFUSAL.sub("", diagnostic.message)  # a withdrawn fix leaves the same finding
    return diagnostic.rule, re.sub(r"\d+", "#", message)


class _FixChecker:
    """The check for the fixes of one document; what it derives is shared by them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self._protected: list[tuple[int, int, str]] | None = None
        self._block_lines: list[tuple[int, int]] | None = None
        self._image_markup: list[tuple[int, int]] | None = None

    def refusal(self, fix: Fix) -> str | None:
        """Why ``fix`` must not be applied, or None when it changes only what it means to."""
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        length = len(self.text)
        if any(not 0 <= e.start <= e.end <= length for e in edits):
            return msg("its edits lie outside the file")
        for edit in edits:
            touched = self._touched_protected(edit)
            if touched is not None:
                return msg("it would edit {touched}", touched=touched)
        front_matter = self.doc.front_matter
        if front_matter is None and self._reveals_front_matter(edits):
            return None
        in_front_matter = [front_matter is not None and e.end <= front_matter.end for e in edits]
        if all(in_front_matter):
            return self._front_matter_refusal(edits)
        if any(in_front_matter):
            return msg("it would edit the front matter and the body at once")
        return self._body_refusal(edits)

    # -- what no fix edits ---------------------------------------------------------------

    def _touched_protected(self, edit: Edit) -> str | None:
        if self._protected is None:
            self._protected = _protected_spans(self.text)
        for start, end, what in self._protected:
            if start >= edit.end and not (start == edit.start == edit.end):
                break
            inside = start < edit.start < end
            if inside or (edit.start < end and start < edit.end):
                return what
        return None

    # -- front matter ---------------------------------------------------------------------

    def _reveals_front_matter(self, edits: Sequence[Edit]) -> bool:
        """Whether the edits only remove what hides a front-matter block from Hugo."""
        from lintnews.model.document import Document

        after_text = _apply(self.text, edits)
        after = Document(after_text, self.doc.path).front_matter
        if after is None or any(edit.replacement for edit in edits):
            return False
        removed = sum(edit.end - edit.start for edit in edits)
        return after_text[after.start :] == self.text[after.start + removed :]

    def _front_matter_refusal(self, edits: Sequence[Edit]) -> str | None:
        from lintnews.model.document import Document

        before = self.doc.front_matter
        assert before is not None
        after = Document(_apply(self.text, edits), self.doc.path)
        if after.front_matter is None or after.front_matter.format != before.format:
            return msg("the front matter would no longer be read as front matter")
        if self.text[before.end :] != after.text[after.front_matter.end :]:
            return msg("it would change where the front matter ends")
        before_data, after_data = self.doc.meta, after.meta
        if list(before_data) != list(after_data):
            return msg("the front matter would be read with other keys")
        changed = [key for key in before_data if not _same(before_data[key], after_data[key])]
        if len(changed) > len(edits):
            return msg("it would also change {keys} in the front matter", keys=", ".join(changed))
        return None

    # -- body ------------------------------------------------------------------------------

    def _body_refusal(self, edits: Sequence[Edit]) -> str | None:
        start, end = self._region(edits)
        markup = self._enclosing_image(edits)
        key = (
            self.text[start:end],
            tuple((e.start - start, e.end - start, e.replacement) for e in edits),
            None if markup is None else (markup[0] - start, markup[1] - start),
            self._touches_emphasis(edits),
        )
        return _BODY_REFUSALS.get(key, lambda: _rendered_refusal(*key))

    def _enclosing_image(self, edits: Sequence[Edit]) -> tuple[int, int] | None:
        """The Markdown image markup all edits lie in, printed as text or not."""
        if "![" not in self.text:
            return None
        if self._image_markup is None:
            from lintnews.model.images import MARKDOWN, find_unparsed_images

            doc = self.doc
            spans = [(i.markup_start, i.markup_end) for i in doc.images if i.kind == MARKDOWN]
            spans += [(u.markup_start, u.markup_end) for u in find_unparsed_images(doc)]
            self._image_markup = spans
        for markup_start, markup_end in self._image_markup:
            if all(markup_start <= e.start and e.end <= markup_end for e in edits):
                return markup_start, markup_end
        return None

    def _touches_emphasis(self, edits: Sequence[Edit]) -> bool:
        text = self.text
        for edit in edits:
            around = text[max(0, edit.start - 1) : edit.end + 1] + edit.replacement
            if _EMPHASIS_MARKERS.intersection(around):
                return True
        return False

    def _region(self, edits: Sequence[Edit]) -> tuple[int, int]:
        """Offsets of the top-level blocks the edits touch, with one block either side."""
        blocks = self._top_level_blocks()
        index = self.doc.index
        first_line = index.position(edits[0].start)[0] - 1
        last_line = index.position(max(e.end for e in edits))[0] - 1
        starts = [start for start, _end in blocks]
        first = max(0, bisect.bisect_right(starts, first_line) - 2)
        last = min(len(blocks), bisect.bisect_right(starts, last_line) + 1)
        start_line = min([first_line, *(blocks[k][0] for k in range(first, last))])
        end_line = max([last_line + 1, *(blocks[k][1] for k in range(first, last))])
        line_starts = index.starts
        body_line = index.position(self.doc.body_start)[0] - 1
        start_line = max(start_line, body_line)
        start = line_starts[start_line] if start_line < len(line_starts) else len(self.text)
        end = line_starts[end_line] if end_line < len(line_starts) else len(self.text)
        return max(start, self.doc.body_start), end

    def _top_level_blocks(self) -> list[tuple[int, int]]:
        if self._block_lines is None:
            self._block_lines = [
                (token.map[0], token.map[1])
                for token in self.doc.block_tokens
                if token.level == 0 and token.nesting != -1 and token.map
            ]
        return self._block_lines


def _protected_spans(text: str) -> list[tuple[int, int, str]]:
    """What no fix edits, as ``(start, end, what it is)``, sorted."""
    spans: list[tuple[int, int, str]] = []
    if "{{" in text:
        for match in _TEMPLATE.finditer(text):
            written = match.group()
            if written[2:3] in ("<", "%"):
                opener = written[2]
                closer = ">" if opener == "<" else "%"
                name = _SHORTCODE_NAME.match(written, 3)
                named = name.group().strip() if name else "..."
                shown = f"{{{{{opener} {named} {closer}}}}}"
                spans.append(
                    (match.start(), match.end(), msg("a Hugo shortcode ({shown})", shown=shown))
                )
            else:
                spans.append(
                    (
                        match.start(),
                        match.end(),
                        msg("template text ({text})", text=_excerpt(written)),
                    )
                )
    if "<" in text:
        for match in _HTML_TAG.finditer(text):
            written = match.group()
            if written.startswith("<!--"):
                spans.append((match.start(), match.end(), msg("an HTML comment")))
            else:
                name = written.strip("</>").split(None, 1)[0]
                spans.append((match.start(), match.end(), msg("an HTML tag (<{name}>)", name=name)))
    spans.sort()
    return spans


#: The verdicts on body edits, by the stretch of text they lie in and the edits relative
#: to it: after a keystroke, the fixes of every paragraph it did not touch are judged
#: again from here, and so are those of a paragraph that other articles repeat.
_BODY_REFUSALS: ContentMemo[str | None] = ContentMemo()
#: Stretches as rendered before their edits: the fixes in one paragraph share the render.
_RENDERED_BEFORE: ContentMemo[RenderedBlocks] = ContentMemo(1024)


def _rendered_refusal(
    region: str,
    edits: tuple[tuple[int, int, str], ...],
    markup: tuple[int, int] | None,
    emphasis: bool,
) -> str | None:
    """Why the ``(start, end, replacement)`` edits of ``region`` (offsets in it) must not be
    applied, judged from the region rendered before and after them: None when only what
    they mean to change differs. ``markup`` is the image markup they all lie in, and
    ``emphasis`` whether they touch emphasis markers."""
    from lintnews.model.rendering import rendered_blocks

    before_text = region
    after_text = _apply(region, [Edit(*edit) for edit in edits])
    if markup is not None:
        # The image markup is what the fix means to change (a broken URL, markup printed
        # as text): everything around it must render exactly as before.
        markup_start, markup_end = markup
        grown = len(after_text) - len(before_text)
        before_text = _masked(before_text, markup_start, markup_end)
        after_text = _masked(after_text, markup_start, markup_end + grown)
    before = _RENDERED_BEFORE.get(before_text, lambda: rendered_blocks(before_text))
    after = rendered_blocks(after_text)
    if before.structure != after.structure:
        return msg("rendered, the page would change its blocks (paragraphs, lists, headings)")
    if markup is not None:
        if before.inlines != after.inlines:
            return msg("rendered, the page would also change text around the image")
        return None
    removed = "".join(region[start:end] for start, end, _replacement in edits)
    written = "".join(replacement for _start, _end, replacement in edits)
    for shown_before, shown_after in zip(before.inlines, after.inlines, strict=True):
        if shown_before != shown_after and not _only_edited(
            shown_before, shown_after, removed, written, emphasis
        ):
            return msg("rendered, the page would also change text the fix does not mean to")
    return None


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _only_edited(
    before: Sequence[StyledCharacter],
    after: Sequence[StyledCharacter],
    removed: str,
    written: str,
    emphasis: bool,
) -> bool:
    """Whether the rendered characters differ only where the edits removed or wrote."""
    may_go = set(removed) | (_EMPHASIS_MARKERS if emphasis else set())
    may_come = set(written) | (_EMPHASIS_MARKERS if emphasis else set())
    shown_before = "".join(char for char, _style in before)
    shown_after = "".join(char for char, _style in after)
    matcher = SequenceMatcher(None, shown_before, shown_after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            if not may_go.issuperset(shown_before[i1:i2]):
                return False
            if not may_come.issuperset(shown_after[j1:j2]):
                return False
            continue
        for (char, style), (_char, new_style) in zip(before[i1:i2], after[j1:j2], strict=True):
            if style == new_style or char in may_go or char in may_come:
                continue
            if emphasis and _without_emphasis(style) == _without_emphasis(new_style):
                continue
            return False
    return True


def _without_emphasis(style: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(element for element in style if element not in _EMPHASIS_ELEMENTS)


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _masked(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by one private-use character."""
    return text[:start] + "\ue000" + text[end:]


def _apply(text: str, edits: Sequence[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text
