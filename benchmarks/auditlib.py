"""What the precision audits share: the corpus, running lintnews as a user would, stable
samples, judged verdicts kept as JSON beside the scripts, and showing a report in context.

A verdict is a human judgement of one sampled report, made by opening the file at the
reported line (and, for rendering claims, rendering the paragraph with markdown-it):
``real`` is true when the defect is real as the message says *and* the position points at
the exact characters; ``why`` says what the report is. Verdicts live in
``benchmarks/verdicts/NAME.json``, keyed by ``corpus-relative path:line:column[:code]``, so a
rule change that moves or drops a report shows up as an unjudged sample, not as a stale
judgement.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REAL_SITES = ("hugodocs-en", "k8s-website-zh-cn", "rust-blog", "servicemesher-website")
LINTNEWS = Path(sys.executable).with_name("lintnews")
VERDICT_FOLDER = Path(__file__).resolve().parent / "verdicts"


@dataclass(frozen=True)
class Verdict:
    real: bool
    why: str


def load_verdicts(name: str) -> dict[str, Verdict]:
    """The judged reports of one audit (an empty book when none is written yet)."""
    path = VERDICT_FOLDER / f"{name}.json"
    if not path.exists():
        return {}
    return {key: Verdict(**value) for key, value in json.loads(path.read_text("utf-8")).items()}


def require_corpus() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}: the audits need ../shared/corpus beside the checkout")


def lintnews(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINTNEWS), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def check_json(folder: Path, cwd: Path, *extra: str) -> list[dict]:
    """``lintnews check --offline --no-cache --format json`` on a folder, as a user runs it
    (with ``extra`` options, e.g. ``--extend-select`` for a rule that is off by default)."""
    completed = lintnews(
        "check",
        "--offline",
        "--no-cache",
        "--exit-zero",
        "--format",
        "json",
        *extra,
        str(folder),
        cwd=cwd,
    )
    if completed.returncode != 0:
        sys.exit(f"lintnews failed on {folder} ({completed.returncode}):\n{completed.stderr}")
    return json.loads(completed.stdout)


@contextmanager
def neutral_folder() -> Iterator[Path]:
    """A working folder with no lintnews config of this repository above it."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@contextmanager
def site_after_init(site: Path) -> Iterator[Path]:
    """A copy of a site on which ``lintnews init`` has written its config."""
    with neutral_folder() as scratch:
        copy = scratch / site.name
        shutil.copytree(site, copy, symlinks=True)
        completed = lintnews("init", cwd=copy)
        if completed.returncode != 0:
            sys.exit(
                f"lintnews init failed on {site} ({completed.returncode}):\n{completed.stderr}"
            )
        yield copy


def corpus_key(path: Path | str, line: int, column: int, code: str = "", *, root: Path) -> str:
    """``corpus-relative path:line:column[:code]``; ``root`` stands where the corpus path
    ``real/<site>`` or ``seed`` starts (a copy of a site is keyed like the original)."""
    relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
    return f"{relative}:{line}:{column}" + (f":{code}" if code else "")


def stable_sample(items: Iterable[dict], key: str, seed: int, size: int) -> list[dict]:
    """The ``size`` items of lowest fixed pseudo-random rank, in key order.

    Ranking each item on its own (not ``random.sample`` over the list) keeps the sample
    stable when a rule change removes other reports: the judged ones stay in it.
    """

    def rank(item: dict) -> str:
        return hashlib.sha256(f"{seed}:{item[key]}".encode()).hexdigest()

    return sorted(sorted(items, key=rank)[:size], key=lambda item: item[key])


def context(path: Path, line: int, column: int, end_line: int, end_column: int, around: int) -> str:
    """The reported line with the reported characters in ⟦ ⟧, and lines around it."""
    lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    shown = []
    for n in range(max(1, line - around), min(len(lines), line + around) + 1):
        text = lines[n - 1]
        if n == line:
            start = column - 1
            end = end_column - 1 if end_line == line else len(text)
            text = f"{text[:start]}⟦{text[start:end]}⟧{text[end:]}"
        shown.append(f"    {'>' if n == line else ' '}{n:5} | {text}")
    return "\n".join(shown)


def precision(verdicts: list[Verdict]) -> str:
    if not verdicts:
        return "-"
    return f"{sum(v.real for v in verdicts) / len(verdicts):.0%}"
