"""Suppression comments remove exactly the diagnostics they name, on the lines they name."""

import re

from lintnews.model.document import Document
from lintnews.plugin.rule import LoadedRules, Rule, load_rules
from lintnews.run.engine import lint_document
from lintnews.site.config import build_config


class BadWord(Rule):
    """Flags the character 坏 (a test rule)."""

    name = "bad-word"
    code = "TT001"

    def check(self, doc):
        for match in re.finditer("坏", doc.text):
            yield self.diagnostic(doc, match.start(), match.end(), "bad word")


class OtherWord(Rule):
    """Flags the character 差 (a test rule)."""

    name = "other-word"
    code = "TT002"

    def check(self, doc):
        for match in re.finditer("差", doc.text):
            yield self.diagnostic(doc, match.start(), match.end(), "other word")


def lines_reported(text: str) -> list[tuple[int, str]]:
    builtin = load_rules()
    loaded = LoadedRules(
        {**builtin.rules, "bad-word": BadWord, "other-word": OtherWord},
        {**builtin.sources, "bad-word": "test", "other-word": "test"},
    )
    config = build_config({"select": ["bad-word", "other-word"]}, rules=loaded)
    return [(d.line, d.rule) for d in lint_document(Document(text, "a.md"), config)]


def test_disable_next_line_by_name_and_code():
    text = "坏\n<!-- lintnews-disable-next-line bad-word -->\n坏 差\n<!-- lintnews-disable-next-line TT002 -->\n坏 差\n"
    assert lines_reported(text) == [(1, "bad-word"), (3, "other-word"), (5, "bad-word")]


def test_disable_next_line_without_names_silences_every_rule():
    assert lines_reported("<!-- lintnews-disable-next-line -->\n坏 差\n坏\n") == [(3, "bad-word")]


def test_disable_enable_range():
    text = "坏\n\n<!-- lintnews-disable bad-word -->\n\n坏 差\n\n<!-- lintnews-enable bad-word -->\n\n坏\n"
    assert lines_reported(text) == [(1, "bad-word"), (5, "other-word"), (9, "bad-word")]


def test_disable_without_enable_runs_to_the_end():
    assert lines_reported("坏\n\n<!-- lintnews-disable -->\n\n坏 差\n") == [(1, "bad-word")]


def test_disable_line_and_disable_file():
    assert lines_reported("坏 <!-- lintnews-disable-line bad-word -->\n坏\n") == [(2, "bad-word")]
    assert lines_reported("坏\n差\n<!-- lintnews-disable-file bad-word -->\n") == [
        (2, "other-word")
    ]


def test_comments_in_code_are_not_directives():
    text = "```\n<!-- lintnews-disable bad-word -->\n```\n坏\n"
    assert lines_reported(text) == [(4, "bad-word")]
