"""Dates read as Hugo reads them, and the four date rules."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lintnews_rules.dates import RULES, DateFormat, DateFuture, DateOrder, DateTimezone

from lintnews.common.dates import HUGO_LAYOUTS, HugoDateError, parse_hugo_date
from lintnews.model.document import Document
from lintnews.plugin.settings import SiteSettings

SHANGHAI = ZoneInfo("Asia/Shanghai")
CST = timezone(timedelta(hours=8))
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NOW = datetime(2025, 6, 1, tzinfo=UTC)


# --- the reader: what Hugo accepts --------------------------------------------------

# (text, instant Hugo reads with the site in Asia/Shanghai, has an offset, layout)
ACCEPTED = [
    ("2019-12-09T13:00:00-08:00", datetime(2019, 12, 9, 13, tzinfo=timezone(timedelta(hours=-8))), True, "RFC3339"),
    ("2019-12-09T13:00:00Z", datetime(2019, 12, 9, 13, tzinfo=UTC), True, "RFC3339"),
    ("2019-12-09T13:00:00.123+08:00", datetime(2019, 12, 9, 13, 0, 0, 123000, tzinfo=CST), True, "RFC3339"),
    ("2019-12-09T13:00:00,5Z", datetime(2019, 12, 9, 13, 0, 0, 500000, tzinfo=UTC), True, "RFC3339"),
    # Go's hour element takes one digit: Hugo accepts the one-digit hour found in real files.
    ("2019-12-09T7:15:43+08:00", datetime(2019, 12, 9, 7, 15, 43, tzinfo=CST), True, "RFC3339"),
    ("2019-12-09T13:00:00", datetime(2019, 12, 9, 13, tzinfo=SHANGHAI), False, "2006-01-02T15:04:05"),
    ("Mon, 09 Dec 2019 13:00:00 +0800", datetime(2019, 12, 9, 13, tzinfo=CST), True, "RFC1123Z"),
    # A zone name sets no offset: cast re-reads the wall clock in the site's zone.
    ("Wed, 07 Jul 2021 08:27:45 GMT", datetime(2021, 7, 7, 8, 27, 45, tzinfo=SHANGHAI), False, "RFC1123"),
    ("09 Dec 19 13:00 +0800", datetime(2019, 12, 9, 13, tzinfo=CST), True, "RFC822Z"),
    ("09 Dec 19 13:00 UTC", datetime(2019, 12, 9, 13, tzinfo=SHANGHAI), False, "RFC822"),
    ("Monday, 09-Dec-19 13:00:00 PST", datetime(2019, 12, 9, 13, tzinfo=SHANGHAI), False, "RFC850"),
    ("2019-12-09 13:00:00.5 +0800 CST", datetime(2019, 12, 9, 13, 0, 0, 500000, tzinfo=CST), True, "2006-01-02 15:04:05.999999999 -0700 MST"),
    ("2019-12-09T13:00:00+0800", datetime(2019, 12, 9, 13, tzinfo=CST), True, "2006-01-02T15:04:05-0700"),
    ("2019-12-09 13:00:00+0800", datetime(2019, 12, 9, 13, tzinfo=CST), True, "2006-01-02 15:04:05Z0700"),
    ("2019-12-09 13:00:00Z", datetime(2019, 12, 9, 13, tzinfo=UTC), True, "2006-01-02 15:04:05Z0700"),
    ("2025-02-01 10:30:49", datetime(2025, 2, 1, 10, 30, 49, tzinfo=SHANGHAI), False, "DateTime"),
    ("2025-02-01  10:30:49", datetime(2025, 2, 1, 10, 30, 49, tzinfo=SHANGHAI), False, "DateTime"),
    ("Mon Dec  9 13:00:00 2019", datetime(2019, 12, 9, 13, tzinfo=SHANGHAI), False, "ANSIC"),
    ("Mon Dec 9 13:00:00 2019", datetime(2019, 12, 9, 13, tzinfo=SHANGHAI), False, "ANSIC"),
    ("Mon Dec  9 13:00:00 CST 2019", datetime(2019, 12, 9, 13, tzinfo=SHANGHAI), False, "UnixDate"),
    ("Mon Dec 09 13:00:00 +0800 2019", datetime(2019, 12, 9, 13, tzinfo=CST), True, "RubyDate"),
    ("2019-12-09 13:00:00+08:00", datetime(2019, 12, 9, 13, tzinfo=CST), True, "2006-01-02 15:04:05Z07:00"),
    ("2023-03-16", datetime(2023, 3, 16, tzinfo=SHANGHAI), False, "DateOnly"),
    ("2024-02-29", datetime(2024, 2, 29, tzinfo=SHANGHAI), False, "DateOnly"),
    ("16 Mar 2023", datetime(2023, 3, 16, tzinfo=SHANGHAI), False, "02 Jan 2006"),
    ("16 mar 2023", datetime(2023, 3, 16, tzinfo=SHANGHAI), False, "02 Jan 2006"),
    ("2019-12-09 13:00:00 -07:00", datetime(2019, 12, 9, 13, tzinfo=timezone(timedelta(hours=-7))), True, "2006-01-02 15:04:05 -07:00"),
    ("2019-12-09 13:00:00 +0800", datetime(2019, 12, 9, 13, tzinfo=CST), True, "2006-01-02 15:04:05 -0700"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "instant", "has_offset", "layout"), ACCEPTED)
def test_accepted_like_hugo(text, instant, has_offset, layout):
    parsed = parse_hugo_date(text, default_tz=SHANGHAI)
    assert parsed is not None
    assert (parsed.instant, parsed.has_offset, parsed.layout) == (instant, has_offset, layout)
    assert parsed.instant.utcoffset() == instant.utcoffset()
    assert parsed.date_only == (layout in ("DateOnly", "02 Jan 2006"))


def test_every_cast_layout_is_exercised():
    tested = {layout for *_, layout in ACCEPTED} | {name for name, *_ in TIME_ONLY}
    assert tested == {name for name, _, _ in HUGO_LAYOUTS}


# (text, words the reason must contain, suggestion or None)
REJECTED = [
    ("2019-12-09T13：00：00-08：00", "full-width", "2019-12-09T13:00:00-08:00"),
    ("２０２３-03-16", "full-width", "2023-03-16"),
    ("2023/03/16", "slashes", "2023-03-16"),
    ("2023/3/6 10:00:00", "slashes", "2023-03-06 10:00:00"),
    ("2023年3月16日", "年/月/日", "2023-03-16"),
    ("2023-3-16", "one-digit month or day", "2023-03-16"),
    ("2019-12-09T13:00:00+08", "without minutes", "2019-12-09T13:00:00+08:00"),
    ("2019-12-09 13:00", "no seconds", "2019-12-09 13:00:00"),
    ("2019-12-09t13:00:00z", "lower-case", "2019-12-09T13:00:00Z"),
    (" 2019-12-09", "spaces around", "2019-12-09"),
    ("03/16/2023", "ambiguous", None),
    ("2023-02-30", "no day 30 in February 2023", None),
    ("2023-04-31T10:00:00Z", "no day 31 in April 2023", None),
    ("2023-13-01", "month is not between 01 and 12", None),
    ("2019-12-09T24:00:00Z", "hour is not between 00 and 23", None),
    ("2019-12-09T13:60:00Z", "minute is not between 00 and 59", None),
    ("2019-12-09T13:00:00+08:00 (updated)", 'unexpected text "(updated)"', None),
    ("2019-12-09T13:00:00 +08:00", 'unexpected text "+08:00"', "2019-12-09T13:00:00+08:00"),
    ("yesterday", "not a date Hugo can read", None),
    ("2019-12-09T13:00:00.000000+08:00[Asia/Shanghai]", "unexpected text", None),
]


@pytest.mark.parametrize(("text", "words", "suggestion"), REJECTED)
def test_rejected_like_hugo(text, words, suggestion):
    with pytest.raises(HugoDateError) as raised:
        parse_hugo_date(text)
    assert words in raised.value.reason
    assert raised.value.suggestion == suggestion
    assert not raised.value.hugo_accepts
    if suggestion is not None:
        assert parse_hugo_date(suggestion) is not None


TIME_ONLY = [
    ("Kitchen", "3:04PM"),
    ("Stamp", "Dec  9 13:00:00"),
    ("StampMilli", "Dec  9 13:00:00.123"),
    ("StampMicro", "Dec  9 13:00:00.123456"),
    ("StampNano", "Dec  9 13:00:00.123456789"),
    ("TimeOnly", "10:30:00"),
]


@pytest.mark.parametrize(("layout", "text"), TIME_ONLY)
def test_time_without_date_is_year_zero(layout, text):
    with pytest.raises(HugoDateError) as raised:
        parse_hugo_date(text)
    assert raised.value.hugo_accepts
    assert "year 0" in raised.value.reason


def test_values_that_are_not_text():
    assert parse_hugo_date(None) is None
    assert parse_hugo_date("") is None
    unix = parse_hugo_date(1700000000)
    assert unix is not None and unix.instant == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert unix.has_offset and unix.layout == "unix"
    aware = datetime(2025, 2, 1, 10, 30, tzinfo=CST)
    assert parse_hugo_date(aware, default_tz=SHANGHAI).instant == aware
    local = parse_hugo_date(datetime(2025, 2, 1, 10, 30), default_tz=SHANGHAI)
    assert local.instant == datetime(2025, 2, 1, 10, 30, tzinfo=SHANGHAI) and not local.has_offset
    day = parse_hugo_date(date(2025, 2, 1))
    assert day.instant == datetime(2025, 2, 1, tzinfo=UTC) and day.date_only
    for refused in (True, 1.5, time(10, 30), ["2025-02-01"], {"a": 1}):
        with pytest.raises(HugoDateError):
            parse_hugo_date(refused)


def test_default_zone_is_utc():
    parsed = parse_hugo_date("2025-02-01 10:30:49")
    assert parsed.instant == datetime(2025, 2, 1, 10, 30, 49, tzinfo=UTC)


# --- the rules ----------------------------------------------------------------------


def check(rule_class, text, site=None, **options):
    rule = rule_class(rule_class.Options(**options), site or SiteSettings(now=NOW))
    return list(rule.check(Document(text, "x.md")))


def apply(text, diagnostic):
    edit = diagnostic.fix.edits[0]
    return text[: edit.start] + edit.replacement + text[edit.end :]


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("date: 2019-12-09T13：00：00-08：00", "date: 2019-12-09T13:00:00-08:00"),
        ("date: '2019-12-09T13：00：00-08：00'", "date: '2019-12-09T13:00:00-08:00'"),
        ('date: "2019-12-09T13：00：00-08：00"', 'date: "2019-12-09T13:00:00-08:00"'),
    ],
    ids=["plain", "single", "double"],
)
def test_format_fix_keeps_yaml_quoting(line, fixed):
    text = f"---\ntitle: x\n{line}\n---\n正文\n"
    (found,) = check(DateFormat, text)
    assert (found.line, found.column) == (3, line.index("2019") + 1)
    assert found.fix is not None and found.fix.safe
    assert apply(text, found) == f"---\ntitle: x\n{fixed}\n---\n正文\n"


def test_format_in_toml_and_json():
    toml = '+++\ntitle = "x"\ndate = "2023/03/16"\nlastmod = 2023-03-17\n+++\n'
    (found,) = check(DateFormat, toml)
    assert (found.line, found.column, found.end_column) == (3, 9, 19)
    assert (
        apply(toml, found) == '+++\ntitle = "x"\ndate = "2023-03-16"\nlastmod = 2023-03-17\n+++\n'
    )
    json_text = '{\n  "title": "x",\n  "date": "2023/03/16"\n}\n'
    (found,) = check(DateFormat, json_text)
    assert (found.line, found.column) == (3, 12)
    assert apply(json_text, found) == '{\n  "title": "x",\n  "date": "2023-03-16"\n}\n'


def test_format_no_fix_when_the_text_has_escapes():
    text = '---\ndate: "2023/03/16\\u0020"\n---\n'
    (found,) = check(DateFormat, text)
    assert found.fix is None


def test_format_keys_are_case_insensitive_and_configurable():
    text = "---\nDate: 2023/03/16\nmyDate: 2023/03/17\n---\n"
    assert [d.line for d in check(DateFormat, text)] == [2]
    assert [d.line for d in check(DateFormat, text, keys=("mydate",))] == [3]
    site = SiteSettings(now=NOW, date_keys=("mydate",))
    assert [d.line for d in check(DateFormat, text, site=site)] == [2, 3]


def test_format_house_style():
    text = "---\ndate: 2019-12-09T13:00:00+0800\nlastmod: 2019-12-10T13:00:00+08:00\n---\n"
    (found,) = check(DateFormat, text, style="rfc3339")
    assert found.line == 2 and "house style" in found.message
    assert apply(text, found).splitlines()[1] == "date: 2019-12-09T13:00:00+08:00"
    assert check(DateFormat, "---\ndate: 2019-12-09\n---\n", style="%Y-%m-%d") == []
    (strftime,) = check(DateFormat, "---\ndate: 2019-12-09T13:00:00Z\n---\n", style="%Y-%m-%d")
    assert "the pattern %Y-%m-%d" in strftime.message and strftime.fix is None
    with pytest.raises(ValueError):
        DateFormat.Options(style="ymd")


def test_timezone_message_with_the_instant():
    text = '---\ntitle: "标题"\ndate: "2025-02-01 10:30:49"\n---\n'
    (found,) = check(DateTimezone, text)
    assert found.message == (
        'Readers may see the wrong time: date "2025-02-01 10:30:49" has no UTC offset: '
        "Hugo reads it in UTC "
        "(2025-02-01T10:30:49+00:00); add the offset the author meant, e.g. +08:00"
    )
    assert not found.fix.safe
    assert apply(text, found).splitlines()[2] == 'date: "2025-02-01 10:30:49+08:00"'


def test_timezone_fix_is_safe_with_the_site_zone():
    text = "---\ndate: 2025-02-01T10:30:49\n---\n"
    (found,) = check(DateTimezone, text, site=SiteSettings(time_zone="Asia/Shanghai"))
    assert "Asia/Shanghai (2025-02-01T10:30:49+08:00)" in found.message
    assert found.fix.safe
    assert apply(text, found) == "---\ndate: 2025-02-01T10:30:49+08:00\n---\n"


def test_timezone_author_offset_and_date_only():
    text = "---\ntitle: plain English\ndate: 2025-02-01 10:30:49\nlastmod: 2025-02-02\n---\n"
    (found,) = check(DateTimezone, text)
    assert "e.g. +08:00 or Z for UTC" in found.message and found.fix is None
    (found,) = check(DateTimezone, text, author_offset="-05:00")
    assert apply(text, found).splitlines()[2] == "date: 2025-02-01 10:30:49-05:00"
    both = check(DateTimezone, text, include_date_only=True, author_offset="Z")
    assert [d.line for d in both] == [3, 4]
    assert apply(text, both[1]).splitlines()[3] == "lastmod: 2025-02-02T00:00:00Z"
    with pytest.raises(ValueError):
        DateTimezone.Options(author_offset="+8")


def test_timezone_toml_local_datetime():
    text = "+++\ndate = 2025-02-01T10:30:49\n+++\n中文\n"
    (found,) = check(DateTimezone, text)
    assert (found.line, found.column) == (2, 8)
    assert apply(text, found) == "+++\ndate = 2025-02-01T10:30:49+08:00\n+++\n中文\n"


def test_future_respects_build_future_and_the_clock():
    text = "---\ndate: 2025-06-02T00:00:00Z\n---\n"
    assert len(check(DateFuture, text)) == 1
    assert check(DateFuture, text, site=SiteSettings(now=NOW, build_future=True)) == []
    assert check(DateFuture, text, site=SiteSettings(now=datetime(2025, 6, 3))) == []
    # Beijing 07:00 written without an offset is read as 07:00 UTC: still future at 00:00 UTC.
    late = check(DateFuture, "---\ndate: 2025-06-01 07:00:00\n---\n")
    assert "unless buildFuture is on" in late[0].message


def test_order_lastmod_and_expiry():
    text = (
        "---\ndate: 2025-02-01T10:30:49+08:00\npublishDate: 2025-02-02T00:00:00+08:00\n"
        "lastmod: 2025-02-01T12:00:00+08:00\nexpiryDate: 2025-02-01T00:00:00+08:00\n---\n"
    )
    lastmod, expiry = check(DateOrder, text)
    assert lastmod.line == 4 and 'before publishDate "2025-02-02T00:00:00+08:00"' in lastmod.message
    assert expiry.line == 5 and "never builds it" in expiry.message
    assert (
        check(DateOrder, "---\ndate: 2025-02-01T10:30:49+08:00\nlastmod: 2025-02-01\n---\n") == []
    )


@pytest.mark.parametrize("rule_class", RULES, ids=[r.name for r in RULES])
def test_documented_examples(rule_class):
    blocks = re.findall(r"```markdown\n(.*?)```", rule_class.documentation(), re.S)
    bad, good = blocks[0], blocks[1]
    assert list(rule_class().check(Document(bad, "bad.md")))
    assert not list(rule_class().check(Document(good, "good.md")))


# --- fixtures and corpora -----------------------------------------------------------


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus sits beside the repository)")
    return path


def _site_for(path: Path) -> SiteSettings:
    from lintnews.site.hugo import find_site_root, read_hugo_settings

    root = find_site_root(path)
    return SiteSettings(**read_hugo_settings(root)) if root else SiteSettings()


@pytest.mark.slow
def test_real_full_width_date_is_found_with_a_fix():
    path = _require(
        SHARED
        / "corpus/real/k8s-website-zh-cn/content/zh-cn/blog/_posts"
        / "2019-12-09-kubernetes-1.17-release-announcement.md"
    )
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    (found,) = DateFormat(site=_site_for(path)).check(doc)
    assert found.line == 4 and "full-width" in found.message
    assert found.fix.edits[0].replacement == "2019-12-09T13:00:00-08:00"


@pytest.mark.slow
def test_seed_gets_only_the_time_zone_warning():
    path = _require(SHARED / "corpus/seed/altman-deepseek-o3-mini.md")
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    site = SiteSettings(now=NOW)
    found = [d for rule_class in RULES for d in rule_class(site=site).check(doc)]
    assert [(d.rule, d.line) for d in found] == [("date-timezone", 3)]
    assert "Hugo reads it in UTC (2025-02-01T10:30:49+00:00)" in found[0].message


@pytest.mark.slow
def test_real_corpus_has_one_unreadable_date():
    real = _require(SHARED / "corpus/real")
    reports = []
    for path in sorted(p for p in real.rglob("*.md") if p.is_file()):
        doc = Document(path.read_text(encoding="utf-8-sig"), str(path))
        site = _site_for(path).model_copy(update={"now": NOW})
        reports.extend(d for rule_class in RULES for d in rule_class(site=site).check(doc))
    assert [(Path(d.path).name, d.line, d.rule) for d in reports] == [
        ("2019-12-09-kubernetes-1.17-release-announcement.md", 4, "date-format")
    ]


@pytest.mark.parametrize(
    ("rule", "text", "effect"),
    [
        (
            DateFormat,
            "---\ndate: 2024-13-45\n---\n",
            "Hugo cannot read this date, so the site fails",
        ),
        (DateFormat, "---\ndate: 10:30:00\n---\n", "The page gets a nonsense date: "),
        (DateTimezone, "---\ndate: 2025-02-01 10:30:49\n---\n", "Readers may see the wrong time: "),
        (
            DateFuture,
            "---\ndate: 2999-12-31T08:00:00+08:00\n---\n",
            "The page is missing from the site until 2999-12-31T08:00:00+08:00: ",
        ),
        (
            DateOrder,
            "---\ndate: 2025-02-01T10:30:49+08:00\nlastmod: 2025-01-20T09:00:00+08:00\n---\n",
            "Readers see the page updated before it was published: ",
        ),
        (
            DateOrder,
            "---\ndate: 2025-02-01T10:30:49+08:00\nexpiryDate: 2025-01-01T00:00:00+08:00\n---\n",
            "The page never appears on the site: ",
        ),
    ],
)
def test_each_message_says_first_what_the_site_or_reader_gets(rule, text, effect):
    (found,) = check(rule, text)
    assert found.message.startswith(effect)


def test_with_a_site_zone_the_time_depends_on_the_setting():
    text = "---\ndate: 2025-02-01T10:30:49\n---\n"
    (found,) = check(DateTimezone, text, site=SiteSettings(time_zone="Asia/Shanghai"))
    assert found.message.startswith("The page's time depends on the site's time zone setting: ")
