"""Rules about headings: levels, the page title, empty headings and heading style."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from lintnews.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.document import Document
from lintnews.lazyre import LazyPattern
from lintnews.rule import Rule, RuleOptions
from lintnews.text import display_width

if TYPE_CHECKING:
    from markdown_it.token import Token

_ATX_MARKERS = re.compile(r"#{1,6}(?=[ \t]|$)")
_EMPTY_TEXT = re.compile(r"[\s*_~]*")
# Heading text that is plain words, with nothing inline parsing could turn into markup or
# hide: it is visible without parsing it.
_PLAIN_VISIBLE = re.compile(r"(?=.*\w)[^<>*_~\[\]!`\\&]*", re.DOTALL)
# An ATX closing sequence: text ending like this would lose its last `#`s. Compiled on
# first use: only setext headings need it.
_LOOKS_CLOSED = LazyPattern(r"(?:^|[ \t])#+[ \t]*$")


@dataclass(frozen=True)
class Heading:
    """One heading of the body, located in the file."""

    level: int
    style: Literal["atx", "setext"]
    line: int  # 1-based line of the heading text (the `#` line for ATX)
    start: int  # document offset of what to point at: the `#` run, or the text line
    end: int
    content: str
    inline: Token
    in_container: bool  # inside a list item or block quote


def headings(doc: Document) -> list[Heading]:
    """Every heading of the body, in order (cached on the document)."""
    cached = doc.__dict__.get("_lintnews_headings")
    if cached is None:
        cached = doc.__dict__["_lintnews_headings"] = list(_find_headings(doc))
    return cached


def _find_headings(doc: Document) -> Iterator[Heading]:
    tokens = doc.block_tokens
    for position, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        inline = tokens[position + 1]
        first_line = token.map[0] + 1
        source = doc.index.line_text(first_line)
        line_start = doc.index.starts[first_line - 1]
        style: Literal["atx", "setext"] = "setext" if token.markup in ("=", "-") else "atx"
        if style == "atx":
            markers = _ATX_MARKERS.search(source)
            column = markers.start() if markers else len(source) - len(source.lstrip())
            width = len(token.markup) if markers else 1
            start, end = line_start + column, line_start + column + width
        else:
            stripped = source.strip()
            column = source.find(stripped) if stripped else 0
            start, end = line_start + column, line_start + column + max(len(stripped), 1)
        yield Heading(
            level=int(token.tag[1]),
            style=style,
            line=first_line,
            start=start,
            end=end,
            content=inline.content,
            inline=inline,
            in_container=token.level > 0,
        )


def _front_matter_title(doc: Document, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = doc.meta.get(key)
        if isinstance(value, str) and value.strip():
            return key
    return None


class _TitleOptions(RuleOptions):
    #: Front-matter keys whose value the theme renders as the page's h1.
    title_keys: tuple[str, ...] = ("title",)


class HeadingIncrement(Rule):
    """Heading levels must go down one level at a time.

    ## What it does
    Reports a heading more than one level deeper than the heading before it (h2 followed
    by h5), as markdownlint's MD001 does. A non-empty front-matter title counts as the
    page's h1, so under a title the first body heading must be h1 or h2; without a title
    the first heading may be any level. Going back up by any number of levels is fine.
    It points at the heading's `#` markers (for a setext heading, at its text line).

    ## Why is this bad?
    Tables of contents, screen readers and search engines read the levels as an outline;
    a skipped level is a section that seems to be missing.

    ## Example
    ```markdown
    ---
    title: "Windows 存储"
    ---

    ## 持久卷

    ##### 限制
    ```
    Use instead:
    ```markdown
    ---
    title: "Windows 存储"
    ---

    ## 持久卷

    ### 限制
    ```

    ## Options
    - `title-keys` (list of strings, default `["title"]`): front-matter keys that hold the
      page title, the first non-empty one counting as the h1.
    - `title-level` (1 to 6, default 1): the heading level the site's theme renders the
      title at. Some themes use h2 (blog.rust-lang.org's Zola templates do); then `###`
      may open the body.
    """

    name = "heading-increment"
    code = "LN301"
    severity = Severity.WARNING

    class Options(_TitleOptions):
        title_level: int = Field(default=1, ge=1, le=6)

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        found = headings(doc)
        if not found:
            return
        title_key = _front_matter_title(doc, self.options.title_keys)
        previous = self.options.title_level if title_key else None
        for heading in found:
            if previous is not None and heading.level > previous + 1:
                after = (
                    f'the front-matter "{title_key}" (level {previous})'
                    if heading is found[0] and title_key
                    else f"level {previous}"
                )
                yield self.diagnostic(
                    doc,
                    heading.start,
                    heading.end,
                    f"heading level {heading.level} follows {after}; expected level {previous + 1}",
                )
            previous = heading.level


class HeadingH1InBody(Rule):
    """The body must not have an h1 when the front matter has a title.

    ## What it does
    Reports a level-1 heading in the body of a page whose front matter has a non-empty
    title: Hugo themes render that title as the page's h1, so the body's h1 is a second
    one. It points at the `#` marker (for a setext heading, at its text line).

    ## Why is this bad?
    Two h1 headings make the outline ambiguous for readers, screen readers and search
    engines, and usually the body's h1 repeats the title.

    ## Example
    ```markdown
    ---
    title: "芯片出口管制新规"
    ---

    # 芯片出口管制新规

    正文。
    ```
    Use instead:
    ```markdown
    ---
    title: "芯片出口管制新规"
    ---

    正文。
    ```

    ## Options
    - `title-keys` (list of strings, default `["title"]`): front-matter keys that hold the
      page title.
    """

    name = "heading-h1-in-body"
    code = "LN302"
    severity = Severity.WARNING

    class Options(_TitleOptions):
        pass

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        found = headings(doc)
        if not any(heading.level == 1 for heading in found):
            return
        title_key = _front_matter_title(doc, self.options.title_keys)
        if title_key is None:
            return
        for heading in found:
            if heading.level == 1:
                yield self.diagnostic(
                    doc,
                    heading.start,
                    heading.end,
                    f'level-1 heading in the body, but the front-matter "{title_key}" '
                    "is already the page's h1",
                )


class HeadingEmpty(Rule):
    """Headings must have text.

    ## What it does
    Reports an ATX or setext heading with nothing to read: `##` alone, or only spaces,
    emphasis markers (`**`) or HTML tags (`<a id="x"></a>`). Code, images and Hugo
    shortcodes count as content. It points at the `#` markers (for a setext heading, at
    its text line).

    ## Why is this bad?
    An empty heading shows as a blank gap and an empty entry in the table of contents,
    and usually means its text was lost in editing.

    ## Example
    ```markdown
    ##

    正文。
    ```
    Use instead:
    ```markdown
    ## 背景

    正文。
    ```

    ## Options
    None.
    """

    name = "heading-empty"
    code = "LN303"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for heading in headings(doc):
            if _PLAIN_VISIBLE.fullmatch(heading.inline.content):
                continue
            if not _has_visible_content(doc.inline_children(heading.inline)):
                yield self.diagnostic(doc, heading.start, heading.end, "heading has no text")


def _has_visible_content(children: list[Token]) -> bool:
    for child in children:
        if child.type in ("code_inline", "image"):
            return True
        if child.type == "text" and not _EMPTY_TEXT.fullmatch(child.content):
            return True
    return False


class HeadingStyle(Rule):
    """Headings must use one style: ATX (`## Title`) or setext (underlined).

    ## What it does
    With `style = "consistent"` (the default), the first level-1 or level-2 heading sets
    the file's style and every other level-1/2 heading in the other style is reported.
    With `atx` or `setext`, level-1/2 headings in the other style are reported. Levels 3
    to 6 can only be written as ATX, so they never count as a different style. It points
    at the `#` markers of an ATX heading, or the text line of a setext heading.

    A fix rewrites the heading in the expected style when that is trivially safe: the
    heading is not inside a list or block quote, a setext heading has one text line that
    does not end like an ATX closing sequence, and an ATX heading follows a blank line and
    starts with a letter, digit or CJK character.

    ## Why is this bad?
    Mixed styles make the source harder to read and to edit consistently, and tools that
    search for `## ` miss setext headings.

    ## Example
    ```markdown
    o3-mini 全线开放
    ----------------

    ## 变快变便宜
    ```
    Use instead:
    ```markdown
    o3-mini 全线开放
    ----------------

    变快变便宜
    ----------
    ```

    ## Options
    - `style` (`"consistent"`, `"atx"` or `"setext"`, default `"consistent"`): the
      heading style to require.
    """

    name = "heading-style"
    code = "LN304"
    severity = Severity.WARNING

    class Options(RuleOptions):
        style: Literal["consistent", "atx", "setext"] = "consistent"

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        comparable = [heading for heading in headings(doc) if heading.level <= 2]
        if not comparable:
            return
        expected = self.options.style
        first = comparable[0]
        if expected == "consistent":
            expected = first.style
            reason = f"this file's headings are {expected} (first on line {first.line})"
        else:
            reason = f"the configured style is {expected}"
        for heading in comparable:
            if heading.style == expected:
                continue
            yield self.diagnostic(
                doc,
                heading.start,
                heading.end,
                f"{heading.style} heading, but {reason}",
                self._restyle(doc, heading),
            )

    def _restyle(self, doc: Document, heading: Heading) -> Fix | None:
        if heading.in_container or "\n" in heading.content:
            return None
        text = heading.content.strip()
        if not text:
            return None
        index = doc.index
        line_start = index.starts[heading.line - 1]
        if heading.style == "setext":
            if _LOOKS_CLOSED.search(text):
                return None
            return Fix(
                message="rewrite as an ATX heading",
                edits=(
                    Edit(
                        line_start,
                        index.line_end(heading.line + 1),
                        "#" * heading.level + " " + text,
                    ),
                ),
            )
        previous_blank = heading.line == 1 or not index.line_text(heading.line - 1).strip()
        first = text[0]
        starts_plainly = first.isalpha() or (first.isdigit() and _plain_digit(text))
        if not previous_blank or not starts_plainly:
            return None
        line_end = index.line_end(heading.line)
        next_start = index.starts[heading.line] if heading.line < index.line_count else line_end
        line_break = doc.text[line_end:next_start] or "\n"
        underline = ("=" if heading.level == 1 else "-") * max(display_width(text), 3)
        return Fix(
            message="rewrite as a setext heading",
            edits=(Edit(line_start, line_end, f"{text}{line_break}{underline}"),),
        )


def _plain_digit(text: str) -> bool:
    """``1. Foo`` or ``1) Foo`` would become a list item once the `#` is gone."""
    return re.match(r"\d+[.)]", text) is None


RULES = (HeadingIncrement, HeadingH1InBody, HeadingEmpty, HeadingStyle)
