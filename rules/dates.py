"""Rules about front-matter dates: that Hugo reads them, and reads what the author meant."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lintnews_rules.date_values import DateValue, date_values, matches_style

from lintnews.common.cjk import HAN_IDEOGRAPHS
from lintnews.common.dates import HugoDate, HugoDateError, parse_hugo_date
from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import message as msg
from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic, Fix, Severity
from lintnews.plugin.lazymodel import field_validator
from lintnews.plugin.rule import Convention, Rule, RuleOptions
from lintnews.site.hugo_keys import HUGO_DATE_ALIASES, HUGO_DATE_KEYS, date_keys_for

_PUBLISH_KEYS = date_keys_for("publishDate")
_LASTMOD_KEYS = date_keys_for("lastmod")
_EXPIRY_KEYS = date_keys_for("expiryDate")

# An author-offset option needs this.
_OFFSET = LazyPattern(r"^(?:Z|[+-]\d{2}:\d{2})$")


# --- shared helpers ---------------------------------------------------------------


def site_zone(name: str | None) -> tzinfo:
    """The zone Hugo reads offset-less dates in: the site's ``timeZone``, else UTC."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def _read(value: DateValue, zone: tzinfo) -> HugoDate | None:
    try:
        return parse_hugo_date(value.value, default_tz=zone)
    except HugoDateError:
        return None


def _iso(instant: datetime) -> str:
    return instant.isoformat(timespec="seconds")


def _described(value: DateValue, parsed: HugoDate) -> str:
    """The key and its text, with the instant Hugo reads when the text does not show it."""
    shown = value.shown()
    if shown == _iso(parsed.instant):
        return f'{value.key} "{shown}"'
    return f'{value.key} "{shown}" ({_iso(parsed.instant)})'


def _offset_text(instant: datetime) -> str:
    offset = instant.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone_label(zone: tzinfo) -> str:
    return "UTC" if zone is UTC else msg("the site's time zone {zone}", zone=str(zone))


def _replace(value: DateValue, replacement: str, message: str, safe: bool) -> Fix | None:
    if value.text is None:
        return None
    return Rule.replace(value.start, value.end, replacement, message, safe=safe)


# --- date-format --------------------------------------------------------------------


#: Values of these types are not date text at all; front-matter-schema reports them, so a
#: list or a boolean under `date` is one finding, not two.
_WRONG_TYPES = (bool, float, list, dict, time)


