"""What the heading rules learn of a site: the level its sections open at, and its style.

A convention that relaxes a rule (h1 sections) is learnt when a clear majority follows it;
one that tightens a rule (every post opens at h2, every heading is ATX) only when every
post already follows it, so ``lintnews init`` never adds a finding to the site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from lintnews_rules.heading_outline import headings, outline, repeats_title, title_of

from lintnews.common.messages import message as msg
from lintnews.common.words import percent
from lintnews.model.document import Document
from lintnews.plugin.rule import Convention

#: Share of the posts (with a title and headings) that must open their sections with h1
#: before h1 sections count as the site's convention.
H1_SECTIONS_SHARE = 0.75
#: Fewer posts or headings than this are too few to call anything a convention.
HEADING_MIN_POSTS = 10


@dataclass
class HeadingConventions:
    """How a site's posts use heading levels and styles."""

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

    def seen(self) -> str:
        opened = ", ".join(f"h{level} ×{count}" for level, count in sorted(self.opened_at.items()))
        if self.posts < HEADING_MIN_POSTS:
            return msg("of {posts} posts with a title and headings", posts=self.posts)
        return msg(
            "of {posts} posts with a title and headings, the first section is {opened}",
            posts=self.posts,
            opened=opened,
        )

    def _too_few(self) -> Convention | None:
        if self.posts >= HEADING_MIN_POSTS:
            return None
        return Convention(
            {},
            msg(
                "{seen}: {count} post with a title and headings are too few to call a "
                "convention: each post's first heading sets its own level"
                if self.posts == 1
                else "{seen}: {count} posts with a title and headings are too few to call a "
                "convention: each post's first heading sets its own level",
                seen=self.seen(),
                count=self.posts,
            ),
        )

    def for_h1_in_body(self) -> Convention:
        """``heading-h1-in-body`` section-level: 1 for h1 sections, 2 when no post has an h1."""
        if (too_few := self._too_few()) is not None:
            return too_few
        posts, h1 = self.posts, self.opened_at[1]
        if h1 >= H1_SECTIONS_SHARE * posts:
            return Convention(
                {"section-level": 1},
                msg(
                    "{seen}: {h1} of {posts} posts ({share}) write their top-level sections "
                    "with # (h1): section-level = 1, h1 sections are this site's convention "
                    "(an h1 repeating the title is still reported)",
                    seen=self.seen(),
                    h1=h1,
                    posts=posts,
                    share=percent(h1, posts),
                ),
            )
        if self.with_h1 == 0:
            return Convention(
                {"section-level": 2},
                msg(
                    "{seen}: no post has a body h1 besides a repeated title: section-level = 2, "
                    "a new post's h1 is reported",
                    seen=self.seen(),
                ),
            )
        return Convention(
            {},
            msg(
                "{seen}: {h1} of {posts} posts ({share}) open with h1, below {needed}: no site "
                "convention, each post's first heading sets its own level",
                seen=self.seen(),
                h1=h1,
                posts=posts,
                share=percent(h1, posts),
                needed=percent(H1_SECTIONS_SHARE, 1),
            ),
        )

    def for_increment(self) -> Convention:
        """``heading-increment`` section-level, when every post opens at h1 or h2."""
        if (too_few := self._too_few()) is not None:
            return too_few
        if max(self.opened_at) > 2:
            return Convention(
                {},
                msg(
                    "{seen}: posts open at several levels: each post's first heading is its "
                    "top level; only jumps inside a post are reported",
                    seen=self.seen(),
                ),
            )
        return Convention(
            {"section-level": 2},
            msg(
                "{seen}: every post opens at h1 or h2: section-level = 2, a new post opening "
                "deeper is reported",
                seen=self.seen(),
            ),
        )

    def for_style(self) -> Convention:
        """``heading-style`` style, when every level-1/2 heading of the site has one style."""
        if sum(self.styles.values()) >= HEADING_MIN_POSTS and len(self.styles) == 1:
            style, count = next(iter(self.styles.items()))
            return Convention(
                {"style": style},
                msg(
                    'all {count} level-1/2 headings are {style}: style = "{style}"',
                    count=count,
                    style=style,
                ),
            )
        styles = ", ".join(f"{style} ×{count}" for style, count in self.styles.most_common())
        return Convention(
            {},
            msg(
                "level-1/2 headings {styles}: not one style (or too few), style stays "
                '"consistent" (each file\'s majority)',
                styles=styles or msg("none"),
            ),
        )


def heading_conventions(articles: Sequence[Document]) -> HeadingConventions:
    """What the posts among ``articles`` do with their headings."""
    seen = HeadingConventions()
    for doc in articles:
        found = headings(doc)
        seen.styles.update(heading.style for heading in found if heading.level <= 2)
        title = title_of(doc)
        if title is None:
            continue
        sections = outline(doc, title)
        if not sections:
            continue
        seen.opened_at[sections[0].level] += 1
        if any(heading.level == 1 and not repeats_title(heading, title) for heading in found):
            seen.with_h1 += 1
    return seen
