"""A schema declared in the config's ``[schema]`` table, and the default news schema.

No Python needed::

    [schema]
    extends = "hugo-news"        # or "none" (the default): start from no keys
    unknown-keys = "warn"        # allow (default) | warn | forbid
    [schema.keys.title]
    type = "string"
    required = true
    [schema.keys.category]
    type = "string"
    one-of = ["新闻", "评论"]
    [schema.keys.slug]
    type = "string"
    pattern = "^[a-z0-9-]+$"
    [schema.keys]
    weight = "int"               # shorthand for { type = "int" }

Types: ``string``, ``int``, ``float`` (whole numbers accepted), ``bool``, ``date`` (any
date Hugo reads), ``datetime`` (a date with a time of day), ``url`` (an absolute
``http``/``https`` URL), ``list[string]``; a list of them (``type = ["string",
"list[string]"]``) accepts any one. ``one-of`` and ``pattern`` (a Python regular
expression searched in the value, as JSON Schema does: anchor it with ``^...$``) apply to
strings, and to every item of a ``list[string]``. Mistakes are
:class:`~lintnews.site.configfile.ConfigError`\\ s.

Declared keys match case-insensitively, as Hugo reads them: ``Title`` and ``publishdate``
are the schema's ``title`` and ``publishDate``. Empty values (``""`` or nothing after the
colon) count as unset, as Hugo treats them: an optional key left empty is fine, a required
one is reported as empty.

Dates are read by :func:`lintnews.common.dates.parse_hugo_date`, the reader the date rules use.
The schema reports a date value of the wrong *type* (a list, a table, a boolean, a
decimal number). A string Hugo cannot read as a date is left to ``date-format`` (LN101)
for the keys that rule reads in this run (``dates_left`` of :meth:`KeySchema.validate`),
so one bad date is reported once; for other keys typed ``date`` the schema reports the
unreadable date itself.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

from lintnews_rules.schema_model import (
    Described,
    Schema,
    SchemaIssue,
    describe_value,
    keys_as_hugo_reads_them,
    place_of,
    shown_choice,
    unknown_key_message,
    value_at,
)

from lintnews.common.dates import HugoDateError, parse_hugo_date
from lintnews.common.messages import joined
from lintnews.common.messages import message as msg
from lintnews.common.urls import is_web_url
from lintnews.site.configfile import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationInfo
    from pydantic_core import PydanticCustomError

UnknownKeys = Literal["allow", "warn", "forbid"]
UNKNOWN_KEYS: tuple[str, ...] = ("allow", "warn", "forbid")
TYPES: tuple[str, ...] = (
    "string",
    "int",
    "float",
    "bool",
    "date",
    "datetime",
    "url",
    "list[string]",
)
_SPEC_FIELDS = ("type", "required", "one-of", "pattern")
_EXTENDS = ("none", "hugo-news")


#: The default schema: the Hugo news article (title and date required, Hugo's own keys and
#: the theme keys of a real news article typed, any other key allowed).
HUGO_NEWS_SCHEMA: dict[str, Any] = {
    "unknown-keys": "allow",
    "keys": {
        "title": {"type": "string", "required": True},
        "date": {"type": "date", "required": True},
        "summary": "string",
        "description": "string",
        "linkTitle": "string",
        "slug": "string",
        "url": "string",
        "type": "string",
        "layout": "string",
        "markup": "string",
        "translationKey": "string",
        "thumbnail": "string",
        "lead": "string",
        "lastmod": "date",
        "modified": "date",
        "publishDate": "date",
        "pubdate": "date",
        # Hugo reads `published` as the opposite of `draft` or, failing that, as a date.
        "published": ["bool", "date"],
        "expiryDate": "date",
        "unpublishdate": "date",
        "draft": "bool",
        "headless": "bool",
        "isCJKLanguage": "bool",
        "comments": "bool",
        "toc": "bool",
        "mathjax": "bool",
        "authorbox": "bool",
        "pager": "bool",
        "weight": "int",
        "categories": "list[string]",
        "tags": "list[string]",
        "keywords": "list[string]",
        "translations": "list[string]",
        "widgets": "list[string]",
        # Hugo takes a single alias or language as a string too.
        "aliases": ["string", "list[string]"],
        "lang": ["string", "list[string]"],
    },
}


# --- a [schema] table: key specifications ------------------------------------------


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One declared key: its accepted types and constraints."""

    name: str  # as declared (used in messages about missing keys)
    types: tuple[str, ...]  # empty: any type (only one-of constrains it)
    required: bool = False
    one_of: tuple[Any, ...] | None = None
    pattern: re.Pattern[str] | None = None

    @property
    def item_expected(self) -> str:
        """What a string (or each item of a list of strings) must be."""
        if self.one_of is not None:
            return msg("one of {choices}", choices=", ".join(shown_choice(c) for c in self.one_of))
        if self.pattern is not None:
            return msg("a string matching the pattern {pattern}", pattern=self.pattern.pattern)
        return msg("a string")

    @property
    def expected(self) -> str:
        if not self.types:
            return self.item_expected
        return joined(msg(" or "), (self._expected_for(kind) for kind in self.types))

    def _expected_for(self, kind: str) -> str:
        constrained = self.one_of is not None or self.pattern is not None
        if kind == "string":
            return self.item_expected
        if kind == "list[string]":
            if not constrained:
                return msg("a list of strings")
            return msg("a list of strings, each {expected}", expected=self.item_expected)
        if kind in ("int", "float", "bool") and self.one_of is not None:
            return self.item_expected
        return _TYPE_WORDS[kind]


