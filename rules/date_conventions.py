"""What ``date-format`` learns of a site: the house style its dates are written in.

A style is learnt only when one shape covers every readable date (:data:`DATE_STYLE_SHARE`):
a style that valid dates break is not a house style, and writing it would report them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from lintnews_rules.date_values import date_values, matches_style

from lintnews.common.dates import HugoDateError, parse_hugo_date
from lintnews.common.messages import joined
from lintnews.common.messages import message as msg
from lintnews.common.words import percent
from lintnews.model.document import Document
from lintnews.plugin.rule import Convention
from lintnews.site.hugo_keys import HUGO_DATE_KEYS

#: A house date style is learnt only when every readable date already follows it.
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
    """The dominant way a site's dates are written, if one dominates."""

    style: str = "any-hugo"
    readable: int = 0  # date values Hugo reads (the style applies to those)
    matching: int = 0  # of which written in ``style``
    unreadable: int = 0
    shapes: Counter[str] = field(default_factory=Counter)
    reason: str = ""

    def convention(self) -> Convention:
        options = {"style": self.style} if self.style != "any-hugo" else {}
        seen: list[str] = []
        if self.shapes:
            shapes = joined(
                ", ",
                (
                    (msg("other") if shape == "other" else style_example(shape)) + f" ×{count}"
                    for shape, count in self.shapes.most_common()
                ),
            )
            seen.append(msg("dates written like: {shapes}", shapes=shapes))
        if self.unreadable:
            seen.append(
                msg(
                    "{count} date Hugo cannot read (date-format reports such dates whatever "
                    "the style)"
                    if self.unreadable == 1
                    else "{count} dates Hugo cannot read (date-format reports such dates "
                    "whatever the style)",
                    count=self.unreadable,
                )
            )
        return Convention(options, self.reason, tuple(seen))


def style_example(style: str) -> str:
    """How a date looks in a style, e.g. ``2006-01-02T15:04:05+08:00``."""
    if style == "rfc3339":
        return _SAMPLE_INSTANT.isoformat()
    return _SAMPLE_INSTANT.strftime(style)


def _readable(value: object) -> bool | None:
    """Whether Hugo reads a set date value; None when it is no date at all."""
    try:
        parsed = parse_hugo_date(value)
    except HugoDateError:
        return False
    return None if parsed is None else True


def infer_date_style(articles: Sequence[Document], date_keys: Sequence[str]) -> DateStyle:
    """The house style of the dates under Hugo's date keys and the site's own."""
    result = DateStyle()
    texts: list[str | None] = []
    for doc in articles:
        for value in date_values(doc, (*HUGO_DATE_KEYS, *date_keys)):
            if isinstance(value.value, bool | float | list | dict) or value.value in (None, ""):
                continue
            readable = _readable(value.value)
            if readable is None:
                continue
            if not readable:
                result.unreadable += 1
                continue
            texts.append(value.text)
    result.readable = len(texts)
    for text in texts:
        shape = next((style for style in _STYLES if matches_style(text, style)), "other")
        result.shapes[shape] += 1
    if result.readable < DATE_STYLE_MIN_VALUES:
        result.reason = msg(
            '{count} readable dates are too few to call a house style; style stays "any-hugo"',
            count=result.readable,
        )
        return result
    for style in _STYLES:
        matching = sum(1 for text in texts if matches_style(text, style))
        if matching >= DATE_STYLE_SHARE * result.readable:
            result.style, result.matching = style, matching
            result.reason = msg(
                "{matching} of {readable} dates ({share}) are written like {example}",
                matching=matching,
                readable=result.readable,
                share=percent(matching, result.readable),
                example=style_example(style),
            )
            if matching < result.readable:
                result.reason += msg(
                    "; date-format will report the other {count}",
                    count=result.readable - matching,
                )
            return result
    top, count = result.shapes.most_common(1)[0]
    shown = (
        msg("other shapes") if top == "other" else msg("like {example}", example=style_example(top))
    )
    result.reason = msg(
        "no style covers {needed} of the {readable} dates (the most common, {shown}, {share}); "
        'style stays "any-hugo"',
        needed=percent(DATE_STYLE_SHARE, 1),
        readable=result.readable,
        shown=shown,
        share=percent(count, result.readable),
    )
    return result
