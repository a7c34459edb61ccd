"""Settings that decide what lintnews reaches, runs or writes come from the user, never from
a config the checked tree carries; the config search stops at the repository's root."""

from __future__ import annotations

import json
import os
from pathlib import Path

from lintnews.site.config import load_config
from lintnews.site.configfile import find_config
from tests.conftest import run_cli

ARTICLE = "---\ntitle: a\ndate: 2024-01-01T00:00:00+08:00\n---\n\ntext\n"
STEERING = """
jobs = 4096
[network]
enabled = true
allow-private-hosts = true
allowed-private-networks = ["10.0.0.0/8"]
cache-dir = "/tmp/anywhere"
per-host = 3
"""


def _tree(tmp_path: Path, config: str) -> Path:
    tree = tmp_path / "tree"
    (tree / "content").mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / "lintnews.toml").write_text(config)
    (tree / "content" / "a.md").write_text(ARTICLE)
    return tree


def test_a_tree_config_cannot_turn_the_network_on_reach_private_hosts_or_move_the_cache(tmp_path):
    tree = _tree(tmp_path, STEERING)
    config = load_config(start=tree / "content")
    network = config.site.network
    assert not network.enabled and not network.allow_private_hosts
    assert network.allowed_private_networks == ()
    assert network.cache_dir == tree / ".lintnews_cache"
    assert network.per_host == 3  # how to check stays the tree's to say
    assert config.jobs is not None and config.jobs <= (os.cpu_count() or 1)
    ignored = "\n".join(config.warnings)
    for key in ("enabled", "allow-private-hosts", "allowed-private-networks", "cache-dir"):
        assert f"[network] {key} ignored" in ignored
    assert "jobs = 4096 lowered" in ignored
    assert ignored.count("--online") == 1  # only the network itself has a flag


def test_the_same_settings_count_in_a_config_the_user_names(tmp_path):
    tree = _tree(tmp_path, STEERING)
    config = load_config(tree / "lintnews.toml", start=tree / "content")
    assert config.site.network.enabled and config.site.network.allow_private_hosts
    assert config.jobs == 4096 and not config.warnings


def test_a_tree_config_cannot_import_a_schema_module_and_the_run_says_so(tmp_path):
    # Importing `this` prints the Zen of Python: into the JSON report, if it ran.
    tree = _tree(tmp_path, 'schema = "this:s"\n')
    result = run_cli("check", "--no-cache", "--format", "json", "content", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert "schema = 'this:s' ignored" in result.stderr


def test_no_setting_of_a_tree_config_may_name_code_to_import(tmp_path):
    # A plugin's config table given as "module:Name" would import as the schema's does.
    from lintnews.site.trust import settings_of

    (tmp_path / "lintnews.toml").write_text('title-limits = "this:s"\nexclude = ["a:b"]\n')
    kept, warnings, _ = settings_of(tmp_path / "lintnews.toml", False)
    assert "title-limits" not in kept and kept["exclude"] == ["a:b"]
    assert any("title-limits = 'this:s' ignored" in warning for warning in warnings)


def test_the_config_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / "lintnews.toml").write_text('ignore = ["ALL"]\n')  # a shared parent folder
    tree = tmp_path / "repo"
    (tree / ".git").mkdir(parents=True)
    (tree / "content").mkdir()
    (tree / "content" / "a.md").write_text("---\ntitle: a\n---\n\n**问题：**我们\n")
    assert find_config(tree / "content") is None
    result = run_cli("check", "--no-cache", "content", cwd=tree)
    assert result.returncode == 1 and "LN201" in result.stdout
