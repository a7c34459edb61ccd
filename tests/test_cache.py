"""The result cache: reused only while the file, the config and the world it depends on hold."""

import json
import sqlite3
import time
from pathlib import Path

from lintnews.run.cache import (
    CACHE_DIR_NAME,
    DATABASE_NAME,
    RUNS_TABLE,
    TABLE,
    ResultCache,
    conditions_hold,
)
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


def database(root: Path) -> Path:
    return root / CACHE_DIR_NAME / DATABASE_NAME


def entries(root: Path) -> dict[str, tuple[str, list[str]]]:
    """Every entry of the cache, by key: its JSON header and its diagnostics' JSON lines."""
    if not database(root).exists():
        return {}
    with sqlite3.connect(database(root)) as connection:
        rows = connection.execute(f"SELECT key, header, body FROM {TABLE}").fetchall()
    connection.close()
    return {key: (header, body.split(",\n") if body else []) for key, header, body in rows}


def rewrite(root: Path, change) -> None:
    """Replace every entry's header and lines with ``change(header, lines)``."""
    with sqlite3.connect(database(root)) as connection:
        for key, (header, lines) in entries(root).items():
            new_header, new_lines = change(header, lines)
            connection.execute(
                f"UPDATE {TABLE} SET header = ?, body = ? WHERE key = ?",
                (new_header, ",\n".join(new_lines), key),
            )
    connection.close()


def test_warm_run_gives_the_cold_results_from_the_cache(tmp_path):
    root = site(tmp_path)
    cold = check(root)
    assert {d["rule"] for d in cold} >= {"image-missing-file", "emphasis-not-rendered"}
    assert len(entries(root)) == 1

    # Prove the second run reads the entry: mark it, and see the mark come back.
    def mark(header: str, lines: list[str]) -> tuple[str, list[str]]:
        first, *rest = lines
        marked = {**json.loads(first), "message": "served from the cache"}
        return header, [json.dumps(marked), *rest]

    rewrite(root, mark)
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


def test_a_nested_sites_config_change_is_linted_again(tmp_path):
    # The tree holds several Hugo sites; each file's rules follow its own site's config,
    # so that config is part of the file's key, not only the top site's.
    write(tmp_path / "lintnews.toml", "")
    hugo = write(tmp_path / "blog" / "hugo.toml", 'timeZone = "Asia/Shanghai"\n')
    write(
        tmp_path / "blog" / "content" / "a.md", '---\ntitle: "A"\ndate: 2025-01-01 10:00:00\n---\n'
    )

    def date_messages() -> list[str]:
        result = run_cli("check", "--format", "json", "-j1", ".", cwd=tmp_path)
        return [d["message"] for d in json.loads(result.stdout) if d["rule"] == "date-timezone"]

    assert "+08:00" in date_messages()[0]
    hugo.write_text('timeZone = "Asia/Tokyo"\n', encoding="utf-8")
    assert "+09:00" in date_messages()[0]


def test_corrupt_or_foreign_entries_are_ignored(tmp_path):
    root = site(tmp_path)
    cold = check(root)
    rewrite(root, lambda header, lines: ("{not json", lines))
    assert check(root) == cold
    rewrite(root, lambda header, lines: (json.dumps({"format": 2, "key": "another"}), lines))
    assert check(root) == cold
    # a header that promises more lines than there are
    rewrite(root, lambda header, lines: (header, lines[:-1]))
    assert check(root) == cold
    assert all(header.startswith('{"format": 2') for header, _ in entries(root).values())


def test_a_database_that_is_not_one_is_replaced(tmp_path):
    root = site(tmp_path)
    cold = check(root)
    database(root).write_bytes(b"this is not a database" * 100)
    for name in ("results.sqlite3-wal", "results.sqlite3-shm"):
        (root / CACHE_DIR_NAME / name).unlink(missing_ok=True)
    assert check(root) == cold
    assert len(entries(root)) == 1  # a new database, filled again


def test_a_parallel_run_fills_the_cache_from_every_process(tmp_path):
    root = site(tmp_path)
    for n in range(40):
        write(root / "content" / "many" / f"a{n}.md", ARTICLE.replace("图片", f"图片{n}"))
    result = run_cli("check", "--format", "json", "-j2", "content", cwd=root)
    assert result.returncode == 1, result.stderr
    # The workers' write-ahead log is folded into the database, not left to the next run.
    log = root / CACHE_DIR_NAME / f"{DATABASE_NAME}-wal"
    assert not log.exists() or log.stat().st_size == 0
    assert len(entries(root)) == 41


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


def test_entries_not_written_for_a_month_are_removed(tmp_path):
    root = site(tmp_path)
    check(root)
    [old_key] = entries(root)
    with sqlite3.connect(database(root)) as connection:
        connection.execute(
            f"UPDATE {TABLE} SET written = written - ?", (ResultCache.KEEP_DAYS + 1,)
        )
    connection.close()
    write(root / "content" / "post" / "other.md", ARTICLE.replace("图片", "别的"))
    check(root)  # writes the new file's entry, and removes the stale one
    assert old_key not in entries(root)
    assert len(entries(root)) == 1