_TYPE_WORDS = {
    "string": msg("a string"),
    "int": msg("a whole number"),
    "float": msg("a number"),
    "bool": msg("true or false"),
    "date": msg("a date such as 2025-02-01 or 2025-02-01T10:30:49+08:00"),
    "datetime": msg("a date with a time of day such as 2025-02-01T10:30:49+08:00"),
    "url": msg("an http:// or https:// URL"),
    "list[string]": msg("a list of strings"),
}


def _same_value(a: Any, b: Any) -> bool:
    # 1 == True in Python; in front matter a number and a boolean are different values.
    return type(a) is type(b) and a == b


_SCALAR_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "url": is_web_url,
}


class _DateCheck(enum.Enum):
    OK = "ok"
    WRONG_TYPE = "wrong type"
    UNREADABLE = "unreadable"
    NO_TIME = "no time of day"


def _check_date(value: Any, with_time: bool) -> tuple[_DateCheck, str]:
    # A list, a table, a boolean or a decimal number is the wrong type for a date; text and
    # whole numbers (Unix time to Hugo) are read exactly as Hugo reads them.
    if isinstance(value, bool | float | list | dict | time) and not isinstance(value, datetime):
        return _DateCheck.WRONG_TYPE, ""
    try:
        parsed = parse_hugo_date(value)
    except HugoDateError as error:
        return _DateCheck.UNREADABLE, error.reason
    if with_time and parsed is not None and parsed.date_only:
        return _DateCheck.NO_TIME, ""
    return _DateCheck.OK, ""


#: Why a value fails its key's check, in pydantic's terms: the error type, its message
#: template and context (raised as a ``PydanticCustomError`` by the model's validators).
Problem = tuple[str, str, dict[str, Any]]


def _type_problem(expected: str) -> Problem:
    return "lintnews_type", "should be {expected}", {"expected": expected}


def _custom_error(problem: Problem) -> PydanticCustomError:
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(*problem)


def _value_problem(spec: KeySpec, value: Any, leave_text_to_date_format: bool) -> Problem | None:
    """What is wrong with one key's whole value (scalars, dates, unions of types), if anything."""
    unreadable: str | None = None
    for kind in spec.types or ("any",):
        if kind == "date" and leave_text_to_date_format and _text_or_unix(value):
            return None  # only date-format judges these; parsing here would cost twice
        if kind in ("date", "datetime"):
            outcome, reason = _check_date(value, with_time=kind == "datetime")
            if outcome is _DateCheck.OK:
                return None
            if outcome is _DateCheck.UNREADABLE:
                unreadable = reason
        elif kind == "list[string]":
            if not isinstance(value, list):
                continue
            bad = [index for index, item in enumerate(value) if not _string_ok(spec, item)]
            if not bad:
                return None
            # A list is the right shape: the item that is wrong is the thing to fix.
            return (
                "lintnews_item",
                "should be {expected}",
                {"expected": spec.item_expected, "index": bad[0]},
            )
        elif (kind == "any" or _SCALAR_CHECKS[kind](value)) and _constraints_ok(spec, value):
            return None
    if unreadable is not None:
        return "lintnews_date", "{reason}", {"reason": unreadable}
    return _type_problem(spec.expected)


