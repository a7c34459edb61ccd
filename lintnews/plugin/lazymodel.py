"""Config models that cost no pydantic until a value needs it.

Every config table (the top level, ``[site]``, ``[network]``, each rule's options) is a
pydantic model, but a run with default options checks nothing: importing pydantic and
building the models' classes was a third of a one-file run. A class deriving from
:class:`LazyModel` is declared as a pydantic model is (annotated fields with defaults,
``model_config``, :func:`Field`, :func:`field_validator`) and behaves as one, but its pydantic
model is built only on first need:

* ``Model()``, ``Model.model_construct(...)`` and ``Model.model_validate({})`` give a plain
  instance holding the defaults; so does ``model_validate`` of values that need no
  conversion (a ``bool`` for a ``bool`` field, a list of strings for ``list[str]``...) on
  fields without validators or constraints;
* anything else -- a value to convert or refuse, a constraint, a validator, ``model_dump``,
  ``model_fields``, a plain instance's ``model_*`` attributes -- goes to the pydantic model
  built from the same declaration, whose instances count as instances of the class.

A declaration that uses pydantic's own objects (``pydantic.Field``, ``model_validator``,
``PrivateAttr``...) or defines ``__init__`` or ``model_post_init`` works too: every instance
of it is then pydantic's.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _table(value: Any, values: Callable[[Any], bool] = lambda _: True) -> bool:
    return type(value) is dict and all(type(k) is str and values(v) for k, v in value.items())


#: Annotations whose values pydantic gives back unconverted (equal values of the same types,
#: in new containers), with the check that a value is such and the copy pydantic would make.
_PLAIN: dict[str, tuple[Callable[[Any], bool], Callable[[Any], Any]]] = {
    "bool": (lambda value: type(value) is bool, lambda value: value),
    "int": (lambda value: type(value) is int, lambda value: value),
    "float": (lambda value: type(value) is float, lambda value: value),
    "str": (lambda value: type(value) is str, lambda value: value),
    "Path": (lambda value: type(value) is type(Path()), lambda value: value),
    "list[str]": (_strings, list),
    "dict[str, Any]": (_table, dict),
    "dict[str, list[str]]": (
        lambda value: _table(value, _strings),
        lambda value: {key: list(item) for key, item in value.items()},
    ),
    "dict[str, dict[str, Any]]": (
        lambda value: _table(value, _table),
        lambda value: {key: dict(item) for key, item in value.items()},
    ),
}
_NO_DEFAULT = object()


@dataclass(frozen=True, eq=False)
class FieldSpec:
    """What :func:`Field` was given, handed to ``pydantic.Field`` when the model is built."""

    kwargs: dict[str, Any]

    def default(self) -> Any:
        if "default_factory" in self.kwargs:
            return self.kwargs["default_factory"]()
        default = self.kwargs.get("default", _NO_DEFAULT)
        # pydantic's copy of a mutable default, for each instance.
        return default if default is _NO_DEFAULT else copy.deepcopy(default)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        # As metadata (``Annotated[int, Field(ge=1)]``), it is pydantic's Field with its arguments.
        from typing import Annotated

        import pydantic

        return handler(Annotated[source, pydantic.Field(**self.kwargs)])

    @property
    def constrained(self) -> bool:
        """Whether a value given for the field needs pydantic's checking."""
        return bool(set(self.kwargs) - {"default", "default_factory", "description"})


def Field(default: Any = _NO_DEFAULT, **kwargs: Any) -> Any:  # noqa: N802 (pydantic's name)
    """``pydantic.Field``, for a :class:`LazyModel`: the same arguments."""
    if default is not _NO_DEFAULT:
        kwargs["default"] = default
    return FieldSpec(kwargs)


@dataclass(frozen=True, eq=False)
class ValidatorSpec:
    """What :func:`field_validator` was given, for ``pydantic.field_validator``."""

    fields: tuple[str, ...]
    kwargs: dict[str, Any]
    function: Any


def field_validator(*fields: str, **kwargs: Any) -> Callable[[Any], Any]:
    """``pydantic.field_validator``, for a :class:`LazyModel`: the same arguments."""

    def decorate(function: Any) -> ValidatorSpec:
        return ValidatorSpec(fields, kwargs, function)

    return decorate


