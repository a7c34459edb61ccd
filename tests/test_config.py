"""Config discovery and every config error path: exit 2 with file, key and what is allowed."""

from pathlib import Path

import pytest

from lintnews.config import ConfigError, build_config, find_config, load_config, path_matches
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
