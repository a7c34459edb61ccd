"""Source spans for the inline tokens rules need to point at.

markdown-it-py's inline tokens carry no positions. The document's parser wraps the inline
rules for images, links, raw HTML and code spans so that each token they produce records
``meta["span"]`` -- its ``(start, end)`` in the inline content it was parsed from -- and, for
images and links, where the label and the destination are (``meta["parts"]``; a link's span
is on its ``link_open`` token). This costs a few
attribute writes per such token, instead of a second parse of every block that has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

#: inline rule name -> the token type whose span it records, and the character it starts at
RECORDED = (
    ("image", "image", "!"),
    ("link", "link_open", "["),
    ("html_inline", "html_inline", "<"),
    ("backticks", "code_inline", "`"),
)


def install(parser: MarkdownIt) -> MarkdownIt:
    original = {rule.name: rule.fn for rule in parser.inline.ruler.__rules__}
    for name, token_type, first in RECORDED:
        parser.inline.ruler.at(name, _recording(original[name], token_type, first))
    return parser


def _recording(rule: Any, token_type: str, first: str) -> Any:
    def record(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] != first:
            return False  # what the rule itself checks first, without the call
        count = len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent and len(state.tokens) > count:
            token = state.tokens[-1]
            if token_type == "link_open":
                # A link pushes text pending before it, its opening token, then its text.
                token = next(t for t in state.tokens[count:] if t.type == "link_open")
            if token.type == token_type:
                token.meta["span"] = (start, state.pos)
                if token_type == "image":
                    token.meta["parts"] = _label_parts(state, start + 1, state.pos)
                elif token_type == "link_open":
                    token.meta["parts"] = _label_parts(state, start, state.pos)
        return matched

    return record


def _label_parts(state: StateInline, label_open: int, end: int) -> dict[str, Any]:
    """Where the label (``alt``) and the destination of an image or link just parsed are."""
    src = state.src
    saved = state.pos
    label_end = state.md.helpers.parseLinkLabel(state, label_open, False)
    state.pos = saved
    parts: dict[str, Any] = {"alt": (label_open + 1, label_end)}
    pos = label_end + 1
    if pos < end and src[pos] == "(":
        pos += 1
        while pos < end and src[pos] in " \t\n":
            pos += 1
        result = state.md.helpers.parseLinkDestination(src, pos, end)
        if result.ok and result.pos > pos:
            if src[pos] == "<":
                parts["destination"] = (pos + 1, result.pos - 1)
                parts["angle"] = True
            else:
                parts["destination"] = (pos, result.pos)
        else:
            parts["destination"] = (pos, pos)
    return parts
