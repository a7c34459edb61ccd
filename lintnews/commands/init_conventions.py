"""``lintnews init``: the conventions a site follows, as options of the rules that use them.

The date house style (``[rules.date-format] style``) and the heading conventions
(``section-level`` and ``style`` of the heading rules), each with what init saw.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from lintnews.commands.init_schema import Article, is_set, read_date
from lintnews.commands.init_writing import counted, percent, toml_value

#: A house date style is written only when every readable date already follows it, so
#: ``init`` never turns a valid date into a finding.
DATE_STYLE_SHARE = 1.0
#: Fewer readable dates than this are too few to call anything a house style.
DATE_STYLE_MIN_VALUES = 5

#: Candidate house styles, narrowest first; each is matched exactly as date-format matches
#: it (``rfc3339`` by pattern, the others with ``strptime``).
_STYLES = (
    "rfc3339",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
)
_SAMPLE_INSTANT = datetime(2006, 1, 2, 15, 4, 5, tzinfo=timezone(timedelta(hours=8)))


@dataclass
class DateStyle:
    """The dominant way dates are written, if one dominates."""

    style: str = "any-hugo"
    readable: int = 0  # date values Hugo reads (the style applies to those)
    matching: int = 0  # of which written in ``style``
    unreadable: int = 0
    shapes: Counter[str] = field(default_factory=Counter)
    reason: str = ""


# --- dates ------------------------------------------------------------------------------


def style_example(style: str) -> str:
    """How a date looks in a style, e.g. ``2006-01-02T15:04:05+08:00``."""
    if style == "rfc3339":
        return _SAMPLE_INSTANT.isoformat()
    return _SAMPLE_INSTANT.strftime(style)


def infer_date_style(articles: list[Article], date_keys: tuple[str, ...]) -> DateStyle:
    from lintnews_rules.dates import date_values, matches_style

    from lintnews.site.hugo_keys import HUGO_DATE_KEYS

    result = DateStyle()
    texts: list[str | None] = []
    keys = (*HUGO_DATE_KEYS, *date_keys)
    for article in articles:
        for value in date_values(article.doc, keys):
            if isinstance(value.value, bool | float | list | dict) or not is_set(value.value):
                continue
            outcome = read_date(value.value)
            if outcome is None:
                continue
            if not outcome[0]:
                result.unreadable += 1
                continue
            texts.append(value.text)
    result.readable = len(texts)
    for text in texts:
        shape = next((style for style in _STYLES if matches_style(text, style)), "other")
        result.shapes[shape] += 1
    if result.readable < DATE_STYLE_MIN_VALUES:
        result.reason = (
            f"{result.readable} readable dates are too few to call a house style; "
            'style stays "any-hugo"'
        )
        return result
    for style in _STYLES:
        matching = sum(1 for text in texts if matches_style(text, style))
        if matching >= DATE_STYLE_SHARE * result.readable:
            result.style, result.matching = style, matching
            result.reason = (
                f"{matching} of {result.readable} dates ({percent(matching, result.readable)}) "
                f"are written like {style_example(style)}"
            )
            if matching < result.readable:
                result.reason += f"; date-format will report the other {result.readable - matching}"
            return result
    top, count = result.shapes.most_common(1)[0]
    shown = "other shapes" if top == "other" else f"like {style_example(top)}"
    result.reason = (
        f"no style covers {percent(DATE_STYLE_SHARE, 1)} of the {result.readable} dates "
        f"(the most common, {shown}, {percent(count, result.readable)}); "
        'style stays "any-hugo"'
    )
    return result


# --- heading conventions ------------------------------------------------------------------

#: Share of the posts (with a title and headings) that must open their sections with h1
#: before h1 sections count as the site's convention.
H1_SECTIONS_SHARE = 0.75
#: Fewer posts or headings than this are too few to call anything a convention.
HEADING_MIN_POSTS = 10


@dataclass
class HeadingConventions:
    """How the site's posts use heading levels and styles, and what the rules take from it.

    A convention that relaxes a rule (h1 sections) is written when a clear majority
    follows it; one that tightens a rule (every post opens at h2, every heading is ATX)
    only when every post already follows it, so init never adds a finding to the site.
    """

    #: Posts with a front-matter title and headings, by the level their outline opens at
    #: (an h1 repeating the title does not count).
    opened_at: Counter[int] = field(default_factory=Counter)
    #: Of those, posts with a body h1 other than a repeated title.
    with_h1: int = 0
    #: Level-1/2 headings by style, over every article.
    styles: Counter[str] = field(default_factory=Counter)

    @property
    def posts(self) -> int:
        return sum(self.opened_at.values())

    def section_level_for_h1(self) -> int | None:
        """``heading-h1-in-body`` section-level: 1 for h1 sections, 2 when no post has an h1."""
        if self.posts < HEADING_MIN_POSTS:
            return None
        if self.opened_at[1] >= H1_SECTIONS_SHARE * self.posts:
            return 1
        return 2 if self.with_h1 == 0 else None

    def section_level_for_increment(self) -> int | None:
        """``heading-increment`` section-level, when every post opens at h1 or h2."""
        if self.posts < HEADING_MIN_POSTS or max(self.opened_at) > 2:
            return None
        return 2

    def style(self) -> str | None:
        if sum(self.styles.values()) < HEADING_MIN_POSTS or len(self.styles) != 1:
            return None
        return next(iter(self.styles))

    def rule_options(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        if (level := self.section_level_for_h1()) is not None:
            found["heading-h1-in-body"] = {"section-level": level}
        if (level := self.section_level_for_increment()) is not None:
            found["heading-increment"] = {"section-level": level}
        if (style := self.style()) is not None:
            found["heading-style"] = {"style": style}
        return found

    def opened(self) -> str:
        return ", ".join(f"h{level} ×{count}" for level, count in sorted(self.opened_at.items()))

    def notes(self) -> list[str]:
        """What was seen and what each heading rule takes from it, in the report's words."""
        posts = self.posts
        if posts < HEADING_MIN_POSTS:
            few = (
                f"{counted(posts, 'post')} with a title and headings are too few to call a "
                "convention: each post's first heading sets its own level"
            )
            return [f"of {posts} posts with a title and headings", few, few, self._style_note()]
        h1 = self.opened_at[1]
        seen = f"of {posts} posts with a title and headings, the first section is {self.opened()}"
        notes = [seen]
        level = self.section_level_for_h1()
        if level == 1:
            notes.append(
                f"heading-h1-in-body: {h1} of {posts} posts ({percent(h1, posts)}) write "
                "their top-level sections with # (h1): section-level = 1, h1 sections "
                "are this site's convention (an h1 repeating the title is still reported)"
            )
        elif level == 2:
            notes.append(
                "heading-h1-in-body: no post has a body h1 besides a repeated title: "
                "section-level = 2, a new post's h1 is reported"
            )
        else:
            notes.append(
                f"heading-h1-in-body: {h1} of {posts} posts ({percent(h1, posts)}) open "
                f"with h1, below {percent(H1_SECTIONS_SHARE, 1)}: no site convention, "
                "each post's first heading sets its own level"
            )
        if self.section_level_for_increment() is not None:
            notes.append(
                "heading-increment: every post opens at h1 or h2: section-level = 2, a new "
                "post opening deeper is reported"
            )
        else:
            notes.append(
                "heading-increment: posts open at several levels: each post's first "
                "heading is its top level; only jumps inside a post are reported"
            )
        return [*notes, self._style_note()]

    def _style_note(self) -> str:
        if (style := self.style()) is not None:
            count = self.styles[style]
            return f'heading-style: all {count} level-1/2 headings are {style}: style = "{style}"'
        styles = ", ".join(f"{style} ×{count}" for style, count in self.styles.most_common())
        return (
            f"heading-style: level-1/2 headings {styles or 'none'}: not one style (or too "
            'few), style stays "consistent" (each file\'s majority)'
        )