def _value_validator(spec: KeySpec) -> Callable[[Any, ValidationInfo], Any]:
    """The model's check of one key's whole value (see :func:`_value_problem`)."""
    lower = spec.name.lower()

    def validate(value: Any, info: ValidationInfo) -> Any:
        problem = _value_problem(spec, value, lower in info.context)
        if problem is not None:
            raise _custom_error(problem)
        return value

    return validate


def _text_or_unix(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _constraints_ok(spec: KeySpec, value: Any) -> bool:
    if spec.one_of is not None:
        return any(_same_value(value, choice) for choice in spec.one_of)
    if spec.pattern is not None:
        return isinstance(value, str) and spec.pattern.search(value) is not None
    return True


def _string_ok(spec: KeySpec, value: Any) -> bool:
    return isinstance(value, str) and _constraints_ok(spec, value)


def _item_validator(spec: KeySpec) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        if not _string_ok(spec, value):
            raise _custom_error(_type_problem(spec.item_expected))
        return value

    return validate


def _annotation(spec: KeySpec) -> Any:
    from pydantic import PlainValidator

    if spec.types == ("list[string]",):
        # pydantic walks the list itself, so each bad item gets its own error and position.
        item = Annotated[Any, PlainValidator(_item_validator(spec)), Described(spec.item_expected)]
        return Annotated[list[item], Described(spec.expected)]  # type: ignore[valid-type]
    return Annotated[Any, PlainValidator(_value_validator(spec)), Described(spec.expected)]


class KeySchema(Schema):
    """A schema declared in config (or the default one): keys, types, unknown-key policy."""

    def __init__(
        self, specs: Iterable[KeySpec], unknown_keys: UnknownKeys = "allow", label: str = "schema"
    ) -> None:
        self.specs: dict[str, KeySpec] = {spec.name.lower(): spec for spec in specs}
        self.unknown_keys = unknown_keys
        self.label = label

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.specs.values() if spec.required)

    @cached_property
    def model(self) -> type[BaseModel]:
        """The pydantic model of the declared keys, built on first use and then reused."""
        from pydantic import ConfigDict, Field, create_model

        fields: dict[str, Any] = {}
        for index, (key, spec) in enumerate(self.specs.items()):
            default = ... if spec.required else None
            fields[f"key_{index}"] = (_annotation(spec), Field(default, alias=key))
        return create_model(  # type: ignore[call-overload,no-any-return]
            "FrontMatterSchema", __config__=ConfigDict(extra="ignore"), **fields
        )

    def validate(
        self, data: Mapping[str, Any], dates_left: frozenset[str] = frozenset()
    ) -> list[SchemaIssue]:
        keys, issues = keys_as_hugo_reads_them(data)
        written = {lower: key for lower, (key, _value) in keys.items()}
        values: dict[str, Any] = {}
        empty: set[str] = set()
        for lower, (key, value) in keys.items():
            if lower not in self.specs:
                issue = self._unknown(key)
                if issue is not None:
                    issues.append(issue)
            elif value is None or value == "":
                empty.add(lower)
            else:
                values[lower] = value
        if self._passes(values, dates_left):
            return issues  # what the model would accept needs no pydantic to say so
        from pydantic import ValidationError

        try:
            self.model.model_validate(values, context=dates_left)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                issues.extend(self._translate(error, values, written, empty, dates_left))
        return issues

    def _passes(self, values: Mapping[str, Any], dates_left: frozenset[str]) -> bool:
        """Whether :attr:`model` would accept ``values`` (the same checks, without pydantic)."""
        for lower, spec in self.specs.items():
            if lower not in values:
                if spec.required:
                    return False
                continue
            value = values[lower]
            if spec.types == ("list[string]",):
                # Anything but a list of good strings: pydantic says what and where.
                if type(value) is not list or not all(_string_ok(spec, v) for v in value):
                    return False
            elif _value_problem(spec, value, lower in dates_left) is not None:
                return False
        return True

    def _translate(
        self,
        error: Mapping[str, Any],
        values: Mapping[str, Any],
        written: Mapping[str, str],
        empty: set[str],
        dates_left: frozenset[str],
    ) -> list[SchemaIssue]:
        key = str(error["loc"][0])
        if error["type"] == "missing":
            if key in empty:
                name = written[key]
                return [
                    SchemaIssue(
                        (name,), msg("{name} is empty; it is required", name=name), kind="required"
                    )
                ]
            missing = self.specs[key].name
            message = msg("missing required key {missing}", missing=missing)
            return [SchemaIssue((), message, at="delimiter", kind="required")]
        loc = tuple(error["loc"])
        if error["type"] == "lintnews_item":
            loc += (error["ctx"]["index"],)
        path: tuple[str | int, ...] = (written[key], *loc[1:])
        value = value_at(values, loc)
        if error["type"] == "lintnews_date":
            if key in dates_left:
                return []  # date-format reports it, with a fix
            message = _date_message(place_of(path), error["ctx"]["reason"])
            return [SchemaIssue(path, message, kind="date")]
        if error["type"] in ("lintnews_type", "lintnews_item"):
            expected = error["ctx"]["expected"]
        else:  # list_type: the value is not a list at all
            expected = self.specs[key].expected
        return [
            SchemaIssue(
                path,
                msg(
                    "{path} should be {expected}, got {value}",
                    path=place_of(path),
                    expected=expected,
                    value=describe_value(value),
                ),
            )
        ]

    def _unknown(self, key: str) -> SchemaIssue | None:
        if self.unknown_keys == "allow":
            return None
        severity: Literal["error", "warning"] = (
            "warning" if self.unknown_keys == "warn" else "error"
        )
        known = {lower: spec.name for lower, spec in self.specs.items()}
        return SchemaIssue((key,), unknown_key_message(key, known), "key", severity, "unknown")


