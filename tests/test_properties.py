"""Property-based tests over the whole pipeline: reading, every rule, suppressions and --fix.

Generated articles mix CJK and Latin prose with every emphasis delimiter and paired mark,
front matter in YAML, TOML and JSON, and are also fed as random bytes and truncated at any
byte. Failing cases hypothesis found are kept as ``@example``s and in
``tests/fixtures/regressions.md``. ``pytest -m slow`` runs the same properties with more
examples.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lintnews.common.text import LineIndex
from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.run.engine import document_from_bytes, lint_document
from lintnews.run.fixes import fix_file
from lintnews.site.config import build_config

FIXTURES = Path(__file__).parent / "fixtures"
ALL = build_config({"select": ["ALL"], "network": {"enabled": False}})
# Remote rules do nothing offline; keep them so the property covers every rule anyway.

PAIRS = "“”‘’「」『』《》〈〉（）【】〔〕()[]"
DELIMITERS = ["*", "**", "***", "_", "__", "~~", "`", "\\"]
CJK = "中文新闻标题加粗问题我们说的是测试一二三"
PUNCTUATION = "：，。！？；、:,.!?;"
LATIN = "abc Hugo news 2025 "

fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
thorough = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

piece = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=6),
    st.text(alphabet=LATIN, min_size=1, max_size=6),
    st.sampled_from(DELIMITERS),
    st.sampled_from(list(PAIRS)),
    st.sampled_from(list(PUNCTUATION)),
    st.sampled_from([" ", "![图](a.png)", "[链接](http://example.com)", "<br>", "{{< x >}}"]),
    st.sampled_from(["&amp;", "<!-- c -->", "\t", "\u3000", "\ufeff", "\u200b", "😀"]),
)
prose = st.lists(piece, min_size=1, max_size=12).map("".join).map(lambda s: s.replace("\n", " "))

single_line_block = st.one_of(
    prose,
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), prose),
    st.builds(lambda t: "- " + t, prose),
    st.builds(lambda t: "1. " + t, prose),
    st.builds(lambda t: "> " + t, prose),
    st.builds(lambda alt, url: f"![{alt}]({url})", prose, st.sampled_from(["a.png", "", "a b"])),
    st.builds(lambda alt: f'{{{{< figure src="x.png" alt="{alt}" >}}}}', prose),
    st.builds(lambda alt: f'<img src="http://x.test/a.png" alt="{alt}">', prose),
    st.just("---"),
)
multi_line_block = st.one_of(
    single_line_block,
    st.lists(prose, min_size=2, max_size=3).map("\n".join),  # a paragraph over lines
    st.builds(lambda t: f"```\n{t}\n```", prose),
    st.builds(lambda a, b: f"| {a} | {b} |\n|---|---|\n| {b} | {a} |", prose, prose),
    st.builds(lambda t: f"{t}\n===", prose),
    st.builds(lambda t: f"    {t}", prose),
)

scalar = st.one_of(
    prose,
    st.sampled_from(
        [
            "2025-02-01T10:30:49+08:00",
            "2025-02-01",
            "2025-02-01 10:30",
            "2025-13-45",
            "yes",
            "no",
            "0755",
            "1:20",
            "~",
            "",
            "中文",
        ]
    ),
)
key = st.sampled_from(["title", "date", "lastmod", "publishDate", "tags", "draft", "a", "标题"])


def _yaml(pairs: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n"


def _toml(pairs: list[tuple[str, str]]) -> str:
    return "+++\n" + "".join(f"{k} = {v}\n" for k, v in pairs) + "+++\n"


def _json(pairs: list[tuple[str, str]]) -> str:
    return "{\n" + ",\n".join(f'"{k}": "{v}"' for k, v in pairs) + "\n}\n"


front_matter = st.one_of(
    st.just(""),
    st.builds(
        lambda form, pairs: form(pairs),
        st.sampled_from([_yaml, _toml, _json]),
        st.lists(st.tuples(key, scalar), max_size=5),
    ),
)


def _article(fm: str, blocks: list[str], line_end: str) -> str:
    return (fm + "\n" + "\n\n".join(blocks) + "\n").replace("\n", line_end)


articles = st.builds(
    _article,
    front_matter,
    st.lists(multi_line_block, max_size=8),
    st.sampled_from(["\n", "\n", "\r\n"]),
)
# One block per line, blank lines between: a suppression comment inserted before any
# line starts a block of its own and changes nothing else.
simple_articles = st.builds(
    _article, front_matter, st.lists(single_line_block, max_size=8), st.just("\n")
)


# -- the invariants ------------------------------------------------------------------------


def assert_sound(doc: Document, diagnostics: list) -> None:
    """No crash was hidden, and every position is inside the file."""
    crashes = [d.message for d in diagnostics if d.rule == "internal-error"]
    assert crashes == []
    index = LineIndex(doc.text)
    for d in diagnostics:
        assert 1 <= d.line <= d.end_line <= index.line_count, d
        assert 1 <= d.column <= len(index.line_text(d.line)) + 1, d
        assert 1 <= d.end_column <= len(index.line_text(d.end_line)) + 1 + 1, d
        assert (d.end_line, d.end_column) > (d.line, d.column), d
        if d.fix is not None:
            for edit in d.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(doc.text), d


def lint(text: str) -> tuple[Document, list]:
    doc = Document(text, "content/post.md")
    diagnostics = lint_document(doc, ALL)
    assert_sound(doc, diagnostics)
    return doc, diagnostics


#: Why a fix is withheld may change with a suppression: a fix that would make a rule report
#: something is offered once that rule is suppressed there.
_FIX_REFUSAL = re.compile(r"(?:; n| N)o fix offered: .*\Z", re.S)


def key_of(doc: Document, d) -> tuple[str, str, str]:
    """A finding, independent of where it is: lines move when a comment is inserted."""
    start = doc.index.offset(d.line, d.column)
    end = doc.index.offset(d.end_line, d.end_column)
    message = _FIX_REFUSAL.sub("", re.sub(r"line \d+", "line N", d.message))
    return d.rule, message, doc.text[start:end]


# -- properties ----------------------------------------------------------------------------


@fast
@given(articles)
@example("**问题1：**我们\n")
@example("---\ntitle: 「x\n---\n\n“”“\n")
@example("+++\na = [" + "[" * 300 + "]" * 300 + "]\n+++\n")  # RecursionError in tomllib
@example('{"a": ' + "[" * 999 + "]" * 999 + "}\n")  # RecursionError in json
def test_any_article_lints_without_crash_and_with_positions_inside_the_file(text):
    lint(text)


@fast
@given(st.binary(max_size=400))
@example(b"\xff\xfe" + "标题".encode("utf-16-le"))
@example(b"---\n\x00\n---\n")
def test_any_bytes_lint_without_crash(data):
    doc = document_from_bytes(data, "x.md")
    assert_sound(doc, lint_document(doc, ALL))


@fast
@given(articles, st.integers(min_value=0), st.booleans())
def test_truncated_and_bom_articles_lint_without_crash(text, cut, bom):
    data = text.encode("utf-8")
    data = (b"\xef\xbb\xbf" if bom else b"") + data[: cut % (len(data) + 1)]
    doc = document_from_bytes(data, "x.md")
    assert_sound(doc, lint_document(doc, ALL))


def _blocks(doc: Document) -> list[tuple[str, int]]:
    """The block structure of a document, leaving out suppression comments."""
    return [
        (token.type, token.level)
        for token in doc.tokens
        if token.block and not (token.type == "html_block" and "lintnews-" in token.content)
    ]


def _suppressed(text: str, doc: Document, target) -> str:
    close = doc.front_matter.close_line if doc.front_matter else 0
    if target.line <= close or target.rule.startswith(("front-matter", "date-", "file-")):
        # At the top of the body: at the end it could land in an unclosed ``~~~~`` fence.
        comment = f"<!-- lintnews-disable-file {target.rule} -->\n\n"
        return text[: doc.body_start] + comment + text[doc.body_start :]
    lines = text.split("\n")
    lines.insert(target.line - 1, f"<!-- lintnews-disable-next-line {target.rule} -->")
    return "\n".join(lines)


@fast
@given(simple_articles, st.integers(min_value=0))
@example("“中文\n", 0)
@example("~~~~\n", 0)  # an unclosed fence swallows whatever follows
@example(
    "\n一\n\n- “\n\n\t![链接](http://example.com)“\n",
    195_213_365_695_546_757_655_170_671_215_378_432,
)
def test_a_suppression_comment_removes_exactly_its_findings(text, choice):
    doc, before = lint(text)
    # Front matter that is never closed runs to the end: there is no body for a comment.
    assume(before and not any("never closed" in d.message for d in before))
    target = before[choice % len(before)]
    doc_after, after = lint(_suppressed(text, doc, target))
    # A comment line can end a list item's lazy continuation or split a paragraph; then the
    # Markdown itself changed, not only what is suppressed.
    assume(_blocks(doc_after) == _blocks(doc))
    file_wide = "lintnews-disable-file" in doc_after.text
    removed = [d for d in before if d.rule == target.rule and (file_wide or d.line == target.line)]
    expected = Counter(key_of(doc, d) for d in before) - Counter(key_of(doc, d) for d in removed)
    assert Counter(key_of(doc_after, d) for d in after) == expected


@fast
@given(articles)
@example("**问题1：**我们\n\n---\nyes: no\n")
@example("\r\n一\r\n\r\n\u3000\r\n一**一\r\n")  # a U+3000 line shifted positions
@example(
    "---\ntitle: 2025-02-01T10:30:49+08:00\ndate: 2025-02-01 10:30\n"
    "lastmod: 2025-02-01T10:30:49+08:00\n---\n\n\n"
)
def test_fix_adds_no_error_and_a_second_fix_changes_nothing(text):
    _, before = lint(text)
    errors_before = Counter(d.rule for d in before if d.severity == Severity.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "post.md"
        path.write_bytes(text.encode("utf-8"))
        first = fix_file(path, ALL)
        assert first.error is None and first.warning is None
        fixed = path.read_bytes().decode("utf-8")
        _, after = lint(fixed)
        errors_after = Counter(d.rule for d in after if d.severity == Severity.ERROR)
        if any(d.rule == "date-format" for d in first.applied):
            # Dates are compared only once they can be read: a date-format fix may reveal a
            # lastmod that was before the date all along. The fix did not put it there.
            errors_after.pop("date-order", None)
        assert errors_after - errors_before == Counter(), (fixed, after)
        second = fix_file(path, ALL)
        assert not second.changed and path.read_bytes().decode("utf-8") == fixed


@pytest.mark.slow
@thorough
@given(articles)
def test_many_articles_lint_without_crash(text):
    lint(text)


@pytest.mark.slow
@thorough
@given(simple_articles, st.integers(min_value=0))
def test_many_suppressions(text, choice):
    test_a_suppression_comment_removes_exactly_its_findings.hypothesis.inner_test(text, choice)


@pytest.mark.slow
@thorough
@given(articles)
def test_many_fixes(text):
    test_fix_adds_no_error_and_a_second_fix_changes_nothing.hypothesis.inner_test(text)


_diagnostic_text = st.text(max_size=30)
_position = st.integers(min_value=1, max_value=10**6)


@st.composite
def diagnostics(draw) -> Diagnostic:
    fix = None
    positions: tuple[tuple[int, int, int, int], ...] = ()
    if draw(st.booleans()):
        edits = draw(
            st.lists(
                st.builds(Edit, _position, _position, _diagnostic_text), min_size=1, max_size=3
            )
        )
        fix = Fix(draw(_diagnostic_text), tuple(edits), draw(st.booleans()))
        positions = tuple(draw(st.tuples(*[_position] * 4)) for _ in edits)
    return Diagnostic(
        draw(_diagnostic_text),
        *draw(st.tuples(*[_position] * 4)),
        draw(_diagnostic_text),
        draw(_diagnostic_text),
        draw(st.sampled_from(list(Severity))),
        draw(_diagnostic_text),
        fix,
        positions,
    )


@thorough
@given(diagnostics())
def test_a_findings_json_text_is_its_public_shape_encoded(diagnostic):
    """``json_text`` writes the JSON by hand, for speed: it must equal the public shape
    as the json module encodes it, and decode back to the same finding."""
    assert diagnostic.json_text() == json.dumps(diagnostic.to_json(), ensure_ascii=False)
    assert Diagnostic.from_json(json.loads(diagnostic.json_text())).to_json() == (
        diagnostic.to_json()
    )


@thorough
@given(st.text(st.sampled_from("a中\r\n \u2028")))
def test_line_starts_follow_every_line_break(text):
    """Line starts are counted two ways (with and without a carriage return in the
    text): both agree with markdown-it's reading of \\r\\n, \\r and \\n."""
    expected = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    assert LineIndex(text).starts == expected
