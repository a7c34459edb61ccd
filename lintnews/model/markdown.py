"""The parsed article: one front-matter parse and one Markdown parse per file.

Token line numbers match the file because the front-matter lines are blanked, not
stripped, before the body is parsed. What is derived from a parse (images, suppression
comments) is computed from a :class:`ParsedMarkdown` and offered by
:class:`lintnews.model.document.Document`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING

from lintnews.common.memo import Memoized
from lintnews.common.messages import Message, message
from lintnews.common.text import LINE_BREAK, DecodeError, LineIndex
from lintnews.model import frontmatter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

    from lintnews.model.frontmatter import FrontMatter, Problem

_PARSER: MarkdownIt | None = None

#: markdown-it's core rules that work on the inline content of blocks. The document's parse
#: stops before them; :meth:`ParsedMarkdown.inline_children` runs them for one block when asked.
INLINE_STAGE = ("inline", "text_join")


def markdown_parser() -> MarkdownIt:
    """The one CommonMark (+ tables) parser, made on first use to keep start-up lean.

    Its ``parse`` produces block tokens only: inline parsing is most of markdown-it's time,
    and most rules need just the blocks and their text, so each block's inline tokens are
    parsed when a rule asks for them (:meth:`ParsedMarkdown.inline_children`).
    """
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        from lintnews.model import fast_links, positions

        # store_labels keeps reference labels on image tokens; positions.install makes the
        # image, HTML and code-span tokens record where they are.
        parser = MarkdownIt("commonmark", {"store_labels": True}).enable("table")
        parser = positions.install(fast_links.install(parser))
        parser.core.ruler.at("normalize", _normalize)
        _PARSER = parser.disable(list(INLINE_STAGE))
    return _PARSER


def _normalize(state: StateCore) -> None:
    """markdown-it's ``normalize``, which rewrites every line break and NUL in two regex
    passes, run only when there is a carriage return or a NUL to rewrite."""
    if "\r" in state.src or "\0" in state.src:
        from markdown_it.rules_core.normalize import normalize

        normalize(state)


@cache
def _inline_stage() -> list:
    """The functions of the core rules in :data:`INLINE_STAGE`, in markdown-it's order."""
    rules = markdown_parser().core.ruler.__rules__
    return [rule.fn for rule in rules if rule.name in INLINE_STAGE]


def block_name(kind: str) -> Message:
    """What a reader calls an :class:`InlineBlock` of ``kind`` ("table cell")."""
    if kind == "heading":
        return message("heading")
    if kind == "table-cell":
        return message("table cell")
    return message("paragraph")


@dataclass(eq=False)
class InlineBlock(Memoized):
    """The inline content of one paragraph, heading or table cell, mapped back to the file.

    ``content`` is what markdown-it parses as inline text; ``line_starts[k]`` is the document
    offset where content line ``k`` begins, so any content index has an exact file position.
    What a rule derives from one block is remembered with it by :meth:`memo`.
    """

    kind: str  # "paragraph", "heading", "table-cell"
    token: Token
    content: str
    content_line_starts: tuple[int, ...]
    line_starts: tuple[int, ...]
    _memo: dict = field(default_factory=dict, init=False, repr=False)

    def offset(self, index: int) -> int:
        """Document offset of the content character at ``index``."""
        line = bisect.bisect_right(self.content_line_starts, index) - 1
        return self.line_starts[line] + index - self.content_line_starts[line]

    @cached_property
    def non_prose(self) -> list[tuple[int, int]]:
        """Spans of ``content`` that are code, HTML, autolinks, link targets or shortcodes."""
        from lintnews.model.inline import non_prose_spans

        return non_prose_spans(self.content)

    @cached_property
    def prose(self) -> str:
        """``content`` with every non-prose span blanked to spaces (same length)."""
        from lintnews.model.inline import mask

        return mask(self.content, self.non_prose)

    @property
    def first_line(self) -> int:
        """0-based first line, as in ``token.map``."""
        return self.token.map[0] if self.token.map else 0


