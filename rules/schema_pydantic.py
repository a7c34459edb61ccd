"""A schema that is an installed pydantic model: ``schema = "package.module:Model"``.

The model is imported with the current folder removed from ``sys.path`` and refused when
its file lies inside the checked tree (outside the Python installation's own folders), so
a schema can never run code from the articles being linted -- not even a package installed
in editable mode from that tree. The model's own config decides about unknown keys, and it
receives the values as written; its errors are said in an editor's words.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import site
import sys
import sysconfig
import types
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from lintnews_rules.schema_model import (
    NOT_FOUND,
    Described,
    Schema,
    SchemaIssue,
    child_value,
    describe_value,
    keys_as_hugo_reads_them,
    place_of,
    shown_choice,
    unknown_key_message,
    value_at,
)

from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import joined
from lintnews.common.messages import message as msg
from lintnews.site.configfile import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError


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

    def validate(
        self, data: Mapping[str, Any], dates_left: frozenset[str] = frozenset()
    ) -> list[SchemaIssue]:
        # The model judges every value itself, dates included: it knows no other rule.
        keys, issues = keys_as_hugo_reads_them(data)
        written: dict[str, str] = {}  # key given to the model -> key as written
        renamed: dict[str, Any] = {}
        for lower, (key, value) in keys.items():
            model_key = self.fields[lower][0] if lower in self.fields else key
            written[model_key] = key
            renamed[model_key] = value
        from pydantic import ValidationError

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
                    issues.append(
                        SchemaIssue((), _clean(error["msg"]), at="delimiter", kind="model")
                    )
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
            message = unknown_key_message(str(shown[0]), self._known())
            return SchemaIssue(shown, message, at="key", kind="unknown")
        where = place_of(shown)
        value = value_at(data, path)
        if _is_type_error(kind):
            expected = self._expected_at(path)
            if expected is not None:
                return SchemaIssue(
                    shown,
                    msg(
                        "{where} should be {expected}, got {value}",
                        where=where,
                        expected=expected,
                        value=describe_value(value),
                    ),
                )
        return SchemaIssue(
            shown, msg("{where}: {clean}", where=where, clean=_clean(error["msg"])), kind="model"
        )

    @staticmethod
    def _missing(loc: Sequence[Any]) -> SchemaIssue:
        message = msg("missing required key {loc}", loc=place_of(loc))
        return SchemaIssue((), message, at="delimiter", kind="required")

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
        child = child_value(value, part)
        if child is not NOT_FOUND:
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
    if isinstance(part, str) and _is_model_class(annotation):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
    return None


_PLURALS = {
    "a string": msg("a list of strings"),
    "a whole number": msg("a list of whole numbers"),
    "a number": msg("a list of numbers"),
}


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
        return joined(msg(" or "), words) if words else None
    if origin is Literal:
        return msg(
            "one of {choices}", choices=", ".join(shown_choice(v) for v in get_args(annotation))
        )
    if origin in (list, tuple, set, frozenset, Sequence):
        args = get_args(annotation)
        item = describe_annotation(args[0]) if args else None
        if item in _PLURALS:
            return _PLURALS[item]
        return msg("a list of items each {item}", item=item) if item else msg("a list")
    if origin in (dict, Mapping):
        return msg("a table of keys")
    simple = {
        str: msg("a string"),
        int: msg("a whole number"),
        float: msg("a number"),
        bool: msg("true or false"),
        datetime: msg("a date and time"),
        date: msg("a date"),
        time: msg("a time of day"),
    }
    if annotation in simple:
        return simple[annotation]
    if inspect.isclass(annotation):
        if _is_model_class(annotation):
            return msg("a table of keys")
        if issubclass(annotation, enum.Enum):
            return msg(
                "one of {choices}", choices=", ".join(shown_choice(m.value) for m in annotation)
            )
        if "Url" in annotation.__name__:
            return msg("a URL")
    return None


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


def _is_model_class(value: Any) -> bool:
    # This module is imported with every rule module; pydantic only once a model is named.
    from pydantic import BaseModel

    return inspect.isclass(value) and issubclass(value, BaseModel)


def import_model(reference: str, label: str, root: Path | None) -> type[BaseModel]:
    match = _MODEL_REFERENCE.match(reference.strip())
    if match is None:
        raise ConfigError(
            msg(
                '{label}: schema: {reference!r} is not a model reference; write "package.module:Model" '
                "(an installed pydantic model) or use a [schema] table",
                label=label,
                reference=reference,
            )
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
            msg(
                "{label}: schema: cannot import {module!r} ({error}); the schema module must be "
                "an installed package (modules in the current folder or the checked tree are "
                "never imported)",
                label=label,
                module=module_name,
                error=f"{type(exc).__name__}: {exc}",
            )
        ) from None
    finally:
        sys.path[:] = saved
    for candidate in (module, *_defining_modules(module, attribute)):
        source = getattr(candidate, "__file__", None)
        if source and _untrusted(_resolved(source), tree, cwd, installed):
            raise ConfigError(
                msg(
                    "{label}: schema: refusing {reference!r}: {source} is inside the checked "
                    "tree {tree}; install the schema package normally instead",
                    label=label,
                    reference=reference,
                    source=source,
                    tree=str(tree),
                )
            )
    target: Any = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise ConfigError(
                msg(
                    "{label}: schema: module {module!r} has no {attribute!r}",
                    label=label,
                    module=module_name,
                    attribute=attribute,
                )
            )
        target = getattr(target, part)
    if not _is_model_class(target):
        raise ConfigError(
            msg(
                "{label}: schema: {reference!r} is {value}, not a pydantic model class",
                label=label,
                reference=reference,
                value=describe_value(target),
            )
        )
    return target


def _defining_modules(module: types.ModuleType, attribute: str) -> list[types.ModuleType]:
    target: Any = module
    for part in attribute.split("."):
        target = getattr(target, part, None)
    defining = sys.modules.get(getattr(target, "__module__", "") or "")
    return [defining] if defining is not None and defining is not module else []
