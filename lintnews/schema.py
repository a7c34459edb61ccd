"""Front-matter schemas: which keys an article must have and what their values must be.

A schema comes from the top-level ``schema`` of the config, checked when the config is
loaded (:func:`build_schema`); mistakes are :class:`~lintnews.configfile.ConfigError`\\ s.

* No ``schema``: the Hugo news-article schema (:data:`HUGO_NEWS_SCHEMA`), modelled on a
  real Hugo news article: ``title`` (a non-empty string) and ``date`` are required, the
  usual Hugo and theme keys are typed, and unknown keys are allowed.
* A ``[schema]`` table, no Python needed::

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
  expression searched in the value, as JSON Schema does: anchor it with ``^...$``) apply
  to strings, and to every item of a ``list[string]``.
* ``schema = "package.module:Model"``: an installed pydantic model. It is imported with
  the current folder removed from ``sys.path`` and refused when its file lies inside the
  checked tree (outside the Python installation's own folders), so a schema can never
  run code from the articles being linted -- not even a package installed in editable
  mode from that tree. The model's own config decides about unknown keys.

Hugo reads front-matter keys case-insensitively (it lower-cases every key before looking
at it), so ``Title`` and ``publishdate`` are matched to the schema's ``title`` and
``publishDate``. Two keys that differ only in case are reported: Hugo keeps one of them
at random (it iterates a Go map).

Empty values (``""`` or nothing after the colon) count as unset, as Hugo treats them: an
optional key left empty is fine, a required one is reported as empty. A named pydantic
model receives the values as written.

Dates are read by :func:`lintnews.dates.parse_hugo_date`, the reader the date rules use.
The schema reports a date value of the wrong *type* (a list, a table, a boolean, a
decimal number); a string Hugo cannot read as a date is left to ``date-format`` (LN101)
for the keys that rule checks (:data:`DATE_RULE_KEYS`), so one bad date is reported once.
For other keys typed ``date`` the schema reports the unreadable date itself.
"""

from __future__ import annotations

import difflib
import enum
import importlib
import inspect
import re
import site
import sys
import sysconfig
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, create_model
from pydantic_core import PydanticCustomError

from lintnews.configfile import ConfigError
from lintnews.dates import HugoDateError, parse_hugo_date
from lintnews.hugo_keys import HUGO_DATE_KEYS_LOWER
from lintnews.lazyre import LazyPattern

__all__ = [
    "DATE_RULE_KEYS",
    "Described",
    "HUGO_NEWS_SCHEMA",
    "TYPES",
    "UNKNOWN_KEYS",
    "KeySchema",
    "ModelSchema",
    "Schema",
    "SchemaIssue",
    "build_schema",
    "default_schema",
]

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

#: Keys whose unreadable date strings ``date-format`` (LN101) reports, lower-cased: Hugo's
#: date keys and their aliases. The schema leaves those strings to that rule.
DATE_RULE_KEYS = HUGO_DATE_KEYS_LOWER

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


# --- what the rule reports ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema violation, placed by ``path`` into the front matter.

    ``path`` holds keys as written in the file and list indexes, e.g. ``("tags", 1)``.
    ``at`` says what to underline: the ``value`` at the path, the ``key`` at the path, or
    the opening ``delimiter`` of the front matter (a missing key has no place of its own).
    """

    path: tuple[str | int, ...]
    message: str
    at: Literal["value", "key", "delimiter"] = "value"
    severity: Literal["error", "warning"] = "error"


class Schema:
    """A front-matter schema. Subclasses implement :meth:`validate`."""

    label: str = "schema"

    @property
    def required_keys(self) -> tuple[str, ...]:
        return ()

    def validate(self, data: Mapping[str, Any]) -> list[SchemaIssue]:
        raise NotImplementedError


# --- describing values and expectations in an editor's words -----------------------


def describe_value(value: Any) -> str:
    """``the string "芯片, 出口管制"``, ``the number 3``, ``a list of 2 items``..."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        if not value:
            return "an empty string"
        shown = value if len(value) <= 60 else value[:57] + "..."
        shown = shown.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        return f'the string "{shown}"'
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time of day {value.isoformat()}"
    if isinstance(value, list | tuple):
        if not value:
            return "an empty list"
        return "a list of 1 item" if len(value) == 1 else f"a list of {len(value)} items"
    if isinstance(value, dict):
        return "a table of keys"
    return f"a {type(value).__name__}"


