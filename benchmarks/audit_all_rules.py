"""Precision audit of every offline rule on the real sites, after ``lintnews init``, and on
the seed article.

Usage (from the repository root)::

    .venv/bin/python benchmarks/audit_all_rules.py                 # counts and precision
    .venv/bin/python benchmarks/audit_all_rules.py --show          # also print the sample
    .venv/bin/python benchmarks/audit_all_rules.py --show --rule heading-increment --site rust-blog
    .venv/bin/python benchmarks/audit_all_rules.py --unjudged      # only samples without a verdict
    .venv/bin/python benchmarks/audit_all_rules.py --first-run     # the sites without init
    .venv/bin/python benchmarks/audit_all_rules.py --extend-select link-missing-target --rule link-missing-target --show

Each real site is copied, ``lintnews init`` writes its config in the copy, and ``lintnews
check --offline --no-cache --format json`` runs there, as a new user would run the two;
``--first-run`` skips the init, to see what a user meets before configuring anything. Up
to ``SAMPLE_SIZE`` reports per rule *and site* are drawn with a fixed seed (the sample is
the same on every run while the output is unchanged) and looked up in
``verdicts/all_rules.json`` and, for the link rules, ``verdicts/links.json`` (see
``auditlib``). ``verdicts/all_rules_fixed.json`` lists
false positives since fixed in the rules: the script says so if one comes back.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from auditlib import (
    CORPUS,
    REAL_SITES,
    VERDICT_FOLDER,
    Verdict,
    check_json,
    context,
    load_verdicts,
    neutral_folder,
    precision,
    require_corpus,
    site_after_init,
    stable_sample,
)

SAMPLE_SEED = 20250201
SAMPLE_SIZE = 40


def keyed(reports: list[dict], root: Path, prefix: str) -> list[dict]:
    """Each report with its corpus key and the corpus file it was found in."""
    for report in reports:
        relative = Path(report["path"]).resolve().relative_to(root.resolve()).as_posix()
        report["key"] = f"{prefix}{relative}:{report['line']}:{report['column']}:{report['code']}"
        report["corpus_path"] = CORPUS / f"{prefix}{relative}"
    return reports


def reports_by_site(first_run: bool, extra: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    with neutral_folder() as cwd:
        found["seed"] = keyed(check_json(CORPUS / "seed", cwd, *extra), CORPUS, "")
    for site in REAL_SITES:
        if first_run:
            with neutral_folder() as cwd:
                reports = check_json(CORPUS / "real" / site, cwd, *extra)
            found[site] = keyed(reports, CORPUS / "real", "real/")
        else:
            with site_after_init(CORPUS / "real" / site) as copy:
                found[site] = keyed(check_json(copy, copy, *extra), copy.parent, "real/")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first-run", action="store_true", help="check the sites without init")
    parser.add_argument("--show", action="store_true", help="print the sampled reports")
    parser.add_argument("--unjudged", action="store_true", help="print only unjudged samples")
    parser.add_argument("--rule", help="only this rule's sample")
    parser.add_argument("--site", help="only this site's sample")
    parser.add_argument("--context", type=int, default=1, help="lines around each report")
    parser.add_argument("--json", type=Path, help="also write the per-site counts here")
    parser.add_argument(
        "--extend-select", help="also run these rules that are off by default (comma-separated)"
    )
    args = parser.parse_args()
    require_corpus()

    # The link rules' verdicts are kept in a book of their own.
    verdicts = load_verdicts("all_rules") | load_verdicts("links")
    fixed: dict[str, str] = json.loads((VERDICT_FOLDER / "all_rules_fixed.json").read_text())
    extra = ("--extend-select", args.extend_select) if args.extend_select else ()
    sites = reports_by_site(args.first_run, extra)
    samples: dict[tuple[str, str], list[dict]] = {}
    for site, reports in sites.items():
        by_rule: dict[str, list[dict]] = defaultdict(list)
        for report in reports:
            by_rule[report["rule"]].append(report)
        for rule, found in by_rule.items():
            samples[rule, site] = stable_sample(found, "key", SAMPLE_SEED, SAMPLE_SIZE)

    mode = "first run, no init" if args.first_run else "after lintnews init"
    total = sum(len(r) for r in sites.values())
    print(
        f"reports: {total} ({mode}), sample seed {SAMPLE_SEED}, {SAMPLE_SIZE} per rule and site\n"
    )
    header = f"{'rule':28} {'site':22} {'reports':>7} {'sampled':>7} {'judged':>6} {'TP':>4} {'prec.':>6}"
    print(header)
    print("-" * len(header))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    unjudged_total = 0
    false_positives: list[tuple[str, Verdict]] = []
    for rule in sorted({rule for rule, _ in samples}):
        pooled: list[Verdict] = []
        for site, reports in sites.items():
            if (rule, site) not in samples:
                continue
            sample = samples[rule, site]
            judged = [verdicts[r["key"]] for r in sample if r["key"] in verdicts]
            pooled += judged
            unjudged_total += len(sample) - len(judged)
            count = sum(1 for r in reports if r["rule"] == rule)
            counts[site][rule] = count
            print(
                f"{rule:28} {site:22} {count:7} {len(sample):7} {len(judged):6} "
                f"{sum(v.real for v in judged):4} {precision(judged):>6}"
            )
            false_positives += [
                (r["key"], verdicts[r["key"]])
                for r in sample
                if r["key"] in verdicts and not verdicts[r["key"]].real
            ]
        print(
            f"{rule:28} {'(all sampled)':22} {'':7} {'':7} {len(pooled):6} "
            f"{sum(v.real for v in pooled):4} {precision(pooled):>6}"
        )
    if false_positives:
        print("\nfalse positives in the sample:")
        for key, verdict in false_positives:
            print(f"  {key}: {verdict.why}")
    present = {r["key"] for reports in sites.values() for r in reports}
    for key in fixed:
        if key in present:
            print(f"  fixed false positive is back: {key}: {fixed[key]}")
    if unjudged_total:
        print(f"\nunjudged in the sample: {unjudged_total} (run with --unjudged to review)")
    if args.json:
        args.json.write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n")

    if args.show or args.unjudged:
        for (rule, site), sample in sorted(samples.items()):
            if args.rule and rule != args.rule or args.site and site != args.site:
                continue
            for report in sample:
                verdict = verdicts.get(report["key"])
                if args.unjudged and verdict is not None:
                    continue
                label = "unjudged" if verdict is None else ("TP" if verdict.real else "FP")
                note = f"  ({verdict.why})" if verdict else ""
                print(f"\n[{label}] {report['key']}: {report['message']} [{rule}]{note}")
                print(
                    context(
                        report["corpus_path"],
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
