"""``--baseline FILE`` / ``--update-baseline``: real command, real files in tmp_path."""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REAL, require_shared, run_cli

#: Only the rules these tests are about, so that new rules do not change the expectations.
SELECT = ("--select", "LN001,LN002,LN005,LN102")
DUPLICATE = '---\ntitle: "坏新闻"\ntitle: "重复"\n---\n\n正文。\n'
NO_OFFSET = "---\ntitle: ok\ndate: 2025-02-01 10:30:49\n---\n\n正文。\n"
GOOD = '---\ntitle: "好新闻"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n正文。\n'

#: Real files with real findings (see ../shared/corpus/README.md).
REAL_FILES = (
    "k8s-website-zh-cn/content/zh-cn/blog/_posts/2019-12-09-kubernetes-1.17-release-announcement.md",
    "k8s-website-zh-cn/content/zh-cn/docs/concepts/storage/windows-storage.md",
    "k8s-website-zh-cn/content/zh-cn/docs/concepts/workloads/pods/_index.md",
    "servicemesher-website/content/blog/201910-pilot-code-deep-dive/index.md",
    "hugodocs-en/content/en/about/introduction.md",
    "rust-blog/content/Rust-1.0@0.md",
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(result) -> list[dict]:
    return json.loads(result.stdout)


def test_update_then_check_is_green_and_the_file_is_stable(tmp_path):
    write(tmp_path / "content" / "b.md", DUPLICATE)
    write(tmp_path / "content" / "a.md", NO_OFFSET)
    write(tmp_path / "content" / "good.md", GOOD)
    assert run_cli("check", *SELECT, "content", cwd=tmp_path).returncode == 1

    made = run_cli(
        "check", *SELECT, "--baseline", "bl.json", "--update-baseline", "content", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert "recorded 2 findings in bl.json" in made.stderr
    data = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))
    assert data["lintnews-baseline"] == 1
    assert [(f["path"], f["rule"], f["text"], f["count"]) for f in data["findings"]] == [
        ("content/a.md", "date-timezone", "2025-02-01 10:30:49", 1),
        ("content/b.md", "front-matter-duplicate-key", "title", 1),
    ]
    # The line number in the message is not part of the key.
    assert "line N" in data["findings"][1]["message"]

    checked = run_cli("check", *SELECT, "--baseline", "bl.json", "content", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "No problems found in 3 files." in checked.stdout
    assert "2 findings are in the baseline bl.json and not reported" in checked.stderr

    # Regenerating without changes gives the same bytes.
    before = (tmp_path / "bl.json").read_bytes()
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", "content", cwd=tmp_path)
    assert (tmp_path / "bl.json").read_bytes() == before


def test_paths_are_relative_to_the_baseline_folder_whatever_the_cwd(tmp_path):
    write(tmp_path / "site" / "content" / "b.md", DUPLICATE)
    made = run_cli(
        "check",
        *SELECT,
        "--baseline",
        "site/bl.json",
        "--update-baseline",
        "site/content",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    data = json.loads((tmp_path / "site" / "bl.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in data["findings"]] == ["content/b.md"]
    from_inside = run_cli(
        "check", *SELECT, "--baseline", "../bl.json", ".", cwd=tmp_path / "site" / "content"
    )
    assert from_inside.returncode == 0, from_inside.stdout


def test_lines_inserted_above_keep_findings_baselined_and_a_new_defect_is_red(tmp_path):
    post = write(tmp_path / "post.md", DUPLICATE)
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", ".", cwd=tmp_path)

    post.write_text(DUPLICATE.replace("---\n", "---\nauthor: 张三\nslug: x\n", 1), encoding="utf-8")
    moved = run_cli(
        "check", *SELECT, "--format", "json", "--baseline", "bl.json", ".", cwd=tmp_path
    )
    assert moved.returncode == 0 and findings(moved) == []

    post.write_text(
        post.read_text(encoding="utf-8").replace("slug: x", "slug: x\nslug: y"), encoding="utf-8"
    )
    red = run_cli("check", *SELECT, "--format", "json", "--baseline", "bl.json", ".", cwd=tmp_path)
    assert red.returncode == 1
    [new] = findings(red)
    assert (new["rule"], new["line"], new["message"][:19]) == (
        "front-matter-duplicate-key",
        4,
        'duplicate key "slug',
    )


def test_repeated_findings_are_counted(tmp_path):
    two = "---\ntitle: a\ntitle: b\ntitle: c\n---\n"
    post = write(tmp_path / "post.md", two)
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", ".", cwd=tmp_path)
    [entry] = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    assert entry["count"] == 2
    post.write_text(two.replace("title: c\n", "title: c\ntitle: d\n"), encoding="utf-8")
    result = run_cli(
        "check", *SELECT, "--format", "json", "--baseline", "bl.json", ".", cwd=tmp_path
    )
    assert [d["line"] for d in findings(result)] == [5]  # the third repeat is the new one


def test_gone_entries_are_counted_on_stderr_and_json_stays_clean(tmp_path):
    write(tmp_path / "a.md", DUPLICATE)
    fixed = write(tmp_path / "b.md", NO_OFFSET)
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", ".", cwd=tmp_path)
    fixed.write_text(GOOD, encoding="utf-8")
    result = run_cli(
        "check", *SELECT, "--format", "json", "--baseline", "bl.json", ".", cwd=tmp_path
    )
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert "1 baseline entry is no longer found" in result.stderr
    assert "--update-baseline" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not a valid baseline (JSON error at line 1"),
        ("[]", 'no "lintnews-baseline" version key'),
        ('{"lintnews-baseline": 99, "findings": []}', "format version 99"),
        ('{"lintnews-baseline": 1, "findings": [{"path": 1}]}', "findings[0] needs string"),
        (
            '{"lintnews-baseline": 1, "findings": '
            '[{"path": "a", "rule": "r", "message": "m", "text": "", "count": 0}]}',
            "findings[0].count must be a positive whole number",
        ),
    ],
)
def test_a_corrupt_baseline_is_a_clear_error(tmp_path, content, expected):
    write(tmp_path / "a.md", DUPLICATE)
    write(tmp_path / "bl.json", content)
    result = run_cli("check", *SELECT, "--baseline", "bl.json", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr and "bl.json" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_baseline_and_update_without_file_are_errors(tmp_path):
    write(tmp_path / "a.md", DUPLICATE)
    missing = run_cli("check", *SELECT, "--baseline", "nope.json", ".", cwd=tmp_path)
    assert missing.returncode == 2
    assert "nope.json: no such baseline file; create it with --update-baseline" in missing.stderr
    alone = run_cli("check", *SELECT, "--update-baseline", ".", cwd=tmp_path)
    assert alone.returncode == 2 and "--update-baseline needs --baseline FILE" in alone.stderr


def copy_real(tmp_path: Path) -> list[Path]:
    require_shared(REAL)
    copies = []
    for relative in REAL_FILES:
        source = REAL / relative
        if not source.exists():
            pytest.skip(f"{source} is absent from the corpus")
        target = tmp_path / "site" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copies.append(target)
    return copies


def test_baseline_on_real_corpus_files(tmp_path):
    copies = copy_real(tmp_path)
    before = run_cli("check", "--no-cache", "--format", "json", "site", cwd=tmp_path)
    assert before.returncode == 1 and findings(before), "the real files have known defects"

    made = run_cli(
        "check", "--no-cache", "--baseline", "bl.json", "--update-baseline", "site", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    green = run_cli(
        "check", "--no-cache", "--format", "json", "--baseline", "bl.json", "site", cwd=tmp_path
    )
    assert green.returncode == 0 and findings(green) == []

    # Lines added at the top of the body move every finding below them: still baselined.
    for copy in copies:
        text = copy.read_text(encoding="utf-8")
        fence = text.lstrip("\ufeff")[:3]
        body = text.find(f"\n{fence}\n", 4) + 5 if fence in ("---", "+++") else 0
        copy.write_text(text[:body] + "\n新增的段落。\n\n" + text[body:], encoding="utf-8")
    moved = run_cli(
        "check", "--no-cache", "--format", "json", "--baseline", "bl.json", "site", cwd=tmp_path
    )
    assert moved.returncode == 0, moved.stdout

    # One defective line (the title given twice) makes the run red with exactly that finding.
    target = copies[1]
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(title + 1, lines[title])
    target.write_text("".join(lines), encoding="utf-8")
    red = run_cli(
        "check", "--no-cache", "--format", "json", "--baseline", "bl.json", "site", cwd=tmp_path
    )
    assert red.returncode == 1
    [new] = findings(red)
    assert (new["path"], new["line"]) == (f"site/{REAL_FILES[1]}", title + 2)
    assert new["rule"] == "front-matter-duplicate-key"


@pytest.mark.slow
def test_baseline_over_the_whole_real_corpus(tmp_path):
    """Every finding of the 3,159 real files is baselined, and the next run is green.

    Two full runs: about 50 s on 2 loaded cores (25 s each when idle).
    """
    corpus = require_shared(REAL)
    made = run_cli(
        "check",
        "--no-cache",
        "--baseline",
        str(tmp_path / "bl.json"),
        "--update-baseline",
        str(corpus),
    )
    assert made.returncode == 0, made.stderr
    recorded = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    assert recorded and all(f["path"].startswith("../") or "/" in f["path"] for f in recorded)
    again = run_cli(
        "check",
        "--no-cache",
        "--format",
        "json",
        "--baseline",
        str(tmp_path / "bl.json"),
        str(corpus),
    )
    assert again.returncode == 0 and findings(again) == [], again.stderr
    assert "no longer found" not in again.stderr


def test_updating_with_one_path_keeps_the_entries_of_the_other_files(tmp_path):
    """Three files baselined; a run on one of them replaces only that file's entries."""
    write(tmp_path / "content" / "a.md", DUPLICATE)
    write(tmp_path / "content" / "b.md", NO_OFFSET)
    c = write(tmp_path / "content" / "c.md", DUPLICATE.replace("重复", "又重复"))
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", "content", cwd=tmp_path)
    before = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    assert [f["path"] for f in before] == ["content/a.md", "content/b.md", "content/c.md"]

    c.write_text(GOOD, encoding="utf-8")  # c.md is fixed and checked alone
    alone = run_cli("check", *SELECT, "--baseline", "bl.json", "content/c.md", cwd=tmp_path)
    assert alone.returncode == 0
    assert "1 baseline entry is no longer found" in alone.stderr
    other = run_cli("check", *SELECT, "--baseline", "bl.json", "content/a.md", cwd=tmp_path)
    assert other.returncode == 0
    assert "no longer found" not in other.stderr and "--update-baseline" not in other.stderr

    updated = run_cli(
        "check", *SELECT, "--baseline", "bl.json", "--update-baseline", "content/c.md", cwd=tmp_path
    )
    assert "recorded 0 findings in bl.json; kept 2 of other files" in updated.stderr
    after = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    assert after == before[:2]
    full = run_cli("check", *SELECT, "--baseline", "bl.json", "content", cwd=tmp_path)
    assert full.returncode == 0 and "no longer found" not in full.stderr


def test_a_removed_file_under_a_checked_folder_loses_its_entries(tmp_path):
    write(tmp_path / "content" / "a.md", DUPLICATE)
    gone = write(tmp_path / "content" / "old" / "b.md", NO_OFFSET)
    write(tmp_path / "notes" / "c.md", NO_OFFSET)
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", ".", cwd=tmp_path)
    gone.unlink()
    result = run_cli("check", *SELECT, "--baseline", "bl.json", "content", cwd=tmp_path)
    assert "1 baseline entry is no longer found" in result.stderr
    run_cli("check", *SELECT, "--baseline", "bl.json", "--update-baseline", "content", cwd=tmp_path)
    paths = [f["path"] for f in json.loads((tmp_path / "bl.json").read_text())["findings"]]
    assert paths == ["content/a.md", "notes/c.md"]
