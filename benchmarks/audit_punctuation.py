"""Audit paired-punctuation (LN203) on the real corpora: counts, timing, a judged sample.

Usage (from the repository root)::

    .venv/bin/python benchmarks/audit_punctuation.py              # counts and precision
    .venv/bin/python benchmarks/audit_punctuation.py --show 60    # print the sample to judge

The sample is drawn with a fixed seed, so it is the same on every run while the rule's
output is unchanged. ``verdicts/punctuation.json`` holds a human judgement of each sampled
report, made by reading its paragraph (see ``auditlib``). Reports
in the sample without a verdict are listed as unjudged, so a changed rule asks for review.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from auditlib import CORPUS, load_verdicts, require_corpus
from lintnews_rules.punctuation import PairedPunctuation

from lintnews.run.engine import read_document

SAMPLE_SEED = 203
SAMPLE_SIZE = 60


def kind_of(message: str) -> str:
    for pattern, kind in (
        (r"^the closing . has no opening", "unopened"),
        (r"^the opening . is never closed", "unclosed"),
        (r"is closed with the (half|full)-width", "width mismatch"),
        (r"are reversed", "reversed"),
        (r"opens with the closing mark", "closing mark used to open"),
        (r"closes with the opening mark", "opening mark used to close"),
        (r"closed with a (curly|straight)", "straight and curly quotes"),
        (r"ends a quotation opened", "quotation runs on"),
    ):
        if re.search(pattern, message):
            return kind
    return "other"


def corpus_files() -> list[Path]:
    files = sorted(path for path in (CORPUS / "real").rglob("*.md") if path.is_file())
    return [*sorted((CORPUS / "seed").glob("*.md")), *files]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N sampled reports")
    args = parser.parse_args()
    require_corpus()
    verdicts = load_verdicts("punctuation")

    rule = PairedPunctuation()
    reports: list[tuple[str, int, int, str, str]] = []
    by_site: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    fixes = 0
    seconds = 0.0
    files = corpus_files()
    for path in files:
        doc = read_document(path)
        _ = doc.inline_blocks  # parse outside the timed part: time the rule alone
        started = time.perf_counter()
        found = list(rule.check(doc))
        seconds += time.perf_counter() - started
        relative = path.relative_to(CORPUS).as_posix()
        lines = doc.text_lines
        for diagnostic in found:
            key = f"{relative}:{diagnostic.line}:{diagnostic.column}"
            reports.append(
                (
                    key,
                    diagnostic.line,
                    diagnostic.column,
                    diagnostic.message,
                    lines[diagnostic.line - 1],
                )
            )
            site = relative.split("/")[1] if relative.startswith("real/") else "seed"
            by_site[site] += 1
            by_kind[kind_of(diagnostic.message)] += 1
            fixes += diagnostic.fix is not None

    print(f"files: {len(files)}   reports: {len(reports)}   with a fix: {fixes}")
    print(f"rule time: {seconds:.2f} s ({seconds / len(files) * 1000:.2f} ms per file)")
    print("by corpus:", ", ".join(f"{site} {count}" for site, count in sorted(by_site.items())))
    print("by kind:  ", ", ".join(f"{kind} {count}" for kind, count in by_kind.most_common()))

    sample = random.Random(SAMPLE_SEED).sample(reports, min(SAMPLE_SIZE, len(reports)))
    sample.sort()
    judged = [verdicts[key] for key, *_ in sample if key in verdicts]
    unjudged = [key for key, *_ in sample if key not in verdicts]
    true_positives = sum(verdict.real for verdict in judged)
    print(f"sample: {len(sample)} (seed {SAMPLE_SEED})   judged: {len(judged)}")
    if judged:
        precision = true_positives / len(judged)
        print(f"precision on the judged sample: {true_positives}/{len(judged)} = {precision:.1%}")
    for key in (k for k, *_ in sample if k in verdicts and not verdicts[k].real):
        print(f"  false positive: {key}: {verdicts[key].why}")
    if unjudged:
        print(f"unjudged in the sample: {len(unjudged)} (run with --show to review)")
    for key, _line, column, message, text in sample[: args.show]:
        verdict = verdicts.get(key)
        label = "unjudged" if verdict is None else ("TP" if verdict.real else "FP")
        start = max(0, column - 41)
        context = text[start : column - 1] + "⟦" + text[column - 1 : column] + "⟧"
        context += text[column : column + 40]
        print(f"\n[{label}] {key}: {message}\n    …{context}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
