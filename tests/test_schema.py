"""Front-matter schemas: the default Hugo news schema, schemas declared in config, named
pydantic models (and the refusal to import one from the checked tree), every config error."""

from __future__ import annotations

import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from lintnews_rules.schema import FrontMatterSchema, build_schema
from lintnews_rules.schema_model import ISSUE_EFFECTS
from lintnews_rules.schema_table import KeySchema, default_schema

from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Severity
from lintnews.run.engine import lint_document
from lintnews.site.config import ConfigError, load_config
from lintnews.testing import format_short

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def without_effect(message: str) -> str:
    """The schema's own words, after the effect every message starts with."""
    effect, _, rest = message.partition(": ")
    assert effect in ISSUE_EFFECTS.values(), message
    return rest


def lint(text: str, schema) -> list[str]:
    doc = Document(textwrap.dedent(text).lstrip("\n"), "article.md")
    return [
        format_short(replace(d, message=without_effect(d.message)))
        for d in FrontMatterSchema(schema=schema).check(doc)
    ]


def messages(text: str, schema) -> list[str]:
    return [
        line.split(" LN004 ", 1)[1].removesuffix(" [front-matter-schema]")
        for line in lint(text, schema)
    ]


def user_schema(keys: dict, **table) -> KeySchema:
    schema = build_schema({**table, "keys": keys}, "lintnews.toml")
    assert isinstance(schema, KeySchema)
    return schema


# --- user schemas from config: each type ---------------------------------------------

TYPE_CASES = [
    # (type, a good YAML value, a bad YAML value, the message for the bad one)
    ("string", '"新闻"', "2025", "field should be a string, got the number 2025"),
    ("int", "3", "3.5", "field should be a whole number, got the number 3.5"),
    ("int", "0", "true", "field should be a whole number, got the boolean true"),
    ("float", "3", '"3.5"', 'field should be a number, got the string "3.5"'),
    ("float", "3.5", "false", "field should be a number, got the boolean false"),
    ("bool", "false", '"false"', 'field should be true or false, got the string "false"'),
    ("bool", "true", "1", "field should be true or false, got the number 1"),
    (
        "date",
        "2025-02-01",
        "[2025-02-01]",
        "field should be a date such as 2025-02-01 or 2025-02-01T10:30:49+08:00, "
        "got a list of 1 item",
    ),
    (
        "datetime",
        "2025-02-01T10:30:49+08:00",
        "2025-02-01",
        "field should be a date with a time of day such as 2025-02-01T10:30:49+08:00, "
        'got the string "2025-02-01"',
    ),
    (
        "url",
        "https://example.com/a?b=1",
        "example.com/a",
        'field should be an http:// or https:// URL, got the string "example.com/a"',
    ),
    (
        "url",
        "http://例子.中国/新闻",
        "ftp://example.com/a",
        'field should be an http:// or https:// URL, got the string "ftp://example.com/a"',
    ),
    ("list[string]", "[a, b]", "a, b", 'field should be a list of strings, got the string "a, b"'),
    ("list[string]", "[]", "{a: 1}", "field should be a list of strings, got a table of keys"),
]


@pytest.mark.parametrize(("kind", "good", "bad", "message"), TYPE_CASES)
def test_each_type(kind, good, bad, message):
    schema = user_schema({"field": {"type": kind}})
    assert lint(f"---\nfield: {good}\n---\n", schema) == []
    found = lint(f"---\nfield: {bad}\n---\n", schema)
    assert found == [f"2:8: LN004 {message} [front-matter-schema]"]


def test_list_items_are_reported_at_the_item():
    schema = user_schema({"sources": "list[string]"})
    found = lint(
        """
        ---
        sources:
          - 新华社
          - 42
          - 路透社
          - null
        ---
        """,
        schema,
    )
    assert found == [
        "4:5: LN004 item 2 of sources should be a string, got the number 42 [front-matter-schema]",
        "6:5: LN004 item 4 of sources should be a string, got an empty value [front-matter-schema]",
    ]


