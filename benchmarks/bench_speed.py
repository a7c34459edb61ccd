"""Throughput, scaling, cache and start-up of lintnews against the parse floor and peers.

Not a test: a script that prints medians and ratios measured in one run, alternating the
commands so that machine noise hits all of them alike. Usage::

    python benchmarks/bench_speed.py                 # 1,000 generated files, 3 rounds
    python benchmarks/bench_speed.py --files 10000 --rounds 1 --memory
    python benchmarks/bench_speed.py --memory --instructions 100   # the figures in the README

The corpus is generated (deterministically) from the bundled ``examples/`` articles and,
when ``../shared/corpus`` is beside the repository, from the seed article too; the real
corpora in ``../shared/corpus/real`` are measured as they are. The *parse floor* is what any
tool built on markdown-it-py must pay: read each file, split the front matter with
python-frontmatter, parse the body with markdown-it-py (CommonMark), one process.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PYTHON = sys.executable

FLOOR = r"""
import sys, pathlib, frontmatter
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark")
n = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    if path.is_file():
        post = frontmatter.loads(path.read_text(encoding="utf-8", errors="replace"))
        md.parse(post.content)
        n += 1
print(n)
"""


#: What the design card makes any run do before lintnews's own code: use each fixed part
#: once (a pydantic model validates the front matter, PyYAML reads it, markdown-it parses
#: the body, entry points name the rules). The start-up target is measured against it too.
FIXED_PARTS = r"""
import sys
from importlib.metadata import entry_points
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel
class FrontMatter(BaseModel):
    title: str
    date: object = None
rules = list(entry_points(group="lintnews.rules"))
text = open(sys.argv[1], encoding="utf-8").read()
_, head, body = text.split("---", 2)
FrontMatter.model_validate(yaml.load(head, Loader=yaml.CSafeLoader))
MarkdownIt("commonmark").parse(body)
"""


def sources() -> list[str]:
    texts = []
    for path in sorted((REPO / "examples").rglob("*.md")):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue  # the example of a GBK file

    seed = SHARED / "corpus" / "seed" / "altman-deepseek-o3-mini.md"
    if seed.is_file():
        texts.append(seed.read_text(encoding="utf-8"))
    return texts


def generate(folder: Path, count: int, target_bytes: int = 10_000) -> None:
    """Seed-like articles: shuffled paragraphs of the sources, varied titles and dates."""
    rng = random.Random(20261129)
    paragraphs: list[str] = []
    for text in sources():
        body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
        paragraphs.extend(p for p in body.split("\n\n") if p.strip())
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        chosen: list[str] = []
        size = 0
        while size < target_bytes:
            paragraph = rng.choice(paragraphs)
            chosen.append(paragraph)
            size += len(paragraph.encode())
        day = 1 + index % 28
        front = (
            f'---\ntitle: "新闻 {index}：第{rng.randint(1, 99)}期"\n'
            f'date: "2025-02-{day:02d} 10:{index % 60:02d}:00"\n'
            f"tags:\n  - 新闻\n  - t{index % 7}\n---\n\n"
        )
        sub = folder / f"d{index // 500:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{index:05d}.md").write_text(front + "\n\n".join(chosen) + "\n", "utf-8")


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, of the children) of one command."""
    before = _children_maxrss()
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    elapsed = time.perf_counter() - start
    return elapsed, max(_children_maxrss(), before)


def _children_maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def lintnews(*args: str) -> list[str]:
    return [PYTHON, "-m", "lintnews", "check", "--exit-zero", "--format", "json", *args]


def measure(commands: dict[str, tuple[list[str], object]], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, prepare) in commands.items():
            if callable(prepare):
                prepare()
            times[name].append(timed(command)[0])
    return times


