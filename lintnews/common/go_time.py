"""The part of Go's ``time.Parse`` that Hugo's date layouts use, reproduced exactly.

:mod:`lintnews.common.dates` tries cast's layouts in order through :func:`go_parse`; this
module knows only Go's layout language: its elements (``2006``, ``Jan``, ``15``, ``-07:00``
...), how each reads digits and names, and where parsing stops with which problem
(:class:`ParseFailure`), so that a value fails here exactly where Go's parser fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lintnews.common.messages import message as msg

__all__ = ["ParseFailure", "ParsedTime", "go_parse", "tokenize"]

_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SHORT_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_LONG_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

# Layout elements, longest first where one is a prefix of another (as Go's nextStdChunk).
_ELEMENTS = (
    "January", "Jan", "Monday", "Mon", "MST", "2006", "-07:00", "-0700", "Z07:00", "Z0700",
    "01", "02", "03", "04", "05", "06", "15", "_2", "PM", "1", "2", "3", "4", "5",
)  # fmt: skip
_FRACTION = re.compile(r"[.,](0+|9+)(?![0-9])")


@cache
def tokenize(layout: str) -> tuple[tuple[bool, str], ...]:
    """(is_element, text) chunks of a Go layout.

    Cached, and computed on first use rather than for every layout at import: most dates
    are read by one of the first layouts tried.
    """
    chunks: list[tuple[bool, str]] = []
    literal = ""
    index = 0
    while index < len(layout):
        fraction = _FRACTION.match(layout, index) if layout[index] in ".," else None
        element = fraction.group(0) if fraction else None
        if element is None:
            element = next((e for e in _ELEMENTS if layout.startswith(e, index)), None)
        if element is None:
            literal += layout[index]
            index += 1
            continue
        if literal:
            chunks.append((False, literal))
            literal = ""
        chunks.append((True, element))
        index += len(element)
    if literal:
        chunks.append((False, literal))
    return tuple(chunks)


class ParseFailure(Exception):
    def __init__(self, consumed: int, problem: str | None = None) -> None:
        self.consumed = consumed
        self.problem = problem  # "month out of range", "extra text", ... or None


@dataclass(slots=True)
class ParsedTime:
    year: int = 0
    month: int = -1
    day: int = -1
    hour: int = 0
    minute: int = 0
    second: int = 0
    nanosecond: int = 0
    offset: int | None = None  # seconds east of UTC
    zone_name: str | None = None
    meridiem: str | None = None  # "AM" or "PM"


def _is_digit(s: str, i: int) -> bool:
    return i < len(s) and "0" <= s[i] <= "9"


def _getnum(s: str, fixed: bool) -> tuple[int, str]:
    if not _is_digit(s, 0):
        raise ValueError
    if not _is_digit(s, 1):
        if fixed:
            raise ValueError
        return int(s[0]), s[1:]
    return int(s[:2]), s[2:]


def _atoi(s: str) -> int:
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body or not all("0" <= c <= "9" for c in body):
        raise ValueError
    return -int(body) if s[0] == "-" else int(body)


def _lookup(table: tuple[str, ...], value: str) -> tuple[int, str]:
    for index, name in enumerate(table):
        if len(value) >= len(name) and value[: len(name)].lower() == name.lower():
            return index, value[len(name) :]
    raise ValueError


def _skip(value: str, literal: str) -> str:
    while literal:
        if literal[0] == " ":
            if value and value[0] != " ":
                raise ValueError
            literal = literal.lstrip(" ")
            value = value.lstrip(" ")
            continue
        if not value or value[0] != literal[0]:
            raise ValueError
        literal, value = literal[1:], value[1:]
    return value


def _signed_offset_length(value: str) -> int:
    if not value or value[0] not in "+-":
        return 0
    digits = 0
    while _is_digit(value, 1 + digits):
        digits += 1
    if digits == 0 or int(value[1 : 1 + digits]) > 23:
        return 0
    return 1 + digits


def _zone_name_length(value: str) -> int:
    """Length of a zone abbreviation at the start of ``value`` (Go's parseTimeZone), or 0."""
    if len(value) < 3:
        return 0
    if value[:4] in ("ChST", "MeST"):
        return 4
    if value[:3] == "GMT":
        return 3 + _signed_offset_length(value[3:])
    if value[0] in "+-":
        return _signed_offset_length(value)
    upper = 0
    while upper < 6 and upper < len(value) and "A" <= value[upper] <= "Z":
        upper += 1
    if upper == 3:
        return 3
    if upper == 4 and (value[3] == "T" or value[:4] == "WITA"):
        return 4
    if upper == 5 and value[4] == "T":
        return 5
    return 0


def _fraction(value: str, digits: int) -> int:
    text = value[1 : min(digits, 10)]
    return int(text.ljust(9, "0")[:9]) if text else 0


def go_parse(chunks: tuple[tuple[bool, str], ...], text: str) -> ParsedTime:
    """Go's ``time.Parse`` for one layout; raises :class:`ParseFailure` with how far it got."""
    parsed = ParsedTime()
    value = text
    for position, (is_element, element) in enumerate(chunks):
        consumed = len(text) - len(value)
        if not is_element:
            try:
                value = _skip(value, element)
            except ValueError:
                raise ParseFailure(consumed) from None
            continue
        try:
            value, problem = _parse_element(element, value, parsed, chunks[position + 1 :])
        except ValueError:
            raise ParseFailure(consumed) from None
        if problem:
            raise ParseFailure(consumed, problem)
    if value:
        # Counted past leading spaces, to rank above layouts that only matched the space.
        raise ParseFailure(len(text) - len(value.lstrip(" ")), "extra text")
    if parsed.meridiem == "PM" and parsed.hour < 12:
        parsed.hour += 12
    elif parsed.meridiem == "AM" and parsed.hour == 12:
        parsed.hour = 0
    if parsed.month < 0:
        parsed.month = 1
    if parsed.day < 0:
        parsed.day = 1
    if parsed.day < 1 or parsed.day > _days_in(parsed.month, parsed.year):
        month = _LONG_MONTHS[parsed.month - 1]
        raise ParseFailure(
            len(text),
            msg(
                "there is no day {day} in {month} {year}",
                day=parsed.day,
                month=month,
                month_number=parsed.month,
                year=parsed.year,
            ),
        )
    return parsed


def _days_in(month: int, year: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _parse_element(
    element: str, value: str, parsed: ParsedTime, rest: tuple[tuple[bool, str], ...]
) -> tuple[str, str | None]:
    """Consume one layout element; returns the remaining value and a range problem."""
    if element == "2006":
        if len(value) < 4 or not _is_digit(value, 0):
            raise ValueError
        parsed.year = _atoi(value[:4])
        return value[4:], None
    if element == "06":
        if len(value) < 2:
            raise ValueError
        year = _atoi(value[:2])
        parsed.year = year + (1900 if year >= 69 else 2000)
        return value[2:], None
    if element in ("Jan", "January"):
        index, value = _lookup(_SHORT_MONTHS if element == "Jan" else _LONG_MONTHS, value)
        parsed.month = index + 1
        return value, None
    if element in ("Mon", "Monday"):
        _, value = _lookup(_SHORT_DAYS if element == "Mon" else _LONG_DAYS, value)
        return value, None  # Go does not check the weekday against the date
    if element in ("01", "1"):
        parsed.month, value = _getnum(value, element == "01")
        return value, "month out of range" if not 1 <= parsed.month <= 12 else None
    if element in ("02", "_2", "2"):
        if element == "_2" and value[:1] == " ":
            value = value[1:]
        parsed.day, value = _getnum(value, element == "02")
        return value, None
    if element == "15":
        parsed.hour, value = _getnum(value, False)
        return value, "hour out of range" if parsed.hour >= 24 else None
    if element in ("3", "03"):
        parsed.hour, value = _getnum(value, element == "03")
        return value, "hour out of range" if parsed.hour > 12 else None
    if element in ("04", "4"):
        parsed.minute, value = _getnum(value, element == "04")
        return value, "minute out of range" if parsed.minute >= 60 else None
    if element in ("05", "5"):
        parsed.second, value = _getnum(value, element == "05")
        if parsed.second >= 60:
            return value, "second out of range"
        next_is_fraction = bool(rest) and rest[0][0] and rest[0][1][0] in ".,"
        if len(value) >= 2 and value[0] in ".," and _is_digit(value, 1) and not next_is_fraction:
            digits = 2
            while _is_digit(value, digits):
                digits += 1
            parsed.nanosecond = _fraction(value, digits)
            value = value[digits:]
        return value, None
    if element[0] in ".,":
        if element[1] == "0":
            width = len(element)
            if len(value) < width or value[0] not in ".,":
                raise ValueError
            if not all(_is_digit(value, i) for i in range(1, width)):
                raise ValueError
            parsed.nanosecond = _fraction(value, width)
            return value[width:], None
        if len(value) < 2 or value[0] not in ".," or not _is_digit(value, 1):
            return value, None  # the fraction may be left out
        digits = 1
        while _is_digit(value, digits):
            digits += 1
        parsed.nanosecond = _fraction(value, digits)
        return value[digits:], None
    if element == "PM":
        if len(value) < 2 or value[:2] not in ("PM", "AM"):
            raise ValueError
        parsed.meridiem = value[:2]
        return value[2:], None
    if element == "MST":
        if value[:3] == "UTC":
            parsed.zone_name = "UTC"
            return value[3:], None
        length = _zone_name_length(value)
        if not length:
            raise ValueError
        parsed.zone_name = value[:length]
        return value[length:], None
    return _parse_offset(element, value, parsed)


def _parse_offset(element: str, value: str, parsed: ParsedTime) -> tuple[str, str | None]:
    if element[0] == "Z" and value[:1] == "Z":
        parsed.offset = 0
        return value[1:], None
    if element.endswith(":00"):
        if len(value) < 6 or value[3] != ":":
            raise ValueError
        sign, hours, minutes, value = value[0], value[1:3], value[4:6], value[6:]
    else:
        if len(value) < 5:
            raise ValueError
        sign, hours, minutes, value = value[0], value[1:3], value[3:5], value[5:]
    hour, _ = _getnum(hours, True)
    minute, _ = _getnum(minutes, True)
    if sign not in "+-":
        raise ValueError
    parsed.offset = (hour * 60 + minute) * 60 * (-1 if sign == "-" else 1)
    if hour > 24:
        return value, "time zone offset hour out of range"
    if minute > 60:
        return value, "time zone offset minute out of range"
    return value, None