def test_a_list_of_types_accepts_any_of_them():
    schema = user_schema({"author": {"type": ["string", "list[string]"]}})
    assert lint('---\nauthor: "张三"\n---\n', schema) == []
    assert lint("---\nauthor: [张三, 李四]\n---\n", schema) == []
    assert messages("---\nauthor: 3\n---\n", schema) == [
        "author should be a string or a list of strings, got the number 3"
    ]
    # a list is the right shape: the wrong item is what to fix
    assert lint("---\nauthor: [张三, 3]\n---\n", schema) == [
        "2:14: LN004 item 2 of author should be a string, got the number 3 [front-matter-schema]"
    ]


def test_date_type_uses_hugos_reader_and_leaves_hugo_date_keys_to_date_format():
    schema = user_schema({"date": "date", "event": "date", "started": "datetime"})
    # Hugo reads these (one-digit hour, Unix seconds, a TOML-style space separator)
    assert lint("---\ndate: 2019-12-09T7:15:43+08:00\nevent: 1738377049\n---\n", schema) == []
    # date-format (LN101) reports an unreadable Hugo date key; the schema does not repeat it
    assert lint('---\ndate: "2025/02/01"\n---\n', schema) == []
    # no other rule reads a custom date key, so the schema reports why Hugo cannot read it
    assert messages('---\nevent: "2025/02/01"\nstarted: "2025-02-01 10:30:49"\n---\n', schema) == [
        'event "2025/02/01" uses slashes; Hugo reads dates only with hyphens (2006-01-02)'
    ]


def test_toml_native_dates():
    schema = user_schema({"started": "datetime", "day": "date"})
    assert lint("+++\nstarted = 2025-02-01T10:30:49+08:00\nday = 2025-02-01\n+++\n", schema) == []
    assert messages("+++\nstarted = 2025-02-01\n+++\n", schema) == [
        "started should be a date with a time of day such as 2025-02-01T10:30:49+08:00, "
        "got the date 2025-02-01"
    ]


# --- required, one-of, pattern -------------------------------------------------------


def test_required_missing_at_the_delimiter_and_empty_at_the_value():
    schema = user_schema({"title": {"type": "string", "required": True}, "author": "string"})
    assert lint("---\nauthor: 张三\n---\n", schema) == [
        "1:1: LN004 missing required key title [front-matter-schema]"
    ]
    assert lint("+++\ntitle = ''\n+++\n", schema) == [
        "2:9: LN004 title is empty; it is required [front-matter-schema]"
    ]
    assert lint("---\ntitle:\n---\n", schema)[0].startswith("2:")
    # an optional key left empty is unset, as Hugo treats it
    assert lint('---\ntitle: 新规\nauthor: ""\n---\n', schema) == []


def test_one_of():
    schema = user_schema({"category": {"type": "string", "one-of": ["新闻", "评论"]}})
    assert lint("---\ncategory: 评论\n---\n", schema) == []
    assert messages("---\ncategory: 体育\n---\n", schema) == [
        'category should be one of "新闻", "评论", got the string "体育"'
    ]


def test_one_of_without_a_type_compares_types_too():
    schema = user_schema({"priority": {"one-of": [1, 2, 3]}})
    assert lint("---\npriority: 2\n---\n", schema) == []
    assert messages("---\npriority: true\n---\n", schema) == [
        "priority should be one of 1, 2, 3, got the boolean true"
    ]


def test_one_of_applies_to_each_item_of_a_list():
    schema = user_schema({"tags": {"type": "list[string]", "one-of": ["AI", "芯片"]}})
    assert lint("---\ntags: [AI, 芯片]\n---\n", schema) == []
    assert lint("---\ntags: [AI, 手机]\n---\n", schema) == [
        '2:12: LN004 item 2 of tags should be one of "AI", "芯片", got the string "手机" '
        "[front-matter-schema]"
    ]


