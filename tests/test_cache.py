"""The result cache: reused only while the file, the config and the world it depends on hold."""

import json
import time
from pathlib import Path

from lintnews.cache import CACHE_DIR_NAME, conditions_hold
from tests.conftest import run_cli

ARTICLE = (
    '---\ntitle: "图片"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
    "![图表](chart.png)\n\n**问题1：**我们\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def site(tmp_path: Path) -> Path:
    write(tmp_path / "lintnews.toml", "")
    write(tmp_path / "content" / "post" / "index.md", ARTICLE)
    return tmp_path


def check(root: Path, *args: str) -> list[dict]:
    result = run_cli("check", "--format", "json", "-j1", *args, "content", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR_NAME / "results").rglob("*.entry"))


def test_warm_run_gives_the_cold_results_from_the_cache(tmp_path):
    root = site(tmp_path)
    cold = check(root)
    assert {d["rule"] for d in cold} >= {"image-missing-file", "emphasis-not-rendered"}
    [entry] = entries(root)
    # Prove the second run reads the entry: mark it, and see the mark come back.
    header, first, *rest = entry.read_text(encoding="utf-8").split("\n")
    marked = {**json.loads(first), "message": "served from the cache"}
    entry.write_text("\n".join([header, json.dumps(marked), *rest]), encoding="utf-8")
    warm = check(root)
    assert [d["message"] for d in warm][0] == "served from the cache"
    assert [(d["line"], d["column"], d["rule"]) for d in warm] == [
        (d["line"], d["column"], d["rule"]) for d in cold
    ]
    assert (root / CACHE_DIR_NAME / ".gitignore").is_file()


def test_a_warm_run_prints_every_format_as_the_cold_one(tmp_path):
    root = site(tmp_path)
    write(root / "content" / "post" / "fixable.md", ARTICLE.replace("+08:00", ""))
    for output in ("json", "text", "sarif", "junit", "github"):
        args = ("check", "--format", output, "-j1", "content")
        cold = run_cli(*args, "--no-cache", cwd=root)
        run_cli(*args, cwd=root)  # fills the cache
        warm = run_cli(*args, cwd=root)
        assert warm.returncode == cold.returncode == 1, output
        assert warm.stdout == cold.stdout, output
    assert entries(root)


def test_an_image_appearing_invalidates_the_entry(tmp_path):
    root = site(tmp_path)
    assert any(d["rule"] == "image-missing-file" for d in check(root))
    (root / "content" / "post" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert not any(d["rule"] == "image-missing-file" for d in check(root))


def test_changed_file_or_config_is_linted_again(tmp_path):
    root = site(tmp_path)
    check(root)
    write(root / "content" / "post" / "index.md", ARTICLE.replace("**问题1：**", "**问题1**："))
    assert not any(d["rule"] == "emphasis-not-rendered" for d in check(root))
    write(root / "lintnews.toml", "ignore = ['image-missing-file']\n")
    assert not any(d["rule"] == "image-missing-file" for d in check(root))
    assert len(entries(root)) == 3


def test_corrupt_or_foreign_entries_are_ignored(tmp_path):
    root = site(tmp_path)
    cold = check(root)
    for entry in entries(root):
        entry.write_text("{not json", encoding="utf-8")
    assert check(root) == cold
    for entry in entries(root):
        entry.write_text(json.dumps({"format": 2, "key": "someone else's"}), encoding="utf-8")
    assert check(root) == cold
    for entry in entries(root):  # a header that promises more lines than there are
        header, *lines = entry.read_text(encoding="utf-8").split("\n")
        entry.write_text("\n".join([header, *lines[:-1]]), encoding="utf-8")
    assert check(root) == cold


def test_no_cache_neither_reads_nor_writes(tmp_path):
    root = site(tmp_path)
    check(root, "--no-cache")
    assert not (root / CACHE_DIR_NAME).exists()


def test_conditions():
    assert conditions_hold([("before", time.time() + 60)])
    assert not conditions_hold([("before", time.time() - 1)])
    assert not conditions_hold([("exists", "/nonexistent/file.png", True)])
    assert conditions_hold([("exists", "/nonexistent/file.png", False)])
    assert not conditions_hold([("a condition from a newer version",)])