def _date_message(where: str, reason: str) -> str:
    # The same wording as date-format: the reason often starts with the quoted value.
    separator = " " if reason.startswith(chr(34)) else ": "
    return msg("{where}{separator}{reason}", where=where, separator=separator, reason=reason)


_DEFAULT: KeySchema | None = None


def default_schema() -> KeySchema:
    """The Hugo news-article schema (one per process; its model is built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = table_schema(HUGO_NEWS_SCHEMA, "the default schema", default_label="hugo-news")
    return _DEFAULT


def table_schema(raw: Mapping[str, Any], label: str, default_label: str = "schema") -> KeySchema:
    allowed = ("extends", "unknown-keys", "keys")
    for key in raw:
        if key not in allowed:
            raise ConfigError(
                msg(
                    "{label}: [schema]: unknown key {key!r}; allowed keys: {allowed}",
                    label=label,
                    key=key,
                    allowed=", ".join(allowed),
                )
            )
    extends = raw.get("extends", "none")
    if extends not in _EXTENDS:
        raise ConfigError(
            msg(
                "{label}: [schema] extends: {extends!r} is not allowed; expected one of {choices}",
                label=label,
                extends=extends,
                choices=", ".join(_EXTENDS),
            )
        )
    unknown = raw.get("unknown-keys", "allow")
    if unknown not in UNKNOWN_KEYS:
        raise ConfigError(
            msg(
                "{label}: [schema] unknown-keys: {unknown!r} is not allowed; expected one of "
                "{choices}",
                label=label,
                unknown=unknown,
                choices=", ".join(UNKNOWN_KEYS),
            )
        )
    keys = raw.get("keys", {})
    if not isinstance(keys, Mapping):
        raise ConfigError(
            msg(
                "{label}: [schema] keys: expected a table of keys ([schema.keys.title] ...), "
                "got {value}",
                label=label,
                value=describe_value(keys),
            )
        )
    specs: dict[str, KeySpec] = {}
    if extends == "hugo-news":
        specs = {spec.name.lower(): spec for spec in default_schema().specs.values()}
    declared: dict[str, str] = {}
    for name, spec_raw in keys.items():
        lower = name.lower()
        if not name.strip():
            raise ConfigError(
                msg("{label}: [schema.keys]: a key name must not be empty", label=label)
            )
        if lower in declared:
            raise ConfigError(
                msg(
                    "{label}: [schema.keys]: {first!r} and {name!r} are the same key "
                    "(front-matter keys are case-insensitive, as in Hugo); declare it once",
                    label=label,
                    first=declared[lower],
                    name=name,
                )
            )
        declared[lower] = name
        specs[lower] = _key_spec(name, spec_raw, label)
    return KeySchema(specs.values(), unknown, label=default_label)


def _key_spec(name: str, raw: Any, label: str) -> KeySpec:
    where = f"{label}: [schema.keys.{name}]"
    if isinstance(raw, str | list):
        raw = {"type": raw}
    if not isinstance(raw, Mapping):
        raise ConfigError(
            msg(
                "{where}: expected a table (type, required, one-of, pattern) or a type name, "
                "got {value}",
                where=where,
                value=describe_value(raw),
            )
        )
    for key in raw:
        if key not in _SPEC_FIELDS:
            raise ConfigError(
                msg(
                    "{where}: unknown key {key!r}; allowed keys: {allowed}",
                    where=where,
                    key=key,
                    allowed=", ".join(_SPEC_FIELDS),
                )
            )
    types_raw = raw.get("type", [])
    kinds = [types_raw] if isinstance(types_raw, str) else types_raw
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise ConfigError(
            msg("{where} type: expected a type name or a list of type names", where=where)
        )
    for kind in kinds:
        if kind not in TYPES:
            raise ConfigError(
                msg(
                    "{where} type: {kind!r} is not a type; expected one of {choices}",
                    where=where,
                    kind=kind,
                    choices=", ".join(TYPES),
                )
            )
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise ConfigError(
            msg(
                "{where} required: expected true or false, got {required!r}",
                where=where,
                required=required,
            )
        )
    one_of = _one_of(raw, kinds, where)
    pattern = _pattern(raw, kinds, where)
    if not kinds and one_of is None:
        raise ConfigError(
            msg(
                "{where}: give a type (one of {choices}) or one-of",
                where=where,
                choices=", ".join(TYPES),
            )
        )
    return KeySpec(name, tuple(dict.fromkeys(kinds)), required, one_of, pattern)


def _one_of(raw: Mapping[str, Any], kinds: list[str], where: str) -> tuple[Any, ...] | None:
    if "one-of" not in raw:
        return None
    choices = raw["one-of"]
    if not isinstance(choices, list) or not choices:
        raise ConfigError(msg("{where} one-of: expected a non-empty list of values", where=where))
    for choice in choices:
        if not isinstance(choice, str | int | float | bool):
            raise ConfigError(
                msg(
                    "{where} one-of: {choice!r} is not a string, number or boolean",
                    where=where,
                    choice=choice,
                )
            )
        if kinds and not any(_choice_fits(choice, kind) for kind in kinds):
            raise ConfigError(
                msg(
                    "{where} one-of: {choice} is not of the type {types}",
                    where=where,
                    choice=shown_choice(choice),
                    types=joined(msg(" or "), kinds),
                )
            )
    for kind in kinds:
        if kind not in ("string", "int", "float", "bool", "list[string]"):
            raise ConfigError(
                msg(
                    "{where} one-of: applies to string, int, float, bool and list[string] "
                    "values, not {kind}",
                    where=where,
                    kind=kind,
                )
            )
    return tuple(choices)


def _choice_fits(choice: Any, kind: str) -> bool:
    if kind == "list[string]":
        return isinstance(choice, str)
    check = _SCALAR_CHECKS.get(kind)
    return check is not None and check(choice)


def _pattern(raw: Mapping[str, Any], kinds: list[str], where: str) -> re.Pattern[str] | None:
    if "pattern" not in raw:
        return None
    text = raw["pattern"]
    if not isinstance(text, str):
        raise ConfigError(
            msg("{where} pattern: expected a regular expression as a string", where=where)
        )
    if not kinds or any(kind not in ("string", "list[string]") for kind in kinds):
        raise ConfigError(
            msg('{where} pattern: applies to type = "string" or "list[string]" only', where=where)
        )
    if "one-of" in raw:
        raise ConfigError(msg("{where}: give either one-of or pattern, not both", where=where))
    try:
        return re.compile(text)
    except re.error as exc:
        raise ConfigError(
            msg(
                "{where} pattern: {text!r} is not a valid regular expression: {exc}",
                where=where,
                text=text,
                exc=str(exc),
            )
        ) from None