def test_pattern():
    schema = user_schema({"slug": {"type": "string", "pattern": "^[a-z0-9-]+$"}})
    assert lint("---\nslug: altman-deepseek-o3-mini\n---\n", schema) == []
    assert messages('---\nslug: "Altman DeepSeek"\n---\n', schema) == [
        'slug should be a string matching the pattern ^[a-z0-9-]+$, got the string "Altman DeepSeek"'
    ]
    assert messages("---\nslug: 42\n---\n", schema) == [
        "slug should be a string matching the pattern ^[a-z0-9-]+$, got the number 42"
    ]


# --- unknown keys --------------------------------------------------------------------

UNKNOWN = "---\ntitle: 新规\ntitel: 新规\nfeatured: true\n---\n"


def test_unknown_keys_allowed_by_default():
    assert lint(UNKNOWN, user_schema({"title": "string"})) == []
    assert lint(UNKNOWN, user_schema({"title": "string"}, **{"unknown-keys": "allow"})) == []


def test_unknown_keys_warn():
    schema = user_schema({"title": "string"}, **{"unknown-keys": "warn"})
    doc = Document(UNKNOWN, "article.md")
    found = list(FrontMatterSchema(schema=schema).check(doc))
    assert [format_short(d) for d in found] == [
        "3:1: LN004 Hugo and the theme ignore this key: unknown key titel; did you mean title? "
        "[front-matter-schema]",
        "4:1: LN004 Hugo and the theme ignore this key: unknown key featured; the schema allows "
        "title [front-matter-schema]",
    ]
    assert {d.severity for d in found} == {Severity.WARNING}
    assert (found[0].end_column - found[0].column) == len("titel")


def test_unknown_keys_forbid():
    schema = user_schema({"title": "string"}, **{"unknown-keys": "forbid"})
    found = list(FrontMatterSchema(schema=schema).check(Document(UNKNOWN, "a.md")))
    assert len(found) == 2
    assert {d.severity for d in found} == {Severity.ERROR}


def test_declared_keys_match_case_insensitively():
    schema = user_schema(
        {"publishDate": {"type": "date", "required": True}}, **{"unknown-keys": "forbid"}
    )
    assert lint("---\npublishdate: 2025-02-01\n---\n", schema) == []
    assert lint("---\nPUBLISHDATE: 2025-02-01\n---\n", schema) == []
    assert messages("---\npublishDate: 2025-02-01\nPublishDate: 2025-02-02\n---\n", schema) == [
        "PublishDate and publishDate are the same key to Hugo, which ignores the case of keys "
        "and keeps one of them at random; keep one"
    ]


def test_extends_the_default_schema():
    schema = user_schema(
        {"category": {"type": "string", "required": True, "one-of": ["新闻", "评论"]}},
        extends="hugo-news",
    )
    assert messages("---\ncategory: 新闻\n---\n", schema) == [
        "missing required key title",
        "missing required key date",
    ]
    assert lint("---\ntitle: 新规\ndate: 2025-02-01\ncategory: 新闻\n---\n", schema) == []
    # without extends, only the declared keys count
    assert lint("---\ncategory: 新闻\n---\n", user_schema({"category": "string"})) == []


def test_a_schema_that_requires_nothing_says_nothing_about_a_missing_front_matter():
    assert lint("正文。\n", user_schema({"category": "string"})) == []


# --- a named pydantic model ----------------------------------------------------------

MODEL_SOURCE = """
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Params(BaseModel):
    author: str


class Article(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    publish_date: datetime | None = Field(default=None, alias="publishDate")
    tags: list[str] = []
    category: Literal["新闻", "评论"] = "新闻"
    author: str | list[str] | None = None
    weight: int = 0
    params: Params | None = None

    @field_validator("title")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value) > 30:
            raise ValueError("titles longer than 30 characters are cut off on the home page")
        return value


NOT_A_MODEL = 42
"""