def _shown_choice(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _where(path: Sequence[str | int]) -> str:
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
    where = ".".join(names) if names else "the front matter"
    return f"item {index + 1} of {where}" if index is not None else where


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
            return "one of " + ", ".join(_shown_choice(choice) for choice in self.one_of)
        if self.pattern is not None:
            return f"a string matching the pattern {self.pattern.pattern}"
        return "a string"

    @property
    def expected(self) -> str:
        if not self.types:
            return self.item_expected
        return " or ".join(self._expected_for(kind) for kind in self.types)

    def _expected_for(self, kind: str) -> str:
        constrained = self.one_of is not None or self.pattern is not None
        if kind == "string":
            return self.item_expected
        if kind == "list[string]":
            if not constrained:
                return "a list of strings"
            return f"a list of strings, each {self.item_expected}"
        if kind in ("int", "float", "bool") and self.one_of is not None:
            return self.item_expected
        return _TYPE_WORDS[kind]


_TYPE_WORDS = {
    "string": "a string",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "date": "a date such as 2025-02-01 or 2025-02-01T10:30:49+08:00",
    "datetime": "a date with a time of day such as 2025-02-01T10:30:49+08:00",
    "url": "an http:// or https:// URL",
    "list[string]": "a list of strings",
}


def _same_value(a: Any, b: Any) -> bool:
    # 1 == True in Python; in front matter a number and a boolean are different values.
    return type(a) is type(b) and a == b


def _is_url(value: Any) -> bool:
    if not isinstance(value, str) or any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


_SCALAR_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "url": _is_url,
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


def _type_error(expected: str) -> PydanticCustomError:
    return PydanticCustomError("lintnews_type", "should be {expected}", {"expected": expected})


def _value_validator(spec: KeySpec) -> Callable[[Any], Any]:
    """The check of one key's whole value (scalars, dates, unions of types)."""
    leave_text_to_date_rules = spec.name.lower() in DATE_RULE_KEYS

    def validate(value: Any) -> Any:
        unreadable: str | None = None
        for kind in spec.types or ("any",):
            if kind == "date" and leave_text_to_date_rules and _text_or_unix(value):
                return value  # only date-format judges these; parsing here would cost twice
            if kind in ("date", "datetime"):
                outcome, reason = _check_date(value, with_time=kind == "datetime")
                if outcome is _DateCheck.OK:
                    return value
                if outcome is _DateCheck.UNREADABLE:
                    unreadable = reason
            elif kind == "list[string]":
                if not isinstance(value, list):
                    continue
                bad = [index for index, item in enumerate(value) if not _string_ok(spec, item)]
                if not bad:
                    return value
                # A list is the right shape: the item that is wrong is the thing to fix.
                raise PydanticCustomError(
                    "lintnews_item",
                    "should be {expected}",
                    {"expected": spec.item_expected, "index": bad[0]},
                )
            elif (kind == "any" or _SCALAR_CHECKS[kind](value)) and _constraints_ok(spec, value):
                return value
        if unreadable is not None:
            raise PydanticCustomError("lintnews_date", "{reason}", {"reason": unreadable})
        raise _type_error(spec.expected)

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
            raise _type_error(spec.item_expected)
        return value

    return validate


@dataclass(frozen=True, slots=True)
class Described:
    """Annotation metadata: how to say in words what a field accepts."""

    expected: str


def _annotation(spec: KeySpec) -> Any:
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
        fields: dict[str, Any] = {}
        for index, (key, spec) in enumerate(self.specs.items()):
            default = ... if spec.required else None
            fields[f"key_{index}"] = (_annotation(spec), Field(default, alias=key))
        return create_model(  # type: ignore[call-overload,no-any-return]
            "FrontMatterSchema", __config__=ConfigDict(extra="ignore"), **fields
        )

    def validate(self, data: Mapping[str, Any]) -> list[SchemaIssue]:
        issues: list[SchemaIssue] = []
        written: dict[str, str] = {}  # lower-cased key -> the key as written
        values: dict[str, Any] = {}
        empty: set[str] = set()
        for key, value in data.items():
            lower = str(key).lower()
            if lower in written:
                issues.append(_case_conflict(written[lower], key))
                continue
            written[lower] = key
            if lower not in self.specs:
                issue = self._unknown(key)
                if issue is not None:
                    issues.append(issue)
            elif value is None or value == "":
                empty.add(lower)
            else:
                values[lower] = value
        try:
            self.model.model_validate(values)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                issues.extend(self._translate(error, values, written, empty))
        return issues

    def _translate(
        self,
        error: Mapping[str, Any],
        values: Mapping[str, Any],
        written: Mapping[str, str],
        empty: set[str],
    ) -> list[SchemaIssue]:
        key = str(error["loc"][0])
        if error["type"] == "missing":
            if key in empty:
                name = written[key]
                return [SchemaIssue((name,), f"{name} is empty; it is required")]
            missing = self.specs[key].name
            return [SchemaIssue((), f"missing required key {missing}", at="delimiter")]
        loc = tuple(error["loc"])
        if error["type"] == "lintnews_item":
            loc += (error["ctx"]["index"],)
        path: tuple[str | int, ...] = (written[key], *loc[1:])
        value = _value_at(values, loc)
        if error["type"] == "lintnews_date":
            if key in DATE_RULE_KEYS:
                return []  # date-format reports it, with a fix
            return [SchemaIssue(path, _date_message(_where(path), error["ctx"]["reason"]))]
        if error["type"] in ("lintnews_type", "lintnews_item"):
            expected = error["ctx"]["expected"]
        else:  # list_type: the value is not a list at all
            expected = self.specs[key].expected
        return [
            SchemaIssue(path, f"{_where(path)} should be {expected}, got {describe_value(value)}")
        ]

    def _unknown(self, key: str) -> SchemaIssue | None:
        if self.unknown_keys == "allow":
            return None
        severity: Literal["error", "warning"] = (
            "warning" if self.unknown_keys == "warn" else "error"
        )
        known = {lower: spec.name for lower, spec in self.specs.items()}
        return SchemaIssue((key,), _unknown_message(key, known), "key", severity)


def _case_conflict(first: str, later: str) -> SchemaIssue:
    return SchemaIssue(
        (later,),
        f"{later} and {first} are the same key to Hugo, which ignores the case of keys and "
        "keeps one of them at random; keep one",
        at="key",
    )


def _unknown_message(key: str, known: Mapping[str, str]) -> str:
    """``known`` maps lower-cased keys to the names to show."""
    names = list(known.values())
    close = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.75)
    if close:
        return f"unknown key {key}; did you mean {known[close[0]]}?"
    if not names:
        return f"unknown key {key}; the schema declares no keys"
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"unknown key {key}; the schema allows {shown}"


