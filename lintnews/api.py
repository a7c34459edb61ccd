"""The library entry points: lint a string, a set of paths or a python-frontmatter Post."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic
from lintnews.run.engine import lint_document
from lintnews.run.runner import RunResult
from lintnews.run.runner import lint_paths as _lint_paths
from lintnews.site.config import Config, build_config, load_config

if TYPE_CHECKING:
    import frontmatter


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
    return lint_document(Document(text, path), _text_config(config))


def _text_config(config: Config | Mapping[str, Any] | None) -> Config:
    """Text has no place on disk to find a config file from: no config means the defaults."""
    return _as_config(config, Path.cwd()) if config is not None else build_config({})


def lint_paths(
    paths: Iterable[str | Path], config: Config | Mapping[str, Any] | None = None
) -> RunResult:
    """Check files and directories; ``config`` is found from the first path when not given."""
    names = [str(p) for p in paths]
    first = Path(names[0]) if names else Path.cwd()
    return _lint_paths(names, _as_config(config, first))


def post_text(post: frontmatter.Post) -> str:
    """The text :func:`check_post` lints for ``post``: what its diagnostics' positions refer to.

    A Post holds parsed metadata and content, not the text it was read from, so the text
    is python-frontmatter's own serialisation, ``frontmatter.dumps(post)``: the Post's
    handler writes the YAML, TOML or JSON block. A Post without metadata is its content
    alone, as a file without front matter would be (python-frontmatter also leaves front
    matter it has no handler for, such as TOML without the ``toml`` package, in the
    content, where lintnews reads it).
    """
    if not post.metadata:
        return post.content
    import frontmatter

    return frontmatter.dumps(post)


def check_post(
    post: frontmatter.Post,
    *,
    path: str = "<post>",
    config: Config | Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """Diagnostics for a python-frontmatter ``Post`` as if it were the file ``path``.

    Nothing is written: pipelines built on python-frontmatter lint a post in memory. Lines
    and columns refer to :func:`post_text` of the Post. ``config`` is as for
    :func:`lint_text`. What a Post no longer holds (duplicate keys, quoting, comments)
    is not found: lint the file for that.
    """
    return lint_text(post_text(post), path=path, config=config)


def fix_post(
    post: frontmatter.Post,
    *,
    path: str = "<post>",
    config: Config | Mapping[str, Any] | None = None,
    unsafe: bool = False,
) -> tuple[frontmatter.Post, list[Diagnostic]]:
    """``post`` with every fix applied, as ``check --fix`` would, and what remains.

    The fixes are applied to :func:`post_text` of the Post, and the fixed text is read back
    with ``frontmatter.loads`` into a new Post with the same handler; the remaining
    diagnostics are :func:`check_post`'s for that new Post. With nothing to fix, ``post``
    itself is returned. ``unsafe`` also applies the fixes ``--unsafe-fixes`` would.
    """
    import frontmatter
    from frontmatter.default_handlers import YAMLHandler

    from lintnews.run.fixes import DEFAULT_MAX_ROUNDS, FixResult, _fix_until_stable

    effective = _text_config(config)
    text = post_text(post)
    document = Document(text, path)
    diagnostics = lint_document(document, effective)
    progress = FixResult(path=Path(path), display=path)
    fixed_text = _fix_until_stable(
        document, diagnostics, effective, unsafe, DEFAULT_MAX_ROUNDS, progress
    )
    if fixed_text == text:
        return post, diagnostics
    # frontmatter.dumps writes with YAMLHandler when the Post has none.
    writer = post.handler or YAMLHandler()
    if post.metadata and writer.detect(fixed_text):
        fixed = frontmatter.loads(fixed_text, handler=writer)
        fixed.handler = post.handler
    else:
        # Given a handler, python-frontmatter splits at its delimiter wherever it occurs (a
        # body's "---" rules would be taken for front matter): let it recognise what is there.
        fixed = frontmatter.loads(fixed_text)
        if not fixed.metadata:
            fixed.handler = post.handler
    return fixed, check_post(fixed, path=path, config=effective)
