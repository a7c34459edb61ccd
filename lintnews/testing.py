"""Fixture files for rule tests, for lintnews and for plugin authors.

A fixture file starts with a header naming the rules it tests and, optionally, TOML config
lines applied to every case; then cases of four ``.``-separated parts, as in markdown-it's
and mdformat's fixtures::

    # rules: heading-increment
    # config: site.renderer = "cjk-friendly"

    a skipped level
    .
    # Title
    ### Deep
    .
    2:1: LN301 heading level 3 follows level 1; expected level 2 [heading-increment]
    .

The expected part lists ``line:col: CODE message [rule]`` for the named rules only; an
empty part means the rules must report nothing. A case title may end with
``[path: content/post.md]`` to lint the input as that path.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic
from lintnews.run.engine import lint_document
from lintnews.site.config import build_config

_PATH_IN_TITLE = re.compile(r"\s*\[path:\s*(?P<path>[^\]]+)\]\s*$")


@dataclass
class FixtureCase:
    file: Path
    line: int  # where the case title is, for failure messages
    title: str
    source: str
    expected: list[str]
    rules: list[str]
    config: dict[str, Any] = field(default_factory=dict)
    path: str = "fixture.md"

    @property
    def id(self) -> str:
        return f"{self.file.stem}:{self.line}:{self.title}"


def read_fixtures(file: Path) -> list[FixtureCase]:
    text = file.read_text(encoding="utf-8")
    lines = text.split("\n")
    rules: list[str] = []
    config_lines: list[str] = []
    index = 0
    while index < len(lines) and (lines[index].startswith("#") or not lines[index].strip()):
        header = lines[index]
        if header.startswith("# rules:"):
            rules = header.removeprefix("# rules:").split()
        elif header.startswith("# config:"):
            config_lines.append(header.removeprefix("# config:").strip())
        index += 1
    if not rules:
        raise ValueError(f"{file}: the header must name the rules under test (# rules: ...)")
    config = tomllib.loads("\n".join(config_lines)) if config_lines else {}
    cases: list[FixtureCase] = []
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title_line = index + 1
        title = lines[index].strip()
        if index + 1 >= len(lines) or lines[index + 1] != ".":
            raise ValueError(f"{file}:{title_line}: expected '.' after the case title {title!r}")
        parts: list[list[str]] = [[], []]
        index += 2
        for part in parts:
            while index < len(lines) and lines[index] != ".":
                part.append(lines[index])
                index += 1
            if index >= len(lines):
                raise ValueError(f"{file}:{title_line}: case {title!r} is not closed with '.'")
            index += 1
        path = "fixture.md"
        match = _PATH_IN_TITLE.search(title)
        if match:
            path = match.group("path").strip()
            title = title[: match.start()]
        cases.append(
            FixtureCase(
                file=file,
                line=title_line,
                title=title,
                source="\n".join(parts[0]) + "\n",
                expected=[line for line in parts[1] if line.strip()],
                rules=rules,
                config=config,
                path=path,
            )
        )
    return cases


def run_case(case: FixtureCase) -> list[Diagnostic]:
    data = dict(case.config)
    data.setdefault("select", list(case.rules))
    config = build_config(data, label=f"{case.file.name} header")
    diagnostics = lint_document(Document(case.source, case.path), config)
    return [d for d in diagnostics if d.rule in case.rules]


def format_short(diagnostic: Diagnostic) -> str:
    return (
        f"{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
        f"{diagnostic.message} [{diagnostic.rule}]"
    )


def assert_case(case: FixtureCase) -> None:
    """Fail with a readable diff when the rules' output differs from the expectation."""
    actual = [format_short(d) for d in run_case(case)]
    if actual != case.expected:
        expected_text = "\n".join(case.expected) or "(nothing)"
        actual_text = "\n".join(actual) or "(nothing)"
        raise AssertionError(
            f"{case.file}:{case.line}: {case.title}\n--- expected\n{expected_text}\n"
            f"--- actual\n{actual_text}"
        )
