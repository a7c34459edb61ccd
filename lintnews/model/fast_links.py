"""Link handling of the document's Markdown parser, without work a linter does not need.

markdown-it-py scans every link and image destination one character at a time, which was
a third of the time spent on blocks with images. Most destinations are a plain run of
characters with no parentheses, escapes or angle brackets: a regular expression finds their
end at once. Anything else goes to markdown-it's own scan, so results are identical.

markdown-it also percent-encodes every URL for HTML output (another third). Nothing here
renders HTML, and rules report URLs as the author wrote them, so the parser keeps them so:
``src`` and ``href`` attributes hold the destination as written (escapes resolved).

A link label is scanned to its closing ``]``; with none left in the block, markdown-it scans
to the block's end for every ``[`` (a million ``![`` took 36 s). The label scan here knows
where the block's last ``]`` is, and gives up at once past it.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from markdown_it import helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers.parse_link_destination import _Result

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

#: A run that markdown-it's scan passes without decisions: no space or control character,
#: no parenthesis (nesting), no backslash (escapes).
_PLAIN_RUN = re.compile(r"[^\x00-\x20\x7f()\\]*")
#: Where markdown-it's scan of such a run stops too (a space, a control character, a ")").
_STOPS = frozenset(chr(code) for code in range(0x21)) | {"\x7f", ")"}


def install(parser: MarkdownIt) -> MarkdownIt:
    """Give ``parser`` (only this instance) the fast scan and URLs as written."""
    parser.normalizeLink = _as_written  # type: ignore[method-assign]
    parser.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=parse_link_label,
        parseLinkDestination=parse_link_destination,
        parseLinkTitle=helpers.parseLinkTitle,
    )
    return parser


#: The source last scanned for labels and the offset of its last "]" (-1: none), so that
#: finding it costs one scan per inline block, not one per "[".
_last_close: tuple[str, int] = ("", -1)


def parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """markdown-it's ``parseLinkLabel``, which cannot succeed without a "]" after ``start``."""
    global _last_close
    source, last = _last_close
    if source is not state.src:
        last = state.src.rfind("]")
        _last_close = (state.src, last)
    if last <= start:
        return -1
    return helpers.parseLinkLabel(state, start, disable_nested)


def parse_link_destination(string: str, pos: int, maximum: int) -> Any:
    """markdown-it's ``parseLinkDestination``, with a fast path for plain destinations."""
    limit = min(maximum, len(string))
    if pos < limit and string[pos] != "<":
        end = _PLAIN_RUN.match(string, pos, limit).end()  # type: ignore[union-attr]
        if end > pos and (end == limit or string[end] in _STOPS):
            result = _Result()
            result.str = unescapeAll(string[pos:end])
            result.pos = end
            result.ok = True
            return result
    return helpers.parseLinkDestination(string, pos, maximum)


def _as_written(url: str) -> str:
    return url
