"""The settings only the user may make come from the user's own sources: ``LINTNEWS_*``
environment variables and the user's config file, in a documented order, with clear errors,
and never from a file the checked tree can write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lintnews.cli import build_parser
from lintnews.commands.check import CheckRequest, with_environment
from lintnews.site.config import load_config
from lintnews.site.configfile import ConfigError
from lintnews.site.environment import read_environment
from tests.conftest import run_cli

ARTICLE = "---\ntitle: a\ndate: 2024-01-01T00:00:00+08:00\n---\n\n**问题：**我们\n"
STEERING = """
jobs = 4096
file-time-budget = 60
[network]
enabled = true
allow-private-hosts = true
"""


def _tree(tmp_path: Path, config: str = "[network]\nper-host = 3\n") -> Path:
    tree = tmp_path / "tree"
    (tree / "content").mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / "lintnews.toml").write_text(config)
    (tree / "content" / "a.md").write_text(ARTICLE)
    return tree


def _user_config(folder: Path, text: str) -> Path:
    path = folder / "lintnews" / "lintnews.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _loaded(monkeypatch, tree: Path, environment: dict[str, str], *argv: str):
    """The config and request ``lintnews check`` makes of this command line and environment."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    args = build_parser().parse_args(["check", *argv, str(tree / "content")])
    assert with_environment(args) == []
    request = CheckRequest.from_args(args)
    config = load_config(
        request.config_path,
        start=tree / "content",
        overrides=request.overrides,
        online=request.online,
    )
    return config, request


def test_environment_values_are_read_strictly_and_empty_ones_count_as_unset(tmp_path):
    found = read_environment(
        {
            "LINTNEWS_ONLINE": " Yes ",
            "LINTNEWS_NO_CACHE": "0",
            "LINTNEWS_JOBS": "3",
            "LINTNEWS_FILE_TIME_BUDGET": "2.5",
            "LINTNEWS_ALLOW_PRIVATE_HOSTS": "off",
            "LINTNEWS_ALLOWED_PRIVATE_NETWORKS": "10.0.0.0/8, fd00::/8",
            "LINTNEWS_CACHE_DIR": "",
        }
    )
    assert (found.online, found.no_cache, found.jobs) == (True, False, 3)
    assert found.settings == {
        "network": {
            "allow-private-hosts": False,
            "allowed-private-networks": ["10.0.0.0/8", "fd00::/8"],
        },
        "file-time-budget": 2.5,
    }
    assert found.warnings == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LINTNEWS_ONLINE", "maybe"),
        ("LINTNEWS_NO_CACHE", "2"),
        ("LINTNEWS_JOBS", "0"),
        ("LINTNEWS_JOBS", "9" * 5000),
        ("LINTNEWS_FILE_TIME_BUDGET", "nan"),
        ("LINTNEWS_FILE_TIME_BUDGET", "-1"),
        ("LINTNEWS_ALLOWED_PRIVATE_NETWORKS", "10.0.0.0/8,intranet"),
        ("LINTNEWS_CONFIG", "/no/such/lintnews.toml"),
    ],
)
def test_a_bad_environment_value_is_an_error_naming_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        read_environment({name: value})


def test_a_misspelt_variable_is_a_warning():
    assert (
        "LINTNEWS_ONLNE is not a lintnews setting"
        in read_environment({"LINTNEWS_ONLNE": "1"}).warnings[0]
    )


def test_the_command_says_what_is_wrong_with_the_environment_without_a_traceback(tmp_path):
    tree = _tree(tmp_path)
    result = run_cli("check", "content", cwd=tree, env={"LINTNEWS_JOBS": "many"})
    assert result.returncode == 2
    assert "config error: LINTNEWS_JOBS: 'many' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("check", "--no-cache", "content", cwd=tree, env={"LINTNEWS_ONLNE": "1"})
    assert result.returncode == 1 and "LINTNEWS_ONLNE is not a lintnews setting" in result.stderr


def test_the_environment_sets_what_the_tree_may_not(tmp_path, monkeypatch):
    tree = _tree(tmp_path, STEERING)
    cache = tmp_path / "ci-cache"
    config, request = _loaded(
        monkeypatch,
        tree,
        {
            "LINTNEWS_ONLINE": "true",
            "LINTNEWS_ALLOW_PRIVATE_HOSTS": "1",
            "LINTNEWS_CACHE_DIR": str(cache),
            "LINTNEWS_JOBS": "7",
            "LINTNEWS_FILE_TIME_BUDGET": "0",
        },
    )
    network = config.site.network
    assert network.enabled and network.allow_private_hosts and network.cache_dir == cache
    assert request.jobs == 7 and config.file_time_budget == 0
    assert config.cache_dir == str(cache)


def test_the_command_line_wins_over_the_environment(tmp_path, monkeypatch):
    tree = _tree(tmp_path)
    mine = tmp_path / "mine.toml"
    mine.write_text("[network]\nper-host = 2\n")
    other = tmp_path / "other.toml"
    other.write_text("[network]\nper-host = 5\n")
    environment = {"LINTNEWS_ONLINE": "1", "LINTNEWS_JOBS": "5", "LINTNEWS_CONFIG": str(other)}
    config, request = _loaded(
        monkeypatch, tree, environment, "--offline", "--jobs", "3", "--config", str(mine)
    )
    assert not config.site.network.enabled and request.jobs == 3
    assert config.site.network.per_host == 2 and config.path == mine


