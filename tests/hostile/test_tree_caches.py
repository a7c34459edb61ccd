"""Caches a checked tree cannot plant or steer: URL checks vouched for by the user's own key
(kept outside the tree), no cache file written or read through a symbolic link."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from lintnews.network.cache import UrlCheckCache
from lintnews.network.result import UrlResult
from lintnews.run.cache import CACHE_DIR_NAME, ResultCache
from tests.conftest import run_cli

OK = UrlResult("ok", "an image", 200, content_type="image/png")
URL = "https://img.example/a.png"


@pytest.fixture
def user_cache(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _planted(cache: UrlCheckCache, tmp_path: Path) -> Path:
    """An entry as a pull request could commit it: every public field right, no key."""
    path = cache._path(URL, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    import time
    from dataclasses import asdict

    path.write_text(json.dumps({"url": URL, "checked_at": time.time(), "result": asdict(OK)}))
    return path


def test_a_committed_url_cache_entry_is_not_trusted(tmp_path, user_cache):
    cache = UrlCheckCache(tmp_path / ".lintnews_cache", 86400, [False, []])
    _planted(cache, tmp_path)
    assert cache.get(URL, None) is None


def test_entries_this_user_wrote_are_served_and_the_key_is_private(tmp_path, user_cache):
    cache = UrlCheckCache(tmp_path / ".lintnews_cache", 86400, [False, []])
    cache.put(URL, None, OK)
    assert cache.get(URL, None) == OK
    key = user_cache / "lintnews" / "url-cache.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not str(key).startswith(str(tmp_path / ".lintnews_cache"))
    # Another user's key (or the tree's idea of one) does not vouch for it.
    key.write_bytes(os.urandom(32))
    assert UrlCheckCache(tmp_path / ".lintnews_cache", 86400, [False, []]).get(URL, None) is None


def test_a_key_others_can_read_is_not_used(tmp_path, user_cache):
    folder = user_cache / "lintnews"
    folder.mkdir(parents=True)
    (folder / "url-cache.key").write_bytes(os.urandom(32))
    (folder / "url-cache.key").chmod(0o644)
    cache = UrlCheckCache(tmp_path / ".lintnews_cache", 86400, [False, []])
    cache.put(URL, None, OK)
    assert cache.get(URL, None) is None
    assert not (tmp_path / ".lintnews_cache" / "urls").exists()


def test_url_cache_folders_that_are_links_are_not_written_through(tmp_path, user_cache):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "tree" / ".lintnews_cache"
    root.mkdir(parents=True)
    (root / "urls").symlink_to(outside)
    UrlCheckCache(root, 86400, [False, []]).put(URL, None, OK)
    assert list(outside.iterdir()) == []


def _result_cache(tree: Path) -> ResultCache:
    cache = ResultCache(tree / CACHE_DIR_NAME, "fingerprint")
    cache.put("k", [], [])
    cache.flush()
    cache.close()
    return cache


def test_a_dangling_gitignore_link_in_the_cache_folder_does_not_create_its_target(tmp_path):
    tree = tmp_path / "tree"
    (tree / ".lintnews_cache").mkdir(parents=True)
    target = tmp_path / "created-by-lintnews"
    (tree / ".lintnews_cache" / ".gitignore").symlink_to(target)
    cache = _result_cache(tree)
    assert not target.exists()
    assert cache.disabled


def test_a_linked_results_database_is_not_written_through(tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE mine (x)")
    connection.close()
    tree = tmp_path / "tree"
    (tree / ".lintnews_cache").mkdir(parents=True)
    (tree / ".lintnews_cache" / "results.sqlite3").symlink_to(other)
    _result_cache(tree)
    with sqlite3.connect(other) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"mine"}


def test_a_linked_cache_folder_is_not_written_through(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / ".lintnews_cache").symlink_to(outside)
    _result_cache(tree)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(("max_age", "kept"), [(0, False), (3600, True)])
def test_online_verdicts_in_the_result_cache_last_only_cache_max_age(max_age, kept):
    from lintnews.run.cache import conditions_hold
    from lintnews.run.engine import document_from_bytes
    from lintnews.site.config import build_config

    config = build_config(
        {"select": ["image-url-broken"], "network": {"enabled": True, "cache-max-age": max_age}}
    )
    doc = document_from_bytes(b"![a](https://img.example/a.png)\n", "a.md")
    (rule,) = config.rules
    conditions = list(rule.cache_conditions(doc))
    assert conditions and conditions_hold(conditions) is kept


@pytest.mark.slow
def test_two_runs_at_once_on_one_tree_share_the_result_cache_without_a_crash(tmp_path):
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    for n in range(48):
        (tmp_path / f"a{n:02}.md").write_text(
            f"---\ntitle: a{n}\ndate: 2024-01-01T00:00:00+08:00\n---\n\n他说”{n}\n"
        )
    command = [sys.executable, "-m", "lintnews", "check", "--jobs", "2", "--format", "json", "."]
    runs = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 1 and b"Traceback" not in err and b"locked" not in err, err
    first, second = (json.loads(out) for out, _ in outputs)
    assert first == second and len(first) == 48
    database = sqlite3.connect(tmp_path / ".lintnews_cache" / "results.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert database.execute("SELECT count(*) FROM entries_v3").fetchone() == (48,)
    database.close()
    warm = run_cli("check", "--jobs", "2", "--format", "json", ".", cwd=tmp_path)
    assert json.loads(warm.stdout) == first  # entries written by both runs read back whole


def test_a_cache_folder_others_may_write_to_is_made_private_before_use(tmp_path):
    # Otherwise another user could put a link in it after the checks, before SQLite opens.
    tree = tmp_path / "tree"
    (tree / CACHE_DIR_NAME).mkdir(parents=True)
    (tree / CACHE_DIR_NAME).chmod(0o777)
    assert not _result_cache(tree).disabled
    assert stat.S_IMODE((tree / CACHE_DIR_NAME).stat().st_mode) == 0o755


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (chown)")
def test_a_cache_folder_of_another_user_is_not_used(tmp_path):
    tree = tmp_path / "tree"
    (tree / CACHE_DIR_NAME).mkdir(parents=True)
    os.chown(tree / CACHE_DIR_NAME, 12345, 12345)
    assert _result_cache(tree).disabled
    assert list((tree / CACHE_DIR_NAME).iterdir()) == []
