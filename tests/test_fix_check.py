"""Every fix is checked before it is offered: it edits no shortcode, template or HTML tag,
renders as it means to, and makes the file report nothing new."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.plugin.rule import Rule
from lintnews.run.engine import lint_document
from lintnews.run.fixes import fix_file
from lintnews.site.config import Config, load_config

FRONT = '---\ntitle: "示例"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fix_all(tmp_path: Path, body: str) -> tuple[str, str]:
    """The article after ``--fix --unsafe-fixes``, and the messages of what remains."""
    path = write(tmp_path / "content" / "a.md", FRONT + body)
    result = fix_file(path, load_config(start=tmp_path), unsafe=True)
    messages = "\n".join(d.message for d in result.remaining)
    return path.read_text(encoding="utf-8")[len(FRONT) :], messages


# -- what no fix edits ----------------------------------------------------------------------


def test_a_figure_shortcode_is_reported_but_never_edited(tmp_path):
    shortcode = '{{< figure src="htp://example.com/a.png" alt="图" >}}\n'
    markdown = "{{% notice %}}**问题1：**我们{{% /notice %}}\n\n![a](hhttps://example.com/b.png)\n"
    after, output = fix_all(tmp_path, shortcode + "\n" + markdown)
    # The Markdown around shortcodes is still fixed.
    assert after == (
        shortcode
        + "\n{{% notice %}}**问题1**：我们{{% /notice %}}\n\n![a](https://example.com/b.png)\n"
    )
    assert 'unknown URL scheme "htp:"' in output
    assert "No fix offered: it would edit a Hugo shortcode ({{< figure >}})" in output


def test_an_img_tag_attribute_is_never_edited(tmp_path):
    body = '<img src="hhttps://example.com/a.png" alt="图">\n'
    after, output = fix_all(tmp_path, body)
    assert after == body
    assert "it would edit an HTML tag (<img>)" in output


def test_template_text_is_never_edited(tmp_path):
    body = '文字 {{ .Title "“x" }} 文字\n'
    after, output = fix_all(tmp_path, body)
    assert after == body
    assert "it would edit template text" in output


# -- rendering before and after ---------------------------------------------------------------


class _Proposes(Rule):
    """Propose replacing one text with another (a test rule).

    ## What it does
    Test only.

    ## Why is this bad?
    Test only.

    ## Example
    None.

    ## Options
    None.
    """

    name, code, severity = "test-proposes", "LN990", Severity.WARNING
    old = new = ""

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        at = doc.text.find(self.old)
        if at >= 0:
            fix = self.replace(at, at + len(self.old), self.new, f"write {self.new}")
            yield self.diagnostic(doc, at, at + len(self.old), "test finding", fix)


def proposed(text: str, old: str, new: str) -> Diagnostic:
    rule = type("Rule", (_Proposes,), {"old": old, "new": new})()
    (found,) = lint_document(Document(text, "a.md"), Config(rules=[rule]), [rule])
    return found


def test_a_fix_that_changes_the_blocks_is_withdrawn():
    offered = proposed(FRONT + '他说“你好"。\n', '"', "”")
    assert offered.fix is not None and offered.message == "test finding"
    # Writing a code fence would swallow the rest of the article into a code block.
    found = proposed(FRONT + "第一段 ~~~ 标记\n\n~~~\n\n第二段\n", "第一段 ~~~", "~~~")
    assert found.fix is None
    assert found.message == (
        "test finding; no fix offered: rendered, the page would change its blocks "
        "(paragraphs, lists, headings)"
    )


def test_a_fix_that_changes_other_text_is_withdrawn():
    # One backtick more turns the rest of the paragraph into code.
    found = proposed(FRONT + "a ' b c ` d\n", "'", "`")
    assert found.fix is None
    assert "the page would also change text the fix does not mean to" in found.message


def test_a_front_matter_fix_that_changes_another_key_is_withdrawn():
    text = '---\ntitle: "a\ntags: [x]\n---\n\n正文\n'
    # Closing the quote at the end of the block's next line takes the tags into the title.
    found = proposed(text, '"a\ntags: [x]', '"a\ntags: [x]"')
    assert found.fix is None
    assert found.message == (
        "test finding; no fix offered: the front matter would be read with other keys"
    )
    offered = proposed('---\ntitle: "a"\ndraft: no\n---\n\n正文\n', "draft: no", "draft: false")
    assert offered.fix is not None


def test_a_fix_is_judged_once_for_the_same_paragraph(monkeypatch):
    from lintnews.model import rendering

    renders: list[str] = []
    render = rendering.rendered_blocks
    monkeypatch.setattr(
        rendering, "rendered_blocks", lambda text: renders.append(text) or render(text)
    )
    article = FRONT + "判定一次 ' 的 ` 段落。\n\n中间一段。\n\n另一段。\n"
    first = proposed(article, "'", "’")
    assert first.fix is not None and len(renders) == 2  # before and after the edit
    # A keystroke two paragraphs away (as an editor sends it) leaves the verdict to reuse.
    again = proposed(article + "\n新写的一段。\n", "'", "’")
    assert again.fix is not None and len(renders) == 2
    # Another fix in the paragraph renders only its own edit: the text before is shared.
    refused = proposed(article, "'", "`")
    assert refused.fix is None and len(renders) == 3
    assert proposed(article, "'", "`").message == refused.message and len(renders) == 3
