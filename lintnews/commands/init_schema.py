"""``lintnews init``: the ``[schema]`` read off a site's articles, key by key.

For each top-level front-matter key (matched case-insensitively, as Hugo reads keys): its
type, whether it is required, a ``one-of`` for small repeating sets, and probable
misspellings (see :mod:`lintnews.commands.init` for the rules of inference).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from lintnews.common.messages import message as msg
from lintnews.common.urls import is_web_url
from lintnews.site.hugo_keys import HUGO_DATE_KEYS_LOWER, HUGO_TYPED_KEYS

if TYPE_CHECKING:
    from lintnews.model.document import Document

#: Required means every article has it, so the site's own articles pass the starter config;
#: a lower share makes keys most articles have required and lists the ones that lack them.
DEFAULT_REQUIRED_SHARE = 1.0
ONE_OF_MAX_VALUES = 12
ONE_OF_MIN_FILES = 10
ONE_OF_MIN_USES = 2
#: A key in at most this many articles, spelt almost like a key ten times as common, is
#: reported as a probable misspelling rather than declared.
MISSPELLING_MAX_FILES = 2

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
class Article:
    path: str  # relative to the site folder, /-separated
    doc: Document
    data: dict[str, Any] | None  # None: no front matter


def _first_values(data: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """lower-cased key -> (key as written, value); the first of two case-variants wins,
    as in the schema rule, which reports the second."""
    found: dict[str, tuple[str, Any]] = {}
    for key, value in data.items():
        name = str(key)
        if name.strip() and name.lower() not in found:
            found[name.lower()] = (name, value)
    return found


def is_set(value: Any) -> bool:
    return value is not None and value != ""


def _schema_rule() -> Any:
    """front-matter-schema, whose ``[schema]`` table init writes: its type names and its
    validator come from the rule itself, as any run gets them."""
    from lintnews.plugin.rule import load_rules

    return load_rules().rules["front-matter-schema"]


def read_date(value: Any) -> tuple[bool, bool] | None:
    """(readable, has a time of day) for a date value, or None when it is no date at all."""
    from lintnews.common.dates import HugoDateError, parse_hugo_date

    try:
        parsed = parse_hugo_date(value)
    except HugoDateError:
        return (False, False)
    if parsed is None:
        return None
    return (True, not parsed.date_only)


def _reads_as_date(value: Any) -> bool:
    outcome = read_date(value)
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
        with_time = [outcome[1] for outcome in map(read_date, dates) if outcome and outcome[0]]
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
    distinct = msg(
        "{count} distinct value" if len(uses) == 1 else "{count} distinct values", count=len(uses)
    )
    if len(uses) > ONE_OF_MAX_VALUES:
        key.notes.append(msg("{distinct}: too many for a one-of", distinct=distinct))
        return None
    rare = sum(1 for count in uses.values() if count < ONE_OF_MIN_USES)
    if rare:
        key.notes.append(
            msg(
                "{distinct}, {rare} used by a single article: no one-of",
                distinct=distinct,
                rare=rare,
            )
        )
        return None
    key.notes.append(
        msg(
            "one-of {count} value, each used by at least {uses} articles"
            if len(uses) == 1
            else "one-of {count} values, each used by at least {uses} articles",
            count=len(uses),
            uses=ONE_OF_MIN_USES,
        )
    )
    return tuple(sorted(uses, key=lambda value: (-uses[value], value)))


def infer_keys(articles: list[Article], share: float) -> list[KeyInference]:
    total = len(articles)
    spellings: dict[str, Counter[str]] = {}
    values: dict[str, list[Any]] = {}
    for article in articles:
        for lower, (name, value) in _first_values(article.data or {}).items():
            spellings.setdefault(lower, Counter())[name] += 1
            if is_set(value):
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
                msg(
                    "not declared: looks like a misspelling of {likely} (in {count} articles)",
                    likely=likely,
                    count=appearances[likely],
                )
            )
            keys.append(key)
            continue
        if not present:
            key.notes.append(msg("always empty: not declared"))
            keys.append(key)
            continue
        kinds = _infer_types(lower, present)
        if not kinds:
            key.notes.append(
                msg(
                    "not declared: some values are tables or lists of non-strings, which the "
                    "schema cannot type"
                )
            )
            keys.append(key)
            continue
        key.types = tuple(kinds)
        if len(kinds) > 1:
            counts = ", ".join(f"{kind} ×{count}" for kind, count in kinds.most_common())
            rarest, few = min(kinds.items(), key=lambda item: item[1])
            key.notes.append(
                msg(
                    "values: {counts}; the union keeps them all passing (drop {rarest} to report "
                    "the {few})",
                    counts=counts,
                    rarest=rarest,
                    few=few,
                )
            )
        key.required = key.share >= share
        key.one_of = _one_of(key, lower, present)
        if len(written) > 1:
            forms = ", ".join(f"{form} ×{count}" for form, count in written.most_common())
            key.notes.append(msg("written as {forms} (the same key to Hugo)", forms=forms))
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
