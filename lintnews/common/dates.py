"""Reading front-matter dates exactly as Hugo does.

Hugo turns a front-matter date into a time with ``htime.ToTimeInDefaultLocationE``: TOML
local dates and date-times are placed in the site's ``timeZone``; everything else goes
to spf13/cast's ``ToTimeInDefaultLocationE``, which takes integers as Unix seconds and
strings through a fixed list of Go layouts (cast's ``timeFormats``), tried in order, the
first that Go's ``time.Parse`` accepts winning. This module re-implements that list (the
parts of Go's layout parser those layouts use are :mod:`lintnews.common.go_time`), so that a
value is accepted here if and only if Hugo accepts it, and is resolved to the same instant.

Go's parser has quirks that editors meet in real files, all reproduced here:

* the hour element ``15`` takes one or two digits, so ``2019-12-09T7:15:43+08:00`` is
  accepted (Go's RFC 3339 fast path refuses it, then the general parser accepts it);
  minutes, seconds, months and days (``04``, ``05``, ``01``, ``02``) need two digits;
* ``+0800`` (no colon) is accepted after a ``T`` or a space, because cast lists the
  layouts ``2006-01-02T15:04:05-0700`` and ``2006-01-02 15:04:05Z0700``; ``+08`` is not;
* a fraction of a second is accepted after the seconds even where the layout has none;
* a zone *name* (``GMT``, ``UTC``, ``CST``) never sets the offset: cast re-reads such
  values as wall-clock time in the site's time zone, so ``Wed, 07 Jul 2021 08:27:45 GMT``
  is 08:27:45 in the site's zone, not in GMT;
* a time without a date (``10:30:00``, ``3:04PM``, ``Jan _2 15:04:05``) is accepted and
  dated 1 January of year 0 -- never what an editor meant, so it is reported as an error
  whose :attr:`HugoDateError.hugo_accepts` is true;
* slashes (``2023/03/16``), full-width digits and colons (``13：00``), ``年月日`` and a
  lower-case ``t`` are all refused.

Unset is ``None`` or ``""`` (Hugo skips the key). Booleans, floats, lists and maps are
refused, as cast refuses them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from lintnews.common.go_time import ParsedTime, ParseFailure, go_parse, tokenize
from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import message as msg

__all__ = ["HUGO_LAYOUTS", "HugoDate", "HugoDateError", "parse_hugo_date", "suggest_hugo_date"]


@dataclass(frozen=True, slots=True)
class HugoDate:
    """A date as Hugo reads it.

    ``instant`` is timezone-aware; when the text had no UTC offset it is the wall-clock
    time placed in the site's time zone (``has_offset`` is then false). ``layout`` is the
    Go layout (or value kind, e.g. ``unix``, ``toml-local-date``) that matched.
    """

    instant: datetime
    has_offset: bool
    layout: str
    date_only: bool


class HugoDateError(ValueError):
    """A value Hugo does not read as the date the editor wrote.

    ``reason`` explains why in an editor's words; ``suggestion`` is corrected text that
    Hugo reads, when the intent is clear. ``hugo_accepts`` is true for values Hugo takes
    but turns into nonsense (a time without a date becomes year 0).
    """

    def __init__(self, reason: str, suggestion: str | None = None, *, hugo_accepts: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.suggestion = suggestion
        self.hugo_accepts = hugo_accepts


# --- cast's layout list ------------------------------------------------------------

_NONE, _NAMED, _NUMERIC, _NUMERIC_AND_NAMED, _TIME_ONLY = range(5)

#: cast's ``timeFormats`` (spf13/cast, as used by current Hugo), in cast's order:
#: (Go constant or layout, layout, kind of zone information).
HUGO_LAYOUTS: tuple[tuple[str, str, int], ...] = (
    ("RFC3339", "2006-01-02T15:04:05Z07:00", _NUMERIC),
    ("2006-01-02T15:04:05", "2006-01-02T15:04:05", _NONE),
    ("RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700", _NUMERIC),
    ("RFC1123", "Mon, 02 Jan 2006 15:04:05 MST", _NAMED),
    ("RFC822Z", "02 Jan 06 15:04 -0700", _NUMERIC),
    ("RFC822", "02 Jan 06 15:04 MST", _NAMED),
    ("RFC850", "Monday, 02-Jan-06 15:04:05 MST", _NAMED),
    (
        "2006-01-02 15:04:05.999999999 -0700 MST",
        "2006-01-02 15:04:05.999999999 -0700 MST",
        _NUMERIC_AND_NAMED,
    ),
    ("2006-01-02T15:04:05-0700", "2006-01-02T15:04:05-0700", _NUMERIC),
    ("2006-01-02 15:04:05Z0700", "2006-01-02 15:04:05Z0700", _NUMERIC),
    ("DateTime", "2006-01-02 15:04:05", _NONE),
    ("ANSIC", "Mon Jan _2 15:04:05 2006", _NONE),
    ("UnixDate", "Mon Jan _2 15:04:05 MST 2006", _NAMED),
    ("RubyDate", "Mon Jan 02 15:04:05 -0700 2006", _NUMERIC),
    ("2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z07:00", _NUMERIC),
    ("DateOnly", "2006-01-02", _NONE),
    ("02 Jan 2006", "02 Jan 2006", _NONE),
    ("2006-01-02 15:04:05 -07:00", "2006-01-02 15:04:05 -07:00", _NUMERIC),
    ("2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -0700", _NUMERIC),
    ("Kitchen", "3:04PM", _TIME_ONLY),
    ("Stamp", "Jan _2 15:04:05", _TIME_ONLY),
    ("StampMilli", "Jan _2 15:04:05.000", _TIME_ONLY),
    ("StampMicro", "Jan _2 15:04:05.000000", _TIME_ONLY),
    ("StampNano", "Jan _2 15:04:05.000000000", _TIME_ONLY),
    ("TimeOnly", "15:04:05", _TIME_ONLY),
)

_DATE_ONLY_LAYOUTS = {"DateOnly", "02 Jan 2006"}


# --- public API --------------------------------------------------------------------


def parse_hugo_date(value: object, *, default_tz: tzinfo | None = None) -> HugoDate | None:
    """Read a front-matter date value as Hugo does; ``None`` when it is unset.

    ``default_tz`` is the site's ``timeZone`` (UTC when ``None``): values without a UTC
    offset are wall-clock times there. Raises :class:`HugoDateError` for values Hugo
    refuses (or accepts as year 0).
    """
    zone = default_tz or UTC
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise HugoDateError(msg("{lower} is a boolean, not a date", lower=str(value).lower()))
    if isinstance(value, int):
        return _from_unix(value)
    if isinstance(value, float):
        raise HugoDateError(
            msg(
                "{value!r} is a decimal number; Hugo reads only whole numbers as Unix time and refuses this one",
                value=value,
            )
        )
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return HugoDate(value, True, "toml-offset-datetime", False)
        return HugoDate(value.replace(tzinfo=zone), False, "toml-local-datetime", False)
    if isinstance(value, date):
        midnight = datetime(value.year, value.month, value.day, tzinfo=zone)
        return HugoDate(midnight, False, "toml-local-date", True)
    if isinstance(value, time):
        raise HugoDateError(
            msg(
                "{isoformat} is a time of day without a date; Hugo cannot read it as a date",
                isoformat=value.isoformat(),
            )
        )
    if isinstance(value, str):
        return _from_text_cached(value, zone)
    kind = {list: msg("a list"), dict: msg("a table of keys")}.get(
        type(value), type(value).__name__
    )
    raise HugoDateError(msg("the value is {kind}, not a date", kind=kind))


@lru_cache(maxsize=4096)
def _from_text_cached(text: str, zone: tzinfo) -> HugoDate | None:
    # Four date rules and the schema read the same few values of every article; the
    # result is immutable, and a refused value is cheap to refuse again.
    return _from_text(text, zone)


def suggest_hugo_date(text: str) -> str | None:
    """Corrected text that Hugo reads, when the intent of ``text`` is clear."""
    candidate = _normalise(text)
    if candidate == text:
        return None
    try:
        parsed = _from_text(candidate, UTC)
    except HugoDateError:
        return None
    return candidate if parsed is not None else None


def _from_unix(seconds: int) -> HugoDate:
    try:
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    except OverflowError:
        raise HugoDateError(
            msg("{seconds} is too large to be a Unix time", seconds=seconds)
        ) from None
    return HugoDate(instant, True, "unix", False)


def _from_text(text: str, zone: tzinfo) -> HugoDate:
    best: tuple[tuple[int, int], ParseFailure] | None = None
    for name, layout, kind in HUGO_LAYOUTS:
        try:
            parsed = go_parse(tokenize(layout), text)
        except ParseFailure as failure:
            # Kept with its traceback, the failure would hold this frame and its callers
            # (the rule's, with the whole document) in a reference cycle: every article
            # would then wait for the garbage collector instead of being freed at once.
            failure.__traceback__ = failure.__context__ = None
            rank = _failure_rank(failure)
            if best is None or rank > best[0]:
                best = (rank, failure)
            continue
        return _resolve(parsed, name, kind, zone, text)
    raise HugoDateError(_explain(text, best[1] if best else None), suggest_hugo_date(text))


def _failure_rank(failure: ParseFailure) -> tuple[int, int]:
    """How well a layout's failure explains the text: how far it read, then what it found."""
    if failure.problem == "extra text":
        return (failure.consumed, 1)
    return (failure.consumed, 2 if failure.problem else 0)


