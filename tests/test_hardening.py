"""Hostile input, faults and interrupts: never a crash, a hang, untrusted code or a damaged file.

Real files in tmp_path, the real command in subprocesses. What other test files already
cover is not repeated here: GBK/UTF-16/NUL decoding (test_document.py), a directory named
``dir.md`` and a GBK file among good ones (test_cli.py), a crashing plugin (test_cli.py),
write failures during ``--fix`` (test_fixes.py), resets, redirects and private addresses
(test_network.py), schema modules from the checked tree (test_schema.py).
"""

from __future__ import annotations

import codecs
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from lintnews.plugin.diagnostics import Severity
from lintnews.plugin.rule import LoadedRules, Rule
from lintnews.run.engine import document_from_bytes, lint_document
from lintnews.run.fixes import fix_file
from lintnews.run.runner import discover, lint_file
from lintnews.site.config import build_config
from tests.conftest import REPO, run_cli

GOOD = '---\ntitle: "好新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'
ALL = build_config({"select": ["ALL"], "network": {"enabled": False}})


def lint_bytes(data: bytes, path: str = "x.md") -> list:
    return lint_document(document_from_bytes(data, path), ALL)


def no_internal_errors(diagnostics: list) -> None:
    crashes = [d.message for d in diagnostics if d.rule == "internal-error"]
    assert crashes == []


def check_json(*args: str, cwd: Path, timeout: float = 60) -> tuple[list[dict], str, int]:
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--format", "json", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout or "[]"), result.stderr, result.returncode


# -- a tree of bad files, checked by the real command ----------------------------------


