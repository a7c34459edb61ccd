"""``lintnews init``: a starter config whose front-matter schema is read off a site's articles.

Every article the normal discovery finds (same include patterns and always-excluded
folders as ``lintnews check``) is read with the engine's own reader; nothing in the tree is
run. For each top-level front-matter key (matched case-insensitively, as Hugo reads keys):

* **required** when at least ``required_share`` of the articles give it a value (empty
  values count as unset, as they do for Hugo and for the schema rule);
* **type**: the narrowest schema type every value satisfies -- ``bool``, ``int``,
  ``float``, ``date``/``datetime`` (Hugo's date keys, and any key whose values all read as
  dates), ``url``, ``list[string]``, ``string`` -- or a list of them when the values really
  differ. Hugo's own typed keys (``draft``, ``headless``: bool; ``weight``: int) keep Hugo's
  type whatever the articles hold, so a ``draft: yes`` Hugo misreads stays reported. Keys whose values are tables, or lists of non-strings, are not declared: the
  schema has no type for them, and ``unknown-keys = "allow"`` lets them through;
* **one-of** only for string keys with a small set of values that repeat (at most
  :data:`ONE_OF_MAX_VALUES` distinct values, each in at least two articles, the key in at
  least :data:`ONE_OF_MIN_FILES` articles), never for keys that identify one article
  (titles, slugs, URLs...) nor for numbers, which are quantities rather than categories.

The date house style (``[rules.date-format] style``) is set only when one shape covers
every readable date (:data:`DATE_STYLE_SHARE`): a style that valid dates break is not a
house style, and writing it would report them.

The inferred schema is then checked against the same articles with the schema rule's own
validator, so the report can say exactly which articles will be reported (those missing a
key that most others have) -- with ``required_share = 1`` there are none.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintnews.hugo_keys import HUGO_DATE_KEYS_LOWER, HUGO_TYPED_KEYS
from lintnews.urls import is_web_url

if TYPE_CHECKING:
    from lintnews.document import Document

# The engine, the schema and pydantic are imported when the command runs. The CLI defines
# this command's arguments itself, so `lintnews check` never imports this module.

__all__ = [
    "DATE_STYLE_SHARE",
    "DEFAULT_REQUIRED_SHARE",
    "DateStyle",
    "Inference",
    "KeyInference",
    "infer_site",
    "render_config",
    "render_report",
    "run",
]

#: Required means every article has it, so the site's own articles pass the starter config;
#: a lower share makes keys most articles have required and lists the ones that lack them.
DEFAULT_REQUIRED_SHARE = 1.0
ONE_OF_MAX_VALUES = 12
ONE_OF_MIN_FILES = 10
ONE_OF_MIN_USES = 2
#: A house date style is written only when every readable date already follows it, so
#: ``init`` never turns a valid date into a finding.
DATE_STYLE_SHARE = 1.0
#: A key in at most this many articles, spelt almost like a key ten times as common, is
#: reported as a probable misspelling rather than declared.
MISSPELLING_MAX_FILES = 2
#: Fewer readable dates than this are too few to call anything a house style.
DATE_STYLE_MIN_VALUES = 5

#: Keys that name or locate one article, or hold free text: a repeated value there is a
#: coincidence or a copy-paste slip, not a category, so they never get a ``one-of``.
_FREE_KEYS = frozenset(
    (
        "title",
        "linktitle",
        "subtitle",
        "slug",
        "url",
        "path",
        "permalink",
        "id",
        "uid",
        "aliases",
        "description",
        "summary",
        "abstract",
        "lead",
        "translationkey",
        "image",
        "images",
        "cover",
        "banner",
        "thumbnail",
        "featured_image",
        "keywords",
    )
)

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


# --- what was inferred -------------------------------------------------------------


@dataclass
class KeyInference:
    """One front-matter key as the articles use it, and what the schema says about it."""

    name: str  # the spelling most articles use
    files: int  # articles giving it a value
    total: int  # articles read
    types: tuple[str, ...] = ()  # empty: not declared
    required: bool = False
    one_of: tuple[str, ...] | None = None
    #: Why it is (not) declared, required or constrained, in the report's words.
    notes: list[str] = field(default_factory=list)
    spellings: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.files / self.total if self.total else 0.0

    @property
    def declared(self) -> bool:
        return bool(self.types)


@dataclass
class DateStyle:
    """The dominant way dates are written, if one dominates."""

    style: str = "any-hugo"
    readable: int = 0  # date values Hugo reads (the style applies to those)
    matching: int = 0  # of which written in ``style``
    unreadable: int = 0
    shapes: Counter[str] = field(default_factory=Counter)
    reason: str = ""


@dataclass
class Inference:
    root: Path
    required_share: float
    files: int = 0  # articles read (with or without front matter)
    without_front_matter: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    keys: list[KeyInference] = field(default_factory=list)
    date_style: DateStyle = field(default_factory=DateStyle)
    headings: HeadingConventions = field(default_factory=lambda: HeadingConventions())
    hugo_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Schema findings the inferred config will give on these articles: (path, message).
    expected_findings: list[tuple[str, str]] = field(default_factory=list)

    def config_data(self) -> dict[str, Any]:
        """The config as TOML data (what :func:`render_config` writes, without comments)."""
        keys: dict[str, Any] = {}
        for key in self.keys:
            if not key.declared:
                continue
            spec: dict[str, Any] = {
                "type": key.types[0] if len(key.types) == 1 else list(key.types)
            }
            if key.required:
                spec["required"] = True
            if key.one_of is not None:
                spec["one-of"] = list(key.one_of)
            keys[key.name] = spec
        data: dict[str, Any] = {}
        if self.date_style.style != "any-hugo":
            data["rules"] = {"date-format": {"style": self.date_style.style}}
        for rule, options in self.headings.rule_options().items():
            data.setdefault("rules", {})[rule] = options
        data["schema"] = {"extends": "none", "unknown-keys": "allow", "keys": keys}
        return data


# --- reading the site ----------------------------------------------------------------


@dataclass
class _Article:
    path: str  # relative to the site folder, /-separated
    doc: Document
    data: dict[str, Any] | None  # None: no front matter


def _articles(root: Path, inference: Inference) -> list[_Article]:
    from lintnews.config import Config
    from lintnews.engine import read_document
    from lintnews.runner import discover

    articles: list[_Article] = []
    for path, _display in discover([str(root)], Config(root=root.resolve())):
        shown = Path(os.path.relpath(path, root)).as_posix()
        try:
            doc = read_document(path, shown)
        except OSError as exc:
            inference.skipped.append((shown, f"cannot be read ({exc.strerror or exc})"))
            continue
        if doc.decode_error is not None:
            inference.skipped.append((shown, "not UTF-8 text"))
            continue
        fm = doc.front_matter
        if fm is None:
            articles.append(_Article(shown, doc, None))
            inference.without_front_matter.append(shown)
            continue
        if fm.root is None or not isinstance(fm.root.value, dict):
            problem = next((p.message for p in fm.problems if p.kind == "syntax"), "unreadable")
            inference.skipped.append((shown, f"front matter cannot be read: {problem}"))
            continue
        articles.append(_Article(shown, doc, fm.data))
    return articles


def _hugo(root: Path, inference: Inference) -> tuple[str, ...]:
    """The site's extra date keys; notes which Hugo config files the checks will read."""
    from lintnews.hugo import find_site_root, read_hugo_config

    try:
        site_root = find_site_root(root)
    except OSError:
        return ()
    if site_root is None:
        return ()
    hugo = read_hugo_config(site_root)
    inference.hugo_files = hugo.files
    inference.warnings.extend(hugo.warnings)
    return tuple(hugo.settings.get("date_keys") or ())