@pytest.fixture
def installed_package(tmp_path, monkeypatch):
    """A real module in its own folder, on sys.path as an installed package would be."""
    site_packages = tmp_path / "site-packages"
    package = site_packages / "newsroom_schemas"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "article.py").write_text(MODEL_SOURCE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site_packages))
    for name in [n for n in sys.modules if n.startswith("newsroom_schemas")]:
        monkeypatch.delitem(sys.modules, name)
    tree = tmp_path / "site"
    tree.mkdir()
    return tree


def test_named_model(installed_package):
    schema = build_schema(
        "newsroom_schemas.article:Article", "lintnews.toml", root=installed_package
    )
    assert schema.required_keys == ("title",)
    assert (
        lint("---\ntitle: 新规\npublishdate: 2025-02-01T10:30:49+08:00\ntags: [AI]\n---\n", schema)
        == []
    )
    found = messages(
        """
        ---
        Title: 新规
        tags: "AI, 芯片"
        category: 体育
        author: 3
        weight: "ten"
        params:
          author: [张三]
        featured: true
        ---
        """,
        schema,
    )
    assert found == [
        'tags should be a list of strings, got the string "AI, 芯片"',
        'category should be one of "新闻", "评论", got the string "体育"',
        # one message for the union, not one per member
        "author should be a string or a list of strings, got the number 3",
        'weight should be a whole number, got the string "ten"',
        "params.author should be a string, got a list of 1 item",
        "unknown key featured; the schema allows title, publishDate, tags, category, author, "
        "weight, params",
    ]


def test_named_model_positions_and_custom_validators(installed_package):
    schema = build_schema(
        "newsroom_schemas.article:Article", "lintnews.toml", root=installed_package
    )
    text = "---\ntitle: " + "长" * 31 + "\ntags: [AI, 3]\n---\n"
    assert lint(text, schema) == [
        "2:8: LN004 title: titles longer than 30 characters are cut off on the home page "
        "[front-matter-schema]",
        "3:12: LN004 item 2 of tags should be a string, got the number 3 [front-matter-schema]",
    ]
    assert lint("---\ntags: []\n---\n", schema) == [
        "1:1: LN004 missing required key title [front-matter-schema]"
    ]


def test_named_model_errors_are_config_errors(installed_package):
    root = installed_package
    with pytest.raises(
        ConfigError,
        match=r"lintnews.toml: schema: module 'newsroom_schemas.article' has no 'Missing'",
    ):
        build_schema("newsroom_schemas.article:Missing", "lintnews.toml", root=root)
    with pytest.raises(ConfigError, match=r"is the number 42, not a pydantic model class"):
        build_schema("newsroom_schemas.article:NOT_A_MODEL", "lintnews.toml", root=root)
    with pytest.raises(
        ConfigError, match=r"cannot import 'newsroom_schemas.nowhere' \(ModuleNotFoundError"
    ):
        build_schema("newsroom_schemas.nowhere:Article", "lintnews.toml", root=root)
    with pytest.raises(
        ConfigError, match=r"is not a model reference; write \"package.module:Model\""
    ):
        build_schema("newsroom_schemas.article.Article", "lintnews.toml", root=root)


EVIL_SOURCE = """
from pathlib import Path
Path({marker!r}).write_text("imported", encoding="utf-8")
from pydantic import BaseModel
class Article(BaseModel):
    title: str
"""


@pytest.fixture
def linted_tree(tmp_path, monkeypatch):
    """A checked tree holding a module that records being imported."""
    tree = tmp_path / "site"
    tree.mkdir()
    marker = tmp_path / "imported.txt"
    (tree / "tree_schema.py").write_text(EVIL_SOURCE.format(marker=str(marker)), encoding="utf-8")
    monkeypatch.delitem(sys.modules, "tree_schema", raising=False)
    return tree, marker


def test_refuses_a_module_in_the_current_folder(linted_tree, monkeypatch):
    tree, marker = linted_tree
    monkeypatch.chdir(tree)
    monkeypatch.syspath_prepend("")  # as `python -m` and `python -c` put the cwd on sys.path
    with pytest.raises(ConfigError, match=r"cannot import 'tree_schema'.*never imported"):
        build_schema("tree_schema:Article", "lintnews.toml", root=tree)
    assert not marker.exists(), "a module from the linted tree was executed"


