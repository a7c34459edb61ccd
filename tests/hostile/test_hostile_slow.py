"""Inputs that once took minutes: each must now be checked in a few seconds.

The bounds are loose (the machine may be busy); the quadratic code these replace took far
longer at these sizes (distinct suppression comments: 217 s for 2 MiB; ``![``: 36 s for a
million, about 2 s already for 10,000).
"""

from __future__ import annotations

import json
import time

import pytest

from lintnews.run.engine import document_from_bytes, lint_document
from lintnews.site.config import build_config
from tests.conftest import run_cli

HEAD = '---\ntitle: "x"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
ALL = build_config({"select": ["ALL"], "network": {"enabled": False}})


def timed_lint(body: str) -> tuple[float, list]:
    started = time.monotonic()
    found = lint_document(document_from_bytes((HEAD + body).encode(), "content/a.md"), ALL)
    return time.monotonic() - started, found


def test_many_distinct_suppression_comments_are_not_quadratic():
    comments = "".join(
        f"<!-- lintnews-disable-next-line rule-{n} -->\ntext {n}\n" for n in range(6000)
    )
    seconds, found = timed_lint(comments)
    assert seconds < 3
    assert sum(d.rule == "suppression-comment" for d in found) == 6000


def test_suppressions_still_silence_what_they_name():
    body = (
        "<!-- lintnews-disable-next-line paired-punctuation -->\n他说”\n\n他说”\n\n"
        "<!-- lintnews-disable paired-punctuation -->\n\n他说”\n\n"
        "<!-- lintnews-enable paired-punctuation -->\n\n他说”\n"
    )
    _, found = timed_lint(body)
    assert [d.line for d in found if d.rule == "paired-punctuation"] == [9, 17]


def test_image_openers_without_a_closing_bracket_are_linear():
    seconds, found = timed_lint("![" * 30_000 + "\n")
    assert seconds < 3
    assert not any(d.rule == "internal-error" for d in found)


@pytest.mark.slow
def test_a_million_image_openers_take_seconds_not_minutes():
    seconds, _ = timed_lint("![" * 1_000_000 + "\n")
    assert seconds < 60


@pytest.mark.slow
def test_68k_link_reference_definitions_are_read_in_seconds():
    refs = "".join(f"[r{n}]: https://example.com/{n}.png\n" for n in range(68_000))
    seconds, _ = timed_lint(refs + "\n![a][r1] ![b][r67999]\n")
    assert seconds < 30


def test_a_file_over_its_time_budget_gets_a_finding_and_the_next_is_checked(tmp_path):
    from lintnews.run import runner

    hurried = build_config({"select": ["ALL"], "file-time-budget": 0.05})
    slow = tmp_path / "slow.md"
    slow.write_text(HEAD + "![" * 300_000 + "\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(HEAD + "他说”\n", encoding="utf-8")
    started = time.monotonic()
    found = runner.lint_file(slow, "slow.md", hurried)
    assert time.monotonic() - started < 2
    assert [d.message for d in found] == [
        "took more than 0.05 s to check, the budget per file (file-time-budget): not checked "
        "(is it built to be slow, or far larger than an article?)"
    ]
    assert [d.rule for d in runner.lint_file(good, "good.md", ALL)] == ["paired-punctuation"]


def test_reading_a_file_for_remote_checks_keeps_to_its_time_budget(tmp_path):
    # Online, every file is read once before the check to gather its remote URLs.
    pytest.importorskip("httpx")
    from lintnews.run import runner

    online = build_config(
        {"select": ["ALL"], "file-time-budget": 0.05, "network": {"enabled": True}}
    )
    slow = tmp_path / "slow.md"
    slow.write_text(HEAD + "![" * 300_000 + "\n", encoding="utf-8")
    started = time.monotonic()
    found = list(runner.start_run([str(slow)], online).results)
    assert time.monotonic() - started < 2
    assert [d.rule for diagnostics in found for d in diagnostics] == ["file-unreadable"]


def test_a_tree_config_may_lower_the_time_budget_but_not_raise_or_remove_it(tmp_path):
    from lintnews.site.config import load_config

    (tmp_path / ".git").mkdir()
    config_file = tmp_path / "lintnews.toml"
    config_file.write_text("file-time-budget = 0.5\n")
    assert load_config(start=tmp_path).file_time_budget == 0.5
    for asked in ("3600", "0"):
        config_file.write_text(f"file-time-budget = {asked}\n")
        config = load_config(start=tmp_path)
        assert config.file_time_budget == 10
        assert any(f"file-time-budget = {asked} ignored" in w for w in config.warnings)
        assert load_config(config_file).file_time_budget == float(asked)  # the user's own


@pytest.mark.slow
def test_the_time_budget_holds_in_every_worker_of_a_parallel_run(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "lintnews.toml").write_text("file-time-budget = 0.3\n")
    for n in range(40):
        (tmp_path / f"a{n:02}.md").write_text(HEAD + "他说”\n", encoding="utf-8")
    (tmp_path / "a33.md").write_text(HEAD + "![" * 600_000 + "\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--jobs", "2", "--format", "json", ".", cwd=tmp_path)
    found = json.loads(result.stdout)
    slow = [d for d in found if d["path"] == "a33.md"]
    assert [d["rule"] for d in slow] == ["file-unreadable"], result.stderr
    assert "took more than 0.3 s" in slow[0]["message"]
    assert len([d for d in found if d["rule"] == "paired-punctuation"]) == 39
