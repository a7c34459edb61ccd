"""Audit the emphasis rules over the real corpora: counts, precision and cost.

For every `emphasis-not-rendered` report the reported paragraph is rendered with plain
markdown-it-py (CommonMark) and compared with the intended reading: the report is
*confirmed literal* when the delimiter, with its neighbours, shows on the page more often
than the intended reading shows it, *confirmed mispaired* when it is not literal but the
emphasis lands elsewhere, and *false* otherwise. `emphasis-unclosed` reports are
confirmed when the marker shows literally. Offered fixes are applied to the paragraph
and re-rendered: a fix *works* when no literal marker of that pair remains.

    .venv/bin/python benchmarks/audit_emphasis.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from lintnews_rules.emphasis import EmphasisNotRendered, EmphasisUnclosed
from lintnews_rules.emphasis_flanking import COMMONMARK, INTENDED
from lintnews_rules.emphasis_render import styled_text
from lintnews_rules.emphasis_spacing import EmphasisSpaceInside
from markdown_it import MarkdownIt

from lintnews.model.document import Document, InlineBlock
from lintnews.run.engine import read_document

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"
KNOWN_DEFECTS = {
    (
        "k8s-website-zh-cn/content/zh-cn/docs/concepts/configuration/manage-resources-containers.md",
        40,
    ),
    ("k8s-website-zh-cn/content/zh-cn/docs/concepts/workloads/pods/_index.md", 347),
    (
        "servicemesher-website/content/blog/"
        "canary-release-strategy-using-kubernetes-istio-and-helm/index.md",
        51,
    ),
}


def block_at(doc: Document, offset: int) -> InlineBlock | None:
    for block in doc.inline_blocks:
        if not block.content:
            continue
        if block.offset(0) <= offset <= block.offset(len(block.content) - 1):
            return block
    return None


def visible(content: str, reading: str) -> str:
    return "".join(char for char, _style in styled_text(content, reading))


def run_around(doc: Document, offset: int) -> tuple[str, str, str]:
    text = doc.text
    end = offset
    while end < len(text) and text[end] == text[offset]:
        end += 1
    before = text[offset - 1] if offset > 0 else ""
    after = text[end] if end < len(text) else ""
    return before, text[offset:end], after


def classify_not_rendered(doc: Document, block: InlineBlock, offset: int) -> str:
    before, marker, after = run_around(doc, offset)
    shown = before + marker + after
    content = block.content
    literal = visible(content, COMMONMARK).count(shown) > visible(content, INTENDED).count(shown)
    if literal:
        return "confirmed literal"
    if styled_text(content, COMMONMARK) != styled_text(content, INTENDED):
        return "confirmed mispaired"
    return "FALSE"


def main(corpus: Path) -> int:
    files = sorted(path for path in corpus.rglob("*.md") if path.is_file())
    rules = (EmphasisNotRendered(), EmphasisUnclosed(), EmphasisSpaceInside())
    plain = MarkdownIt("commonmark").enable("table")
    counts: Counter[tuple[str, str]] = Counter()
    verdicts: Counter[tuple[str, str]] = Counter()
    fixes: Counter[str] = Counter()
    found_defects: set[tuple[str, int]] = set()
    falses: list[str] = []
    plain_seconds = parse_seconds = rule_seconds = 0.0
    for path in files:
        relative = path.relative_to(corpus).as_posix()
        site = relative.split("/", 1)[0]
        start = time.perf_counter()
        plain.parse(path.read_text(encoding="utf-8", errors="replace"))
        plain_seconds += time.perf_counter() - start

        start = time.perf_counter()
        doc = read_document(path, relative)
        doc.inline_blocks  # noqa: B018 -- the shared parse every inline rule relies on
        parse_seconds += time.perf_counter() - start
        start = time.perf_counter()
        diagnostics = [d for rule in rules for d in rule.check(doc)]
        rule_seconds += time.perf_counter() - start

        for diagnostic in diagnostics:
            counts[(site, diagnostic.code)] += 1
            offset = doc.index.starts[diagnostic.line - 1] + diagnostic.column - 1
            block = block_at(doc, offset)
            where = f"{relative}:{diagnostic.line}:{diagnostic.column}"
            if block is None:
                verdicts[(diagnostic.code, "no block found")] += 1
                continue
            if diagnostic.code == "LN201":
                verdict = classify_not_rendered(doc, block, offset)
                found_defects.add((relative, diagnostic.line))
                if diagnostic.fix is not None:
                    fixes["offered"] += 1
                    outcome = fix_outcome(doc, block, diagnostic, diagnostics)
                    fixes[outcome] += 1
                    if outcome == "fails":
                        print(f"  fix does not render: {where}")
            elif diagnostic.code == "LN204":
                verdict = classify_space_inside(doc, block, offset, diagnostic)
            else:
                _before, marker, after = run_around(doc, offset)
                shown = visible(block.content, COMMONMARK).count(marker + after) > 0
                verdict = "confirmed literal" if shown else "FALSE"
            verdicts[(diagnostic.code, verdict)] += 1
            if verdict.startswith("FALSE"):
                falses.append(f"{where}: {diagnostic.message}")

    print(f"files: {len(files)} under {corpus}")
    print("reports per site and rule:")
    for (site, code), number in sorted(counts.items()):
        print(f"  {site:24} {code} {number}")
    print("precision (markdown-it-py rendering of each reported paragraph):")
    for (code, verdict), number in sorted(verdicts.items()):
        print(f"  {code} {verdict:20} {number}")
    print(
        f"LN201 fixes: {fixes['offered']} offered, {fixes['works']} render the bold, "
        f"{fixes['fails']} do not"
    )
    missing = KNOWN_DEFECTS - found_defects
    print(f"known defects found: {len(KNOWN_DEFECTS) - len(missing)}/{len(KNOWN_DEFECTS)}")
    for path, line in sorted(missing):
        print(f"  MISSED {path}:{line}")
    for line in falses:
        print(f"  FALSE {line}")
    print(
        f"time: plain markdown-it parse {plain_seconds:.2f}s; lintnews read+parse "
        f"{parse_seconds:.2f}s; the emphasis rules {rule_seconds:.2f}s "
        f"({rule_seconds / plain_seconds:.1%} of the plain parse)"
    )
    return 1 if falses or missing else 0


def classify_space_inside(doc: Document, block: InlineBlock, offset: int, diagnostic) -> str:
    _before, marker, _after = run_around(doc, offset)
    if marker not in visible(block.content, COMMONMARK):
        return "FALSE"
    if diagnostic.fix is None:
        return "confirmed literal"
    start = block.offset(0)
    end = block.offset(len(block.content) - 1) + 1
    paragraph = doc.text[start:end]
    for edit in sorted(diagnostic.fix.edits, key=lambda e: e.start, reverse=True):
        paragraph = (
            paragraph[: edit.start - start] + edit.replacement + paragraph[edit.end - start :]
        )
    html = MarkdownIt("commonmark").enable("table").render(paragraph)
    fixed_shows = "<strong>" in html or "<em>" in html or "nothing in it" in diagnostic.message
    return "confirmed literal, fix renders" if fixed_shows else "FALSE (fix does not render)"


def fix_outcome(doc: Document, block: InlineBlock, diagnostic, diagnostics) -> str:
    """Apply every fix offered in the paragraph; this one works if its line then renders."""
    start = block.offset(0)
    end = block.offset(len(block.content) - 1) + 1
    edits = [
        edit
        for other in diagnostics
        if other.code == "LN201" and other.fix is not None
        for edit in other.fix.edits
        if start <= edit.start < end
    ]
    paragraph = doc.text[start:end]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        paragraph = (
            paragraph[: edit.start - start] + edit.replacement + paragraph[edit.end - start :]
        )
    first_line = doc.line_of(start)
    line = diagnostic.line - first_line + 1
    refixed = Document(paragraph + "\n", "fixed.md")
    again = [d for d in EmphasisNotRendered().check(refixed) if d.line == line and d.fix]
    rendered = MarkdownIt("commonmark").render(paragraph).split("\n")
    shown = rendered[line - 1] if line - 1 < len(rendered) else ""
    return "works" if ("<strong>" in shown or "<em>" in shown) and not again else "fails"


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS))