def test_refuses_a_module_inside_the_checked_tree_even_on_sys_path(
    linted_tree, monkeypatch, tmp_path
):
    tree, marker = linted_tree
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tree))  # e.g. an editable install pointing into the tree
    with pytest.raises(ConfigError, match=r"cannot import 'tree_schema'"):
        build_schema("tree_schema:Article", "lintnews.toml", root=tree)
    assert not marker.exists(), "a module from the linted tree was executed"


def test_refuses_an_already_imported_module_from_the_checked_tree(linted_tree, monkeypatch):
    tree, marker = linted_tree
    fake = type(sys)("tree_schema")
    fake.__file__ = str(tree / "tree_schema.py")
    monkeypatch.setitem(sys.modules, "tree_schema", fake)
    with pytest.raises(
        ConfigError, match=r"refusing 'tree_schema:Article': .* is inside the checked tree"
    ):
        build_schema("tree_schema:Article", "lintnews.toml", root=tree)


def test_sys_path_is_restored_after_importing(installed_package):
    before = list(sys.path)
    build_schema("newsroom_schemas.article:Article", "lintnews.toml", root=installed_package)
    with pytest.raises(ConfigError):
        build_schema("newsroom_schemas.nowhere:X", "lintnews.toml", root=installed_package)
    assert sys.path == before


# --- every schema config error -------------------------------------------------------

CONFIG_ERRORS = [
    (3, r"lintnews.toml: schema: expected a \[schema\] table or a string"),
    ("not a reference", r"is not a model reference"),
    (
        {"unknown": "warn"},
        r"\[schema\]: unknown key 'unknown'; allowed keys: extends, unknown-keys, keys",
    ),
    (
        {"unknown-keys": "ignore"},
        r"\[schema\] unknown-keys: 'ignore' is not allowed; expected one of allow, warn, forbid",
    ),
    (
        {"extends": "jekyll"},
        r"\[schema\] extends: 'jekyll' is not allowed; expected one of none, hugo-news",
    ),
    ({"keys": ["title"]}, r"\[schema\] keys: expected a table of keys"),
    (
        {"keys": {"title": 3}},
        r"\[schema.keys.title\]: expected a table \(type, required, one-of, pattern\) or a type name",
    ),
    (
        {"keys": {"title": {"type": "string", "min": 1}}},
        r"\[schema.keys.title\]: unknown key 'min'; allowed keys: type, required, one-of, pattern",
    ),
    (
        {"keys": {"title": {"type": "str"}}},
        r"\[schema.keys.title\] type: 'str' is not a type; expected one of string, int, float, bool, date, datetime, url, list\[string\]",
    ),
    (
        {"keys": {"title": {"type": ["string", 3]}}},
        r"\[schema.keys.title\] type: expected a type name or a list of type names",
    ),
    (
        {"keys": {"title": {"type": "string", "required": "yes"}}},
        r"\[schema.keys.title\] required: expected true or false",
    ),
    (
        {"keys": {"title": {"required": True}}},
        r"\[schema.keys.title\]: give a type \(one of string, .*\) or one-of",
    ),
    (
        {"keys": {"c": {"type": "string", "one-of": []}}},
        r"\[schema.keys.c\] one-of: expected a non-empty list of values",
    ),
    (
        {"keys": {"c": {"type": "string", "one-of": [1]}}},
        r"\[schema.keys.c\] one-of: 1 is not of the type string",
    ),
    (
        {"keys": {"c": {"one-of": [[1]]}}},
        r"\[schema.keys.c\] one-of: \[1\] is not a string, number or boolean",
    ),
    (
        {"keys": {"c": {"type": ["date", "string"], "one-of": ["a"]}}},
        r"one-of: applies to string, int, float, bool and list\[string\] values, not date",
    ),
    (
        {"keys": {"s": {"type": "string", "pattern": 3}}},
        r"\[schema.keys.s\] pattern: expected a regular expression as a string",
    ),
    (
        {"keys": {"s": {"type": "string", "pattern": "^[a-z"}}},
        r"\[schema.keys.s\] pattern: '\^\[a-z' is not a valid regular expression",
    ),
    (
        {"keys": {"s": {"type": "int", "pattern": "^1"}}},
        r"\[schema.keys.s\] pattern: applies to type = \"string\" or \"list\[string\]\" only",
    ),
    ({"keys": {"s": {"pattern": "^1"}}}, r"pattern: applies to type"),
    (
        {"keys": {"s": {"type": "string", "pattern": "^a", "one-of": ["a"]}}},
        r"\[schema.keys.s\]: give either one-of or pattern, not both",
    ),
    (
        {"keys": {"Title": "string", "title": "string"}},
        r"'Title' and 'title' are the same key \(front-matter keys are case-insensitive",
    ),
    ({"keys": {" ": "string"}}, r"\[schema.keys\]: a key name must not be empty"),
]