def _first_values(data: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """lower-cased key -> (key as written, value); the first of two case-variants wins,
    as in the schema rule, which reports the second."""
    found: dict[str, tuple[str, Any]] = {}
    for key, value in data.items():
        name = str(key)
        if name.strip() and name.lower() not in found:
            found[name.lower()] = (name, value)
    return found


def _is_set(value: Any) -> bool:
    return value is not None and value != ""


# --- types -----------------------------------------------------------------------------


def _schema_rule() -> Any:
    """front-matter-schema, whose ``[schema]`` table init writes: its type names and its
    validator come from the rule itself, as any run gets them."""
    from lintnews.rule import load_rules

    return load_rules().rules["front-matter-schema"]


def _read_date(value: Any) -> tuple[bool, bool] | None:
    """(readable, has a time of day) for a date value, or None when it is no date at all."""
    from lintnews.dates import HugoDateError, parse_hugo_date

    try:
        parsed = parse_hugo_date(value)
    except HugoDateError:
        return (False, False)
    if parsed is None:
        return None
    return (True, not parsed.date_only)


def _reads_as_date(value: Any) -> bool:
    outcome = _read_date(value)
    return outcome is not None and outcome[0]


def _has_type(value: Any, kind: str) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool)


def _infer_types(lower: str, values: list[Any]) -> Counter[str]:
    """How many values each schema type takes, the narrowest types covering every value;
    empty when some value has no schema type."""
    hugo_type = HUGO_TYPED_KEYS.get(lower)
    if hugo_type is not None:
        # Hugo fixes this key's type: a value of another type is one Hugo misreads (`draft:
        # yes` publishes the page), so it stays reported instead of widening the schema.
        fitting = sum(1 for value in values if _has_type(value, hugo_type))
        return Counter({hugo_type: fitting}) if fitting else Counter()
    kinds: Counter[str] = Counter()
    dates: list[Any] = []  # values typed as dates
    strings: list[str] = []
    for value in values:
        if isinstance(value, bool):
            kinds["bool"] += 1
        elif isinstance(value, int) and lower in HUGO_DATE_KEYS_LOWER:
            dates.append(value)  # Hugo reads a whole number under a date key as Unix time
        elif isinstance(value, int):
            kinds["int"] += 1
        elif isinstance(value, float):
            kinds["float"] += 1
        elif isinstance(value, datetime | date):
            dates.append(value)
        elif isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            kinds["list[string]"] += 1
        else:  # a table, a list of tables or numbers, a time of day: no schema type
            return Counter()
    if strings:
        # Under Hugo's date keys date-format, not the schema, judges the text, so even
        # an unreadable date there is a date; elsewhere every string must read as one.
        if lower in HUGO_DATE_KEYS_LOWER or all(_reads_as_date(text) for text in strings):
            dates.extend(strings)
        elif all(is_web_url(text) for text in strings):
            kinds["url"] += len(strings)
        else:
            kinds["string"] += len(strings)
    if dates:
        with_time = [outcome[1] for outcome in map(_read_date, dates) if outcome and outcome[0]]
        kinds["datetime" if with_time and all(with_time) else "date"] += len(dates)
    if kinds["int"] and kinds["float"]:
        kinds["float"] += kinds.pop("int")  # float takes whole numbers too
    return Counter({kind: kinds[kind] for kind in _schema_rule().value_types if kinds[kind]})


