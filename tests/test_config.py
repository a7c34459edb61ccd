"""Config discovery and every config error path: exit 2 with file, key and what is allowed."""

from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, Field

from lintnews.plugin.rule import ConfigSource, LoadedRules, Rule, RuleLoadError, register
from lintnews.site.config import ConfigError, build_config, find_config, load_config, path_matches
from tests.conftest import run_cli

ARTICLE = '---\ntitle: "新闻"\ndate: 2025-02-01T10:30:49+08:00\ntranslations: [zh-CN, no]\n---\n\n正文。\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_is_found_by_walking_up(tmp_path):
    write(tmp_path / "lintnews.toml", "ignore = []\n")
    nested = tmp_path / "content" / "posts"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "lintnews.toml"


def test_dot_file_and_pyproject_are_found(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None  # no [tool.lintnews]
    write(tmp_path / "pyproject.toml", "[tool.lintnews]\nignore = ['LN003']\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / ".lintnews.toml", "")
    assert find_config(tmp_path) == tmp_path / ".lintnews.toml"


def test_select_ignore_and_severity_override(tmp_path):
    config = build_config(
        {
            "select": ["LN00"],
            "ignore": ["front-matter-syntax"],
            "rules": {"LN003": {"severity": "error"}},
        }
    )
    names = {rule.name for rule in config.rules}
    assert "front-matter-syntax" not in names and "front-matter-implicit-type" in names
    assert config.severities["front-matter-implicit-type"].value == "error"


def test_severity_off_removes_a_rule():
    config = build_config({"rules": {"front-matter-implicit-type": {"severity": "off"}}})
    assert "front-matter-implicit-type" not in {rule.name for rule in config.rules}


def test_per_path_ignores(tmp_path):
    config = build_config({"per-path-ignores": {"archive/**": ["LN003"]}}, root=tmp_path)
    archived = str(tmp_path / "archive" / "2010" / "a.md")
    assert "front-matter-implicit-type" not in {r.name for r in config.rules_for(archived)}
    assert "front-matter-implicit-type" in {
        r.name for r in config.rules_for(str(tmp_path / "a.md"))
    }


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("drafts", "content/drafts/a.md", True),
        ("content/drafts/**", "content/drafts/x/a.md", True),
        ("content/*.md", "content/x/a.md", False),
        ("**/_index.md", "_index.md", True),
        ("*.markdown", "a/b.markdown", True),
    ],
)
def test_globs(pattern, path, expected):
    assert path_matches(path, pattern) is expected


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("selct = ['ALL']\n", ["unknown key 'selct'", "allowed keys:", "select"]),
        ("select = ['no-such-rule']\n", ["select: unknown rule 'no-such-rule'"]),
        ("ignore = 'LN001'\n", ["ignore: Input should be a valid list"]),
        ("[rules.no-such-rule]\nseverity = 'error'\n", ["[rules.no-such-rule]: unknown rule"]),
        (
            "[rules.front-matter-syntax]\nseverity = 'fatal'\n",
            ["'fatal' is not one of error, warning, info, off"],
        ),
        (
            "[rules.front-matter-syntax]\nmax = 3\n",
            ["[rules.front-matter-syntax]: unknown key 'max'"],
        ),
        (
            "[site]\nrenderer = 'gfm'\n",
            ["[site]: renderer: 'gfm' is not allowed; expected 'commonmark' or 'cjk-friendly'"],
        ),
        (
            "[per-path-ignores]\n'a/**' = ['nope']\n",
            ["per-path-ignores['a/**']: unknown rule 'nope'"],
        ),
        ("include = ['']\n", ["include: patterns must not be empty"]),
        ("this is not toml\n", ["not valid TOML"]),
    ],
)
def test_config_errors_name_the_file_and_key(tmp_path, toml, words):
    path = write(tmp_path / "lintnews.toml", toml)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_bad_config_exits_2_from_the_cli(tmp_path):
    write(tmp_path / "lintnews.toml", "[rules.front-matter-syntax]\nseverity = 'fatal'\n")
    write(tmp_path / "a.md", ARTICLE)
    result = run_cli("check", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "lintnews.toml" in result.stderr and "severity" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_explicit_config_exits_2(tmp_path):
    write(tmp_path / "a.md", ARTICLE)
    result = run_cli("check", "--config", "nope.toml", "a.md", cwd=tmp_path)
    assert result.returncode == 2 and "nope.toml: no such config file" in result.stderr


def test_pyproject_tool_section_is_used(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.lintnews]\nignore = ['front-matter-implicit-type']\n")
    write(tmp_path / "a.md", ARTICLE)
    result = run_cli("check", "a.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_each_hugo_site_in_the_tree_is_checked_with_its_own_settings(tmp_path):
    """Checking a folder that holds two Hugo sites: each file is read with its site's timeZone."""
    article = '---\ntitle: "新闻"\ndate: "2025-02-01 10:30:49"\n---\n\n正文。\n'
    write(tmp_path / "cn" / "hugo.toml", 'timeZone = "Asia/Shanghai"\n')
    write(tmp_path / "cn" / "content" / "a.md", article)
    write(tmp_path / "us" / "config.yaml", "timeZone: America/New_York\n")
    write(tmp_path / "us" / "content" / "b.md", article)
    result = run_cli("check", "--select", "date-timezone", "--format", "json", ".", cwd=tmp_path)
    import json

    messages = {d["path"]: d["message"] for d in json.loads(result.stdout)}
    assert "Asia/Shanghai (2025-02-01T10:30:49+08:00)" in messages["cn/content/a.md"]
    assert "America/New_York (2025-02-01T10:30:49-05:00)" in messages["us/content/b.md"]


# --- a rule that owns a top-level config table, as a plugin would ---------------------


class _Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=lambda n: n.replace("_", "-"))

    max_words: int = Field(default=3, ge=1)


class _TitleLength(Rule):
    """Titles must be short.

    ## What it does
    Counts the words of the title against `[title-limits] max-words`.
    ## Why is this bad?
    Long titles are cut off.
    ## Example
    `title: a b c d`
    ## Options
    None; the `[title-limits]` table.
    """

    name = "title-length"
    code = "TL001"
    config_table = "title-limits"
    tables_read: ClassVar[list[Any]] = []

    @classmethod
    def read_config_table(cls, raw: Any, source: ConfigSource) -> _Limits:
        cls.tables_read.append(raw)
        if raw is not None and not isinstance(raw, dict):
            raise ConfigError(f"{source.label}: [title-limits]: expected a table")
        return _Limits.model_validate(raw or {})

    def use_config_table(self, model: _Limits) -> None:
        self.limits = model

    def check(self, doc):
        entry = doc.front_matter.entries.get("title") if doc.front_matter else None
        if entry and len(str(entry.node.value).split()) > self.limits.max_words:
            yield self.diagnostic(doc, entry.node.start, entry.node.end, "the title is long")


def _plugin_rules(*extra: type[Rule]) -> LoadedRules:
    rules: dict[str, type[Rule]] = {}
    sources: dict[str, str] = {}
    for rule in (_TitleLength, *extra):
        register(rule, rules, sources, "a test plugin")
    return LoadedRules(rules, sources)


def _title_findings(data: dict) -> list[str]:
    from lintnews.model.document import Document
    from lintnews.run.engine import lint_document

    config = build_config(data, label="lintnews.toml", rules=_plugin_rules())
    doc = Document("---\ntitle: one two three four\n---\n", "a.md")
    return [d.message for d in lint_document(doc, config)]


def test_a_rule_reads_its_own_config_table():
    assert _title_findings({"title-limits": {"max-words": 4}}) == []
    assert _title_findings({"title-limits": {"max-words": 2}}) == ["the title is long"]


def test_without_its_table_a_rule_gets_its_default():
    _TitleLength.tables_read.clear()
    assert _title_findings({}) == ["the title is long"]
    assert _TitleLength.tables_read == [None]


def test_a_bad_value_in_a_rule_table_is_a_config_error():
    with pytest.raises(ConfigError) as caught:
        _title_findings({"title-limits": {"max-words": 0}})
    message = str(caught.value)
    assert message.startswith("lintnews.toml: [title-limits]: max-words: ")
    assert "greater than or equal to 1 (got 0)" in message
    with pytest.raises(ConfigError, match=r"lintnews.toml: \[title-limits\]: unknown key 'words'"):
        _title_findings({"title-limits": {"words": 2}})
    with pytest.raises(ConfigError, match=r"^lintnews.toml: \[title-limits\]: expected a table$"):
        _title_findings({"title-limits": 5})


def test_a_table_is_not_built_for_a_rule_that_is_off():
    _TitleLength.tables_read.clear()
    assert _title_findings({"title-limits": {"max-words": 0}, "ignore": ["TL001"]}) == []
    assert _TitleLength.tables_read == []


def test_a_misspelt_table_is_still_an_unknown_key_and_owned_tables_are_listed():
    with pytest.raises(
        ConfigError, match=r"unknown key 'title-limit'; allowed keys: .*title-limits"
    ):
        _title_findings({"title-limit": {"max-words": 2}})


def test_config_tables_are_owned_once_and_never_shadow_lintnews_keys():
    class Twin(_TitleLength):
        name = "title-twin"
        code = "TL002"

    with pytest.raises(RuleLoadError, match=r"\[title-limits\] of title-twin is already owned"):
        _plugin_rules(Twin)

    class Shadow(_TitleLength):
        name = "title-shadow"
        code = "TL003"
        config_table = "site"

    with pytest.raises(RuleLoadError, match=r"claims the config table \[site\]"):
        build_config({}, rules=LoadedRules({"title-shadow": Shadow}, {}))