@pytest.mark.parametrize(("raw", "pattern"), CONFIG_ERRORS)
def test_schema_config_errors(raw, pattern):
    with pytest.raises(ConfigError, match=pattern) as caught:
        build_schema(raw, "lintnews.toml")
    assert str(caught.value).startswith("lintnews.toml: ")


# --- the default schema --------------------------------------------------------------


def test_no_schema_is_the_default_schema_built_once():
    assert build_schema(None, "lintnews.toml") is default_schema()
    schema = user_schema({"title": "string"})
    assert "model" not in vars(schema), "the pydantic model is built on first use"
    assert schema.validate({"title": "a"}) == []
    assert "model" not in vars(schema), "front matter the schema accepts needs no model"
    assert schema.validate({"title": 3})
    model = vars(schema)["model"]
    schema.validate({"title": ["a"]})
    assert vars(schema)["model"] is model


def test_the_seed_article_passes_the_default_schema():
    seed = SHARED / "corpus" / "seed" / "altman-deepseek-o3-mini.md"
    if not seed.exists():
        pytest.skip(f"{seed} is absent (the shared corpus sits beside the repository)")
    doc = Document(seed.read_text(encoding="utf-8"), str(seed))
    assert list(FrontMatterSchema().check(doc)) == []


@pytest.mark.slow
def test_default_schema_over_the_real_corpus():
    real = SHARED / "corpus" / "real"
    if not real.exists():
        pytest.skip(f"{real} is absent (the shared corpus sits beside the repository)")
    rule = FrontMatterSchema()
    found = []
    for path in sorted(p for p in real.glob("**/*.md") if p.is_file()):
        doc = Document(path.read_text(encoding="utf-8-sig"), str(path))
        found.extend(rule.check(doc))
    assert found, "real sites are not news articles: missing dates are expected"
    for diagnostic in found:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert "pydantic" not in diagnostic.message.lower()
        assert "input should" not in diagnostic.message.lower()


# --- wiring: config loading builds the schema (skipped until config.py calls it) ---


def test_a_bad_schema_is_a_config_error_at_load_time():
    from lintnews.site.config import build_config

    with pytest.raises(ConfigError, match=r"lintnews.toml: \[schema\] unknown-keys: 'nope'"):
        build_config({"schema": {"unknown-keys": "nope"}}, label="lintnews.toml")


def test_the_configured_schema_reaches_the_rule(tmp_path):
    from lintnews.run.engine import lint_document
    from lintnews.site.config import build_config

    config = build_config(
        {
            "select": ["front-matter-schema"],
            "schema": {"keys": {"category": {"type": "string", "one-of": ["新闻", "评论"]}}},
        },
        label="lintnews.toml",
        root=tmp_path,
    )
    found = lint_document(Document("---\ncategory: 体育\n---\n", "a.md"), config)
    assert [d.message for d in found] == [
        'Hugo or the theme may misread this value: category should be one of "新闻", "评论", '
        'got the string "体育"'
    ]


