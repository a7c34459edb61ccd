"""Precision of the local-link rules on whole Hugo sites, as their editors would run them.

The corpus copies in ``../shared/corpus/real/`` hold part of each site (the k8s copy has
its Chinese pages but not the English ones they link to), so a link to a page the copy
lacks looks dead there. This audit runs on full checkouts of sites instead, given as
``NAME=FOLDER`` (a folder holding the site's whole tree, ``hugo.toml`` and all), optionally
``NAME=FOLDER:content/zh-cn,content/en`` to check only those folders of the site (the
whole tree is still there for the links to resolve against).

How the checkouts of the recorded verdicts were made (a git directory without a work
tree, written out with ``git archive COMMIT | tar -x -C FOLDER``; a blob a snapshot lacks
becomes an empty file, which keeps its name for the links):

* ``hugodocs``: gohugoio/hugoDocs at 1c613349f4220ae84070df25979d720c43e5cfa6;
* ``k8s``: kubernetes/website at 5f35e270f9c25053f8f6e1e33cdaad836a7f4ceb (2023-09-26,
  taken from a fork's history: the repository itself is too large to fetch here),
  checked as ``content/zh-cn,content/en``;
* ``servicemesher``: servicemesher/website at 1ef972c62bb93d073fc43ed07333a237e970df10.

Usage (from the repository root)::

    .venv/bin/python benchmarks/audit_links_whole.py hugodocs=/tmp/hugodocs \\
        k8s=/tmp/k8s:content/zh-cn,content/en servicemesher=/tmp/servicemesher --show

Each site is copied, ``lintnews init`` writes its config in the copy (as a new user does),
``other-pages = true`` is added for ``link-anchor-missing``, and ``lintnews check
--offline --no-cache --format json --select <the link rules>`` runs there. Reports are
keyed ``whole/NAME/path:line:column:CODE``; up to ``SAMPLE_SIZE`` per rule and site are
drawn with :func:`auditlib.stable_sample` (anchors on other pages, ``link-anchor-missing/other``,
apart from the page's own) and looked up in ``verdicts/links_whole.json``;
``verdicts/links_whole_fixed.json`` lists the false positives since fixed in the rules, and
the script says so if one comes back.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from auditlib import (
    VERDICT_FOLDER,
    Verdict,
    check_json,
    context,
    lintnews,
    load_verdicts,
    neutral_folder,
    precision,
    stable_sample,
)

SAMPLE_SEED = 20261207
SAMPLE_SIZE = 40
LINK_RULES = "link-url-syntax,link-reference-undefined,link-missing-target,link-anchor-missing"
OTHER_PAGES = "\n[rules.link-anchor-missing]\nother-pages = true\n"


def site_reports(name: str, folder: Path, parts: list[str]) -> list[dict]:
    """The link rules' reports on a copy of the site after ``lintnews init``."""
    with neutral_folder() as scratch:
        copy = scratch / name
        shutil.copytree(folder, copy, symlinks=True)
        completed = lintnews("init", cwd=copy)
        if completed.returncode != 0:
            sys.exit(f"lintnews init failed on {folder}:\n{completed.stderr}")
        with (copy / "lintnews.toml").open("a", encoding="utf-8") as config:
            config.write(OTHER_PAGES)
        targets = [str(copy / part) for part in parts] or [str(copy)]
        reports = check_json(Path(targets[0]), copy, "--select", LINK_RULES, *targets[1:])
        for report in reports:
            relative = Path(report["path"]).resolve().relative_to(copy.resolve()).as_posix()
            report["key"] = f"whole/{name}/{relative}:{report['line']}:{report['column']}"
            report["key"] += f":{report['code']}"
            report["source"] = folder / relative
    return reports


def _sampled_as(report: dict) -> str:
    """The rule a report is counted under; anchors on other pages apart from the page's own
    (``other-pages`` is an option of its own)."""
    if report["rule"] == "link-anchor-missing" and ": the page " in report["message"]:
        return "link-anchor-missing/other"
    return report["rule"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", help="NAME=FOLDER or NAME=FOLDER:PART,PART")
    parser.add_argument("--show", action="store_true", help="print the sampled reports")
    parser.add_argument("--unjudged", action="store_true", help="print only unjudged samples")
    parser.add_argument("--rule", help="only this rule's sample")
    parser.add_argument("--context", type=int, default=0, help="lines around each report")
    args = parser.parse_args()

    verdicts = load_verdicts("links_whole")
    fixed: dict[str, str] = json.loads((VERDICT_FOLDER / "links_whole_fixed.json").read_text())
    present: set[str] = set()
    samples: dict[tuple[str, str], list[dict]] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for spec in args.sites:
        name, _, where = spec.partition("=")
        folder, _, parts = where.partition(":")
        reports = site_reports(name, Path(folder), [p for p in parts.split(",") if p])
        present.update(report["key"] for report in reports)
        by_rule: dict[str, list[dict]] = defaultdict(list)
        for report in reports:
            by_rule[_sampled_as(report)].append(report)
        for rule, found in by_rule.items():
            counts[rule, name] = len(found)
            samples[rule, name] = stable_sample(found, "key", SAMPLE_SEED, SAMPLE_SIZE)

    header = f"{'rule':27} {'site':14} {'reports':>7} {'sampled':>7} {'judged':>6} {'TP':>4} {'prec.':>6}"
    print(header)
    print("-" * len(header))
    false_positives: list[tuple[str, Verdict]] = []
    for (rule, name), sample in sorted(samples.items()):
        judged = [verdicts[r["key"]] for r in sample if r["key"] in verdicts]
        print(
            f"{rule:27} {name:14} {counts[rule, name]:7} {len(sample):7} {len(judged):6} "
            f"{sum(v.real for v in judged):4} {precision(judged):>6}"
        )
        false_positives += [(r["key"], verdicts[r["key"]]) for r in sample if r["key"] in verdicts]
    false_positives = [(key, verdict) for key, verdict in false_positives if not verdict.real]
    if false_positives:
        print("\nfalse positives in the sample:")
        for key, verdict in false_positives:
            print(f"  {key}: {verdict.why}")
    for key in sorted(fixed.keys() & present):
        print(f"  fixed false positive is back: {key}: {fixed[key]}")
    if args.show or args.unjudged:
        for (rule, _name), sample in sorted(samples.items()):
            if args.rule and rule != args.rule:
                continue
            for report in sample:
                verdict = verdicts.get(report["key"])
                if args.unjudged and verdict is not None:
                    continue
                label = "unjudged" if verdict is None else ("TP" if verdict.real else "FP")
                note = f"  ({verdict.why})" if verdict else ""
                print(f"\n[{label}] {report['key']}: {report['message']}{note}")
                print(
                    context(
                        report["source"],
                        report["line"],
                        report["column"],
                        report["end_line"],
                        report["end_column"],
                        args.context,
                    )
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
