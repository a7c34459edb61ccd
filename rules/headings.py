"""Rules about headings: levels, the page title, empty headings and heading style."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Literal

from lintnews_rules.heading_conventions import heading_conventions
from lintnews_rules.heading_outline import (
    Heading,
    front_matter_title,
    headings,
    outline,
    repeats_title,
)

from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import message as msg
from lintnews.common.text import display_width
from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.plugin.lazymodel import Field
from lintnews.plugin.rule import Convention, Rule, RuleOptions

if TYPE_CHECKING:
    from markdown_it.token import Token

_EMPTY_TEXT = re.compile(r"[\s*_~]*")
# Heading text that is plain words, with nothing inline parsing could turn into markup or
# hide: it is visible without parsing it.
_PLAIN_VISIBLE = re.compile(r"(?=.*\w)[^<>*_~\[\]!`\\&]*", re.DOTALL)
# An ATX closing sequence: text ending like this would lose its last `#`s. Compiled on
# first use: only setext headings need it.
_LOOKS_CLOSED = LazyPattern(r"(?:^|[ \t])#+[ \t]*$")


SectionLevel = Literal["per-post"] | Annotated[int, Field(ge=1, le=6)]


class _TitleOptions(RuleOptions):
    #: Front-matter keys whose value the theme renders as the page's h1.
    title_keys: tuple[str, ...] = ("title",)
    #: The level of the site's top-level body sections, or "per-post": each post's first
    #: heading sets its own top level (what `lintnews init` writes when the site agrees).
    section_level: SectionLevel = "per-post"


class HeadingIncrement(Rule):
    """Heading levels must go down one level at a time.

    ## What it does
    Reports a heading more than one level deeper than the heading before it in the same
    post (h2 followed by h5), as markdownlint's MD001 does. Going back up by any number
    of levels is fine. The post's first heading may be at any level: a blog whose posts
    open their sections at `###` keeps that as its convention, and only a jump inside a
    post is a skipped level. With `section-level` set, the first heading under a
    front-matter title must be at most that level (or one below the title). An h1 that
    repeats the title is left to `heading-h1-in-body`. It points at the heading's `#`
    markers (for a setext heading, at its text line).

    `lintnews init` sets `section-level` when every post with a title and headings
    already opens its sections at one level (or one below the title), so new posts that
    start deeper are reported while nothing in the site today is.

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
    - `section-level` (`"per-post"` or 1 to 6, default `"per-post"`): the deepest level
      a post's first heading may take under a front-matter title; `"per-post"` accepts
      whatever level each post starts at.
    - `title-keys` (list of strings, default `["title"]`): front-matter keys that hold the
      page title, the first non-empty one counting as the page's heading.
    - `title-level` (1 to 6, default 1): the heading level the site's theme renders the
      title at. Some themes use h2 (blog.rust-lang.org's Zola templates do); then `###`
      may open the body even with `section-level = 2`.
    """

    name = "heading-increment"
    code = "LN301"
    severity = Severity.WARNING

    class Options(_TitleOptions):
        title_level: int = Field(default=1, ge=1, le=6)

    def learn_convention(self, articles: Sequence[Document]) -> Convention:
        return heading_conventions(articles).for_increment()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        titled = front_matter_title(doc, self.options.title_keys)
        found = outline(doc, titled[1] if titled else None)
        if not found:
            return
        first = found[0]
        section_level = self.options.section_level
        if titled and section_level != "per-post":
            title_level = self.options.title_level
            deepest = max(section_level, title_level + 1)
            if first.level > deepest:
                yield self.diagnostic(
                    doc,
                    first.start,
                    first.end,
                    msg(
                        'this heading skips a level: the outline goes from the page title (front-matter "{titled}", level {title_level}) straight to level {level}; this site\'s posts open their sections at level {deepest} or above',
                        titled=titled[0],
                        title_level=title_level,
                        level=first.level,
                        deepest=deepest,
                    ),
                )
        previous = first.level
        for heading in found[1:]:
            if heading.level > previous + 1:
                yield self.diagnostic(
                    doc,
                    heading.start,
                    heading.end,
                    msg(
                        "this heading skips a level: the outline goes from a level-{previous} section straight to level {level}; make it level {value}",
                        previous=previous,
                        level=heading.level,
                        value=previous + 1,
                    ),
                )
            previous = heading.level


class HeadingH1InBody(Rule):
    """The body must not have a stray h1 when the front matter has a title.

    ## What it does
    Hugo themes render the front-matter title as the page's h1. Under a non-empty title
    this rule reports a level-1 heading in the body that
    - repeats the title (readers see the title twice), always;
    - stands among a post's lower-level sections: the post's first heading is h2 or
      deeper, so a later h1 outranks every section around it.
    A post whose sections are h1 from its first heading on (`# 引言`, `# 方法`) keeps that
    scheme: many sites write their top-level sections with `#`. `section-level` sets the
    site's convention instead: 1 allows h1 sections in every post, 2 or deeper reports
    every body h1. It points at the `#` marker (for a setext heading, at its text line).

    `lintnews init` sets `section-level = 1` when at least three quarters of the posts
    with a title and headings open their sections with h1 (cosx.org's contributor guide
    asks for that), and 2 when no post has a body h1 other than a repeated title.

    ## Why is this bad?
    Two h1 headings make the outline ambiguous for readers, screen readers and search
    engines; an h1 among h2 sections makes one section look like a second title.

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
    - `section-level` (`"per-post"` or 1 to 6, default `"per-post"`): the level of the
      site's top-level body sections; `"per-post"` takes each post's first heading.
    - `title-keys` (list of strings, default `["title"]`): front-matter keys that hold the
      page title.
    """

    name = "heading-h1-in-body"
    code = "LN302"
    severity = Severity.WARNING

    class Options(_TitleOptions):
        pass

    def learn_convention(self, articles: Sequence[Document]) -> Convention:
        return heading_conventions(articles).for_h1_in_body()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        found = headings(doc)
        if not any(heading.level == 1 for heading in found):
            return
        titled = front_matter_title(doc, self.options.title_keys)
        if titled is None:
            return
        key, title = titled
        section_level = self.options.section_level
        sections = outline(doc, title)
        if section_level == "per-post":
            section_level = sections[0].level if sections else 1
        for heading in found:
            if heading.level != 1:
                continue
            if repeats_title(heading, title):
                message = msg(
                    'readers will see the title twice: this level-1 heading repeats the front-matter "{key}", which the theme already shows as the page\'s title',
                    key=key,
                )
            elif section_level == 1:
                continue
            else:
                message = msg(
                    'this level-1 heading ranks with the page title, above the level-{section_level} sections around it; readers and the table of contents see a second title (the front-matter "{key}" is the first)',
                    section_level=section_level,
                    key=key,
                )
            yield self.diagnostic(doc, heading.start, heading.end, message)


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
                yield self.diagnostic(
                    doc,
                    heading.start,
                    heading.end,
                    msg(
                        "readers will see an empty heading: a blank gap in the page and an empty entry in the table of contents; the heading has no text"
                    ),
                )


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
    With `style = "consistent"` (the default), the style most of the file's level-1 and
    level-2 headings use is the file's style (on a tie, ATX when the file has deeper
    headings, which are all ATX, else the first heading's style), and every
    level-1/2 heading in the other style is reported: one setext title above `##`
    sections does not turn the sections into departures. With `atx` or `setext`, level-1/2
    headings in the other style are reported. Levels 3 to 6 can only be written as ATX, so
    they never count as a different style. It points at the `#` markers of an ATX
    heading, or the text line of a setext heading.

    `lintnews init` sets `style` when every level-1/2 heading of the site already uses one
    style, so a new post in the other style is reported while nothing today is.

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

    def learn_convention(self, articles: Sequence[Document]) -> Convention:
        return heading_conventions(articles).for_style()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        comparable = [heading for heading in headings(doc) if heading.level <= 2]
        if not comparable:
            return
        expected = self.options.style
        if expected == "consistent":
            atx = sum(1 for heading in comparable if heading.style == "atx")
            setext = len(comparable) - atx
            if atx != setext:
                expected = "atx" if atx > setext else "setext"
                reason = msg(
                    "{used} of the {comparable} level-1/2 headings in this file are {style_words}",
                    used=max(atx, setext),
                    comparable=len(comparable),
                    style_words=_STYLE_WORDS[expected],
                )
            else:
                expected, reason = self._tie_break(doc, comparable)
        else:
            reason = msg(
                "the configured style is {style_words}", style_words=_STYLE_WORDS[expected]
            )
        for heading in comparable:
            if heading.style == expected:
                continue
            yield self.diagnostic(
                doc,
                heading.start,
                heading.end,
                msg(
                    "this heading is {style_words}, but {reason}",
                    style_words=_STYLE_WORDS[heading.style],
                    reason=reason,
                ),
                self._restyle(doc, heading),
            )

    @staticmethod
    def _tie_break(doc: Document, comparable: list[Heading]) -> tuple[str, str]:
        """As many level-1/2 headings of each style: the file's deeper headings, all ATX
        (setext has two levels only), say which style it is written in; else the first."""
        if any(heading.level > 2 for heading in headings(doc)):
            return "atx", msg(
                "most headings in this file are written with # (the level-1/2 headings are "
                "split evenly)"
            )
        first = comparable[0].style
        return first, msg(
            "the first heading in this file is {style_words}", style_words=_STYLE_WORDS[first]
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
                message=msg("rewrite as an ATX heading"),
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
            message=msg("rewrite as a setext heading"),
            edits=(Edit(line_start, line_end, f"{text}{line_break}{underline}"),),
        )


_STYLE_WORDS = {"atx": msg("written with # (ATX)"), "setext": msg("underlined (setext)")}


def _plain_digit(text: str) -> bool:
    """``1. Foo`` or ``1) Foo`` would become a list item once the `#` is gone."""
    return re.match(r"\d+[.)]", text) is None


RULES = (HeadingIncrement, HeadingH1InBody, HeadingEmpty, HeadingStyle)
