"""Coverage-guided fuzzing of the document reader and every rule (atheris / libFuzzer).

Each input is a file's bytes: decoded, split into front matter and body, parsed, and
checked by every installed rule offline. A finding is never a failure; an exception out
of the reader, an ``internal-error`` diagnostic (a rule crashed) or a position outside the
file is.

Run it (atheris installs from a wheel for CPython 3.11 on x86-64 Linux, no clang needed)::

    .venv/bin/pip install atheris
    mkdir -p /tmp/fuzz-corpus && cp tests/fixtures/*.md /tmp/fuzz-corpus/
    .venv/bin/python fuzz/fuzz_document.py /tmp/fuzz-corpus -max_total_time=600 -max_len=4096

libFuzzer options go after the corpus folder (``-jobs=4``, ``-dict=...``); a crash is
saved as ``crash-<sha1>`` and replayed with ``fuzz/fuzz_document.py crash-<sha1>``.

Without atheris the same entry point replays files and folders in plain Python::

    .venv/bin/python fuzz/fuzz_document.py tests/fixtures /tmp/fuzz-corpus
"""

from __future__ import annotations

import sys
from pathlib import Path

from lintnews.run.engine import document_from_bytes, lint_document
from lintnews.site.config import build_config

_CONFIG = None


def _config():
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = build_config({"select": ["ALL"], "network": {"enabled": False}})
    return _CONFIG


def test_one_input(data: bytes) -> None:
    """The fuzz target: raise on anything that would be a crash or a wrong position."""
    doc = document_from_bytes(data, "fuzz.md")
    diagnostics = lint_document(doc, _config())
    for d in diagnostics:
        if d.rule == "internal-error":
            raise AssertionError(d.message)
        line_count = doc.index.line_count
        if not (1 <= d.line <= d.end_line <= line_count):
            raise AssertionError(f"line outside the file: {d}")
        if not 1 <= d.column <= len(doc.index.line_text(d.line)) + 1:
            raise AssertionError(f"column outside its line: {d}")
        if (d.end_line, d.end_column) <= (d.line, d.column):
            raise AssertionError(f"end before start: {d}")


def replay(paths: list[str]) -> int:
    """Run the target on every file under ``paths``; returns how many inputs ran."""
    count = 0
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            test_one_input(file.read_bytes())
            count += 1
    return count


def main(argv: list[str]) -> None:
    try:
        import atheris
    except ImportError:
        print(f"atheris is not installed: replaying {replay(argv[1:])} inputs without fuzzing")
        return
    _config()  # rules are loaded once, before coverage is collected
    atheris.instrument_all()
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
