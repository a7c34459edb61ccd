"""``--fix``, ``--diff`` and ``--unsafe-fixes`` on real files, in-process and as a subprocess."""

from __future__ import annotations

import codecs
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.plugin.rule import Rule, load_rules
from lintnews.run.fixes import TEMP_SUFFIX, apply_fixes, fix_file
from lintnews.site.config import Config, load_config
from tests.conftest import SEED, run_cli

BOM = codecs.BOM_UTF8

# Front matter with comments, mixed quoting and a non-alphabetical key order: all must survive.
ARTICLE = (
    "---\n"
    "# 编辑备注：勿删\n"
    "title: '挪威语版本上线'   # single quotes stay single\n"
    'date: "2025-02-01T10:30:49+08:00"\n'
    "translations: [zh-CN, no]\n"
    "zeta: 1\n"
    "alpha: 2\n"
    "---\n"
    "\n"
    "正文第一段，含**强调**。\n"
    "\n"
    "最后一行没有换行"
)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# The rules whose fixes these tests use; other rules (schema, dates...) stay out of the way.
FIXING_RULES = "LN001,LN003,LN005"


def default_config(root: Path) -> Config:
    return load_config(start=root, overrides={"select": FIXING_RULES.split(",")})


def leftover_temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def only_change(before: bytes, after: bytes, old: bytes, new: bytes) -> None:
    """``after`` is ``before`` with its single ``old`` replaced by ``new``, byte for byte."""
    assert before.count(old) == 1
    at = before.index(old)
    assert after == before[:at] + new + before[at + len(old) :]


# -- apply_fixes ---------------------------------------------------------------------------


def diagnostic(start: int, end: int, replacement: str, safe: bool = True) -> Diagnostic:
    return Diagnostic(
        path="x.md",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        rule="test-rule",
        code="LN990",
        severity=Severity.WARNING,
        message="m",
        fix=Fix("f", (Edit(start, end, replacement),), safe=safe),
    )


def test_overlapping_fixes_wait_for_the_next_round():
    first, overlapping, later = (
        diagnostic(0, 3, "ABC"),
        diagnostic(2, 5, "xyz"),
        diagnostic(6, 7, "G"),
    )
    text, applied, skipped = apply_fixes("abcdefg", [later, overlapping, first])
    assert text == "ABCdefG"
    assert applied == [first, later]
    assert skipped == [overlapping]


def test_adjacent_fixes_both_apply_and_two_insertions_at_one_point_do_not():
    text, applied, _ = apply_fixes("abcd", [diagnostic(0, 2, "X"), diagnostic(2, 4, "Y")])
    assert text == "XY" and len(applied) == 2
    text, applied, skipped = apply_fixes("ab", [diagnostic(1, 1, "1"), diagnostic(1, 1, "2")])
    assert text == "a1b" and len(applied) == 1 and len(skipped) == 1


def test_unsafe_fixes_need_the_flag():
    unsafe = diagnostic(0, 1, "X", safe=False)
    assert apply_fixes("abc", [unsafe]) == ("abc", [], [])
    assert apply_fixes("abc", [unsafe], unsafe=True)[0] == "Xbc"


def test_a_fix_outside_the_text_is_skipped_not_half_applied():
    broken = Diagnostic(
        path="x.md",
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        rule="test-rule",
        code="LN990",
        severity=Severity.WARNING,
        message="m",
        fix=Fix("f", (Edit(0, 1, "X"), Edit(2, 99, "Y"))),
    )
    assert apply_fixes("abc", [broken]) == ("abc", [], [broken])


def test_replacement_line_breaks_follow_the_file():
    inserting = diagnostic(3, 3, "\nnew line")
    assert apply_fixes("one\r\ntwo\r\n", [inserting])[0] == "one\r\nnew line\r\ntwo\r\n"
    assert apply_fixes("one\ntwo\n", [inserting])[0] == "one\nnew line\ntwo\n"
    # A mixed file: the break of the line being edited wins.
    assert apply_fixes("one\ntwo\r\n", [diagnostic(7, 7, "\n!")])[0] == "one\ntwo\r\n!\r\n"