class DateFormat(Rule):
    """A front-matter date must be text Hugo can read as a date.

    ## What it does
    Reads `date`, `lastmod`, `publishDate`, `expiryDate` (and Hugo's aliases `modified`,
    `pubdate`, `published`, `unpublishdate`, in any letter case) exactly as Hugo does:
    with the Go layouts of spf13/cast, integers as Unix time, TOML dates natively. It
    reports values Hugo refuses, says why (full-width `：` or digits, slashes, `年月日`,
    an offset without minutes like `+08`, a day that does not exist, text after the
    date), and fixes them when the intent is clear, keeping the quotes as they are. It
    also reports a time without a date (`10:30:00`), which Hugo accepts as year 0.
    Hugo accepts some shapes that look wrong and are not reported: a one-digit hour
    (`T7:15:43+08:00`), an offset without a colon (`+0800`) and RFC 1123 dates.

    With the `style` option a site can require one shape for every date; values Hugo
    reads but written in another shape are then reported too. A value that is not text
    at all (a list, a boolean, a decimal number) is left to `front-matter-schema`.

    ## Why is this bad?
    Hugo stops the build with "the "date" front matter field is not a parsable date", or
    falls back to another date (the file name, the file's modification time), so the
    article is published with a date nobody wrote.

    ## Example
    ```markdown
    ---
    title: "Kubernetes 1.17 发布"
    date: 2019-12-09T13：00：00-08：00
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "Kubernetes 1.17 发布"
    date: 2019-12-09T13:00:00-08:00
    ---
    ```

    ## Options
    - `keys` (list of strings, default: Hugo's date keys and aliases): the front-matter
      keys that hold dates, compared case-insensitively; the site's Hugo `[frontmatter]`
      date keys are added.
    - `style` (string, default `"any-hugo"`): `"any-hugo"` accepts every shape Hugo
      reads; `"rfc3339"` requires `2006-01-02T15:04:05+08:00` (fraction of a second and `Z`
      allowed); anything else is a Python `strptime` pattern such as `"%Y-%m-%d %H:%M:%S%z"`.
      `lintnews init` sets it when one style covers every readable date of the site.
    """

    name = "date-format"
    code = "LN101"
    severity = Severity.ERROR

    class Options(RuleOptions):
        keys: tuple[str, ...] = HUGO_DATE_KEYS
        style: str = "any-hugo"

        @field_validator("style")
        @classmethod
        def _known_style(cls, style: str) -> str:
            if style not in ("any-hugo", "rfc3339") and "%" not in style:
                raise ValueError(
                    msg(
                        "{style!r} is neither any-hugo, rfc3339 nor a strftime pattern like "
                        "%Y-%m-%d",
                        style=style,
                    )
                )
            return style

    def learn_convention(self, articles: Sequence[Document]) -> Convention:
        from lintnews_rules.date_conventions import infer_date_style

        return infer_date_style(articles, self.site.date_keys or ()).convention()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        zone = site_zone(self.site.time_zone)
        keys = (*self.options.keys, *(self.site.date_keys or ()))
        for value in date_values(doc, keys):
            if isinstance(value.value, _WRONG_TYPES):
                continue  # front-matter-schema reports a value that is not text at all
            try:
                parsed = parse_hugo_date(value.value, default_tz=zone)
            except HugoDateError as error:
                yield self._unreadable(doc, value, error)
                continue
            if parsed is not None and self.options.style != "any-hugo":
                yield from self._house_style(doc, value, parsed, zone)

    def _unreadable(self, doc: Document, value: DateValue, error: HugoDateError) -> Diagnostic:
        label = value.key
        if value.key.lower() in HUGO_DATE_ALIASES:
            label += msg(
                " (Hugo's alias of {hugo_date_aliases})",
                hugo_date_aliases=HUGO_DATE_ALIASES[value.key.lower()],
            )
        separator = " " if error.reason.startswith('"') else ": "
        effect = (
            msg("The page gets a nonsense date")
            if error.hugo_accepts
            else msg("Hugo cannot read this date, so the site fails to build")
        )
        message = msg(
            "{effect}: {label}{separator}{reason}",
            effect=effect,
            label=label,
            separator=separator,
            reason=error.reason,
        )
        fix = None
        if error.suggestion is not None:
            message += msg("; write {suggestion}", suggestion=error.suggestion)
            fix = _replace(
                value,
                error.suggestion,
                msg("write {suggestion}", suggestion=error.suggestion),
                safe=True,
            )
        return self.diagnostic(doc, value.start, value.end, message, fix)

    def _house_style(
        self, doc: Document, value: DateValue, parsed: HugoDate, zone: tzinfo
    ) -> Iterator[Diagnostic]:
        style = self.options.style
        text = value.shown()
        if matches_style(value.text, style):
            return
        if style == "rfc3339":
            wanted = msg("RFC 3339, e.g. 2006-01-02T15:04:05+08:00")
            replacement = _iso(parsed.instant)
        else:
            wanted = msg("the pattern {style}", style=style)
            replacement = parsed.instant.strftime(style)
        message = msg(
            'Readers see no difference, but this date breaks the site\'s house style: {key} "{text}" is not written as the site requires, {wanted}',
            key=value.key,
            text=text,
            wanted=wanted,
        )
        fix = None
        if isinstance(value.value, str) and _reads_as(replacement, parsed.instant, zone):
            message += msg("; write {replacement}", replacement=replacement)
            fix = _replace(
                value, replacement, msg("write {replacement}", replacement=replacement), safe=True
            )
        yield self.diagnostic(doc, value.start, value.end, message, fix)