def test_parallel_workers_report_exactly_what_one_process_reports(tmp_path):
    root = site(tmp_path)
    for n in range(40):
        text = ARTICLE.replace("图片", f"图片{n}").replace("+08:00", "" if n % 2 else "+08:00")
        write(root / "content" / "many" / f"a{n}.md", text)
    for output in ("json", "text", "sarif"):
        one = run_cli("check", "--format", output, "-j1", "--no-cache", "content", cwd=root)
        two = run_cli("check", "--format", output, "-j2", "--no-cache", "content", cwd=root)
        assert one.returncode == two.returncode == 1, output
        assert two.stdout == one.stdout, output


def test_a_cache_that_cannot_be_written_is_skipped_not_fatal(tmp_path):
    root = site(tmp_path)
    fresh = check(root, "--no-cache")
    (root / CACHE_DIR_NAME).write_text("a file where the cache folder would be", encoding="utf-8")
    assert check(root) == fresh
    (root / CACHE_DIR_NAME).unlink()
    database(root).mkdir(parents=True)  # a folder where the database would be
    result = run_cli("check", "--format", "json", "-j2", "content", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout) == fresh


# A run whose every file is cached is served before the config is validated or a rule
# loaded (lintnews.run.warm). These check it says exactly what the full run says.

HEAVY = ("pydantic", "lintnews_rules", "markdown_it", "lintnews.site.config")
LOADED = """
import sys
from lintnews.cli import main
code = main(sys.argv[1:])
heavy = [h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in sys.modules)]
print(" ".join(heavy) or "-", file=sys.stderr)
raise SystemExit(code)
""".replace("HEAVY", repr(HEAVY))


def check_reporting_imports(root: Path, *args: str):
    """``lintnews check`` in-process in a subprocess; also which heavy modules it loaded
    (the last line of stderr)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", LOADED, "check", "-j1", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    *stderr, loaded = result.stderr.rstrip("\n").split("\n")
    return result, "\n".join(stderr), loaded


def test_an_unchanged_tree_is_served_without_loading_the_rules(tmp_path):
    root = site(tmp_path)
    cold, _, cold_loaded = check_reporting_imports(root, "--format", "json", "content")
    warm, _, warm_loaded = check_reporting_imports(root, "--format", "json", "content")
    assert "lintnews_rules" in cold_loaded
    assert warm_loaded == "-"
    assert warm.stdout == cold.stdout and warm.returncode == cold.returncode == 1
    text = [check_reporting_imports(root, "content") for _ in range(2)]
    assert text[1][2] == "-" and text[1][0].stdout == text[0][0].stdout


def test_a_served_run_prints_the_configs_warnings_too(tmp_path):
    root = site(tmp_path)
    write(root / "hugo.toml", 'timeZone = "Mars/Olympus"\n')
    runs = [check_reporting_imports(root, "--format", "json", "content") for _ in range(2)]
    assert runs[1][2] == "-"
    assert "Mars/Olympus" in runs[0][1]
    assert runs[1][1] == runs[0][1]


def test_a_config_made_invalid_is_refused_not_served(tmp_path):
    root = site(tmp_path)
    check(root)
    write(root / "lintnews.toml", "[rules.no-such-rule]\n")
    result = run_cli("check", "--format", "json", "-j1", "content", cwd=root)
    assert result.returncode == 2 and "unknown rule" in result.stderr
    write(root / "lintnews.toml", "max-file-size = 'big'\n")
    result = run_cli("check", "--format", "json", "-j1", "content", cwd=root)
    assert result.returncode == 2 and "max-file-size" in result.stderr


def test_command_line_choices_are_part_of_the_key(tmp_path):
    root = site(tmp_path)
    everything = check(root)
    assert {d["rule"] for d in check(root, "--ignore", "image-missing-file")} == (
        {d["rule"] for d in everything} - {"image-missing-file"}
    )
    assert check(root) == everything
    _, _, loaded = check_reporting_imports(root, "--format", "json", "--select", "LN201", "content")
    assert loaded != "-"  # not cached under these choices yet


def test_a_changed_file_or_a_damaged_run_record_goes_the_full_way(tmp_path):
    root = site(tmp_path)
    check(root)
    write(root / "content" / "post" / "new.md", ARTICLE)
    _, _, loaded = check_reporting_imports(root, "--format", "json", "content")
    assert "lintnews_rules" in loaded
    with sqlite3.connect(database(root)) as connection:
        connection.execute(f"UPDATE {RUNS_TABLE} SET warnings = '{{broken'")
    connection.close()
    result, _, loaded = check_reporting_imports(root, "--format", "json", "content")
    assert "lintnews_rules" in loaded and result.returncode == 1


def test_an_entry_damaged_once_the_run_began_is_checked_afresh(tmp_path, monkeypatch):
    from lintnews.run.warm import cached_run

    root = site(tmp_path)
    cold = check(root)
    monkeypatch.chdir(root)
    served = cached_run(["content"])
    assert served is not None and served.paths == ["content/post/index.md"]
    rewrite(root, lambda header, lines: (header, lines[:-1]))  # the body loses a finding
    [findings] = list(served.results)
    assert [(d.line, d.column, d.rule, d.message) for d in findings] == [
        (d["line"], d["column"], d["rule"], d["message"]) for d in cold
    ]


def test_installing_or_upgrading_a_plugin_changes_the_stamp(tmp_path, monkeypatch):
    from lintnews.run.cache import installed_plugins

    monkeypatch.setattr("sys.path", [str(tmp_path)])
    assert installed_plugins() == []
    (tmp_path / "other-1.0.dist-info").mkdir()
    (tmp_path / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\n")
    assert installed_plugins() == []  # no rules: not part of the stamp
    plugin = tmp_path / "news_rules-1.0.dist-info"
    plugin.mkdir()
    (plugin / "entry_points.txt").write_text("[lintnews.rules]\nextra = news_rules:RULES\n")
    installed = installed_plugins()
    assert [p.partition("\ncode: ")[0] for p in installed] == [
        "news-rules==1.0\n[lintnews.rules]\nextra = news_rules:RULES\n"
    ]
    plugin.rename(tmp_path / "news_rules-1.1.dist-info")
    assert installed_plugins() != installed
    # Where one name is installed twice on the path, the first is the one that loads.
    later = tmp_path / "later"
    (later / "news_rules-0.9.dist-info").mkdir(parents=True)
    (later / "news_rules-0.9.dist-info" / "entry_points.txt").write_text("[lintnews.rules]\n")
    monkeypatch.setattr("sys.path", [str(tmp_path), str(later)])
    assert [p.split("\n")[0] for p in installed_plugins()] == ["news-rules==1.1"]


def test_a_plugins_code_is_stamped_as_the_built_in_rules_are(tmp_path, monkeypatch):
    """Every distribution with rules, lintnews's own included, is stamped by its code."""
    from lintnews.run.cache import installed_plugins, source_stamp

    builtin = [p for p in installed_plugins() if p.startswith("lintnews==")]
    assert builtin and f"code: {source_stamp(['lintnews', 'lintnews_rules'])}\n" in builtin[0]
    package = tmp_path / "news_rules"
    write(package / "__init__.py", "RULES = []\n")
    plugin = tmp_path / "news_rules-1.0.dist-info"
    write(plugin / "entry_points.txt", "[lintnews.rules]\nextra = news_rules.more:RULES\n")
    monkeypatch.setattr("sys.path", [str(tmp_path)])
    installed = installed_plugins()
    write(package / "more.py", "RULES = ['edited in place, same version']\n")
    edited = installed_plugins()
    assert edited != installed
    assert [p.partition("code: ")[0] for p in edited] == [
        p.partition("code: ")[0] for p in installed
    ]
    assert installed_plugins() == edited  # unchanged code, unchanged stamp


