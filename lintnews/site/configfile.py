"""The config file and file selection, without validation: what a run needs before the
rules load.

Finding ``lintnews.toml`` (or ``.lintnews.toml``, or ``[tool.lintnews]`` in
``pyproject.toml``), reading it as TOML, merging the command line into it, and the
include/exclude patterns. A run served from the result cache needs no more than this, so
nothing here imports pydantic or a rule; :mod:`lintnews.site.config` validates the rest.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintnews.common.messages import MessageError
from lintnews.common.messages import message as msg

CONFIG_FILES = ("lintnews.toml", ".lintnews.toml", "pyproject.toml")
#: A repository's own documents, not articles: a walk skips them, and named explicitly
#: they get only the rules for plain Markdown. Upper case, as repositories name them
#: (a site's ``content/about/license.md`` page is an article).
META_FILE_PATTERNS = (
    "README*",
    "CHANGELOG*",
    "CONTRIBUTING*",
    "LICENSE*",
    "CODE_OF_CONDUCT*",
    "SECURITY*",
)
DEFAULT_INCLUDE = ("*.md", "*.markdown")
#: Files larger than this are reported, not checked: the largest of 3,000 real articles is
#: 280 kB, and a hostile 50 MB "article" would take minutes and gigabytes.
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
#: Seconds one file may take to parse and check (``file-time-budget``); the slowest real
#: article takes well under 1 s. A checked tree's config may lower it, never raise it.
DEFAULT_FILE_TIME_BUDGET = 10.0
#: The folder of a run's caches, beside its config (see :func:`cache_folder`).
CACHE_DIR_NAME = ".lintnews_cache"
ALWAYS_EXCLUDED = (".git", "node_modules", CACHE_DIR_NAME, ".hg", ".svn", ".venv")
#: What a walk of a folder skips unless an ``include`` pattern names it (README "What a
#: run checks"), in ``.gitignore`` syntax, anywhere: vendored modules, hidden files and
#: folders (``.github``...) and the meta files of a repository, which are not articles.
DEFAULT_SKIPPED = ("_vendor/", "node_modules/", ".*", *META_FILE_PATTERNS)
#: Skipped at a Hugo site's root as well (they matter when the content folder is the root
#: itself): build output, generated resources, themes.
SITE_SKIPPED = ("/public/", "/resources/_gen/", "/themes/")


class ConfigError(MessageError):
    """A configuration mistake; the message names the file and the key."""


def merged_settings(
    data: Mapping[str, Any], overrides: Mapping[str, Any] | None, online: bool | None
) -> dict[str, Any]:
    """The file's settings with the command line's on top: ``overrides`` replace top-level
    keys (``select``, ``ignore``, ...) and the keys of a table they give (the environment's
    ``[network]`` keys), ``online`` (``--online``/``--offline``) replaces
    ``[network] enabled``."""
    merged = laid_over(data, {k: v for k, v in (overrides or {}).items() if v is not None})
    if online is not None:
        network = merged.get("network")
        merged["network"] = {**(network if isinstance(network, dict) else {}), "enabled": online}
    return merged


def laid_over(below: Mapping[str, Any], above: Mapping[str, Any]) -> dict[str, Any]:
    """``below``'s settings with ``above``'s on top: a key ``above`` sets wins, and where
    both give a table (``[network]``, ``[rules]``, ``[rules.NAME]``...), its keys are laid
    over one by one."""
    merged = dict(below)
    for key, value in above.items():
        under = merged.get(key)
        both_tables = isinstance(value, Mapping) and isinstance(under, Mapping)
        merged[key] = laid_over(under, value) if both_tables else value
    return merged


def config_root(path: Path | None, start: Path | None) -> Path:
    """The folder relative patterns are taken from: the config file's, else the start's."""
    root = path.parent.resolve() if path is not None else (start or Path.cwd()).resolve()
    return root.parent if root.is_file() else root


def cache_home(config_path: Path | None, root: Path) -> Path:
    """The folder the run's ``.lintnews_cache`` goes in: the config file's, else the top
    level of the repository ``root`` is in (the nearest folder with a ``.git``), else the
    current folder; never a content folder merely because it was the path checked."""
    if config_path is not None:
        return config_path.parent
    absolute = Path(os.path.abspath(root))
    for folder in (absolute, *absolute.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return Path.cwd()


def cache_folder(chosen: Any, config_path: Path | None, root: Path) -> Path | None:
    """The folder of the run's caches (results and URLs): ``chosen`` (the ``cache-dir``
    setting, an absolute path or ``~/...``; only the user may set it), else
    ``.lintnews_cache`` in :func:`cache_home`. None when ``chosen`` is no such path (the
    config's validation says why)."""
    if chosen is None:
        return cache_home(config_path, root) / CACHE_DIR_NAME
    if not isinstance(chosen, str | Path):
        return None
    expanded = Path(os.path.expanduser(chosen))
    return expanded if expanded.is_absolute() else None


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``, no further up than the repository's
    root (the nearest folder with ``.git``): a folder above it is not the tree's, and may
    be anyone's."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
        if os.path.lexists(candidate_folder / ".git"):
            return None
    return None


def _has_tool_section(pyproject: Path) -> bool:
    import tomllib  # here, not at the top: runs without a config file never parse TOML

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "lintnews" in data["tool"]


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        from lintnews.common.text import read_failure

        raise ConfigError(
            msg("{path}: cannot read the config file: {exc}", path=str(path), exc=read_failure(exc))
        ) from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            msg("{path}: not valid TOML: {exc}", path=str(path), exc=str(exc))
        ) from None
    except ValueError as exc:
        from lintnews.common.numbers import is_too_long_number, too_long_number_message

        if not is_too_long_number(exc):
            raise
        raise ConfigError(
            msg(
                "{path}: cannot be read: {reason}", path=str(path), reason=too_long_number_message()
            )
        ) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("lintnews", {})
        if not isinstance(data, dict):
            raise ConfigError(msg("{path}: [tool.lintnews] must be a table", path=str(path)))
    return data