def _reads_as(text: str, instant: datetime, zone: tzinfo) -> bool:
    try:
        parsed = parse_hugo_date(text, default_tz=zone)
    except HugoDateError:
        return False
    return parsed is not None and parsed.instant == instant


# --- date-timezone ------------------------------------------------------------------


class DateTimezone(Rule):
    """A front-matter date with a time should say which UTC offset it is in.

    ## What it does
    Reports a date with a time but no UTC offset (`2025-02-01 10:30:49`, a TOML local
    date-time, or a date that names a zone such as `GMT`, which Hugo ignores) and says
    which instant Hugo will use: the wall-clock time in the site's `timeZone`, or in UTC
    when the site sets none. When the site sets a time zone, the fix writes that zone's
    offset (the page does not change); otherwise an unsafe fix adds the offset the author
    probably meant (the `author-offset` option, or +08:00 for Chinese text).

    Dates without a time (`2023-03-16`) are not reported unless `include-date-only` is
    on: they name a day, and Hugo places it at midnight in the site's zone.

    ## Why is this bad?
    An article written in Beijing at 10:30 and dated without an offset is read as 10:30
    UTC, eight hours later: it shows the wrong time, and right after publishing it is
    "in the future" and silently missing from a site built without `buildFuture`.

    ## Example
    ```markdown
    ---
    title: "Altman因DeepSeek“认错”"
    date: "2025-02-01 10:30:49"
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "Altman因DeepSeek“认错”"
    date: "2025-02-01 10:30:49+08:00"
    ---
    ```

    ## Options
    - `keys` (list of strings, default: Hugo's date keys and aliases): the keys to check.
    - `author-offset` (string like `"+08:00"` or `"Z"`, default unset): the offset authors
      write in; used in the message and for the unsafe fix.
    - `include-date-only` (boolean, default `false`): also report dates without a time.
    """

    name = "date-timezone"
    code = "LN102"
    severity = Severity.WARNING

    class Options(RuleOptions):
        keys: tuple[str, ...] = HUGO_DATE_KEYS
        author_offset: str | None = None
        include_date_only: bool = False

        @field_validator("author_offset")
        @classmethod
        def _offset_shape(cls, offset: str | None) -> str | None:
            if offset is not None and not _OFFSET.match(offset):
                raise ValueError(
                    msg("{offset!r} is not an offset like +08:00, -05:00 or Z", offset=offset)
                )
            return offset

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        zone = site_zone(self.site.time_zone)
        keys = (*self.options.keys, *(self.site.date_keys or ()))
        for value in date_values(doc, keys):
            parsed = _read(value, zone)
            if parsed is None or parsed.has_offset:
                continue
            if parsed.date_only and not self.options.include_date_only:
                continue
            yield self._report(doc, value, parsed, zone)

    def _report(
        self, doc: Document, value: DateValue, parsed: HugoDate, zone: tzinfo
    ) -> Diagnostic:
        shown = value.shown()
        reading = msg(
            "Hugo reads it in {zone} ({instant})",
            zone=_zone_label(zone),
            instant=_iso(parsed.instant),
        )
        named = (
            _zone_name(shown)
            if parsed.layout in ("RFC1123", "RFC822", "RFC850", "UnixDate")
            else None
        )
        effect = (
            msg("Readers may see the wrong time")
            if zone is UTC
            else msg("The page's time depends on the site's time zone setting")
        )
        if named:
            head = msg(
                '{effect}: {key} "{shown}" names the zone {named}, which Hugo ignores: {reading}',
                effect=effect,
                key=value.key,
                shown=shown,
                named=named,
                reading=reading,
            )
        else:
            head = msg(
                '{effect}: {key} "{shown}" has no UTC offset: {reading}',
                effect=effect,
                key=value.key,
                shown=shown,
                reading=reading,
            )
        named_offset = _named_offset(named)
        if named_offset is not None:
            message = msg(
                "{head}; write the offset {named_offset} instead of {named}",
                head=head,
                named_offset=named_offset,
                named=named,
            )
            offset: str | None = named_offset
        elif zone is not UTC:
            offset = _offset_text(parsed.instant)
            message = msg(
                "{head}; write the offset {offset} so the date does not depend on the site config",
                head=head,
                offset=offset,
            )
        else:
            offset = self.options.author_offset or self._guess(doc)
            example = offset or msg("+08:00 or Z for UTC")
            message = msg(
                "{head}; add the offset the author meant, e.g. {example}",
                head=head,
                example=example,
            )
        fix = self._fix(value, parsed, offset, zone) if offset else None
        return self.diagnostic(doc, value.start, value.end, message, fix)

    @staticmethod
    def _guess(doc: Document) -> str | None:
        # Chinese news is overwhelmingly written in UTC+8 (China, Taiwan, Hong Kong, Singapore).
        return "+08:00" if HAN_IDEOGRAPHS.search(doc.text) else None

    @staticmethod
    def _fix(value: DateValue, parsed: HugoDate, offset: str, zone: tzinfo) -> Fix | None:
        if value.text is None:
            return None
        replacement = _with_offset(value.text, parsed, offset)
        if replacement is None:
            return None
        try:
            fixed = parse_hugo_date(replacement, default_tz=zone)
        except HugoDateError:
            return None
        if fixed is None or not fixed.has_offset:
            return None
        same_instant = fixed.instant == parsed.instant
        return Rule.replace(
            value.start,
            value.end,
            replacement,
            msg("write {replacement}", replacement=replacement),
            safe=same_instant,
        )