def _resolve(parsed: ParsedTime, name: str, kind: int, zone: tzinfo, text: str) -> HugoDate:
    if kind == _TIME_ONLY or parsed.year == 0:
        raise HugoDateError(
            msg(
                '"{text}" has no date (or year 0): Hugo accepts it but dates the page 1 January of year 0',
                text=text,
            ),
            hugo_accepts=True,
        )
    has_offset = kind in (_NUMERIC, _NUMERIC_AND_NAMED)
    if has_offset and parsed.offset is not None:
        tz: tzinfo = timezone(timedelta(seconds=parsed.offset))
    else:
        tz, has_offset = zone, False  # cast re-reads named zones as local wall-clock time
    try:
        instant = datetime(
            parsed.year,
            parsed.month,
            parsed.day,
            parsed.hour,
            parsed.minute,
            parsed.second,
            parsed.nanosecond // 1000,
            tzinfo=tz,
        )
    except (ValueError, OverflowError) as exc:
        raise HugoDateError(
            msg('"{text}" is out of the range of dates: {exc}', text=text, exc=exc)
        ) from None
    return HugoDate(instant, has_offset, name, name in _DATE_ONLY_LAYOUTS)


# --- explanations and suggestions ---------------------------------------------------

# Only unreadable dates need these: compiled on first use.
_FULL_WIDTH = LazyPattern(r"[\uff01-\uff5e\u3000]")
_CJK_DATE = LazyPattern(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_SLASH_DATE = LazyPattern(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?=$|[T ])")
_SHORT_DATE = LazyPattern(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[Tt ])")
_LOWER_T = LazyPattern(r"^(\d{4}-\d{2}-\d{2})t(?=\d)")
_LOWER_Z = LazyPattern(r"(\d)z$")
_NO_SECONDS = LazyPattern(r"^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2})(?=$|Z|[+-]\d)")
_SHORT_OFFSET = LazyPattern(r"(:\d{2}(?:[.,]\d+)?)\s?([+-]\d{2})$")
_SPACE_BEFORE_OFFSET = LazyPattern(r"^(\d{4}-\d{2}-\d{2}T\S+?)\s+(Z|[+-]\d{2}:?\d{2})$")
_US_OR_EU_DATE = LazyPattern(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def _normalise(text: str) -> str:
    candidate = unicodedata.normalize("NFKC", text).strip()
    candidate = _CJK_DATE.sub(
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", candidate
    )
    candidate = re.sub(r"^(\d{4}-\d{2}-\d{2})\s+(?=\d)", r"\1 ", candidate)
    candidate = _SLASH_DATE.sub(
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", candidate
    )
    candidate = _SHORT_DATE.sub(
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", candidate
    )
    candidate = _LOWER_T.sub(r"\1T", candidate)
    candidate = _LOWER_Z.sub(r"\1Z", candidate)
    candidate = _NO_SECONDS.sub(r"\1:00", candidate)
    candidate = _SPACE_BEFORE_OFFSET.sub(r"\1\2", candidate)
    return _SHORT_OFFSET.sub(r"\1\2:00", candidate)


def _explain(text: str, failure: ParseFailure | None) -> str:
    quoted = f'"{text}"'
    if text != text.strip():
        return msg(
            "{quoted} has spaces around the date; Hugo reads the text exactly as written",
            quoted=quoted,
        )
    wide = sorted(set(_FULL_WIDTH.findall(text)))
    if wide:
        chars = " ".join(wide)
        return msg(
            "{quoted} contains full-width characters ({chars}); Hugo reads dates only with ASCII digits, hyphens and colons",
            quoted=quoted,
            chars=chars,
        )
    if _CJK_DATE.search(text) or re.search(r"[年月日]", text):
        return msg(
            "{quoted} is written with 年/月/日; Hugo reads dates only as 2006-01-02", quoted=quoted
        )
    if _SLASH_DATE.match(text):
        return msg(
            "{quoted} uses slashes; Hugo reads dates only with hyphens (2006-01-02)", quoted=quoted
        )
    if _US_OR_EU_DATE.match(text):
        return msg(
            "{quoted} puts the day or month first; Hugo reads dates only year first (2006-01-02), and which of day and month comes first here is ambiguous",
            quoted=quoted,
        )
    if _SHORT_DATE.match(text) and not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return msg(
            "{quoted} has a one-digit month or day; Hugo needs two digits (2006-01-02)",
            quoted=quoted,
        )
    if _SHORT_OFFSET.search(text):
        return msg(
            "{quoted} has a UTC offset without minutes; Hugo needs +hh:mm (e.g. +08:00)",
            quoted=quoted,
        )
    if _LOWER_T.match(text) or _LOWER_Z.search(text):
        return msg(
            "{quoted} has a lower-case t or z; Hugo needs the capital letters T and Z",
            quoted=quoted,
        )
    if _NO_SECONDS.match(text):
        return msg("{quoted} has no seconds; Hugo needs hh:mm:ss", quoted=quoted)
    if failure is not None and failure.problem and failure.problem != "extra text":
        return msg("{quoted}: {problem}", quoted=quoted, problem=_range_words(failure.problem))
    if failure is not None and failure.problem == "extra text":
        extra = text[failure.consumed :].strip()
        return msg(
            '{quoted} has unexpected text "{extra}" after the date', quoted=quoted, extra=extra
        )
    return msg(
        "{quoted} is not a date Hugo can read; write it as 2006-01-02, or with a time as 2006-01-02T15:04:05+08:00",
        quoted=quoted,
    )


def _range_words(problem: str) -> str:
    return {
        "month out of range": msg("the month is not between 01 and 12"),
        "day out of range": msg("that day does not exist in that month"),
        "hour out of range": msg("the hour is not between 00 and 23"),
        "minute out of range": msg("the minute is not between 00 and 59"),
        "second out of range": msg("the second is not between 00 and 59"),
    }.get(problem, problem)