def main_site_root(start: Path) -> Path | None:
    """The Hugo site whose settings the run starts from: the nearest above ``start``."""
    from lintnews.site.hugo import find_site_root

    try:
        return find_site_root(start)
    except OSError:
        return None


class FileSelection:
    """Which files a run checks: ``include`` and ``exclude`` patterns taken from ``root``."""

    root: Path
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        relative = _relative_posix(str(path), self.root)
        return any(path_matches(relative, pattern) for pattern in self.exclude)

    def is_included(self, path: Path) -> bool:
        if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in self.include):
            return True
        relative = _relative_posix(str(path), self.root)
        return any(path_matches(relative, pattern) for pattern in self.include)

    def names(self, path: Path, is_folder: bool) -> bool:
        """Whether an ``include`` pattern of the user's own (not the default ``*.md``)
        names this file, or may name something inside this folder: what a walk then
        checks although it skips such files or folders by default."""
        own = [p for p in self.include if p not in DEFAULT_INCLUDE]
        if not own:
            return False
        relative = _relative_posix(str(path), self.root)
        if not is_folder:
            return any(fnmatch.fnmatchcase(path.name, p) or path_matches(relative, p) for p in own)
        segments = relative.split("/")
        for pattern in own:
            parts = pattern.removeprefix("./").strip("/").split("/")
            if len(parts) < 2:
                continue  # a file-name pattern names no folder
            for segment, part in zip(segments, parts, strict=False):
                if part == "**":
                    return True
                if not fnmatch.fnmatchcase(segment, part):
                    break
            else:
                if len(parts) > len(segments):
                    return True
        return False


@dataclass
class Selection(FileSelection):
    """A file selection read from an unvalidated config (see :func:`selection_of`)."""

    root: Path
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE


def selection_of(settings: Mapping[str, Any], root: Path) -> Selection | None:
    """The selection ``settings`` describe, or None when a value is not what the config
    schema accepts (validation will say why)."""

    def patterns(key: str, default: tuple[str, ...]) -> tuple[str, ...] | None:
        value = settings.get(key, default)
        if not isinstance(value, list | tuple):
            return None
        if not all(isinstance(p, str) and p.strip() for p in value):
            return None
        return tuple(value)

    include = patterns("include", DEFAULT_INCLUDE)
    exclude = patterns("exclude", ())
    size = settings.get("max-file-size", settings.get("max_file_size", DEFAULT_MAX_FILE_SIZE))
    if include is None or exclude is None or type(size) is not int or size < 0:
        return None
    return Selection(root, include, exclude, size)


def path_matches(relative: str, pattern: str) -> bool:
    """Glob match of a ``/``-separated relative path; ``**`` spans folders.

    A pattern without a slash matches the file name or any folder name on the path, as
    in ``.gitignore``.
    """
    pattern = pattern.rstrip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in relative.split("/"))
    regex = _GLOB_CACHE.get(pattern)
    if regex is None:
        regex = _GLOB_CACHE[pattern] = re.compile(_glob_to_regex(pattern.removeprefix("./")))
    return regex.fullmatch(relative) is not None


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_to_regex(pattern: str) -> str:
    """``**`` matches any number of folders, ``*`` and ``?`` stay within one name.

    A pattern ending in ``/**`` also matches the folder itself.
    """
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("/**", index) and index + 3 == len(pattern):
            parts.append("(?:/.*)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        elif pattern[index] == "[":
            close = pattern.find("]", index + 1)
            if close < 0:
                parts.append(re.escape("["))
                index += 1
            else:
                body = pattern[index + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                parts.append(f"[{body}]")
                index = close + 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return "".join(parts)


def _relative_posix(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (absolute when outside it).

    Lexical, without resolving links: it runs for every file of a tree.
    """
    absolute = os.path.abspath(path)
    base = os.path.abspath(root).rstrip(os.sep)
    if absolute == base:
        return "."
    if absolute.startswith(base + os.sep):
        absolute = absolute[len(base) + 1 :]
    return absolute.replace(os.sep, "/")


#: A config value that names importable code: ``"package.module:Name"``.
_CODE_REFERENCE = re.compile(r"^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*:[A-Za-z_][\w]*$")


def code_references(settings: Mapping[str, Any]) -> dict[str, str]:
    """The top-level settings whose value names code to import (a rule's config table given
    as ``"package.module:Name"``, e.g. ``schema = "news.schema:Article"``), by key.

    One home for what the engine must know of such values without knowing the rule: a
    checked tree may not set them (importing runs code), the cache stamps the named
    module's file, and a run served from the cache alone cannot (the code is stamped only
    once imported).
    """
    return {
        key: value
        for key, value in settings.items()
        if isinstance(value, str) and _CODE_REFERENCE.match(value)
    }
