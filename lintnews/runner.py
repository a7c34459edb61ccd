"""Finding the files to check and checking them.

Directories are walked recursively for the configured file patterns, skipping ``.git``,
``node_modules`` and configured excludes; files named explicitly are always checked
(pre-commit passes file lists). One bad file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lintnews.config import ALWAYS_EXCLUDED, Config
from lintnews.diagnostics import Diagnostic
from lintnews.engine import file_error, lint_document, read_document


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0


def discover(paths: Iterable[str], config: Config) -> Iterator[tuple[Path, str]]:
    """``(path, display name)`` of every file to check, each once, in a stable order."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path, config):
                key = _identity(found)
                if key not in seen:
                    seen.add(key)
                    yield found, _display(found)
        else:
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                yield path, raw


def _walk(root: Path, config: Config) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        folder_path = Path(folder)
        try:
            stat = folder_path.stat()
        except OSError:
            dirnames[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in visited:  # a symlink loop
            dirnames[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in ALWAYS_EXCLUDED and not config.is_excluded(folder_path / d)
        )
        for name in sorted(filenames):
            candidate = folder_path / name
            if config.is_included(candidate) and not config.is_excluded(candidate):
                yield candidate


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _display(path: Path) -> str:
    text = str(path)
    return text[2:] if text.startswith("./") else text


def lint_file(path: Path, display: str, config: Config) -> list[Diagnostic]:
    """Diagnostics for one file; unreadable files give one ``file-unreadable`` diagnostic."""
    try:
        doc = read_document(path, display)
    except IsADirectoryError:
        return [file_error(display, "is a directory, not a file")]
    except FileNotFoundError:
        return [file_error(display, "no such file (it may have been removed during the run)")]
    except PermissionError:
        return [file_error(display, "cannot be read: permission denied")]
    except OSError as exc:
        return [file_error(display, f"cannot be read: {exc.strerror or exc}")]
    return lint_document(doc, config)


def lint_paths(paths: Iterable[str], config: Config) -> RunResult:
    """Check every file under ``paths``."""
    files = list(discover(paths, config))
    result = RunResult(files=len(files))
    _prefetch(files, config)
    for path, display in files:
        result.diagnostics.extend(lint_file(path, display, config))
    return result


def _prefetch(files: list[tuple[Path, str]], config: Config) -> None:
    """Give rules that need resources (e.g. remote images) all of them at once."""
    fetching = [rule for rule in config.rules if rule.needs_prefetch()]
    if not fetching:
        return
    wanted: dict[int, set[str]] = {id(rule): set() for rule in fetching}
    for path, display in files:
        try:
            doc = read_document(path, display)
        except OSError:
            continue
        for rule in config.rules_for(display):
            if id(rule) in wanted:
                try:
                    wanted[id(rule)].update(rule.resources(doc))
                except Exception:
                    continue  # the check pass reports the crash as internal-error
    for rule in fetching:
        rule.prefetch(wanted[id(rule)])