class LazyModelMeta(type):
    """The metaclass of :class:`LazyModel`: plain instances on the fast path, pydantic's
    model for the rest (see the module's docstring)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        cls = super().__new__(mcs, name, bases, namespace)
        cls._pydantic_model = None
        cls._config = {}
        for base in reversed(cls.__mro__[1:]):
            cls._config.update(base.__dict__.get("model_config", {}))
        cls._config.update(namespace.get("model_config", {}))
        cls._fields = _declared_fields(cls)
        cls._plain = _is_plain(cls, namespace)
        return cls

    def __call__(cls, **values: Any) -> Any:
        if values or not cls._plain:
            return pydantic_model(cls)(**values)
        return cls.model_construct()

    def __instancecheck__(cls, instance: Any) -> bool:
        model = cls.__dict__.get("_pydantic_model")
        return type.__instancecheck__(cls, instance) or (
            model is not None and isinstance(instance, model)
        )

    def __subclasscheck__(cls, subclass: type) -> bool:
        model = cls.__dict__.get("_pydantic_model")
        return type.__subclasscheck__(cls, subclass) or (
            model is not None and issubclass(subclass, model)
        )

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__") and not name.startswith("__pydantic"):
            raise AttributeError(name)
        return getattr(pydantic_model(cls), name)

    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # A field typed with a lazy class (``network: NetworkSettings``) is validated by its
        # pydantic model, which takes a plain instance as its own.
        from pydantic_core import core_schema

        def as_model(value: Any) -> Any:
            return value._as_model() if type.__instancecheck__(cls, value) else value

        return core_schema.no_info_before_validator_function(as_model, handler(pydantic_model(cls)))

    def field_names(cls) -> tuple[str, ...]:
        """The names of the fields (``model_fields`` without building the model)."""
        return tuple(cls._fields)

    def model_construct(cls, **values: Any) -> Any:
        """Pydantic's ``model_construct``: the defaults and ``values``, unchecked."""
        if not cls._plain:
            return pydantic_model(cls).model_construct(**values)
        instance = object.__new__(cls)
        state = {name: spec.default() for name, spec in cls._fields.items()}
        state.update(values)
        object.__setattr__(instance, "__dict__", state)
        object.__setattr__(instance, "_given", dict(values))
        return instance

    def model_validate(cls, obj: Any, **kwargs: Any) -> Any:
        """Pydantic's ``model_validate``, without pydantic for values that need no work."""
        if type.__instancecheck__(cls, obj) and not kwargs:
            return obj  # pydantic takes an instance of the model as it is
        if not kwargs and cls._plain and isinstance(obj, Mapping):
            plain = _plain_values(cls, obj)
            if plain is not None:
                return cls.model_construct(**plain)
        return pydantic_model(cls).model_validate(obj, **kwargs)


def pydantic_model(cls: LazyModelMeta) -> Any:
    """The pydantic model of a :class:`LazyModel` class, built once."""
    model = cls.__dict__.get("_pydantic_model")
    if model is not None:
        return model
    import pydantic

    bases = tuple(
        pydantic_model(base) if isinstance(base, LazyModelMeta) and base is not LazyModel else base
        for base in cls.__bases__
        if base is not LazyModel
    ) or (pydantic.BaseModel,)
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__annotations__": dict(cls.__dict__.get("__annotations__", {})),
    }
    for name, value in cls.__dict__.items():
        if name in ("__dict__", "__weakref__", "__annotations__") or name.startswith("_pydantic"):
            continue
        if name in ("_fields", "_plain", "_config"):
            continue
        if isinstance(value, FieldSpec):
            value = pydantic.Field(**value.kwargs)
        elif isinstance(value, ValidatorSpec):
            value = pydantic.field_validator(*value.fields, **value.kwargs)(value.function)
        namespace[name] = value
    # Annotations are read in the class's own module, not in this function's frame.
    model = type(pydantic.BaseModel)(
        cls.__name__, bases, namespace, __pydantic_reset_parent_namespace__=False
    )
    cls._pydantic_model = model
    return model