def _one_of(key: KeyInference, lower: str, values: list[Any]) -> tuple[str, ...] | None:
    """A small, repeating set of string values, or None (with a note saying why not)."""
    if not key.types or not set(key.types) <= {"string", "list[string]"} or lower in _FREE_KEYS:
        return None
    uses: Counter[str] = Counter()
    for value in values:
        uses.update(set(value if isinstance(value, list) else [value]))
    if sum(1 for value in values if value != []) < ONE_OF_MIN_FILES:
        return None  # too few articles to tell a category from a coincidence
    distinct = _count(len(uses), "distinct value")
    if len(uses) > ONE_OF_MAX_VALUES:
        key.notes.append(f"{distinct}: too many for a one-of")
        return None
    rare = sum(1 for count in uses.values() if count < ONE_OF_MIN_USES)
    if rare:
        key.notes.append(f"{distinct}, {rare} used by a single article: no one-of")
        return None
    key.notes.append(
        f"one-of {_count(len(uses), 'value')}, each used by at least {ONE_OF_MIN_USES} articles"
    )
    return tuple(sorted(uses, key=lambda value: (-uses[value], value)))


def _infer_keys(articles: list[_Article], share: float) -> list[KeyInference]:
    total = len(articles)
    spellings: dict[str, Counter[str]] = {}
    values: dict[str, list[Any]] = {}
    for article in articles:
        for lower, (name, value) in _first_values(article.data or {}).items():
            spellings.setdefault(lower, Counter())[name] += 1
            if _is_set(value):
                values.setdefault(lower, []).append(value)
    appearances = {lower: sum(written.values()) for lower, written in spellings.items()}
    keys: list[KeyInference] = []
    for lower, written in spellings.items():
        name = written.most_common(1)[0][0]
        present = values.get(lower, [])
        key = KeyInference(name, len(present), total, spellings=dict(written))
        likely = _misspelling_of(lower, appearances)
        if likely is not None:
            key.notes.append(
                f"not declared: looks like a misspelling of {likely} "
                f"(in {appearances[likely]} articles)"
            )
            keys.append(key)
            continue
        if not present:
            key.notes.append("always empty: not declared")
            keys.append(key)
            continue
        kinds = _infer_types(lower, present)
        if not kinds:
            key.notes.append(
                "not declared: some values are tables or lists of non-strings, "
                "which the schema cannot type"
            )
            keys.append(key)
            continue
        key.types = tuple(kinds)
        if len(kinds) > 1:
            counts = ", ".join(f"{kind} ×{count}" for kind, count in kinds.most_common())
            rarest, few = min(kinds.items(), key=lambda item: item[1])
            key.notes.append(
                f"values: {counts}; the union keeps them all passing "
                f"(drop {rarest} to report the {few})"
            )
        key.required = key.share >= share
        key.one_of = _one_of(key, lower, present)
        if len(written) > 1:
            forms = ", ".join(f"{form} ×{count}" for form, count in written.most_common())
            key.notes.append(f"written as {forms} (the same key to Hugo)")
        keys.append(key)
    keys.sort(key=lambda k: (not k.declared, -k.files, k.name.lower()))
    return keys