def infer_headings(articles: list[Article]) -> HeadingConventions:
    from lintnews_rules.headings import headings, outline, repeats_title, title_of

    seen = HeadingConventions()
    for article in articles:
        found = headings(article.doc)
        seen.styles.update(heading.style for heading in found if heading.level <= 2)
        title = title_of(article.doc)
        if title is None:
            continue
        sections = outline(article.doc, title)
        if not sections:
            continue
        seen.opened_at[sections[0].level] += 1
        if any(heading.level == 1 and not repeats_title(heading, title) for heading in found):
            seen.with_h1 += 1
    return seen


def heading_config_lines(conventions: HeadingConventions) -> list[str]:
    """The heading rules' settings, each under a comment saying what init saw."""
    lines: list[str] = []
    comments = conventions.notes()
    options = conventions.rule_options()
    seen = comments[0]
    rules = ("heading-h1-in-body", "heading-increment", "heading-style")
    for rule, note in zip(rules, comments[1:], strict=True):
        text = f"{seen}. {note}." if rule != "heading-style" else f"{note}."
        lines += textwrap.wrap(text, 88, initial_indent="# ", subsequent_indent="# ")
        if rule in options:
            lines.append(f"[rules.{rule}]")
            lines += [f"{key} = {toml_value(value)}" for key, value in options[rule].items()]
        lines.append("")
    return lines