def _declared_fields(cls: type) -> dict[str, FieldSpec]:
    """Every field of the class and its bases, with its default (as pydantic's are)."""
    fields: dict[str, FieldSpec] = {}
    for klass in reversed(cls.__mro__):
        for name, annotation in klass.__dict__.get("__annotations__", {}).items():
            if name.startswith("_") or str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            value = klass.__dict__.get(name, _NO_DEFAULT)
            fields[name] = value if isinstance(value, FieldSpec) else FieldSpec({"default": value})
    return fields


def _is_plain(cls: LazyModelMeta, namespace: Mapping[str, Any]) -> bool:
    """Whether the class's defaults can be had without pydantic."""
    if any(isinstance(base, LazyModelMeta) and not base._plain for base in cls.__bases__):
        return False
    if "__init__" in namespace or "model_post_init" in namespace:
        return False
    config = namespace.get("model_config", {})
    if config.get("validate_default") or any(
        spec.kwargs.get("validate_default") for spec in cls._fields.values()
    ):
        return False
    if any(type(value).__module__.startswith("pydantic") for value in namespace.values()):
        return False
    return all(
        spec.kwargs.get("default", _NO_DEFAULT) is not _NO_DEFAULT
        or "default_factory" in spec.kwargs
        for spec in cls._fields.values()
    )


def _plain_values(cls: LazyModelMeta, obj: Mapping[str, Any]) -> dict[str, Any] | None:
    """The values of ``obj`` by field name when none needs pydantic's work, else None."""
    checked = _validated_fields(cls)
    if "*" in checked:
        return None
    annotations = _field_annotations(cls)
    aliases = cls._config.get("alias_generator") or (lambda name: name)
    by_key = {aliases(name): name for name in cls._fields}
    if cls._config.get("populate_by_name"):
        by_key.update({name: name for name in cls._fields})
    values: dict[str, Any] = {}
    for key, value in obj.items():
        name = by_key.get(key)
        spec = cls._fields.get(name) if name is not None else None
        if spec is None or spec.constrained or name in checked or name in values:
            return None
        annotation = annotations[name]
        if annotation.endswith(" | None"):
            if value is None:
                values[name] = None
                continue
            annotation = annotation.removesuffix(" | None")
        plain = _PLAIN.get(annotation)
        if plain is None or not plain[0](value):
            return None
        values[name] = plain[1](value)
    return values


def _validated_fields(cls: type) -> set[str]:
    """The fields some validator of the class or its bases looks at."""
    return {
        field
        for klass in cls.__mro__
        for value in klass.__dict__.values()
        if isinstance(value, ValidatorSpec)
        for field in value.fields
    }


def _field_annotations(cls: type) -> dict[str, str]:
    annotations: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(
            {name: str(a) for name, a in klass.__dict__.get("__annotations__", {}).items()}
        )
    return annotations


def is_validation_error(error: BaseException) -> bool:
    """Whether ``error`` is pydantic's ``ValidationError`` (which none is before pydantic has
    been imported: an ``except`` clause naming it would import it)."""
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(error, core.ValidationError)


class LazyModel(metaclass=LazyModelMeta):
    """A pydantic model built on first need (see the module's docstring)."""

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._as_model(), name, value)  # refused as pydantic refuses it, or done there
        object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_given", "_model"):
            raise AttributeError(name)
        return getattr(self._as_model(), name)

    def _as_model(self) -> Any:
        """The same values as an instance of the pydantic model."""
        model = self.__dict__.get("_model")
        if model is None:
            model = pydantic_model(type(self)).model_construct(**self._given)
            object.__setattr__(model, "__dict__", {**model.__dict__, **self._state()})
            self.__dict__["_model"] = model
        return model

    def _state(self) -> dict[str, Any]:
        return {name: self.__dict__[name] for name in type(self)._fields}

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self._state() == other._state()  # type: ignore[attr-defined]
        if isinstance(other, LazyModel):
            return False
        return bool(self._as_model() == other)

    def __hash__(self) -> int:
        if not type(self)._config.get("frozen"):
            raise TypeError(f"unhashable type: {type(self).__name__!r}")
        return hash((type(self), *self._state().values()))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in self._state().items())
        return f"{type(self).__name__}({values})"