def _misspelling_of(lower: str, appearances: dict[str, int]) -> str | None:
    """A far more common key this rare one is probably a slip of (``authrolink``)."""
    count = appearances[lower]
    if count > MISSPELLING_MAX_FILES or len(lower) < 4:
        return None
    allowed = 1 if len(lower) < 8 else 2
    candidates = [
        key
        for key, seen in appearances.items()
        if seen >= 10 * count
        # card/cards, alias/aliases: another word, not a slip of the keyboard.
        and not (key.startswith(lower) or lower.startswith(key))
        and _edit_distance(lower, key) <= allowed
    ]
    return max(candidates, key=lambda key: appearances[key]) if candidates else None


def _edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning a into b."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


# --- dates ------------------------------------------------------------------------------


def style_example(style: str) -> str:
    """How a date looks in a style, e.g. ``2006-01-02T15:04:05+08:00``."""
    if style == "rfc3339":
        return _SAMPLE_INSTANT.isoformat()
    return _SAMPLE_INSTANT.strftime(style)


def _infer_date_style(articles: list[_Article], date_keys: tuple[str, ...]) -> DateStyle:
    from lintnews_rules.dates import date_values, matches_style

    from lintnews.hugo_keys import HUGO_DATE_KEYS

    result = DateStyle()
    texts: list[str | None] = []
    keys = (*HUGO_DATE_KEYS, *date_keys)
    for article in articles:
        for value in date_values(article.doc, keys):
            if isinstance(value.value, bool | float | list | dict) or not _is_set(value.value):
                continue
            outcome = _read_date(value.value)
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
                f"{matching} of {result.readable} dates ({_percent(matching, result.readable)}) "
                f"are written like {style_example(style)}"
            )
            if matching < result.readable:
                result.reason += f"; date-format will report the other {result.readable - matching}"
            return result
    top, count = result.shapes.most_common(1)[0]
    shown = "other shapes" if top == "other" else f"like {style_example(top)}"
    result.reason = (
        f"no style covers {_percent(DATE_STYLE_SHARE, 1)} of the {result.readable} dates "
        f"(the most common, {shown}, {_percent(count, result.readable)}); "
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
                f"{_count(posts, 'post')} with a title and headings are too few to call a "
                "convention: each post's first heading sets its own level"
            )
            return [f"of {posts} posts with a title and headings", few, few, self._style_note()]
        h1 = self.opened_at[1]
        seen = f"of {posts} posts with a title and headings, the first section is {self.opened()}"
        notes = [seen]
        level = self.section_level_for_h1()
        if level == 1:
            notes.append(
                f"heading-h1-in-body: {h1} of {posts} posts ({_percent(h1, posts)}) write "
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
                f"heading-h1-in-body: {h1} of {posts} posts ({_percent(h1, posts)}) open "
                f"with h1, below {_percent(H1_SECTIONS_SHARE, 1)}: no site convention, "
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


def _infer_headings(articles: list[_Article]) -> HeadingConventions:
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


def _heading_config_lines(conventions: HeadingConventions) -> list[str]:
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
            lines += [f"{key} = {_toml_value(value)}" for key, value in options[rule].items()]
        lines.append("")
    return lines


# --- the whole inference ----------------------------------------------------------------


def infer_site(root: Path, *, required_share: float = DEFAULT_REQUIRED_SHARE) -> Inference:
    """Read every article under ``root`` and infer a schema and a date style."""
    inference = Inference(root=root, required_share=required_share)
    site_date_keys = _hugo(root, inference)
    articles = _articles(root, inference)
    inference.files = len(articles)
    inference.keys = _infer_keys(articles, required_share)
    inference.date_style = _infer_date_style(articles, site_date_keys)
    inference.headings = _infer_headings(articles)
    inference.expected_findings = _expected_findings(inference, articles)
    return inference


def _expected_findings(inference: Inference, articles: list[_Article]) -> list[tuple[str, str]]:
    """What front-matter-schema will report under the inferred config: the rule as a run of
    that config builds it (with the dates it leaves to date-format), by its own validator."""
    from lintnews.config import build_config
    from lintnews.configfile import main_site_root

    config = build_config(
        inference.config_data(),
        label="the inferred config",
        root=inference.root,
        site_root=main_site_root(inference.root),
    )
    rule = next((r for r in config.rules if r.name == "front-matter-schema"), None)
    if rule is None:
        return []
    required = rule.schema.required_keys
    found: list[tuple[str, str]] = []
    for article in articles:
        if article.data is None:
            if required:
                found.append((article.path, f"no front matter; it needs {', '.join(required)}"))
            continue
        found.extend((article.path, issue.message) for issue in rule.issues(article.data))
    return found


# --- writing ------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _toml_string(name)


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also refuses a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return str(value)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _percent(part: float, whole: float) -> str:
    if not whole:
        return "0%"
    share = 100 * part / whole
    if 0 < share < 1:
        return "<1%"
    # Never round 99.7% up to 100%: "100%" must mean every article.
    shown = int(share) if share < 100 else 100
    return f"{shown}%"


def render_config(
    inference: Inference, *, today: date | None = None, site: str = "this folder"
) -> str:
    """The config file: a commented header, then the inferred settings.

    ``site`` names the site's folder as seen from where the config is written.
    """
    today = today or date.today()
    total = inference.files
    skipped = f" ({len(inference.skipped)} skipped: front matter unreadable)"
    paragraphs = [
        f"lintnews config written by `lintnews init` on {today.isoformat()}.",
        f"The [schema] below was inferred from the front matter of {_count(total, 'article')} "
        f"under {site}{skipped if inference.skipped else ''}. A key is required when at "
        f"least {_percent(inference.required_share, 1)} of the articles give it a value "
        "(--required-share); each type is the narrowest one that every existing value "
        f"satisfies; one-of lists only small sets of values (at most {ONE_OF_MAX_VALUES}) "
        f"that each appear in at least {ONE_OF_MIN_USES} articles.",
    ]
    if inference.hugo_files:
        names = ", ".join(path.name for path in inference.hugo_files)
        paragraphs[-1] += (
            f" Site settings (timeZone, buildFuture, static folders, date keys) are read "
            f"from {names} automatically and are not repeated here."
        )
    undeclared = [key.name for key in inference.keys if not key.declared]
    seen = f" (keys seen but not declared: {', '.join(undeclared)})" if undeclared else ""
    paragraphs.append(
        "To adjust: change a key's type, drop `required = true`, widen or delete a one-of "
        '(see `lintnews rule front-matter-schema`). unknown-keys = "allow" lets keys that '
        f'are not declared through; set it to "warn" to catch misspelt keys{seen}. '
        "Findings already in the site can be recorded with `lintnews check --baseline FILE "
        "--update-baseline`, so that only new ones fail."
    )
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("#")
        lines += textwrap.wrap(
            paragraph, 88, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False
        )
    lines.append("")
    style = inference.date_style
    if style.style != "any-hugo":
        lines += [
            *textwrap.wrap(f"{style.reason}.", 88, initial_indent="# ", subsequent_indent="# "),
            "[rules.date-format]",
            f"style = {_toml_string(style.style)}",
            "",
        ]
    else:
        reason = f"Date style: {style.reason}."
        lines += [*textwrap.wrap(reason, 88, initial_indent="# ", subsequent_indent="# "), ""]
    lines += _heading_config_lines(inference.headings)
    lines += [
        "[schema]",
        'extends = "none"        # the inferred keys stand alone, without the default schema',
        'unknown-keys = "allow"  # "warn" or "forbid" to report keys not declared below',
    ]
    for key in inference.keys:
        if not key.declared:
            continue
        data = inference.config_data()["schema"]["keys"][key.name]
        lines += [
            "",
            f"# in {_percent(key.files, total)} of {total} articles ({key.files})",
            f"[schema.keys.{_toml_key(key.name)}]",
        ]
        lines += [f"{field_name} = {_toml_value(value)}" for field_name, value in data.items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != inference.config_data():  # a bug in the writer, never the site
        raise AssertionError("the written config does not read back as inferred")
    return text


def render_report(inference: Inference) -> str:
    """What was inferred and why, one line per key."""
    total = inference.files
    out: list[str] = []
    read = f"Read {total} article{'s' if total != 1 else ''} under {inference.root}"
    if inference.skipped:
        read += f"; skipped {len(inference.skipped)} whose front matter cannot be read"
    out.append(read + ".")
    for path, why in inference.skipped[:10]:
        out.append(f"  skipped {path}: {why}")
    if len(inference.skipped) > 10:
        out.append(f"  ... and {len(inference.skipped) - 10} more")
    if inference.without_front_matter:
        count = len(inference.without_front_matter)
        out.append(
            f"{count} article{'s have' if count != 1 else ' has'} no front matter "
            "(they count as lacking every key; exclude them if they are not articles)."
        )
        folders = Counter(os.path.dirname(path) or "." for path in inference.without_front_matter)
        shown = ", ".join(f"{folder}/ ({n})" for folder, n in folders.most_common(3))
        out.append(f"  mostly in {shown}")
    for warning in inference.warnings:
        out.append(f"warning: {warning}")
    share = _percent(inference.required_share, 1)
    where = (
        "in every article"
        if inference.required_share >= 1
        else f"in at least {share} of the articles"
    )
    out.append(f"\nSchema (required: {where}):")
    for key in inference.keys:
        out.append("  " + _key_line(key, share))
    out.append(f"\nDate style: {inference.date_style.style}: {inference.date_style.reason}.")
    if inference.date_style.shapes:
        shapes = ", ".join(
            f"{'other' if shape == 'other' else style_example(shape)} ×{count}"
            for shape, count in inference.date_style.shapes.most_common()
        )
        out.append(f"  dates written like: {shapes}")
    if inference.date_style.unreadable:
        out.append(
            f"  {_count(inference.date_style.unreadable, 'date')} Hugo cannot read "
            "(date-format reports such dates whatever the style)"
        )
    out.append("\nHeadings:")
    out.extend(f"  {note}" for note in inference.headings.notes())
    out.append("")
    out.extend(_expected_lines(inference))
    return "\n".join(out) + "\n"


def _key_line(key: KeyInference, share: str) -> str:
    where = f"in {_percent(key.files, key.total)} of {key.total} articles"
    if not key.declared:
        return f"{key.name}: {where}; " + "; ".join(key.notes)
    kind = key.types[0] if len(key.types) == 1 else "[" + ", ".join(key.types) + "]"
    if key.required:
        verdict = "required"
        if key.files < key.total:
            verdict += f"; {key.total - key.files} lack it and will be reported"
    else:
        verdict = f"optional (below {share})"
    line = f"{key.name}: {kind}, {where} → {verdict}"
    notes = list(key.notes)
    if key.one_of is not None:
        shown = ", ".join(_toml_string(value) for value in key.one_of)
        notes = [f"{note}: {shown}" if note.startswith("one-of") else note for note in notes]
    return line + ("; " + "; ".join(notes) if notes else "")


def _expected_lines(inference: Inference) -> list[str]:
    found = inference.expected_findings
    if not found:
        return ["Under this config, every article's front matter passes front-matter-schema."]
    files = len({path for path, _ in found})
    lines = [
        f"Under this config, front-matter-schema will report {len(found)} "
        f"finding{'s' if len(found) != 1 else ''} in {files} article{'s' if files != 1 else ''}"
        " (--required-share 1 gives none; or record them with --baseline):"
    ]
    by_message = Counter(message for _, message in found)
    for message, count in by_message.most_common(8):
        example = next(path for path, m in found if m == message)
        lines.append(f"  {count} × {message} (e.g. {example})")
    if len(by_message) > 8:
        lines.append(f"  ... and {len(by_message) - 8} other messages")
    return lines


# --- the command ------------------------------------------------------------------------


def _existing_config(root: Path, output: Path) -> Path | None:
    """A config that writing ``output`` would overwrite or silently take precedence over."""
    from lintnews.config import CONFIG_FILES, find_config

    if output.exists():
        return output
    if output.resolve().parent != root.resolve():
        return None
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file() and find_config(root) == candidate.resolve():
            return candidate
    return None


def run(args: argparse.Namespace, stdout=None, stderr=None) -> int:
    """``lintnews init``; returns the exit status."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    root = Path(args.path)
    if not root.is_dir():
        print(f"lintnews: error: {root}: not a folder (give the site's folder)", file=stderr)
        return 2
    share = DEFAULT_REQUIRED_SHARE if args.required_share is None else args.required_share
    if not 0 < share <= 1:
        print(
            f"lintnews: error: --required-share {share}: expected a share above 0 and at most 1 "
            "(0.9 = 90% of the articles)",
            file=stderr,
        )
        return 2
    output = args.output if args.output is not None else root / "lintnews.toml"
    if not args.print_only and not args.force:
        existing = _existing_config(root, output)
        if existing is not None:
            print(
                f"lintnews: error: {existing} already exists; lintnews init does not overwrite "
                "a config (use --force to replace it, --output FILE to write elsewhere, or "
                "--print to see the inferred config)",
                file=stderr,
            )
            return 2
    inference = infer_site(root, required_share=share)
    if inference.files == 0:
        print(
            f"lintnews: error: no articles (*.md, *.markdown) with readable front matter "
            f"found under {root}; nothing to infer a schema from",
            file=stderr,
        )
        for path, why in inference.skipped[:10]:
            print(f"  skipped {path}: {why}", file=stderr)
        return 2
    config = render_config(inference, site=_site_label(root, output, args.print_only))
    report = render_report(inference)
    if args.print_only:
        stdout.write(config)
        stderr.write(report)
        return 0
    try:
        output.write_text(config, encoding="utf-8")
    except OSError as exc:
        print(f"lintnews: error: cannot write {output}: {exc.strerror or exc}", file=stderr)
        return 2
    stdout.write(report)
    hint = "" if _found_from(root, output) else f" (pass --config {output} to lintnews check)"
    stdout.write(f"\nWrote {output}{hint}. Next: lintnews check {args.path}\n")
    return 0


def _site_label(root: Path, output: Path, printed: bool) -> str:
    """The site folder as a reader of the config file will know it."""
    if not printed and output.resolve().parent == root.resolve():
        return "this folder"
    return root.resolve().name + "/"


def _found_from(root: Path, output: Path) -> bool:
    from lintnews.config import find_config

    try:
        return find_config(root) == output.resolve()
    except OSError:
        return False