# -- fix_file on real files ------------------------------------------------------------------


def test_crlf_and_bom_are_kept_with_every_byte_outside_the_edit(tmp_path):
    original = BOM + crlf(ARTICLE).encode("utf-8")
    path = write_bytes(tmp_path / "a.md", original)
    result = fix_file(path, default_config(tmp_path))
    assert result.written and result.error is None
    after = path.read_bytes()
    assert after.startswith(BOM) and not after.startswith(BOM * 2)
    only_change(original, after, b"zh-CN, no]\r\n", b'zh-CN, "no"]\r\n')
    assert [d.code for d in result.applied] == ["LN003"]
    assert result.remaining == []


def test_fix_then_relint_across_rounds_and_a_hidden_character_before_the_delimiter(tmp_path):
    # A second BOM hides the front matter, so its implicit-type problem appears only once
    # the first fix has removed the hidden character: fixing must go on until stable.
    original = BOM + "\ufeff---\nflag: no\n---\n\n正文。\n".encode()
    path = write_bytes(tmp_path / "hidden.md", original)
    result = fix_file(path, default_config(tmp_path))
    assert path.read_bytes() == BOM + '---\nflag: "no"\n---\n\n正文。\n'.encode()
    assert [d.code for d in result.applied] == ["LN001", "LN003"]
    assert result.rounds == 2
    assert result.remaining == []


def test_unsafe_fix_is_not_applied_without_the_flag(tmp_path):
    original = b"---\nmode: 0755\nlang: no\n---\n"
    path = write_bytes(tmp_path / "a.md", original)
    result = fix_file(path, default_config(tmp_path))
    assert path.read_bytes() == b'---\nmode: 0755\nlang: "no"\n---\n'
    [left] = result.remaining
    assert left.code == "LN003" and left.fix is not None and not left.fix.safe
    fix_file(path, default_config(tmp_path), unsafe=True)
    assert path.read_bytes() == b'---\nmode: "0755"\nlang: "no"\n---\n'


def test_a_file_changed_on_disk_before_the_write_is_left_alone(tmp_path):
    path = write_bytes(tmp_path / "a.md", b"---\nlang: no\n---\n")
    editors_version = b"---\nlang: no\ntitle: saved by the editor meanwhile\n---\n"

    def editor_saves(target: Path) -> None:
        target.write_bytes(editors_version)

    result = fix_file(path, default_config(tmp_path), before_write=editor_saves)
    assert path.read_bytes() == editors_version
    assert not result.written
    assert "changed on disk" in (result.error or "")
    assert leftover_temp_files(tmp_path) == []


@pytest.mark.parametrize(
    "interruption", [OSError(28, "No space left on device"), KeyboardInterrupt]
)
def test_a_failure_or_interrupt_while_writing_leaves_the_original_and_no_temp_file(
    tmp_path, interruption
):
    original = b"---\nlang: no\n---\n"
    path = write_bytes(tmp_path / "a.md", original)
    seen: list[list[str]] = []

    def fail(target: Path) -> None:
        seen.append(leftover_temp_files(target.parent))  # the temp file really exists here
        raise interruption

    if isinstance(interruption, OSError):
        result = fix_file(path, default_config(tmp_path), before_write=fail)
        assert "No space left on device" in (result.error or "")
        # Why it was not fixed, then the findings of the file as it still is.
        assert [d.code for d in result.remaining] == ["LN998", "LN003"]
    else:
        with pytest.raises(KeyboardInterrupt):
            fix_file(path, default_config(tmp_path), before_write=fail)
    assert len(seen[0]) == 1
    assert path.read_bytes() == original
    assert leftover_temp_files(tmp_path) == []


def _limit_file_size() -> None:
    # Any file this process writes may hold 40 bytes: writing a bigger one fails (EFBIG)
    # exactly as on a full disk, even for root, which permission tests cannot rely on.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40, 40))


