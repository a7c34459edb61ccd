"""Front-matter date values with where their text is, and the house styles they are in.

Shared by the date rules and by what ``date-format`` learns of a site's style.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from lintnews.common.lazyre import LazyPattern
from lintnews.model.document import Document
from lintnews.model.frontmatter import Entry

# Only the rfc3339 house style needs it.
_RFC3339 = LazyPattern(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True, slots=True)
class DateValue:
    """One date value in the front matter, with the span of its text (quotes excluded)."""

    key: str
    value: object
    start: int
    end: int
    #: The source text of the value, or None when it cannot be edited in place (escapes,
    #: several lines, a JSON number).
    text: str | None

    def shown(self) -> str:
        return self.text if self.text is not None else str(self.value)


def date_values(doc: Document, keys: tuple[str, ...]) -> Iterator[DateValue]:
    """The top-level front-matter values whose key (any case) is one of ``keys``."""
    if doc.front_matter is None:
        return
    wanted = {key.lower() for key in keys}
    for key, entry in doc.front_matter.entries.items():
        if key.lower() in wanted:
            yield _located(doc, key, entry)


def _located(doc: Document, key: str, entry: Entry) -> DateValue:
    node = entry.node
    start, end = node.start, node.end
    raw = doc.text[start:end]
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        start, end, raw = start + 1, end - 1, raw[1:-1]
    value = node.value
    if isinstance(value, str):
        text = raw if raw == value and "\n" not in raw else None
    elif isinstance(value, (datetime, date)) and "\n" not in raw and raw.strip() == raw and raw:
        text = raw  # a TOML date-time written without quotes
    else:
        text = None
    return DateValue(key, value, start, end, text)


def matches_style(text: str | None, style: str) -> bool:
    """Whether date text is written in a house style: ``rfc3339`` or a strftime pattern."""
    if text is None:
        return False
    if style == "rfc3339":
        return _RFC3339.match(text) is not None
    try:
        datetime.strptime(text, style)
    except ValueError:
        return False
    return True