class ParsedMarkdown(Memoized):
    """A Markdown article: its text, front matter and parsed body.

    ``text`` is the decoded file without its byte-order mark; offsets, lines and columns
    all refer to it. ``path`` is the path as given on the command line. What rules and
    engine modules derive from the article is remembered with it by :meth:`memo`.
    """

    def __init__(
        self,
        text: str,
        path: str = "<text>",
        *,
        bom: bool = False,
        decode_error: DecodeError | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.bom = bom
        #: Set when the file's bytes could not be decoded; ``text`` is then empty.
        self.decode_error = decode_error
        self.index = LineIndex(text)
        found, hidden = frontmatter.split(text)
        self.front_matter: FrontMatter | None = None
        self.front_matter_problems: list[Problem] = [hidden] if hidden else []
        if found is not None:
            self.front_matter = frontmatter.parse(text, found, self.line_of)
            self.front_matter_problems.extend(self.front_matter.problems)
        self.body_start = self.front_matter.end if self.front_matter else 0
        #: ids of the inline tokens whose children are parsed (see ``inline_children``).
        self._inline_parsed: set[int] = set()
        self._memo = {}

    # -- positions --------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        return self.index.position(offset)[0]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column in characters) of a document offset."""
        return self.index.position(offset)

    @property
    def lines(self) -> list[str]:
        return self.text_lines

    @cached_property
    def text_lines(self) -> list[str]:
        """Every line without its line break; ``text_lines[n - 1]`` is line ``n``."""
        return [self.index.line_text(n) for n in range(1, self.index.line_count + 1)]

    # -- front matter -----------------------------------------------------------------

    @property
    def meta(self) -> dict:
        """Front-matter values (empty when there is none or it could not be read)."""
        return self.front_matter.data if self.front_matter else {}

    # -- body -------------------------------------------------------------------------

    @cached_property
    def body_for_parser(self) -> str:
        """The text with front-matter lines blanked, so token lines are file lines."""
        if not self.body_start:
            return self.text
        blank = "\n" * len(LINE_BREAK.findall(self.text, 0, self.body_start))
        return blank + self.text[self.body_start :]

    @cached_property
    def block_tokens(self) -> list[Token]:
        """markdown-it's block tokens of the body (CommonMark plus tables), parsed once.

        The children of ``inline`` tokens are not parsed yet: ask :meth:`inline_children`
        for the blocks a rule needs, or use :attr:`tokens` for the whole tree.
        """
        return markdown_parser().parse(self.body_for_parser, self.parse_env)

    @cached_property
    def tokens(self) -> list[Token]:
        """markdown-it tokens of the body with every block's inline tokens parsed."""
        for token in self.block_tokens:
            if token.type == "inline":
                self.inline_children(token)
        return self.block_tokens

    def inline_children(self, token: Token) -> list[Token]:
        """The inline tokens of one ``inline`` block token, parsed on first request.

        Image, link (``link_open``), raw HTML and code-span tokens have ``meta["span"]``:
        their place in the inline content of their block (see :mod:`lintnews.model.positions`).
        """
        if id(token) not in self._inline_parsed:
            from markdown_it.rules_core import StateCore

            self._inline_parsed.add(id(token))
            state = StateCore("", markdown_parser(), self.parse_env, [token])
            for rule in _inline_stage():
                rule(state)
        return token.children or []

    @cached_property
    def parse_env(self) -> dict:
        """markdown-it's environment of the parse: ``references`` holds link definitions."""
        return {}

    @cached_property
    def inline_blocks(self) -> list[InlineBlock]:
        """Every paragraph, heading and table cell with its content mapped to the file."""
        blocks: list[InlineBlock] = []
        row_line = 0
        cell_cursor = 0
        kind = "paragraph"
        for token in self.block_tokens:
            if token.type == "tr_open" and token.map:
                row_line = token.map[0]
                cell_cursor = 0
            elif token.type in ("heading_open", "paragraph_open"):
                kind = "heading" if token.type == "heading_open" else "paragraph"
            elif token.type in ("th_open", "td_open"):
                kind = "table-cell"
            elif token.type == "inline":
                if kind == "table-cell":
                    block, cell_cursor = self._locate_cell(token, row_line, cell_cursor)
                else:
                    block = self._locate_lines(token, kind)
                if block is not None:
                    blocks.append(block)
        return blocks

    def _locate_lines(self, token: Token, kind: str) -> InlineBlock | None:
        if not token.map:
            return None
        content = token.content
        parts = content.split("\n")
        content_starts: list[int] = []
        line_starts: list[int] = []
        index = 0
        first = token.map[0]
        text = self.text
        starts = self.index.starts
        last_line = len(starts) - 1
        # markdown-it strips the paragraph with str.strip(), which also removes lines of
        # Unicode-only white space such as "\u3000" that CommonMark does not count as blank:
        # skip those at the start so content line k is still source line first + k.
        while (
            first < token.map[1] - len(parts)
            and not self.index.line_text(min(first + 1, last_line + 1)).strip()
        ):
            first += 1
        for k, part in enumerate(parts):
            content_starts.append(index)
            line = min(first + k, last_line)
            line_start = starts[line]
            line_end = starts[line + 1] if line < last_line else len(text)
            # The usual case, decided without slicing: the line ends with the content line.
            stripped = part.rstrip()
            end = line_end  # the end of the line without trailing white space, unsliced
            while end > line_start and text[end - 1].isspace():
                end -= 1
            candidate = end - len(stripped)
            if (
                kind != "table-cell"
                and candidate >= line_start
                and text.startswith(stripped, candidate)
                and stripped
            ):
                line_starts.append(candidate)
            else:
                source = self.index.line_text(line + 1)
                line_starts.append(line_start + content_column(source, part, kind))
            index += len(part) + 1
        return InlineBlock(kind, token, content, tuple(content_starts), tuple(line_starts))

    def _locate_cell(self, token: Token, row_line: int, cursor: int) -> tuple[InlineBlock, int]:
        source = self.index.line_text(row_line + 1)
        found = source.find(token.content, cursor) if token.content else -1
        column = found if found >= 0 else cursor
        start = self.index.starts[row_line] + column
        block = InlineBlock("table-cell", token, token.content, (0,), (start,))
        next_pipe = source.find("|", column + len(token.content))
        return block, (next_pipe + 1 if next_pipe >= 0 else len(source))


def content_column(source: str, part: str, kind: str) -> int:
    """0-based column where a content line starts in its source line.

    Paragraph lines are suffixes of their source lines (container markers and indentation
    removed, the last line's trailing spaces trimmed); ATX heading text sits before an
    optional closing sequence.
    """
    if not part:
        return len(source) - len(source.lstrip())
    stripped_part = part.rstrip()
    if kind == "paragraph" or kind == "heading":
        stripped_source = source.rstrip()
        candidate = len(stripped_source) - len(stripped_part)
        if candidate >= 0 and stripped_source[candidate:] == stripped_part:
            return candidate
        found = source.find(stripped_part)
        if found >= 0:
            return found
    return len(source) - len(source.lstrip())
