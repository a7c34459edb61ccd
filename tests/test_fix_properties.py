"""Property: ``--fix --unsafe-fixes`` on generated articles breaks nothing.

The articles mix Hugo shortcodes (opening, closing, commented out, holding Markdown, with
broken URLs), template text, code, raw HTML with attributes, and every defect a built-in
rule can fix. After fixing, every shortcode and template is byte-identical, and each
applied fix removed its finding without the file reporting anything it did not before
(but what a repair lets a rule see for the first time, less severe than the repair: see
:func:`lintnews.run.fix_check.made_by_fixes`).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintnews.model.document import Document
from lintnews.run.engine import lint_document
from lintnews.run.fix_check import made_by_fixes
from lintnews.run.fixes import fix_file
from lintnews.site.config import build_config

ALL = build_config({"select": ["ALL"], "network": {"enabled": False}})
_TEMPLATES = re.compile(r"\{\{.*?\}\}", re.S)

# Each example fixes a file twice and lints every candidate fix's result: seconds per run.
pytestmark = pytest.mark.slow
examples = settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

protected = st.sampled_from(
    [
        '{{< figure src="htp://example.com/a.png" caption="**问题1：**我们" >}}',
        '{{< figure src="hhttps://example.com/a b.png" >}}',
        '<img src="{{< blogdown/postref >}}images/a.png" alt="图">',
        '<img src="hhttps://example.com/a.png" alt="** 答**：">',
        '<span title="“引号">x</span>',
        '{{% notice "“引号" %}}',
        "{{% /notice %}}",
        "{{< /tab >}}",
        '{{</* figure src="http://a.png" */>}}',
        '{{ .Title "“x" }}',
        "`**问题：**我们`",
    ]
)
defect = st.sampled_from(
    [
        "**问题1：**我们",
        "** 答**：",
        "**Help wanted: **now",
        '他说“你好"。',
        "（以 Pod 为例)",
        "![a](hhttps://example.com/b.png)",
        "![图](a b.png)",
        "![](http://example.com/c.png)",
        '![x](pilot.svg")',
    ]
)
words = st.sampled_from(["中文新闻", "Hugo news", "我们", "2025", " "])
paragraph = st.lists(st.one_of(protected, defect, words), min_size=1, max_size=6).map(" ".join)
block = st.one_of(
    paragraph,
    st.builds(lambda t: f"## {t}", paragraph),
    st.builds(lambda t: f"{t}\n------", st.sampled_from(["小节", "Section"])),
    st.builds(lambda t: f"### {t}", words),
    st.builds(lambda t: f"```\n{t}\n```", paragraph),
    st.builds(lambda t: f"- {t}", paragraph),
    st.builds(lambda t: f"{{{{% notice %}}}}\n{t}\n{{{{% /notice %}}}}", paragraph),
)
front_value = st.sampled_from(
    [
        ("draft", "yes"),
        ("draft", "no"),
        ("headless", "no"),
        ("showtoc", "no"),
        ("toc", "yes"),
        ("translations", "[zh-CN, no]"),
        ("mode", "0755"),
        ("lastmod", "2025-02-01 10:30"),
        ("publishDate", "2025-02-01T10：30：00+08:00"),
        ("output", "\n  html_document:\n    toc: yes"),
    ]
)
articles = st.builds(
    lambda pairs, blocks: (
        '---\ntitle: "示例"\ndate: 2025-02-01T10:30:49+08:00\n'
        + "".join(f"{key}: {value}\n" for key, value in dict(pairs).items())
        + "---\n\n"
        + "\n\n".join(blocks)
        + "\n"
    ),
    st.lists(front_value, max_size=4),
    st.lists(block, min_size=1, max_size=6),
)


def _identity_counts(diagnostics) -> Counter:
    return Counter((d.rule, d.message) for d in diagnostics)


@examples
@given(articles)
def test_fixing_keeps_shortcodes_and_only_removes_findings(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.md"
        path.write_text(text, encoding="utf-8")
        before = lint_document(Document(text, str(path)), ALL)
        result = fix_file(path, ALL, unsafe=True)
        fixed = path.read_text(encoding="utf-8")
        again = fix_file(path, ALL, unsafe=True, write=False)
    assert _TEMPLATES.findall(fixed) == _TEMPLATES.findall(text)
    assert again.applied == []  # a second run finds nothing more to fix
    made = made_by_fixes(before, result.remaining, result.applied, True, Document(fixed))
    assert made == []
    found, remaining = _identity_counts(before), _identity_counts(result.remaining)
    for finding, count in _identity_counts(result.applied).items():
        # A later round may fix what an earlier fix let a rule read (count > found).
        assert remaining[finding] <= max(found[finding] - count, 0), finding
