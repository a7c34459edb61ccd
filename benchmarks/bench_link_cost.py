"""Benchmark: what the offline link rules add to a whole-site run.

Runs ``lintnews check`` on a copy of a real site, the link rules on (``link-url-syntax``,
``link-reference-undefined``, ``link-anchor-missing`` and ``link-missing-target``, which is
off by default) against the same command with them ignored, alternating the two so that
machine noise hits both alike, and prints each command's median CPU and wall seconds and
the median (min–max) of the per-pair ratios. Both run without the result cache, so every
rule checks every file. Usage::

    .venv/bin/python benchmarks/bench_link_cost.py                 # k8s, 7 pairs, 2 jobs
    .venv/bin/python benchmarks/bench_link_cost.py --site PATH --pairs 11 --jobs 1

The default site is ``../shared/corpus/real/k8s-website-zh-cn`` (1,103 pages, thousands of
internal links, anchors and ``ref`` calls). Exits 1 when the median CPU ratio is above
``--limit`` (1.15: the link rules may cost at most 15% more).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SITE = REPO.parent / "shared" / "corpus" / "real" / "k8s-website-zh-cn"
LINK_RULES = "LN501,LN502,LN503,LN504"


def _timed(command: list[str]) -> tuple[float, float]:
    """CPU seconds (the process and its workers) and wall seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=float, default=1.15)
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"no site at {args.site}: give one with --site", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        shutil.copytree(args.site, site)  # a writable copy, as a checkout is
        base = [sys.executable, "-m", "lintnews", "check", "--no-cache", "--exit-zero", "-q"]
        base += ["-j", str(args.jobs), "--extend-select", "LN504"]
        with_links = [*base, str(site)]
        without = [*base, "--ignore", LINK_RULES, str(site)]
        _timed(with_links)  # warm-up: the page cache and the interpreter's compiled files
        _timed(without)
        runs: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
        for pair in range(args.pairs):
            order = [("with", with_links), ("without", without)]
            for name, command in order if pair % 2 == 0 else reversed(order):
                runs[name].append(_timed(command))
    pages = sum(1 for path in args.site.rglob("*.md") if path.is_file())
    print(f"{args.site.name}: {pages} Markdown files, {args.pairs} pairs, -j {args.jobs}")
    for name in ("with", "without"):
        cpu = [c for c, _ in runs[name]]
        wall = [w for _, w in runs[name]]
        print(f"{name} the link rules: CPU {_spread(cpu)} s, wall {_spread(wall)} s")
    cpu_ratios = [a[0] / b[0] for a, b in zip(runs["with"], runs["without"], strict=True)]
    wall_ratios = [a[1] / b[1] for a, b in zip(runs["with"], runs["without"], strict=True)]
    print(f"with/without, CPU: {_spread(cpu_ratios)}; wall: {_spread(wall_ratios)}")
    passed = statistics.median(cpu_ratios) <= args.limit
    print("PASS" if passed else f"FAIL: above {args.limit}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