def _date_message(where: str, reason: str) -> str:
    # The same wording as date-format: the reason often starts with the quoted value.
    return f"{where}{' ' if reason.startswith(chr(34)) else ': '}{reason}"


_NOT_FOUND = object()


def _child_value(value: Any, part: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get(part, _NOT_FOUND)
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return _NOT_FOUND


def _value_at(data: Any, loc: Sequence[Any]) -> Any:
    value = data
    for part in loc:
        child = _child_value(value, part)
        if child is not _NOT_FOUND:
            value = child
    return value


# --- a named pydantic model ---------------------------------------------------------


class ModelSchema(Schema):
    """An installed pydantic model, with pydantic's errors said in an editor's words."""

    def __init__(self, model: type[BaseModel], label: str = "schema") -> None:
        self.model = model
        self.label = label
        self.fields: dict[str, tuple[str, Any]] = {}  # lower-cased key -> (key, FieldInfo)
        for name, info in model.model_fields.items():
            key = info.validation_alias if isinstance(info.validation_alias, str) else None
            key = key or info.alias or name
            self.fields[key.lower()] = (key, info)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(key for key, info in self.fields.values() if info.is_required())

    def validate(self, data: Mapping[str, Any]) -> list[SchemaIssue]:
        issues: list[SchemaIssue] = []
        written: dict[str, str] = {}  # key given to the model -> key as written
        renamed: dict[str, Any] = {}
        seen: dict[str, str] = {}
        for key, value in data.items():
            lower = str(key).lower()
            if lower in seen:
                issues.append(_case_conflict(seen[lower], key))
                continue
            seen[lower] = key
            model_key = self.fields[lower][0] if lower in self.fields else key
            written[model_key] = key
            renamed[model_key] = value
        try:
            self.model.model_validate(renamed)
        except ValidationError as exc:
            issues.extend(self._translate(exc, renamed, written))
        return issues

    def _translate(
        self, exc: ValidationError, data: Mapping[str, Any], written: Mapping[str, str]
    ) -> list[SchemaIssue]:
        issues: list[SchemaIssue] = []
        reported: set[tuple[Any, ...]] = set()
        by_key: dict[Any, list[Mapping[str, Any]]] = {}
        for error in exc.errors(include_url=False):
            by_key.setdefault(error["loc"][0] if error["loc"] else None, []).append(error)
        for key, errors in by_key.items():
            if key is None:  # the model refused the front matter as a whole
                for error in errors:
                    issues.append(SchemaIssue((), _clean(error["msg"]), at="delimiter"))
                continue
            real = [(_real_path(data, error["loc"]), error) for error in errors]
            # Several errors under one key that do not all sit at real positions come from
            # the members of a union: one message about the key says it all.
            if len(errors) > 1 and any(len(path) < len(e["loc"]) for path, e in real):
                path = min((path for path, _ in real), key=len)
                real = [(path, {**errors[0], "type": "union", "loc": path})]
            for path, error in real:
                if error["type"] == "missing":
                    issues.append(self._missing(error["loc"]))
                    continue
                shown = (written.get(path[0], path[0]), *path[1:]) if path else ()
                if (shown, error["type"]) in reported:
                    continue
                reported.add((shown, error["type"]))
                issues.append(self._issue(shown, path, error, data))
        return issues

    def _issue(
        self,
        shown: tuple[Any, ...],
        path: tuple[Any, ...],
        error: Mapping[str, Any],
        data: Mapping[str, Any],
    ) -> SchemaIssue:
        kind = error["type"]
        if kind == "extra_forbidden":
            return SchemaIssue(shown, _unknown_message(str(shown[0]), self._known()), at="key")
        where = _where(shown)
        value = _value_at(data, path)
        if _is_type_error(kind):
            expected = self._expected_at(path)
            if expected is not None:
                return SchemaIssue(
                    shown, f"{where} should be {expected}, got {describe_value(value)}"
                )
        return SchemaIssue(shown, f"{where}: {_clean(error['msg'])}")

    @staticmethod
    def _missing(loc: Sequence[Any]) -> SchemaIssue:
        return SchemaIssue((), f"missing required key {_where(loc)}", at="delimiter")

    def _known(self) -> dict[str, str]:
        return {lower: key for lower, (key, _) in self.fields.items()}

    def _expected_at(self, path: tuple[Any, ...]) -> str | None:
        if not path or str(path[0]).lower() not in self.fields:
            return None
        _, info = self.fields[str(path[0]).lower()]
        for item in info.metadata:
            if isinstance(item, Described) and len(path) == 1:
                return item.expected
        annotation: Any = info.annotation
        for part in path[1:]:
            annotation = _child_annotation(annotation, part)
            if annotation is None:
                return None
        return describe_annotation(annotation)


_TYPE_ERROR_KINDS = {
    "literal_error",
    "enum",
    "string_pattern_mismatch",
    "union",
    "is_instance_of",
    "is_subclass_of",
    "url_scheme",
    "none_required",
}


def _is_type_error(kind: str) -> bool:
    return (
        kind in _TYPE_ERROR_KINDS
        or kind.endswith(("_type", "_parsing"))
        or kind.startswith(("url_", "date", "time"))
    )


def _clean(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message


def _real_path(data: Any, loc: Sequence[Any]) -> tuple[Any, ...]:
    """The parts of a pydantic error location that index into the data.

    The others name union members or validators (``list[str]``, ``function-after``).
    """
    path: list[Any] = []
    value = data
    for part in loc:
        child = _child_value(value, part)
        if child is not _NOT_FOUND:
            value = child
            path.append(part)
    return tuple(path)


def _unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The annotation without ``Annotated`` and ``None`` members, and its metadata."""
    metadata: tuple[Any, ...] = ()
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        metadata += tuple(extra)
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation, metadata


def _child_annotation(annotation: Any, part: Any) -> Any:
    annotation, _ = _unwrap(annotation)
    origin = get_origin(annotation)
    args = get_args(annotation)
    if isinstance(part, int) and origin in (list, tuple, set, frozenset, Sequence) and args:
        return args[0]
    if isinstance(part, str) and origin in (dict, Mapping) and len(args) == 2:
        return args[1]
    if isinstance(part, str) and inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
    return None


_PLURALS = {"a string": "strings", "a whole number": "whole numbers", "a number": "numbers"}


def describe_annotation(annotation: Any) -> str | None:
    """What a type annotation accepts, in words (``a list of strings``), or None."""
    annotation, metadata = _unwrap(annotation)
    for item in metadata:
        if isinstance(item, Described):
            return item.expected
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        words = [describe_annotation(member) for member in get_args(annotation)]
        words = [w for w in dict.fromkeys(words) if w]
        return " or ".join(words) if words else None
    if origin is Literal:
        return "one of " + ", ".join(_shown_choice(v) for v in get_args(annotation))
    if origin in (list, tuple, set, frozenset, Sequence):
        args = get_args(annotation)
        item = describe_annotation(args[0]) if args else None
        if item in _PLURALS:
            return f"a list of {_PLURALS[item]}"
        return f"a list of items each {item}" if item else "a list"
    if origin in (dict, Mapping):
        return "a table of keys"
    simple = {
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        datetime: "a date and time",
        date: "a date",
        time: "a time of day",
    }
    if annotation in simple:
        return simple[annotation]
    if inspect.isclass(annotation):
        if issubclass(annotation, BaseModel):
            return "a table of keys"
        if issubclass(annotation, enum.Enum):
            return "one of " + ", ".join(_shown_choice(m.value) for m in annotation)
        if "Url" in annotation.__name__:
            return "a URL"
    return None


# --- building a schema from config --------------------------------------------------


def build_schema(raw: Any, label: str = "config", *, root: Path | None = None) -> Schema:
    """The schema named by the config's ``schema`` value; a ``ConfigError`` if it is wrong.

    ``raw`` is ``None`` (the default schema), a ``[schema]`` table, or a
    ``"package.module:Model"`` string. ``root`` is the checked tree (the config's folder);
    a named model whose file is inside it is refused. It defaults to the current folder.
    """
    if raw is None:
        return default_schema()
    if isinstance(raw, str):
        return ModelSchema(_import_model(raw, label, root), label=raw)
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"{label}: schema: expected a [schema] table or a string "
            f'"package.module:Model", got {describe_value(raw)}'
        )
    return _key_schema(raw, label)


_DEFAULT: KeySchema | None = None


def default_schema() -> KeySchema:
    """The Hugo news-article schema (one per process; its model is built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _key_schema(HUGO_NEWS_SCHEMA, "the default schema", default_label="hugo-news")
    return _DEFAULT


def _key_schema(raw: Mapping[str, Any], label: str, default_label: str = "schema") -> KeySchema:
    allowed = ("extends", "unknown-keys", "keys")
    for key in raw:
        if key not in allowed:
            raise ConfigError(
                f"{label}: [schema]: unknown key {key!r}; allowed keys: {', '.join(allowed)}"
            )
    extends = raw.get("extends", "none")
    if extends not in _EXTENDS:
        raise ConfigError(
            f"{label}: [schema] extends: {extends!r} is not allowed; expected one of "
            + ", ".join(_EXTENDS)
        )
    unknown = raw.get("unknown-keys", "allow")
    if unknown not in UNKNOWN_KEYS:
        raise ConfigError(
            f"{label}: [schema] unknown-keys: {unknown!r} is not allowed; expected one of "
            + ", ".join(UNKNOWN_KEYS)
        )
    keys = raw.get("keys", {})
    if not isinstance(keys, Mapping):
        raise ConfigError(
            f"{label}: [schema] keys: expected a table of keys ([schema.keys.title] ...), "
            f"got {describe_value(keys)}"
        )
    specs: dict[str, KeySpec] = {}
    if extends == "hugo-news":
        specs = {spec.name.lower(): spec for spec in default_schema().specs.values()}
    declared: dict[str, str] = {}
    for name, spec_raw in keys.items():
        lower = name.lower()
        if not name.strip():
            raise ConfigError(f"{label}: [schema.keys]: a key name must not be empty")
        if lower in declared:
            raise ConfigError(
                f"{label}: [schema.keys]: {declared[lower]!r} and {name!r} are the same key "
                "(front-matter keys are case-insensitive, as in Hugo); declare it once"
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
            f"{where}: expected a table (type, required, one-of, pattern) or a type name, "
            f"got {describe_value(raw)}"
        )
    for key in raw:
        if key not in _SPEC_FIELDS:
            raise ConfigError(
                f"{where}: unknown key {key!r}; allowed keys: {', '.join(_SPEC_FIELDS)}"
            )
    types_raw = raw.get("type", [])
    kinds = [types_raw] if isinstance(types_raw, str) else types_raw
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise ConfigError(f"{where} type: expected a type name or a list of type names")
    for kind in kinds:
        if kind not in TYPES:
            raise ConfigError(
                f"{where} type: {kind!r} is not a type; expected one of {', '.join(TYPES)}"
            )
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise ConfigError(f"{where} required: expected true or false, got {required!r}")
    one_of = _one_of(raw, kinds, where)
    pattern = _pattern(raw, kinds, where)
    if not kinds and one_of is None:
        raise ConfigError(f"{where}: give a type (one of {', '.join(TYPES)}) or one-of")
    return KeySpec(name, tuple(dict.fromkeys(kinds)), required, one_of, pattern)


def _one_of(raw: Mapping[str, Any], kinds: list[str], where: str) -> tuple[Any, ...] | None:
    if "one-of" not in raw:
        return None
    choices = raw["one-of"]
    if not isinstance(choices, list) or not choices:
        raise ConfigError(f"{where} one-of: expected a non-empty list of values")
    for choice in choices:
        if not isinstance(choice, str | int | float | bool):
            raise ConfigError(f"{where} one-of: {choice!r} is not a string, number or boolean")
        if kinds and not any(_choice_fits(choice, kind) for kind in kinds):
            raise ConfigError(
                f"{where} one-of: {_shown_choice(choice)} is not of the type {' or '.join(kinds)}"
            )
    for kind in kinds:
        if kind not in ("string", "int", "float", "bool", "list[string]"):
            raise ConfigError(
                f"{where} one-of: applies to string, int, float, bool and list[string] "
                f"values, not {kind}"
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
        raise ConfigError(f"{where} pattern: expected a regular expression as a string")
    if not kinds or any(kind not in ("string", "list[string]") for kind in kinds):
        raise ConfigError(f'{where} pattern: applies to type = "string" or "list[string]" only')
    if "one-of" in raw:
        raise ConfigError(f"{where}: give either one-of or pattern, not both")
    try:
        return re.compile(text)
    except re.error as exc:
        raise ConfigError(
            f"{where} pattern: {text!r} is not a valid regular expression: {exc}"
        ) from None


# --- importing a named model, never from the checked tree ---------------------------

# Only schema = "pkg:Model" needs it: compiled on first use.
_MODEL_REFERENCE = LazyPattern(
    r"^(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$"
)


def _install_dirs() -> list[Path]:
    """Where installed packages live: code there was installed, not found in the tree."""
    found: list[str] = []
    paths = sysconfig.get_paths()
    found.extend(paths[k] for k in ("purelib", "platlib", "stdlib", "platstdlib") if k in paths)
    getsitepackages = getattr(site, "getsitepackages", None)
    if getsitepackages is not None:
        found.extend(getsitepackages())
    user_site = getattr(site, "getusersitepackages", lambda: None)()
    if user_site:
        found.append(user_site)
    return [_resolved(p) for p in dict.fromkeys(found) if p]


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _untrusted(path: Path, tree: Path, cwd: Path, installed: list[Path]) -> bool:
    if any(_inside(path, folder) for folder in installed):
        return False
    return path == cwd or _inside(path, tree)


def _import_model(reference: str, label: str, root: Path | None) -> type[BaseModel]:
    match = _MODEL_REFERENCE.match(reference.strip())
    if match is None:
        raise ConfigError(
            f'{label}: schema: {reference!r} is not a model reference; write "package.module:Model" '
            "(an installed pydantic model) or use a [schema] table"
        )
    module_name, attribute = match.group("module"), match.group("name")
    cwd = _resolved(Path.cwd())
    tree = _resolved(root) if root is not None else cwd
    installed = _install_dirs()
    saved = list(sys.path)
    # The current folder and the checked tree are taken off sys.path for the import, so a
    # file in the linted tree that happens to share the module's name is never run.
    sys.path[:] = [
        entry
        for entry in saved
        if entry not in ("", ".") and not _untrusted(_resolved(entry), tree, cwd, installed)
    ]
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise ConfigError(
            f"{label}: schema: cannot import {module_name!r} ({type(exc).__name__}: {exc}); "
            "the schema module must be an installed package (modules in the current folder "
            "or the checked tree are never imported)"
        ) from None
    finally:
        sys.path[:] = saved
    for candidate in (module, *_defining_modules(module, attribute)):
        source = getattr(candidate, "__file__", None)
        if source and _untrusted(_resolved(source), tree, cwd, installed):
            raise ConfigError(
                f"{label}: schema: refusing {reference!r}: {source} is inside the checked tree "
                f"{tree}; install the schema package normally instead"
            )
    target: Any = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise ConfigError(f"{label}: schema: module {module_name!r} has no {attribute!r}")
        target = getattr(target, part)
    if not (inspect.isclass(target) and issubclass(target, BaseModel)):
        raise ConfigError(
            f"{label}: schema: {reference!r} is {describe_value(target)}, not a pydantic model class"
        )
    return target


def _defining_modules(module: types.ModuleType, attribute: str) -> list[types.ModuleType]:
    target: Any = module
    for part in attribute.split("."):
        target = getattr(target, part, None)
    defining = sys.modules.get(getattr(target, "__module__", "") or "")
    return [defining] if defining is not None and defining is not module else []
