"""Inputs that once took minutes: each must now be checked in a few seconds.

The bounds are loose (the machine may be busy); the quadratic code these replace took far
longer at these sizes (distinct suppression comments: 217 s for 2 MiB; ``![``: 36 s for a
million, about 2 s already for 10,000).
"""

from __future__ import annotations

import time

import pytest

from lintnews.run.engine import document_from_bytes, lint_document
from lintnews.site.config import build_config

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


def test_a_file_over_its_time_budget_gets_a_finding_and_the_next_is_checked(tmp_path, monkeypatch):
    from lintnews.run import runner

    monkeypatch.setattr(runner, "FILE_TIME_BUDGET", 0.05)
    slow = tmp_path / "slow.md"
    slow.write_text(HEAD + "![" * 300_000 + "\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(HEAD + "他说”\n", encoding="utf-8")
    started = time.monotonic()
    found = runner.lint_file(slow, "slow.md", ALL)
    assert time.monotonic() - started < 2
    assert [d.message for d in found] == [
        "took more than 0.05 s to check, the budget per file: not checked (is it built to be "
        "slow, or far larger than an article?)"
    ]
    assert [d.rule for d in runner.lint_file(good, "good.md", ALL)] == ["paired-punctuation"]
