r"""What every front-matter schema is and says: :class:`Schema`, the :class:`SchemaIssue`\ s
it finds, and the words shared by the kinds of schema (:mod:`lintnews_rules.schema_table`,
a ``[schema]`` table; :mod:`lintnews_rules.schema_pydantic`, an installed pydantic model).

Hugo reads front-matter keys case-insensitively (it lower-cases every key before looking
at it), so every schema matches keys that way, and two keys that differ only in case are
reported: Hugo keeps one of them at random (it iterates a Go map).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

from lintnews.common.messages import message as msg

# --- what the rule reports ------------------------------------------------------------


IssueKind = Literal["required", "type", "date", "unknown", "case", "model"]
#: What the site or its reader gets from each kind of issue, in an editor's words: the
#: rule says this first, then the schema's own terms.
ISSUE_EFFECTS: dict[str, str] = {
    "required": msg("The page is built without a key the site requires"),
    "type": msg("Hugo or the theme may misread this value"),
    "date": msg("Hugo cannot read this date, so the site fails to build"),
    "unknown": msg("Hugo and the theme ignore this key"),
    "case": msg("Hugo keeps only one of the two values, picked at random"),
    "model": msg("The site's schema refuses this front matter"),
}


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema violation, placed by ``path`` into the front matter.

    ``path`` holds keys as written in the file and list indexes, e.g. ``("tags", 1)``.
    ``at`` says what to underline: the ``value`` at the path, the ``key`` at the path, or
    the opening ``delimiter`` of the front matter (a missing key has no place of its own).
    ``kind`` says what the page gets from it (:data:`ISSUE_EFFECTS`).
    """

    path: tuple[str | int, ...]
    message: str
    at: Literal["value", "key", "delimiter"] = "value"
    severity: Literal["error", "warning"] = "error"
    kind: IssueKind = "type"


class Schema:
    """A front-matter schema. Subclasses implement :meth:`validate`."""

    label: str = "schema"

    @property
    def required_keys(self) -> tuple[str, ...]:
        return ()

    def validate(
        self, data: Mapping[str, Any], dates_left: frozenset[str] = frozenset()
    ) -> list[SchemaIssue]:
        """The issues of ``data``. ``dates_left``: lower-cased keys whose date text another
        rule (``date-format``) reads this run, so the schema leaves that text to it."""
        raise NotImplementedError


# --- describing values and expectations in an editor's words -----------------------


def describe_value(value: Any) -> str:
    """``the string "芯片, 出口管制"``, ``the number 3``, ``a list of 2 items``..."""
    if isinstance(value, bool):
        return msg("the boolean {value}", value=str(value).lower())
    if value is None:
        return msg("an empty value")
    if isinstance(value, str):
        if not value:
            return msg("an empty string")
        shown = value if len(value) <= 60 else value[:57] + "..."
        shown = shown.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        return msg('the string "{shown}"', shown=shown)
    if isinstance(value, int | float):
        return msg("the number {value!r}", value=value)
    if isinstance(value, datetime):
        return msg("the date and time {isoformat}", isoformat=value.isoformat())
    if isinstance(value, date):
        return msg("the date {isoformat}", isoformat=value.isoformat())
    if isinstance(value, time):
        return msg("the time of day {isoformat}", isoformat=value.isoformat())
    if isinstance(value, list | tuple):
        if not value:
            return msg("an empty list")
        return (
            msg("a list of 1 item")
            if len(value) == 1
            else msg("a list of {count} items", count=len(value))
        )
    if isinstance(value, dict):
        return msg("a table of keys")
    return msg("a {name}", name=type(value).__name__)


def shown_choice(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def place_of(path: Sequence[str | int]) -> str:
    """``tags`` / ``item 2 of tags`` / ``params.author``."""
    names: list[str] = []
    index: int | None = None
    for part in path:
        if isinstance(part, int):
            index = part
        else:
            if index is not None:
                names[-1] = f"{names[-1]}[{index + 1}]"
                index = None
            names.append(part)
    where = ".".join(names) if names else msg("the front matter")
    return (
        msg("item {number} of {where}", number=index + 1, where=where)
        if index is not None
        else where
    )


def keys_as_hugo_reads_them(
    data: Mapping[str, Any],
) -> tuple[dict[str, tuple[str, Any]], list[SchemaIssue]]:
    """Each key of the front matter lower-cased, as Hugo reads keys, with the key as written
    and its value; a later spelling of a key already seen is a :func:`case_conflict`."""
    keys: dict[str, tuple[str, Any]] = {}
    issues: list[SchemaIssue] = []
    for key, value in data.items():
        lower = str(key).lower()
        if lower in keys:
            issues.append(case_conflict(keys[lower][0], key))
        else:
            keys[lower] = (key, value)
    return keys, issues


def case_conflict(first: str, later: str) -> SchemaIssue:
    return SchemaIssue(
        (later,),
        msg(
            "{later} and {first} are the same key to Hugo, which ignores the case of keys and keeps one of them at random; keep one",
            later=later,
            first=first,
        ),
        at="key",
        kind="case",
    )


def unknown_key_message(key: str, known: Mapping[str, str]) -> str:
    """``known`` maps lower-cased keys to the names to show."""
    names = list(known.values())
    close = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.75)
    if close:
        return msg("unknown key {key}; did you mean {known}?", key=key, known=known[close[0]])
    if not names:
        return msg("unknown key {key}; the schema declares no keys", key=key)
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return msg("unknown key {key}; the schema allows {shown}", key=key, shown=shown)


NOT_FOUND = object()


def child_value(value: Any, part: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get(part, NOT_FOUND)
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return NOT_FOUND


def value_at(data: Any, loc: Sequence[Any]) -> Any:
    value = data
    for part in loc:
        child = child_value(value, part)
        if child is not NOT_FOUND:
            value = child
    return value


@dataclass(frozen=True, slots=True)
class Described:
    """Annotation metadata: how to say in words what a field accepts."""

    expected: str