def test_a_tree_of_bad_files_gives_one_clear_finding_each(tmp_path):
    tree = tmp_path / "content"
    tree.mkdir()
    (tree / "utf16.md").write_bytes(codecs.BOM_UTF16_LE + "标题：新闻\n".encode("utf-16-le"))
    (tree / "utf16-nobom.md").write_bytes("---\ntitle: x\n---\n".encode("utf-16-le"))
    (tree / "gb18030.md").write_bytes("---\ntitle: 中文标题\n---\n正文\n".encode("gb18030"))
    (tree / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tree / "nul.md").write_bytes(GOOD.encode() + b"\x00tail\n")
    (tree / "empty.md").write_bytes(b"")
    (tree / "only-front-matter.md").write_text(GOOD.split("\n\n")[0] + "\n", encoding="utf-8")
    (tree / "bom-crlf.md").write_bytes(codecs.BOM_UTF8 + GOOD.replace("\n", "\r\n").encode())
    (tree / "lone-cr.md").write_bytes(GOOD.replace("\n", "\r").encode())
    (tree / "folder.md").mkdir()
    os.mkfifo(tree / "fifo.md")  # reading it would block forever: never opened for reading
    loop = tree / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (loop / "inside.md").write_text(GOOD, encoding="utf-8")
    (tree / "dangling.md").symlink_to(tree / "gone.md")  # inside: a link out is not followed
    started = time.monotonic()
    diagnostics, stderr, status = check_json("content", cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    by_path: dict[str, list[dict]] = {}
    for d in diagnostics:
        by_path.setdefault(d["path"].removeprefix("content/"), []).append(d)

    def only(name: str, rule: str, *words: str) -> None:
        [finding] = by_path.pop(name)
        assert finding["rule"] == rule and (finding["line"], finding["column"]) == (1, 1)
        for word in words:
            assert word in finding["message"], finding["message"]

    only("utf16.md", "file-encoding", "UTF-16", "byte-order mark", "iconv")
    only("utf16-nobom.md", "file-encoding", "UTF-16", "without a byte-order mark")
    only("gb18030.md", "file-encoding", "GBK/GB18030", "iconv -f GB18030")
    only("photo.md", "file-encoding", "NUL byte", "binary")
    only("nul.md", "file-encoding", f"NUL byte at byte {len(GOOD.encode()) + 1}")
    only("fifo.md", "file-unreadable", "not a regular file")
    only("dangling.md", "file-unreadable", "no such file")
    # An empty file has no front matter; so has a file of lone CR line ends (classic Mac):
    # front-matter delimiters are found at "\n" line ends only.
    only("empty.md", "front-matter-schema", "no front matter")
    only("lone-cr.md", "front-matter-schema", "no front matter")
    # Clean files stay clean: a BOM and CRLF line ends are what Hugo accepts.
    assert by_path == {}, by_path
    assert status == 1


def test_a_directory_named_like_an_article_is_walked_as_a_folder(tmp_path):
    (tmp_path / "x.md" / "y.md").mkdir(parents=True)
    (tmp_path / "x.md" / "a.md").write_text(GOOD.replace("title", "title: 1\ntitle"), "utf-8")
    diagnostics, _, status = check_json("x.md", cwd=tmp_path)
    assert [(d["path"], d["rule"]) for d in diagnostics] == [
        ("x.md/a.md", "front-matter-duplicate-key")
    ]
    assert status == 1
    config = build_config({}, root=tmp_path)
    [finding] = lint_file(tmp_path / "x.md" / "y.md", "x.md/y.md", config)
    assert finding.message == "is a directory, not a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_finding(tmp_path):
    path = tmp_path / "secret.md"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    diagnostics, _, _ = check_json("secret.md", cwd=tmp_path)
    assert [d["message"] for d in diagnostics] == ["cannot be read: permission denied"]


def test_a_fifo_is_never_opened_for_reading_even_under_fix_and_diff(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    for extra in ((), ("--fix",), ("--diff",)):
        result = subprocess.run(
            [sys.executable, "-m", "lintnews", "check", "--no-cache", *extra, "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert "Traceback" not in result.stderr
        if not extra or extra == ("--fix",):
            assert "not a regular file" in result.stdout


def test_a_file_that_vanishes_between_discovery_and_reading(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD, encoding="utf-8")
    config = build_config({}, root=tmp_path)
    files = list(discover([str(tmp_path)], config))
    (tmp_path / "a.md").unlink()
    [gone] = lint_file(*files[0], config)
    assert gone.rule == "file-unreadable" and "removed during the run" in gone.message
    assert lint_file(*files[1], config) == []


# -- size and depth ------------------------------------------------------------------------


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@pytest.mark.slow
def test_a_50_mb_file_is_refused_quickly_with_a_clear_finding(tmp_path):
    para = "中文**加粗：**文字，“引号”和（括号）。Some *latin* text ![图](a.png)\n\n".encode()
    with open(tmp_path / "huge.md", "wb") as stream:
        stream.write(GOOD.encode())
        for _ in range(50 * 1024 * 1024 // len(para)):
            stream.write(para)
    (tmp_path / "ok.md").write_text(GOOD, encoding="utf-8")
    started = time.monotonic()
    diagnostics, _, status = check_json(".", cwd=tmp_path, timeout=60)
    elapsed = time.monotonic() - started
    [finding] = diagnostics
    assert finding["path"] == "huge.md" and "more than max-file-size" in finding["message"]
    assert status == 1
    assert elapsed < 10, elapsed  # measured: 0.5 s, about 60 MB (the file is never read)
    assert _child_peak_mb() < 300
    # Raising the limit is the documented way to check it anyway (here just for the message).
    (tmp_path / "lintnews.toml").write_text("max-file-size = 20\n", encoding="utf-8")
    diagnostics, _, _ = check_json("ok.md", cwd=tmp_path)
    assert "more than max-file-size (20 bytes)" in diagnostics[0]["message"]


def test_max_file_size_applies_to_stdin_and_rejects_negative_values(tmp_path):
    (tmp_path / "lintnews.toml").write_text("max-file-size = 10\n", encoding="utf-8")
    result = run_cli("check", "--stdin-filename", "a.md", cwd=tmp_path, stdin=GOOD)
    assert "more than max-file-size (10 bytes)" in result.stdout and result.returncode == 1
    (tmp_path / "lintnews.toml").write_text("max-file-size = -1\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    result = run_cli("check", "a.md", cwd=tmp_path)
    assert result.returncode == 2 and "max-file-size" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "- " * 100_000 + "x\n",  # a 100,000-level nested list
        "> " * 100_000 + "x\n",
        "1. " * 100_000 + "x\n",
        "".join("  " * i + "- a\n" for i in range(1500)),  # indentation nesting, 2 MB
    ],
    ids=["list", "quote", "ordered", "indented"],
)
def test_deep_markdown_nesting_is_bounded(text):
    started = time.monotonic()
    no_internal_errors(lint_bytes(text.encode()))
    assert time.monotonic() - started < 15  # measured: < 1 s each


@pytest.mark.parametrize(
    "text",
    [
        "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n",
        "---\n" + "".join("  " * i + "a:\n" for i in range(600)) + "  " * 600 + "b\n---\n",
        "---\na: " + "{a: " * 600 + "1" + "}" * 600 + "\n---\n",
        "+++\na = " + "[" * 5000 + "]" * 5000 + "\n+++\n",
        "+++\na = " + "{a = " * 450 + "1" + "}" * 450 + "\n+++\n",
        '{"a": ' + "[" * 5000 + "]" * 5000 + "}\n",
        '{"a": ' + '{"a": ' * 900 + "1" + "}" * 900 + "}\n",
    ],
    ids=["yaml-flow", "yaml-block", "yaml-map", "toml", "toml-table", "json", "json-object"],
)
def test_deeply_nested_front_matter_is_a_finding_not_a_recursion_error(text):
    # Regression: these raised RecursionError out of Document() (tomllib, json, builders).
    diagnostics = lint_bytes(text.encode())
    no_internal_errors(diagnostics)
    [syntax] = [d for d in diagnostics if d.rule == "front-matter-syntax"]
    assert "nested" in syntax.message or "nesting" in syntax.message
    assert syntax.line <= 2  # at the opening delimiter, or where libyaml gave up


def test_huge_front_matter_and_alias_bombs_are_refused_quickly():
    huge = "---\n" + "".join(f"k{i}: {'值' * 40}\n" for i in range(30_000)) + "---\nx\n"
    bomb = ["a: &a [" + ",".join(["lol"] * 10) + "]"]
    for previous, name in zip("abcdefghi", "bcdefghij", strict=False):
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    started = time.monotonic()
    for text, words in (
        (huge, "characters long"),
        ("---\n" + "\n".join(bomb) + "\n---\n", "alias"),
    ):
        diagnostics = lint_bytes(text.encode())
        no_internal_errors(diagnostics)
        assert any(words in d.message for d in diagnostics if d.rule == "front-matter-syntax")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "text",
    [
        "![" * 20_000,
        "![a](" * 10_000,
        "」』》〉）】〕)”’" * 4_000,
    ],
    ids=["image-openers", "image-destinations", "closing-marks"],
)
def test_hostile_inline_text_is_linear(text):
    # Regression: these were quadratic (images: 70 s for 20,000 "![", punctuation: 9 s).
    started = time.monotonic()
    no_internal_errors(lint_bytes((text + "\n").encode()))
    assert time.monotonic() - started < 10  # measured: about 1 s each


# -- config and suppression mistakes ----------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("select = [\n", "not valid TOML"),
        ("[rules.no-such-rule]\nseverity = 'error'\n", "[rules.no-such-rule]: unknown rule"),
        ("[per-path-ignores]\n'*.md' = ['nope']\n", "unknown rule 'nope'"),
        ("ignore = ['LN9']\n", "unknown rule 'LN9'"),
    ],
)
def test_config_mistakes_exit_2_with_the_file_named(tmp_path, toml, words):
    (tmp_path / "lintnews.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    result = run_cli("check", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "lintnews.toml" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_rule_names_in_suppression_comments_are_reported(tmp_path):
    text = GOOD + "\n<!-- lintnews-disable-next-line no-such-rule LN999x -->\n正文\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    diagnostics, _, status = check_json("a.md", cwd=tmp_path)
    assert [(d["rule"], d["line"], d["column"]) for d in diagnostics] == [
        ("suppression-comment", 8, 33),
        ("suppression-comment", 8, 46),
    ]
    assert status == 1


# -- interrupts ------------------------------------------------------------------------


def _article_tree(root: Path, files: int) -> None:
    body = "中文**加粗：**文字，“引号”和（括号）。![](a.png)\n\n" * 15
    for index in range(files):
        path = root / "content" / f"s{index % 20}" / f"a{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(GOOD + body, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_promptly_without_traceback_or_damage(tmp_path, jobs):
    _article_tree(tmp_path, 400)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.md")}
    sample = next(iter(before))
    fixed = fix_file(sample, build_config({}, root=tmp_path), write=False).fixed
    assert fixed not in (None, before[sample])
    for extra in ((), ("--fix",)):
        process = subprocess.Popen(
            [sys.executable, "-m", "lintnews", "check", "-j", jobs, *extra, "content"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # Ctrl-C signals the whole process group, workers too
            env={**os.environ, "NO_COLOR": "1"},
        )
        time.sleep(2.5)
        assert process.poll() is None, "the run ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        interrupted = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        assert time.monotonic() - interrupted < 5
        assert process.returncode == 130
        assert "Traceback" not in stderr and "interrupted" in stderr
        leftovers = [p for p in tmp_path.rglob("*") if ".tmp" in p.name]
        assert leftovers == []
    # --fix may have finished some files before the interrupt; each is whole: as it was, or
    # exactly what a complete fix writes.
    states = Counter(
        "fixed" if p.read_bytes() == fixed else p.read_bytes() == before[p] for p in before
    )
    assert set(states) <= {True, "fixed"}, states
    cached = run_cli("check", "--format", "json", "-j", jobs, "content", cwd=tmp_path)
    fresh = run_cli("check", "--format", "json", "--no-cache", "content", cwd=tmp_path)
    assert cached.returncode == fresh.returncode and "Traceback" not in cached.stderr
    assert json.loads(cached.stdout) == json.loads(fresh.stdout)


# -- untrusted content never runs ------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system>",
    ],
)
def test_yaml_tags_never_construct_objects(tmp_path, tag):
    marker = tmp_path / "marker"
    command = f"touch {marker}"
    text = f'---\ntitle: x\nevil: {tag} ["{command}"]\nname: {tag} "{command}"\n---\n'
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    diagnostics, _, _ = check_json("a.md", cwd=tmp_path)
    assert not marker.exists()
    assert any("not supported in front matter" in d["message"] for d in diagnostics)


@pytest.mark.parametrize("runner", ["module", "script"])
def test_nothing_is_imported_from_the_checked_tree_or_the_current_folder(tmp_path, runner):
    markers = tmp_path / "markers"
    markers.mkdir()
    tree = tmp_path / "site"
    for folder in (tree, tree / "content"):
        folder.mkdir(parents=True, exist_ok=True)
        for module in ("lintnews_rules", "conftest", "sitecustomize", "usercustomize", "rules"):
            (folder / f"{module}.py").write_text(
                f"open({str(markers / module)!r}, 'w').write('ran')\nRULES = ()\n",
                encoding="utf-8",
            )
    (tree / "content" / "a.md").write_text(GOOD.replace("title", "title: 1\ntitle"), "utf-8")
    command = (
        [sys.executable, "-m", "lintnews"]
        if runner == "module"
        else [str(REPO / ".venv" / "bin" / "lintnews")]
    )
    if not Path(command[0]).exists():
        pytest.skip(f"{command[0]} is not installed")
    result = subprocess.run(
        [*command, "check", "--format", "json", "content"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert list(markers.iterdir()) == []
    # Regression: `python -m lintnews` imported ./lintnews_rules.py instead of the built-ins.
    assert any(d["rule"] == "front-matter-duplicate-key" for d in json.loads(result.stdout))


# -- real archives -------------------------------------------------------------------------


@pytest.mark.slow
def test_every_real_archive_file_lints_without_internal_errors(real_corpus):
    """Every file of the four real sites, every offline rule, each site with its own config."""
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--select", "ALL", "--offline", "--no-cache"]
        + ["--format", "json", "--exit-zero", *sorted(p.name for p in real_corpus.iterdir())],
        cwd=real_corpus,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    diagnostics = json.loads(result.stdout)
    crashes = [d for d in diagnostics if d["rule"] in ("internal-error", "file-unreadable")]
    assert crashes == []
    assert len({d["path"] for d in diagnostics}) > 1000  # the corpus was really read


# -- the fuzz target -----------------------------------------------------------------------


def test_fuzz_target_runs_on_seeds_and_rejects_a_crash(monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("fuzz_document", REPO / "fuzz/fuzz_document.py")
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    assert fuzz.replay([str(REPO / "tests" / "fixtures")]) >= 8
    for seed in (b"", b"\xff\xfe\x00", b"+++\na = " + b"[" * 500 + b"\n+++\n", b"![" * 500):
        fuzz.test_one_input(seed)

    def crash(self, doc):
        raise RuntimeError("planted")

    from lintnews_rules.headings import HeadingEmpty

    monkeypatch.setattr(HeadingEmpty, "check", crash)
    with pytest.raises(AssertionError, match="planted"):
        fuzz.test_one_input(b"# x\n")


class _KillsItsWorker(Rule):
    """Test rule: the worker process checking `dies.md` ends at once, as a native crash or
    the out-of-memory killer would end it."""

    name = "kills-its-worker"
    code = "TEST1"
    severity = Severity.WARNING
    parent = os.getpid()

    def check(self, doc):
        if doc.path.endswith("dies.md") and os.getpid() != self.parent:
            os._exit(70)
        yield self.diagnostic(doc, 0, 1, "checked")


def test_a_worker_that_dies_does_not_hang_or_lose_files(tmp_path, capsys):
    from lintnews.run.runner import lint_paths

    for index in range(80):
        name = "dies.md" if index == 50 else f"a{index:02d}.md"
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    loaded = LoadedRules({_KillsItsWorker.name: _KillsItsWorker}, {_KillsItsWorker.name: "test"})
    config = build_config({"cache": False}, root=tmp_path, rules=loaded)
    result = lint_paths([str(tmp_path)], config, jobs=2)
    checked = sorted(
        Path(d.path).name for d in result.diagnostics if d.rule == _KillsItsWorker.name
    )
    assert len(checked) == 80 and "dies.md" in checked
    assert "a worker process stopped" in capsys.readouterr().err