def test_lintnews_config_names_a_config_as_the_option_does(tmp_path, monkeypatch):
    tree = _tree(tmp_path, 'ignore = ["ALL"]\n')
    mine = tmp_path / "mine.toml"
    mine.write_text(STEERING)
    config, request = _loaded(monkeypatch, tree, {"LINTNEWS_CONFIG": str(mine)})
    assert config.path == mine and config.rules  # the tree's `ignore = ["ALL"]` is not read
    assert config.site.network.enabled and config.jobs == 4096 and not config.warnings


def test_the_environment_wins_over_a_config_the_user_named(tmp_path, monkeypatch):
    tree = _tree(tmp_path)
    mine = tmp_path / "mine.toml"
    mine.write_text("file-time-budget = 60\n[network]\nallow-private-hosts = true\n")
    environment = {"LINTNEWS_FILE_TIME_BUDGET": "5", "LINTNEWS_ALLOW_PRIVATE_HOSTS": "no"}
    config, _ = _loaded(monkeypatch, tree, environment, "--config", str(mine))
    assert config.file_time_budget == 5 and not config.site.network.allow_private_hosts


def test_the_cache_goes_where_the_environment_says_and_nowhere_in_the_tree(tmp_path):
    tree = _tree(tmp_path)
    cache = tmp_path / "ci-cache"
    for _ in range(2):  # cold, then served from the cache found there
        result = run_cli("check", "content", cwd=tree, env={"LINTNEWS_CACHE_DIR": str(cache)})
        assert result.returncode == 1 and "LN201" in result.stdout, result.stderr
    assert (cache / "results.sqlite3").is_file()
    assert not (tree / ".lintnews_cache").exists()


def test_the_user_config_is_laid_over_the_tree_config(tmp_path, monkeypatch):
    tree = _tree(tmp_path, "[network]\nper-host = 3\n[rules.date-timezone]\nseverity = 'error'\n")
    _user_config(Path(os.environ["XDG_CONFIG_HOME"]), STEERING)
    config = load_config(start=tree / "content")
    network = config.site.network
    assert network.enabled and network.allow_private_hosts and network.per_host == 3
    assert config.jobs == 4096 and config.file_time_budget == 60
    assert config.severities["date-timezone"] == "error" and not config.warnings


def test_a_mistake_in_the_user_config_names_that_file(tmp_path):
    tree = _tree(tmp_path)
    user = _user_config(Path(os.environ["XDG_CONFIG_HOME"]), "jobs = 'many'\n")
    with pytest.raises(ConfigError, match=str(user)):
        load_config(start=tree / "content")


def test_a_config_named_by_the_user_is_read_alone(tmp_path):
    tree = _tree(tmp_path)
    _user_config(Path(os.environ["XDG_CONFIG_HOME"]), STEERING)
    mine = tmp_path / "mine.toml"
    mine.write_text("")
    assert not load_config(mine, start=tree / "content").site.network.enabled


def _refused(tree: Path) -> str:
    config = load_config(start=tree / "content")
    assert not config.site.network.enabled and config.jobs != 4096
    [warning] = [w for w in config.warnings if "not used as your config" in w]
    return warning


def test_a_user_config_folder_inside_the_checked_tree_is_not_followed(tmp_path, monkeypatch):
    tree = _tree(tmp_path)
    _user_config(tree / "content" / ".config", STEERING)  # a pull request can commit it
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tree / "content" / ".config"))
    assert "it lies in the checked tree" in _refused(tree)


def test_a_home_that_is_the_checkout_gives_no_user_config(tmp_path, monkeypatch):
    tree = _tree(tmp_path)
    _user_config(tree / ".config", STEERING)
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tree))
    assert "it lies in the checked tree" in _refused(tree)


def test_a_user_config_linked_into_the_checked_tree_is_not_followed(tmp_path):
    tree = _tree(tmp_path)
    (tree / "content" / "planted.toml").write_text(STEERING)
    link = Path(os.environ["XDG_CONFIG_HOME"]) / "lintnews" / "lintnews.toml"
    link.parent.mkdir(parents=True)
    link.symlink_to(tree / "content" / "planted.toml")
    assert "it lies in the checked tree" in _refused(tree)


def test_the_user_config_counts_in_the_result_cache(tmp_path):
    tree = _tree(tmp_path)
    assert "LN201" in run_cli("check", "content", cwd=tree).stdout
    _user_config(Path(os.environ["XDG_CONFIG_HOME"]), 'ignore = ["ALL"]\n')
    result = run_cli("check", "content", cwd=tree)
    assert result.returncode == 0 and "LN201" not in result.stdout, result.stdout


def test_the_readme_lists_every_variable():
    from lintnews.site.environment import KNOWN
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [name for name in KNOWN if f"`{name}=" not in readme] == []
