"""Broken set-ups end with a clear message and exit 2, never a traceback: every command
tried with broken inputs (configs, paths, flags, a closed standard output)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lintnews.cli import main
from tests.conftest import run_cli

NO_OFFSET = "---\ntitle: 新闻\ndate: 2025-02-01 10:30:49\n---\n\n正文。\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path / "content" / "a.md", NO_OFFSET)
    (tmp_path / "folder").mkdir()
    write(tmp_path / "broken.toml", "select = [")
    write(tmp_path / "other" / "pyproject.toml", "[tool]\nlintnews = 1\n")
    write(tmp_path / "other" / "b.md", NO_OFFSET)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--config", "folder", "content"), "folder: no such config file"),
        (("check", "--config", "broken.toml", "content"), "broken.toml: not valid TOML"),
        (("check", "other"), "[tool.lintnews] must be a table"),
        (("check", "--config", "none.toml", "content"), "none.toml: no such config file"),
        (("check", "missing"), "missing: no such file or folder"),
        (("check", "--jobs", "many", "content"), "invalid int value"),
        (("check", "--format", "yaml", "content"), "invalid choice"),
        (("check", "--baseline", "folder", "--select", "LN001", "."), "cannot read the baseline"),
        (("rule", "no-such-rule"), "no rule named 'no-such-rule'"),
        (("init", "missing"), "missing: not a folder"),
        (("init", "content", "--output", "folder", "--force"), "cannot write folder"),
        (("bogus",), "invalid choice"),
    ],
)
def test_broken_inputs_are_explained_with_exit_2(tree, args, expected):
    result = run_cli(*args, cwd=tree)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_directory_as_the_report_file_is_an_error_in_every_format(tree, fmt):
    result = run_cli("check", "--format", fmt, "--output", "folder", "content", cwd=tree)
    assert result.returncode == 2 and "cannot write folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("check", "-j1", "content"),
        ("check", "-j1", "--format", "sarif", "content"),
        ("check", "--stdin-filename", "content/a.md"),
        ("init", "content", "--print"),
        ("rules",),
        ("rule", "LN001"),
    ],
)
def test_a_closed_standard_output_gives_no_traceback(tree, args):
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", *args],
        cwd=tree,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),  # started with standard output closed
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)


def test_online_without_the_network_extra_says_how_to_install_it(tree, monkeypatch, capsys):
    monkeypatch.chdir(tree)
    monkeypatch.setitem(sys.modules, "httpx", None)  # as when it is not installed
    assert main(["check", "--online", "--no-cache", "content"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'lintnews[network]'" in err and "httpx" in err
    # A config the user chose may turn the network on (one found in the tree may not).
    write(tree / "lintnews.toml", "[network]\nenabled = true\n")
    assert main(["check", "--config", "lintnews.toml", "--no-cache", "content"]) == 2
    assert "pip install 'lintnews[network]'" in capsys.readouterr().err
    assert main(["check", "--config", "lintnews.toml", "--offline", "--no-cache", "content"]) == 1


def test_an_unknown_site_time_zone_names_the_key_and_the_closest_zone(tree):
    write(tree / "lintnews.toml", '[site]\ntime-zone = "Asia/Shangai"\n')
    result = run_cli("check", "content", cwd=tree)
    assert result.returncode == 2
    assert "time-zone" in result.stderr and "'Asia/Shangai'" in result.stderr
    assert "did you mean 'Asia/Shanghai'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_hugo_time_zone_is_a_warning_with_the_closest_zone(tree):
    write(tree / "hugo.toml", 'timeZone = "europe/oslo"\n')
    result = run_cli("check", "content", cwd=tree)
    assert result.returncode == 1
    assert "timeZone 'europe/oslo'" in result.stderr
    assert "did you mean 'Europe/Oslo'?" in result.stderr
