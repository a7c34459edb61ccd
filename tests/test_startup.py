"""The pre-commit case stays lean: a one-file check with default options imports neither
pydantic nor the network or editor extras (they cost start-up, not seconds per file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SEED

#: Modules a plain offline check must not import, whatever it finds.
NOT_IMPORTED = (
    "pydantic",
    "pydantic_core",
    "httpx",
    "pygls",
    "lsprotocol",
    "importlib.metadata",
    "email",
)
REPORT_IMPORTS = """
import sys
from lintnews.cli import main
code = main(sys.argv[1:])
loaded = [n for n in NOT_IMPORTED if any(m == n or m.startswith(n + ".") for m in sys.modules)]
print(" ".join(loaded) or "-", file=sys.stderr)
raise SystemExit(code)
""".replace("NOT_IMPORTED", repr(NOT_IMPORTED))

CLEAN = """---
title: "一篇干净的文章"
date: 2025-02-01T10:30:49+08:00
tags: ["新闻", "科技"]
draft: false
---

# 标题

正文，**粗体**与“引号”。
"""


def heavy_imports(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", REPORT_IMPORTS, "check", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, result.stderr.rstrip("\n").rsplit("\n", 1)[-1]


def test_a_clean_article_is_checked_without_pydantic_or_extras(tmp_path):
    (tmp_path / "post.md").write_text(CLEAN, encoding="utf-8")
    for args in (("post.md",), ("--no-cache", "post.md"), ("--offline", "post.md")):
        result, loaded = heavy_imports(tmp_path, *args)
        assert result.returncode == 0, result.stdout + result.stderr
        assert loaded == "-", f"{args}: imported {loaded}"


def test_findings_and_simple_config_values_need_no_pydantic_either(tmp_path):
    article = SEED.read_text(encoding="utf-8") if SEED.exists() else CLEAN + "**问题：**我们\n"
    (tmp_path / "post.md").write_text(article, encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text(
        'extend-select = ["ALL"]\nignore = ["LN5"]\n[network]\nenabled = false\n',
        encoding="utf-8",
    )
    result, loaded = heavy_imports(tmp_path, "--no-cache", "post.md")
    assert result.returncode == 1 and "[" in result.stdout, result.stderr
    assert loaded == "-", f"imported {loaded}"
    # A value to check is checked by pydantic, in its words, as before.
    (tmp_path / "lintnews.toml").write_text("[network]\ntimeout = -1\n", encoding="utf-8")
    result, loaded = heavy_imports(tmp_path, "post.md")
    assert result.returncode == 2
    assert "[network]: timeout: Input should be greater than 0" in result.stderr
    assert "pydantic" in loaded


def test_rule_entry_points_are_read_from_the_metadata_folders(tmp_path, monkeypatch):
    from importlib.metadata import entry_points

    from lintnews.plugin.entrypoints import RuleEntryPoint, rule_entry_points, section_entries

    found = rule_entry_points()
    expected = sorted(entry_points(group="lintnews.rules"), key=lambda point: point.name)
    assert [(p.name, p.value) for p in found] == [(p.name, p.value) for p in expected]
    assert [p.load() for p in found] == [p.load() for p in expected]

    text = "[console_scripts]\nx = a:b\n[lintnews.rules]\n# off = no:pe\nmore = os.path : join [extra]\n"
    assert section_entries(text) == [("more", "os.path : join [extra]")]
    assert RuleEntryPoint("more", "os.path : join [extra]").load() is __import__("os").path.join

    # A plugin installed after the first run is found by the next one, as it is installed.
    plugin = tmp_path / "news_rules-1.0.dist-info"
    plugin.mkdir()
    (plugin / "entry_points.txt").write_text("[lintnews.rules]\nextra = json:loads\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert ("extra", "json:loads") in [(p.name, p.value) for p in rule_entry_points()]