# --- which dates the schema leaves to date-format: the rules on in the run -------------

UNREADABLE_DATE = "---\ntitle: 新闻\ndate: 2024-13-45\nlastmod: 2024-02-30\n---\n"


def rules_reporting(settings: dict) -> list[tuple[str, str]]:
    from lintnews.run.engine import lint_document
    from lintnews.site.config import build_config

    config = build_config(settings, label="lintnews.toml")
    found = lint_document(Document(UNREADABLE_DATE, "a.md"), config)
    return [
        (d.rule, d.message.split(": ", 1)[1].split(" ", 1)[0])
        for d in found
        if d.rule.startswith(("date", "front"))
    ]


def test_by_default_date_format_alone_reports_an_unreadable_date():
    assert rules_reporting({}) == [("date-format", "date"), ("date-format", "lastmod")]


@pytest.mark.parametrize(
    "settings",
    [
        {"select": ["front-matter-schema"]},
        {"ignore": ["date-format"]},
        {"rules": {"date-format": {"severity": "off"}}},
    ],
)
def test_with_date_format_off_the_schema_reports_an_unreadable_date(settings):
    assert rules_reporting(settings) == [
        ("front-matter-schema", "date"),
        ("front-matter-schema", "lastmod"),
    ]


def test_the_schema_reports_the_dates_date_format_was_narrowed_not_to_read():
    assert sorted(rules_reporting({"rules": {"date-format": {"keys": ["lastmod"]}}})) == [
        ("date-format", "lastmod"),
        ("front-matter-schema", "date"),
    ]


def test_date_format_reads_a_custom_date_key_so_the_schema_leaves_it():
    settings = {
        "schema": {"extends": "hugo-news", "keys": {"event": "date"}},
        "rules": {"date-format": {"keys": ["date", "lastmod", "event"]}},
    }
    from lintnews.run.engine import lint_document
    from lintnews.site.config import build_config

    config = build_config(settings, label="lintnews.toml")
    doc = Document("---\ntitle: t\ndate: 2025-02-01\nevent: 2024-13-45\n---\n", "a.md")
    assert [d.rule for d in lint_document(doc, config)] == ["date-format"]


def test_an_article_without_front_matter_is_told_what_the_page_lacks():
    (found,) = FrontMatterSchema().check(Document("正文。\n", "article.md"))
    assert found.message == "The page is built without title, date: the article has no front matter"


def test_a_per_path_ignore_of_date_format_hands_its_dates_back_to_the_schema():
    from lintnews.run.engine import lint_document
    from lintnews.site.config import build_config

    config = build_config(
        {"per-path-ignores": {"legacy/**": ["date-format"]}}, label="lintnews.toml"
    )
    for path, reporting in [("legacy/a.md", "front-matter-schema"), ("news/a.md", "date-format")]:
        found = lint_document(Document(UNREADABLE_DATE, path), config)
        assert {d.rule for d in found if "2024-13-45" in d.message} == {reporting}, path
    assert config.rules_for("news/b.md") is config.rules


DRAFT_FRONT = '---\ntitle: "示例"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'


def write_article(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- draft: yes is reported once: the schema leaves it to front-matter-implicit-type ---------


def test_draft_yes_is_reported_once_by_implicit_type(tmp_path):
    path = write_article(
        tmp_path / "content" / "a.md", DRAFT_FRONT.replace("---\n\n", "draft: yes\n---\n\n")
    )
    doc = Document(path.read_text(), str(path))
    found = lint_document(doc, load_config(start=tmp_path))
    assert [d.rule for d in found if d.line == 4] == ["front-matter-implicit-type"]
    # With that rule off, the schema reports the value again.
    config = load_config(start=tmp_path, overrides={"ignore": ["LN003"]})
    assert [d.rule for d in lint_document(doc, config) if d.line == 4] == ["front-matter-schema"]