def test_a_real_write_failure_leaves_the_original_untouched(tmp_path):
    original = ("---\nlang: no\n---\n\n" + "正文。" * 40 + "\n").encode()
    path = write_bytes(tmp_path / "big.md", original)
    result = subprocess.run(
        [sys.executable, "-m", "lintnews", "check", "--select", FIXING_RULES, "--fix", "big.md"],
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
    )
    assert result.returncode == 2, result.stderr
    assert "big.md: not fixed: cannot write the file (File too large)" in result.stderr
    assert "big.md:2:7: LN003" in result.stdout  # the problem is still there, and reported
    assert path.read_bytes() == original
    assert leftover_temp_files(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_folder_refuses_the_write_and_keeps_the_file(tmp_path):
    folder = tmp_path / "ro"
    original = b"---\nlang: no\n---\n"
    path = write_bytes(folder / "a.md", original)
    folder.chmod(0o555)
    try:
        result = fix_file(path, default_config(tmp_path))
    finally:
        folder.chmod(0o755)
    assert "Permission denied" in (result.error or "")
    assert path.read_bytes() == original
    assert leftover_temp_files(folder) == []


def test_permissions_are_kept_and_a_symlink_stays_a_symlink(tmp_path):
    target = write_bytes(tmp_path / "real" / "a.md", b"---\nlang: no\n---\n")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    fix_file(link, default_config(tmp_path))
    assert link.is_symlink()
    assert target.read_bytes() == b'---\nlang: "no"\n---\n'
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftover_temp_files(target.parent) == []


def test_undecodable_and_unchanged_files_are_not_written(tmp_path):
    gbk = write_bytes(tmp_path / "gbk.md", "---\nlang: no\n---\n中文正文\n".encode("gbk"))
    clean = write_bytes(tmp_path / "clean.md", b'---\nlang: "no"\n---\n')
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (gbk, clean)}
    results = [fix_file(p, default_config(tmp_path)) for p in (gbk, clean)]
    assert [r.written for r in results] == [False, False]
    assert [d.code for d in results[0].remaining] == ["LN005"]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (gbk, clean)} == before


# -- rules whose fixes never settle: real rules, defined here -----------------------------


class _Swap(Rule):
    """Replace one word with another (a test rule).

    ## What it does
    Test only.

    ## Why is this bad?
    Test only.

    ## Example
    None.

    ## Options
    None.
    """

    severity = Severity.WARNING
    old = new = ""

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        at = doc.text.find(self.old)
        if at >= 0:
            fix = self.replace(at, at + len(self.old), self.new, f"write {self.new}")
            yield self.diagnostic(doc, at, at + len(self.old), f"{self.old}?", fix)


class _FooToBar(_Swap):
    name, code, old, new = "test-foo-to-bar", "LN991", "foo", "bar"


class _BarToFoo(_Swap):
    name, code, old, new = "test-bar-to-foo", "LN992", "bar", "foo"


class _EverMore(_Swap):
    name, code, old, new = "test-ever-more", "LN993", "x", "xx"


class _Toggle(_Swap):
    """Swap foo and bar, whichever is there, with the same finding (a test rule).

    ## What it does
    Test only.

    ## Why is this bad?
    Test only.

    ## Example
    None.

    ## Options
    None.
    """

    name, code = "test-toggle", "LN994"

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for old, new in (("foo", "bar"), ("bar", "foo")):
            at = doc.text.find(old)
            if at >= 0:
                fix = self.replace(at, at + 3, new, f"write {new}")
                yield self.diagnostic(doc, at, at + 3, "toggle?", fix)
                return


def test_fixes_that_undo_each_other_are_reported_not_looped_forever(tmp_path):
    path = write_bytes(tmp_path / "a.md", b"foo\n")
    result = fix_file(path, Config(root=tmp_path, rules=[_Toggle()]))
    assert "undo each other" in (result.warning or "")
    assert "test-toggle" in result.warning
    assert result.rounds == 2
    assert path.read_bytes() == b"foo\n"  # back where it started: nothing to write


