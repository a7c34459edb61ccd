"""Count image-missing-file (and image-url-syntax) findings over the real corpora.

Each folder of ``../shared/corpus/real`` is a site root whose image files are empty
placeholders at their real paths, so every finding is a reference the published site
would break on (or a resolution mistake of ours). Usage::

    .venv/bin/python benchmarks/audit_images.py [corpus-folder] [--show N]

Prints, per site, how many files and local images were checked, and the findings grouped
by kind (missing, case mismatch, leaves the site root) with examples.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from lintnews_rules.images import ImageMissingFile, ImageUrlSyntax

from lintnews.plugin.settings import SiteSettings
from lintnews.run.engine import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def _kind(message: str) -> str:
    if "differs in case" in message:
        return "case mismatch"
    if "leaves the site root" in message:
        return "leaves the site root"
    return "missing"


def audit(site: Path, show: int) -> Counter[str]:
    rule = ImageMissingFile(site=SiteSettings(root=site))
    syntax = ImageUrlSyntax()
    files = sorted(
        p for p in (site / "content").rglob("*") if p.suffix in (".md", ".markdown") and p.is_file()
    )
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    local_images = 0
    started = time.perf_counter()
    for path in files:
        doc = read_document(path)
        counts["images"] += len(doc.images)
        local_images += sum(1 for i in doc.images if not re.match(r"[A-Za-z][\w+.-]*:|//", i.url))
        for diagnostic in rule.check(doc):
            kind = _kind(diagnostic.message)
            counts[kind] += 1
            examples[kind].append(
                f"{path.relative_to(site.parent)}:{diagnostic.line}:{diagnostic.column}: "
                f"{diagnostic.message}"
            )
        for diagnostic in syntax.check(doc):
            counts["url-syntax"] += 1
            examples["url-syntax"].append(
                f"{path.relative_to(site.parent)}:{diagnostic.line}:{diagnostic.column}: "
                f"{diagnostic.message}"
            )
    elapsed = time.perf_counter() - started
    print(
        f"== {site.name}: {len(files)} files, {counts['images']} images "
        f"({local_images} local), {elapsed:.2f}s"
    )
    for kind in ("missing", "case mismatch", "leaves the site root", "url-syntax"):
        print(f"  {kind}: {counts[kind]}")
        for line in examples[kind][:show]:
            print(f"    {line}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--show", type=int, default=10, help="examples per kind (default 10)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} not found", file=sys.stderr)
        return 2
    total: Counter[str] = Counter()
    for site in sorted(p for p in args.corpus.iterdir() if (p / "content").is_dir()):
        total += audit(site, args.show)
    print("== total: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
