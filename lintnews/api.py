"""The library entry points: lint a string or a set of paths."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lintnews.config import Config, build_config, load_config
from lintnews.diagnostics import Diagnostic
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.runner import RunResult
from lintnews.runner import lint_paths as _lint_paths


def _as_config(config: Config | Mapping[str, Any] | None, start: Path | None) -> Config:
    if isinstance(config, Config):
        return config
    if config is None:
        return load_config(start=start)
    return build_config(config, label="config", root=start)


def lint_text(
    text: str, path: str = "<text>", config: Config | Mapping[str, Any] | None = None
) -> list[Diagnostic]:
    """Diagnostics for Markdown ``text`` as if it were the file ``path``.

    ``config`` is a :class:`Config`, a mapping shaped like the TOML config
    (``{"select": [...], "rules": {...}, "site": {...}}``), or ``None`` for the defaults.
    The text is given without a byte-order mark.
    """
    effective = _as_config(config, Path.cwd()) if config is not None else build_config({})
    return lint_document(Document(text, path), effective)


def lint_paths(
    paths: Iterable[str | Path], config: Config | Mapping[str, Any] | None = None
) -> RunResult:
    """Check files and directories; ``config`` is found from the first path when not given."""
    names = [str(p) for p in paths]
    first = Path(names[0]) if names else Path.cwd()
    return _lint_paths(names, _as_config(config, first))