# Only the fix of a date without offset needs these: compiled on first use.
_LOCAL_DATE_TIME = LazyPattern(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?$")
_NAMED_ZONE = LazyPattern(r"\b([A-Z]{3,5}|GMT[+-]\d{1,2})$")


def _with_offset(text: str, parsed: HugoDate, offset: str) -> str | None:
    if _LOCAL_DATE_TIME.match(text):
        return text + offset
    if parsed.date_only and re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return f"{text}T00:00:00{offset}"
    named = _NAMED_ZONE.search(text)
    if named and parsed.layout in ("RFC1123", "RFC822", "UnixDate", "RFC850"):
        numeric = "+0000" if offset == "Z" else offset.replace(":", "")
        if parsed.layout in ("RFC1123", "RFC822"):
            return text[: named.start()] + numeric
    return None


def _zone_name(text: str) -> str | None:
    match = _NAMED_ZONE.search(text)
    return match.group(1) if match else None


def _named_offset(name: str | None) -> str | None:
    return "+00:00" if name in ("GMT", "UTC", "UT", "Z") else None


# --- date-future --------------------------------------------------------------------


class DateFuture(Rule):
    """An article's publish date should not be in the future.

    ## What it does
    Reports the date Hugo publishes the page at (`publishDate`, or `date` when there is
    none) when it is later than now, unless the site sets `buildFuture = true`. "Now" is
    the real clock, or `site.now` in the lintnews config.

    ## Why is this bad?
    Hugo leaves future pages out of the build without a word: the article is missing from
    the site until someone rebuilds after that instant. Often the "future" is a time zone
    mistake (a Beijing time read as UTC) rather than a planned publication.

    ## Example
    ```markdown
    ---
    title: "年度回顾"
    date: 2999-12-31T08:00:00+08:00
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "年度回顾"
    date: 2024-12-31T08:00:00+08:00
    ---
    ```

    ## Options
    None.
    """

    name = "date-future"
    code = "LN103"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        future = self._future_date(doc)
        if future is not None:
            value, parsed = future
            message = msg(
                "The page is missing from the site until {instant}: {value} is in the future, and Hugo does not build future pages unless buildFuture is on",
                instant=_iso(parsed.instant),
                value=_described(value, parsed),
            )
            yield self.diagnostic(doc, value.start, value.end, message)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """A finding holds until its date arrives; no finding never turns into one."""
        future = self._future_date(doc)
        return [("before", future[1].instant.timestamp())] if future is not None else []

    def _future_date(self, doc: Document) -> tuple[DateValue, HugoDate] | None:
        if self.site.build_future:
            return None
        zone = site_zone(self.site.time_zone)
        found = _first_readable(doc, (*_PUBLISH_KEYS, "date"), zone)
        if found is None:
            return None
        now = self.site.now or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return found if found[1].instant > now else None


def _first_readable(
    doc: Document, keys: tuple[str, ...], zone: tzinfo
) -> tuple[DateValue, HugoDate] | None:
    """The value of the first key, in Hugo's order, that Hugo can read."""
    values = {value.key.lower(): value for value in date_values(doc, keys)}
    for key in keys:
        value = values.get(key.lower())
        if value is None:
            continue
        parsed = _read(value, zone)
        if parsed is not None:
            return value, parsed
    return None


# --- date-order ---------------------------------------------------------------------


class DateOrder(Rule):
    """Front-matter dates must come in order: published, then modified, then expired.

    ## What it does
    Reports `lastmod` earlier than `date` or `publishDate`, and `expiryDate` not after
    the publish date (`publishDate`, or `date`). A date-only `lastmod` on the same day as
    a `date` with a time is not reported (midnight of the day the article was changed).

    ## Why is this bad?
    A page modified before it was written shows nonsense "updated" dates and confuses
    sitemaps and feeds. A page that expires before it is published is never built.

    ## Example
    ```markdown
    ---
    date: 2025-02-01T10:30:49+08:00
    lastmod: 2025-01-20T09:00:00+08:00
    ---
    ```
    Use instead:
    ```markdown
    ---
    date: 2025-02-01T10:30:49+08:00
    lastmod: 2025-02-03T09:00:00+08:00
    ---
    ```

    ## Options
    None.
    """

    name = "date-order"
    code = "LN104"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        zone = site_zone(self.site.time_zone)
        date_found = _first_readable(doc, ("date",), zone)
        publish_found = _first_readable(doc, _PUBLISH_KEYS, zone)
        lastmod = _first_readable(doc, _LASTMOD_KEYS, zone)
        expiry = _first_readable(doc, _EXPIRY_KEYS, zone)
        if lastmod is not None:
            later = [
                f for f in (date_found, publish_found) if f and _before(lastmod[1], f[1], zone)
            ]
            if later:
                value, parsed = lastmod
                other_value, other = max(later, key=lambda found: found[1].instant)
                message = msg(
                    "Readers see the page updated before it was published: {value} is before {other_value}",
                    value=_described(value, parsed),
                    other_value=_described(other_value, other),
                )
                yield self.diagnostic(doc, value.start, value.end, message)
        published = publish_found or date_found
        if (
            expiry is not None
            and published is not None
            and expiry[1].instant <= published[1].instant
        ):
            value, parsed = expiry
            other_value, other = published
            message = msg(
                "The page never appears on the site: {value} is not after {other_value}, so the page expires before it is published and Hugo never builds it",
                value=_described(value, parsed),
                other_value=_described(other_value, other),
            )
            yield self.diagnostic(doc, value.start, value.end, message)


def _before(lastmod: HugoDate, published: HugoDate, zone: tzinfo) -> bool:
    if lastmod.instant >= published.instant:
        return False
    if lastmod.date_only:
        same_day = (
            lastmod.instant.date() == published.instant.astimezone(lastmod.instant.tzinfo).date()
        )
        return not same_day
    return True


RULES = (DateFormat, DateTimezone, DateFuture, DateOrder)