def report(title: str, files: int, times: dict[str, list[float]], base: str) -> dict[str, float]:
    print(f"\n## {title} ({files} files)")
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'command':<34}{'median s':>10}{'files/s':>10}{'× ' + base:>14}")
    for name, median in medians.items():
        rate = files / median if median else float("inf")
        ratio = (medians[base] / median) if median else float("inf")
        print(f"{name:<34}{median:>10.2f}{rate:>10.0f}{ratio:>14.2f}")
    return medians


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.md") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory", action="store_true", help="peak memory, 1,000 vs 10,000 files")
    parser.add_argument("--startup-rounds", type=int, default=15)
    parser.add_argument(
        "--instructions",
        type=int,
        metavar="N",
        default=0,
        help="also count instructions (valgrind) of the floor and lintnews on N files",
    )
    args = parser.parse_args()

    # What pip does when it installs a wheel; without it, a machine that sets
    # PYTHONDONTWRITEBYTECODE compiles every module of lintnews again in every run.
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(REPO / "lintnews"), str(REPO / "rules")],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    work = Path(tempfile.mkdtemp(prefix="lintnews-bench-"))
    try:
        corpus = work / "generated"
        generate(corpus, args.files)
        (work / "lintnews.toml").write_text("", encoding="utf-8")  # keep the cache in `work`
        cache = work / ".lintnews_cache"

        def clear_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        files = count_files(corpus)
        commands: dict[str, tuple[list[str], object]] = {
            "parse floor (1 process)": ([PYTHON, "-c", FLOOR, str(corpus)], None),
            "lintnews -j1 cold": (lintnews("-j1", str(corpus)), clear_cache),
            f"lintnews -j{args.jobs} cold": (lintnews(f"-j{args.jobs}", str(corpus)), clear_cache),
            "lintnews -j1 warm cache": (lintnews("-j1", str(corpus)), None),
        }
        for peer, command in peers(corpus).items():
            commands[peer] = (command, None)
        # one untimed warm-up fills the cache for the "warm" command and the OS page cache
        timed(lintnews("-j1", str(corpus)))
        medians = report(
            "Throughput, generated seed-like articles",
            files,
            measure(commands, args.rounds),
            "parse floor (1 process)",
        )
        cold1 = medians["lintnews -j1 cold"]
        print(
            f"\ncold -j1 vs parse floor: {medians['parse floor (1 process)'] / cold1:.2f}× the floor's files/s (target ≥ 0.75)"
        )
        print(
            f"-j{args.jobs} vs -j1: {cold1 / medians[f'lintnews -j{args.jobs} cold']:.2f}× (target ≥ 1.7 on 1,000+ files)"
        )
        print(
            f"warm vs cold: {cold1 / medians['lintnews -j1 warm cache']:.1f}× faster (target ≥ 20)"
        )
        if "markdownlint-cli2" in medians:
            peer = medians["markdownlint-cli2"]
            coldn = medians[f"lintnews -j{args.jobs} cold"]
            print(
                f"vs markdownlint-cli2: -j1 {peer / cold1:.2f}×, -j{args.jobs} (the default here) "
                f"{peer / coldn:.2f}× its files/s (target ≥ 2)"
            )

        real = SHARED / "corpus" / "real"
        if real.is_dir():
            for site in sorted(p for p in real.iterdir() if p.is_dir()):
                site_commands = {
                    "parse floor (1 process)": ([PYTHON, "-c", FLOOR, str(site)], None),
                    "lintnews -j1 --no-cache": (lintnews("-j1", "--no-cache", str(site)), None),
                    f"lintnews -j{args.jobs} --no-cache": (
                        lintnews(f"-j{args.jobs}", "--no-cache", str(site)),
                        None,
                    ),
                }
                report(
                    f"Real site {site.name}",
                    count_files(site),
                    measure(site_commands, max(1, args.rounds - 1)),
                    "parse floor (1 process)",
                )

        startup(corpus, args.startup_rounds)
        if args.instructions and shutil.which("valgrind"):
            instructions(corpus, work, args.instructions)
        if args.memory:
            memory(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def peers(corpus: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if shutil.which("markdownlint-cli2"):
        found["markdownlint-cli2"] = ["markdownlint-cli2", f"{corpus}/**/*.md"]
    if shutil.which("pymarkdown"):
        found["pymarkdown scan"] = ["pymarkdown", "scan", "-r", str(corpus)]
    return found


def startup(corpus: Path, rounds: int) -> None:
    """One file from a cold process: the seed article when it is there (the start-up
    target is stated for it), copied beside the corpus so that its cache stays there, else
    the first generated one."""
    seed = SHARED / "corpus" / "seed" / "altman-deepseek-o3-mini.md"
    one = corpus.parent / seed.name
    if seed.is_file():
        shutil.copy(seed, one)
    else:
        one = next(iter(sorted(corpus.rglob("*.md"))))
    floor = 'python -c "import markdown_it, pydantic"'
    commands = {
        "python -c pass": ([PYTHON, "-c", "pass"], None),
        floor: ([PYTHON, "-c", "import markdown_it, pydantic"], None),
        "fixed parts used once (FIXED_PARTS)": ([PYTHON, "-c", FIXED_PARTS, str(one)], None),
        "lintnews check ONE_FILE --no-cache": (lintnews("--no-cache", str(one)), None),
        "lintnews check ONE_FILE, cached": (lintnews(str(one)), None),
    }
    peer = "markdownlint-cli2 ONE_FILE"
    if shutil.which("markdownlint-cli2"):
        commands[peer] = (["markdownlint-cli2", str(one)], None)
    timed(lintnews(str(one)))  # fills the cache for the cached run
    times = measure(commands, rounds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print("\n## Start-up, one file from a cold process (the pre-commit case)")
    for name, median in medians.items():
        print(f"{name:<44}{median * 1000:>8.0f} ms  {median / medians[floor]:5.2f}× the floor")
    cold = medians["lintnews check ONE_FILE --no-cache"]
    print(f"lintnews one file / import floor: {cold / medians[floor]:.2f}")
    if peer in medians:
        # The runs alternate, so the ratio of the two medians compares the same machine.
        print(
            f"lintnews one file / markdownlint-cli2 one file: {cold / medians[peer]:.2f} (target ≤ 0.8)"
        )


def instructions(corpus: Path, work: Path, count: int) -> None:
    """Instructions (valgrind's callgrind) of the floor and of a cold one-process run on
    ``count`` generated files, and of both on no file: counts do not change with the
    machine's load, where seconds on a shared machine vary by ±20%."""
    subset = work / "subset"
    empty = work / "empty"
    subset.mkdir()
    empty.mkdir()
    for path in sorted(corpus.rglob("*.md"))[:count]:
        shutil.copy(path, subset / path.name)
    runs = {
        "floor": lambda folder: [PYTHON, "-c", FLOOR, str(folder)],
        "lintnews -j1 --no-cache": lambda folder: lintnews("-j1", "--no-cache", str(folder)),
    }
    counted: dict[tuple[str, str], int] = {}
    for name, command in runs.items():
        for label, folder in (("files", subset), ("none", empty)):
            result = subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--callgrind-out-file=/dev/null",
                    *command(folder),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
            found = [line for line in result.stderr.splitlines() if "Collected" in line]
            counted[name, label] = int(found[-1].split()[-1]) if found else 0
    print(f"\n## Instructions (callgrind), {count} generated files")
    for (name, label), value in counted.items():
        print(f"{name:<28}{'on ' + label + ':':<11}{value / 1e6:>10,.0f} M")
    per_file = {name: (counted[name, "files"] - counted[name, "none"]) / count for name in runs}
    floor, ours = per_file["floor"], per_file["lintnews -j1 --no-cache"]
    print(
        f"per file: floor {floor / 1e6:.1f} M, lintnews {ours / 1e6:.1f} M: "
        f"lintnews at {floor / ours:.2f}× the floor's files per instruction"
    )
    if counted["floor", "files"] and counted["lintnews -j1 --no-cache", "files"]:
        whole = counted["floor", "files"] / counted["lintnews -j1 --no-cache", "files"]
        print(f"whole runs, start-up included: {whole:.2f}×")


def memory(work: Path) -> None:
    print("\n## Peak memory (one process, --no-cache)")
    peaks = {}
    for count in (1000, 10000):
        folder = work / f"mem-{count}"
        generate(folder, count)
        script = (
            "import resource, sys\nfrom lintnews.cli import main\n"
            f"main(['check', '--exit-zero', '--no-cache', '-j1', '--format', 'json', '--output', '/dev/null', {str(folder)!r}])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        out = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, check=False)
        peaks[count] = int(out.stdout.strip().splitlines()[-1])
        print(f"{count:>6} files: {peaks[count] / 1024:.1f} MiB")
        shutil.rmtree(folder, ignore_errors=True)
    print(f"10,000 / 1,000: {peaks[10000] / peaks[1000]:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    raise SystemExit(main())
