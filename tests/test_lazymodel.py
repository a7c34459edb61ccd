"""Config models built on first need behave as the pydantic models they declare."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ValidationError

from lintnews.plugin.lazymodel import Field, field_validator, pydantic_model
from lintnews.plugin.rule import RuleOptions, load_rules
from lintnews.plugin.settings import NetworkSettings, SiteSettings
from lintnews.site.config import FileSettings


class Sample(RuleOptions):
    limit: int = Field(default=3, ge=1)
    words: list[str] = []
    style: Literal["a", "b"] = "a"
    label: str | None = None

    @field_validator("label")
    @classmethod
    def _no_spaces(cls, value: str | None) -> str | None:
        if value is not None and " " in value:
            raise ValueError("no spaces")
        return value

    @property
    def doubled(self) -> int:
        return self.limit * 2


def test_defaults_are_the_pydantic_models_defaults():
    classes = [FileSettings, SiteSettings, NetworkSettings, Sample]
    classes += [rule.Options for rule in load_rules().rules.values()]
    for cls in classes:
        plain = cls()
        assert not isinstance(plain, BaseModel), cls
        assert plain.model_dump() == pydantic_model(cls)().model_dump(), cls


def test_values_needing_no_work_are_taken_as_pydantic_takes_them():
    raw = {"select": ["LN1"], "cache": False, "per-path-ignores": {"a/*": ["LN2"]}}
    plain = FileSettings.model_validate(raw)
    assert not isinstance(plain, BaseModel)
    assert plain.model_dump() == pydantic_model(FileSettings).model_validate(raw).model_dump()
    assert plain.per_path_ignores["a/*"] is not raw["per-path-ignores"]["a/*"]


def test_values_to_convert_or_refuse_go_to_pydantic():
    converted = NetworkSettings.model_validate({"cache-max-age": "12h"})
    assert isinstance(converted, BaseModel) and isinstance(converted, NetworkSettings)
    assert converted.cache_max_age == 43200
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        Sample.model_validate({"limit": 0})
    with pytest.raises(ValidationError, match="no spaces"):
        Sample.model_validate({"label": "a b"})
    with pytest.raises(ValidationError, match="extra"):
        Sample.model_validate({"unknown": 1})
    assert Sample.model_validate({"style": "b"}).style == "b"
    assert Sample(limit=4).doubled == 8


def test_a_plain_instance_is_frozen_compared_and_hashed_like_a_model():
    plain = Sample()
    with pytest.raises(ValidationError, match="frozen"):
        plain.limit = 5  # type: ignore[misc]
    assert plain == Sample() and plain.words is not Sample().words
    assert plain != Sample.model_construct(limit=5)
    assert plain.doubled == 6 and repr(plain).startswith("Sample(limit=3, ")
    assert plain.model_fields_set == set()

    class Small(RuleOptions):
        limit: int = 3

    assert hash(Small()) == hash(Small()) != hash(Small.model_construct(limit=4))


def test_a_lazy_field_type_takes_plain_and_validated_values():
    network = NetworkSettings.model_construct(cache_dir=Path("x"))
    site = SiteSettings.model_validate({"renderer": "cjk-friendly", "network": network})
    assert isinstance(site.network, NetworkSettings) and site.network.cache_dir == Path("x")


def test_a_declaration_with_pydantic_objects_is_pydantic_throughout():
    import pydantic

    class Plugin(RuleOptions):
        size: int = pydantic.Field(default=2, ge=1)

    assert isinstance(Plugin(), BaseModel) and Plugin().size == 2
    with pytest.raises(ValidationError):
        Plugin.model_validate({"size": 0})