def test_a_fix_the_next_rule_would_undo_is_withheld(tmp_path):
    path = write_bytes(tmp_path / "a.md", b"foo\n")
    result = fix_file(path, Config(root=tmp_path, rules=[_FooToBar(), _BarToFoo()]))
    assert result.rounds == 0 and result.warning is None
    assert path.read_bytes() == b"foo\n"
    [left] = result.remaining
    assert left.fix is None
    assert left.message == "foo? No fix offered: fixing it would make test-bar-to-foo report: bar?"


def test_fixes_that_never_settle_stop_after_max_rounds_with_a_warning(tmp_path):
    path = write_bytes(tmp_path / "a.md", b"x\n")
    result = fix_file(path, Config(root=tmp_path, rules=[_EverMore()]), max_rounds=3)
    assert result.rounds == 3
    assert "did not settle after 3 rounds (test-ever-more" in (result.warning or "")
    assert path.read_bytes() == b"xxxx\n"  # the three rounds' fixes are kept


# -- the command line -------------------------------------------------------------------


def test_fix_twice_changes_nothing_the_second_time(tmp_path):
    original = BOM + crlf(ARTICLE).encode("utf-8")
    path = write_bytes(tmp_path / "a.md", original)
    first = run_cli("check", "--select", FIXING_RULES, "--fix", "a.md", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Fixed 1 problem." in first.stdout
    fixed = path.read_bytes()
    assert fixed != original
    mtime = path.stat().st_mtime_ns
    second = run_cli("check", "--select", FIXING_RULES, "--fix", "a.md", cwd=tmp_path)
    assert second.returncode == 0
    assert "Fixed 0 problems." in second.stdout
    assert path.read_bytes() == fixed and path.stat().st_mtime_ns == mtime
    assert run_cli("check", "--select", FIXING_RULES, "--diff", "a.md", cwd=tmp_path).stdout == ""


def test_exit_status_after_fix_reflects_what_remains(tmp_path):
    write_bytes(tmp_path / "a.md", b"---\nmode: 0755\nlang: no\n---\n")
    result = run_cli("check", "--select", FIXING_RULES, "--fix", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "a.md:2:7: LN003 0755" in result.stdout
    assert "Fixed 1 problem.\n1 fixable with --fix --unsafe-fixes.\n" in result.stdout
    result = run_cli(
        "check", "--select", FIXING_RULES, "--fix", "--unsafe-fixes", "a.md", cwd=tmp_path
    )
    assert result.returncode == 0
    assert "No problems found in 1 file.\nFixed 1 problem.\n" in result.stdout


def test_check_without_fix_says_what_is_fixable(tmp_path):
    write_bytes(tmp_path / "a.md", b"---\nmode: 0755\nlang: no\n---\n")
    result = run_cli("check", "--select", FIXING_RULES, "a.md", cwd=tmp_path)
    assert "1 fixable with --fix; 1 more with --fix --unsafe-fixes." in result.stdout
    result = run_cli("check", "--select", FIXING_RULES, "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert "2 fixable with --fix --unsafe-fixes." in result.stdout


def run_cli_bytes(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The command with its raw output: a diff of a CRLF file must keep its ``\\r``."""
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        timeout=120,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to apply the diff")
@pytest.mark.parametrize(
    ("original", "eol"),
    [(ARTICLE.encode(), b"\n"), (BOM + crlf(ARTICLE).encode(), b"\r\n")],
    ids=["lf-no-final-newline", "crlf-bom"],
)
def test_diff_writes_nothing_and_applies_to_exactly_what_fix_writes(tmp_path, original, eol):
    path = write_bytes(tmp_path / "diffed" / "a.md", original)
    mtime = path.stat().st_mtime_ns
    result = run_cli_bytes("check", "--select", FIXING_RULES, "--diff", "a.md", cwd=path.parent)
    assert result.returncode == 1
    assert path.read_bytes() == original and path.stat().st_mtime_ns == mtime
    assert result.stdout.startswith(b"--- a/a.md\n+++ b/a.md\n@@ ")
    changed = [line for line in result.stdout.split(b"\n") if line[:1] in (b"+", b"-")]
    assert changed == [
        b"--- a/a.md",
        b"+++ b/a.md",
        b"-translations: [zh-CN, no]" + eol[:-1],
        b'+translations: [zh-CN, "no"]' + eol[:-1],
    ]
    assert b"Would apply 1 fix to 1 file." in result.stderr
    # The diff is exact: applied to the untouched file it gives what --fix writes.
    fixed = write_bytes(tmp_path / "fixed" / "a.md", original)
    run_cli("check", "--select", FIXING_RULES, "--fix", "a.md", cwd=fixed.parent)
    for command in (["git", "init", "-q"], ["git", "apply", "-"]):  # paths relative to here
        subprocess.run(
            command, cwd=path.parent, input=result.stdout, check=True, capture_output=True
        )
    assert path.read_bytes() == fixed.read_bytes() != original


def test_diff_with_nothing_to_fix_exits_0(tmp_path):
    write_bytes(tmp_path / "a.md", b"---\nmode: 0755\n---\n")  # only an unsafe fix
    result = run_cli("check", "--select", FIXING_RULES, "--diff", "a.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert (
        run_cli(
            "check", "--select", FIXING_RULES, "--diff", "--unsafe-fixes", "a.md", cwd=tmp_path
        ).returncode
        == 1
    )


# -- acceptance on the seed article, once emphasis-not-rendered is registered -----------------


def _emphasis_rule_or_skip() -> None:
    if load_rules().resolve("emphasis-not-rendered") is None:
        pytest.skip("emphasis-not-rendered (LN201) is not registered yet")


def _emphasis_lines(folder: Path, name: str) -> list[int]:
    result = run_cli("check", "--format", "json", "--select", "LN201", name, cwd=folder)
    return [d["line"] for d in json.loads(result.stdout) if d["rule"] == "emphasis-not-rendered"]


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["as-is", "crlf-bom"])
def test_fix_removes_every_unrendered_emphasis_in_the_seed(tmp_path, seed_path, variant):
    _emphasis_rule_or_skip()
    text = SEED.read_bytes().decode("utf-8")
    original = BOM + crlf(text).encode() if variant == "crlf-bom" else text.encode()
    path = write_bytes(tmp_path / "seed.md", original)
    lines_before = _emphasis_lines(tmp_path, "seed.md")
    assert lines_before, "the seed article is known to have unrendered emphasis"
    result = run_cli("check", "--fix", "--select", "LN201", "seed.md", cwd=tmp_path)
    assert "emphasis-not-rendered" not in result.stdout, result.stdout
    assert _emphasis_lines(tmp_path, "seed.md") == []
    after = path.read_bytes()
    if variant == "crlf-bom":
        assert after.startswith(BOM) and not after.startswith(BOM * 2)
        assert after.count(b"\n") == after.count(b"\r\n")
    before_lines, after_lines = original.split(b"\n"), after.split(b"\n")
    assert len(before_lines) == len(after_lines)
    touched = {
        n for n, (a, b) in enumerate(zip(before_lines, after_lines, strict=True), 1) if a != b
    }
    assert touched and touched <= set(lines_before)


def test_boolean_fix_for_hugo_switches_leaves_nothing_for_another_rule(tmp_path):
    # Quoting `draft: no` used to give "no", which front-matter-schema then reported.
    page = tmp_path / "a.md"
    page.write_text(
        '---\ntitle: "稿件"\ndate: 2025-02-01T10:30:49+08:00\ndraft: yes\nheadless: no\n---\n正文\n',
        encoding="utf-8",
    )
    safe = run_cli("check", "--fix", "--no-cache", "a.md", cwd=tmp_path)
    assert "headless: false" in page.read_text(encoding="utf-8")
    assert "draft: yes" in page.read_text(encoding="utf-8"), safe.stdout  # true is unsafe
    run_cli("check", "--fix", "--unsafe-fixes", "--no-cache", "a.md", cwd=tmp_path)
    assert "draft: true\n" in page.read_text(encoding="utf-8")
    again = run_cli("check", "--no-cache", "--select", "ALL", "--offline", "a.md", cwd=tmp_path)
    assert "draft" not in again.stdout and "headless" not in again.stdout, again.stdout