def test_editing_a_plugin_in_place_stops_its_results_being_served(tmp_path):
    """A plugin on the path, edited without a new version: its findings are not served."""
    import os
    import subprocess
    import sys

    root = site(tmp_path)
    plugins = tmp_path / "plugins"
    write(
        plugins / "news_rules-1.0.dist-info" / "entry_points.txt",
        "[lintnews.rules]\nextra = news_rules:RULES\n",
    )
    source = plugins / "news_rules.py"
    write(source, PLUGIN.replace("MESSAGE", "first"))
    env = {**os.environ, "PYTHONPATH": str(plugins)}

    def messages() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "lintnews", "check", "-j1", "--format", "json", "content"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return [d["message"] for d in json.loads(result.stdout) if d["rule"] == "news-plugin"]

    assert messages() == ["first"]
    write(source, PLUGIN.replace("MESSAGE", "second, from longer code"))
    assert messages() == ["second, from longer code"]


PLUGIN = """
from lintnews import Rule


class NewsPlugin(Rule):
    \"\"\"Says something about every article.\"\"\"

    name = "news-plugin"
    code = "NP001"

    def check(self, doc):
        yield self.diagnostic(doc, 0, 0, "MESSAGE")


RULES = [NewsPlugin]
"""


def test_a_run_served_until_a_changed_file_checks_the_rest_the_normal_way(tmp_path):
    root = site(tmp_path)
    for name in ("a", "b", "c"):
        write(root / "content" / f"{name}.md", ARTICLE.replace("图片", name))
    check(root)
    write(root / "content" / "b.md", ARTICLE.replace("**问题1：**", "**问题1**："))
    fresh = run_cli("check", "-j1", "--no-cache", "content", cwd=root)
    served, _, loaded = check_reporting_imports(root, "content")
    assert "lintnews_rules" in loaded  # the rules were needed, from b.md on
    assert served.stdout == fresh.stdout and served.returncode == fresh.returncode
    _, _, loaded = check_reporting_imports(root, "content")
    assert loaded == "-"  # b.md's new entry was written
