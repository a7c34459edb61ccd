"""Reading the few settings of a site's Hugo configuration that change what rules report.

Only safe readers are used (tomllib, our YAML 1.2 reader, json); nothing in the checked
tree is ever run. A broken or unreadable config never stops a lint run: whatever can be
read is returned, with warnings saying what could not.

Hugo finds its config as ``hugo.{toml,yaml,yml,json}`` (or the older ``config.*``) at the
site root, merged with ``config/_default/{hugo,config}.*``; keys are case-insensitive.
Read here: ``timeZone``, ``buildFuture``, ``buildExpired``, ``staticDir`` (a string or a
list, plus the legacy ``staticDir0`` .. ``staticDir10``), static ``module.mounts``,
``assetDir``, ``contentDir`` (and each language's own ``languages.<lang>.contentDir``),
``ignoreFiles`` and the custom date keys of ``[frontmatter]``. Other per-language overrides
(``languages.<lang>.timeZone``) are not read.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintnews.common.messages import message as msg
from lintnews.common.messages import reason
from lintnews.common.text import read_failure

__all__ = [
    "HugoConfig",
    "SiteRoots",
    "config_files",
    "content_folders",
    "find_site_root",
    "has_site_config",
    "ignored_by_site",
    "in_content",
    "read_hugo_config",
    "read_hugo_settings",
]

_EXTENSIONS = ("toml", "yaml", "yml", "json")
_ROOT_NAMES = ("hugo", "config")
_CONFIG_DIR = Path("config") / "_default"
#: Config files larger than this are not read (a hostile or broken tree).
MAX_CONFIG_CHARS = 2_000_000


@dataclass
class HugoConfig:
    """What was read from a site's Hugo config, with ``settings`` named as in SiteSettings."""

    root: Path
    files: list[Path] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: The site's content folders, relative to ``root``: ``contentDir`` (``content`` by
    #: default) and every language's own.
    content_dirs: tuple[str, ...] = ("content",)
    #: ``ignoreFiles``: regular expressions; Hugo builds no content file whose absolute
    #: path one of them matches.
    ignore_files: tuple[str, ...] = ()
    #: Every key read, merged over the config files (top-level keys lower-cased), for the
    #: readers of settings not listed above (:mod:`lintnews.site.pages`).
    raw: dict[str, Any] = field(default_factory=dict)


def config_files(root: Path) -> list[Path]:
    """The Hugo config files of the site at ``root``, lowest precedence first."""
    found: list[Path] = []
    config_dir = root / _CONFIG_DIR
    if config_dir.is_dir():
        found.extend(_first_existing(config_dir, name) for name in ("config", "hugo"))
    found.append(_first_existing(root, *_ROOT_NAMES))
    return [path for path in found if path is not None]


def _first_existing(directory: Path, *names: str) -> Path | None:
    # Hugo prefers hugo.* over config.*, and reads one root file only.
    for name in names:
        for extension in _EXTENSIONS:
            candidate = directory / f"{name}.{extension}"
            if candidate.is_file():
                return candidate
    return None


def has_site_config(folder: Path, names: set[str] | frozenset[str]) -> bool:
    """Whether ``folder``, whose listing is ``names``, holds a Hugo config (as
    :func:`config_files` finds them), without a look at the disk for most folders."""
    if _CONFIG_NAMES.intersection(names):
        return True
    return "config" in names and (folder / _CONFIG_DIR).is_dir()


_CONFIG_NAMES = frozenset(f"{name}.{ext}" for name in _ROOT_NAMES for ext in _EXTENSIONS)


def find_site_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds a Hugo config, if any."""
    current = path.resolve()
    if not current.is_dir():
        current = current.parent
    for folder in (current, *current.parents):
        if config_files(folder):
            return folder
    return None


class SiteRoots:
    """The Hugo site of each file in a checked tree (which may hold several sites).

    A file belongs to the nearest folder above it with a Hugo config, else to ``main``
    (the run's own site, if any). Looked up once per folder.
    """

    def __init__(self, main: Path | None) -> None:
        self.main = main
        self._folders: dict[str, Path | None] = {}

    def root_for(self, path: str) -> Path | None:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in self._folders:
            try:
                self._folders[folder] = find_site_root(Path(folder))
            except OSError:
                self._folders[folder] = None
        return self._folders[folder] or self.main


def content_folders(root: Path) -> tuple[Path, ...]:
    """The content folders of the site at ``root`` (absolute), read once per process."""
    base = Path(os.path.abspath(root))
    found = _CONTENT_FOLDERS.get(base)
    if found is None:
        found = tuple(
            Path(os.path.normpath(base / folder)) for folder in read_hugo_config(base).content_dirs
        )
        _CONTENT_FOLDERS[base] = found
    return found


_CONTENT_FOLDERS: dict[Path, tuple[Path, ...]] = {}


def ignored_by_site(root: Path) -> re.Pattern[str] | None:
    """One pattern for the site's ``ignoreFiles`` (searched in a file's absolute path, as
    Hugo does), or None when it has none; read once per process."""
    base = Path(os.path.abspath(root))
    if base not in _IGNORE_FILES:
        sources = read_hugo_config(base).ignore_files
        _IGNORE_FILES[base] = re.compile("|".join(f"(?:{s})" for s in sources)) if sources else None
    return _IGNORE_FILES[base]


_IGNORE_FILES: dict[Path, re.Pattern[str] | None] = {}


def in_content(path: str, root: Path) -> bool:
    """Whether the file ``path`` is inside a content folder of the site at ``root``."""
    absolute = os.path.abspath(path)
    return any(
        absolute.startswith(str(folder).rstrip(os.sep) + os.sep) for folder in content_folders(root)
    )


def read_hugo_settings(root: Path) -> dict[str, Any]:
    """SiteSettings fields read from the Hugo config at ``root`` (see :func:`read_hugo_config`)."""
    return read_hugo_config(root).settings


def read_hugo_config(root: Path) -> HugoConfig:
    """Read the site settings of the Hugo config at ``root``; never raises for bad files."""
    result = HugoConfig(root=root, settings={"root": root})
    merged: dict[str, Any] = {}
    for path in config_files(root):
        data = _load(path, result.warnings)
        if data is None:
            continue
        if _looks_like_zola(path, data):
            result.warnings.append(
                msg(
                    "{path}: this looks like a Zola config (it has base_url, not baseURL); "
                    "lintnews reads no Hugo settings from it",
                    path=str(path),
                )
            )
            result.settings["heading_ids"] = "zola"  # Zola makes heading ids its own way
            continue
        result.files.append(path)
        merged.update({key.lower(): value for key, value in data.items()})
    result.raw = merged
    _extract(merged, result)
    return result


def _load(path: Path, warnings: list[str]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        warnings.append(
            msg("{path}: cannot read the Hugo config: {exc}", path=str(path), exc=read_failure(exc))
        )
        return None
    if len(text) > MAX_CONFIG_CHARS:
        warnings.append(
            msg(
                "{path}: the Hugo config is over {limit:,} characters; not read",
                path=str(path),
                limit=MAX_CONFIG_CHARS,
            )
        )
        return None
    try:
        data = _parse(path.suffix.lstrip("."), text, path, warnings)
    except ValueError as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        warnings.append(
            msg("{path}: the Hugo config is not valid: {exc}", path=str(path), exc=reason(exc))
        )
        return None
    if not isinstance(data, dict):
        warnings.append(
            msg("{path}: the Hugo config is not a table of settings; not read", path=str(path))
        )
        return None
    return data


def _parse(extension: str, text: str, path: Path, warnings: list[str]) -> Any:
    if extension == "toml":
        import tomllib  # here, not at the top: only a TOML Hugo config needs it

        return tomllib.loads(text)
    if extension == "json":
        return json.loads(text)
    from lintnews.model import yaml12
    from lintnews.model.frontmatter import Problem

    problems: list[Problem] = []
    node = yaml12.load(text, 0, len(text), problems)
    for problem in problems:
        if problem.kind == "syntax":
            line = text.count("\n", 0, problem.start) + 1
            warnings.append(
                msg("{path}:{line}: {problem}", path=str(path), line=line, problem=problem.message)
            )
    if node is None:
        raise ValueError(msg("YAML could not be read"))
    return node.value


def _looks_like_zola(path: Path, data: dict[str, Any]) -> bool:
    keys = {key.lower() for key in data}
    return path.name == "config.toml" and "base_url" in keys and "baseurl" not in keys


def _extract(config: dict[str, Any], result: HugoConfig) -> None:
    settings, warnings = result.settings, result.warnings
    time_zone = config.get("timezone")
    if time_zone not in (None, ""):
        from lintnews.common.zones import is_time_zone, unknown_time_zone

        if is_time_zone(time_zone):
            settings["time_zone"] = time_zone
        else:
            warnings.append(
                msg(
                    "timeZone {problem}; Hugo refuses it; dates without an offset are read in "
                    "UTC here",
                    problem=unknown_time_zone(time_zone),
                )
            )
    for key, name in (("buildfuture", "build_future"), ("buildexpired", "build_expired")):
        value = config.get(key)
        if isinstance(value, bool):
            settings[name] = value
        elif value is not None:
            warnings.append(
                msg(
                    "{key}: expected true or false, got {value}; ignored",
                    key=key,
                    value=repr(value),
                )
            )
    static_dirs = _static_dirs(config, warnings)
    if static_dirs:
        settings["static_dirs"] = tuple(static_dirs)
    for key, name in (("assetdir", "asset_dir"), ("contentdir", "content_dir")):
        value = config.get(key)
        if isinstance(value, str) and value:
            settings[name] = value
        elif value is not None:
            warnings.append(
                msg(
                    "{key}: expected a folder name, got {value}; ignored",
                    key=key,
                    value=repr(value),
                )
            )
    result.content_dirs = _content_dirs(
        settings.get("content_dir"), config.get("languages"), _mounted(config, "content")
    )
    result.ignore_files = _ignore_files(config.get("ignorefiles"), warnings)
    date_keys = _date_keys(config.get("frontmatter"), warnings)
    if date_keys:
        settings["date_keys"] = tuple(date_keys)
    settings.update(_heading_ids(config.get("markup")))


def _heading_ids(markup: object) -> dict[str, Any]:
    """How goldmark gives headings (and description-list terms) their ids."""
    parser = _table(_table(_table(markup).get("goldmark")).get("parser"))
    found: dict[str, Any] = {}
    id_type = parser.get("autoheadingidtype")
    if isinstance(id_type, str) and id_type.lower() in ("github", "github-ascii", "blackfriday"):
        found["heading_ids"] = id_type.lower()
    if parser.get("autoheadingid") is False:
        found["heading_ids"] = "none"
    if isinstance(parser.get("autodefinitiontermid"), bool):
        found["definition_term_ids"] = parser["autodefinitiontermid"]
    return found


def _table(value: object) -> dict[str, Any]:
    """A config table with its keys lower-cased, as Hugo reads them; ``{}`` for anything else."""
    if not isinstance(value, dict):
        return {}
    return {str(key).lower(): item for key, item in value.items()}


def _content_dirs(main: str | None, languages: object, mounted: list[str]) -> tuple[str, ...]:
    """``contentDir``, the languages' own and the folders mounted onto content, in order,
    each once (normalised: Hugo reads ``./content/`` as ``content``)."""
    dirs = [main or "content", *mounted]
    if isinstance(languages, dict):
        for settings in languages.values():
            if not isinstance(settings, dict):
                continue
            lowered = {str(key).lower(): value for key, value in settings.items()}
            value = lowered.get("contentdir")
            if isinstance(value, str) and value.strip():
                dirs.append(value)
    normalised = (os.path.normpath(d.strip()).replace(os.sep, "/") for d in dirs)
    return tuple(dict.fromkeys(normalised))


#: A group repeated that itself repeats, such as ``(a+)+``: Python's backtracking engine
#: can take exponential time on it (Go's, which Hugo uses, cannot), and the pattern comes
#: from the checked tree.
_NESTED_REPETITION = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]")
_MAX_IGNORE_PATTERN = 500


def _ignore_files(value: object, warnings: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        warnings.append(
            msg(
                "ignoreFiles: expected a list of regular expressions, got {value}; ignored",
                value=repr(value),
            )
        )
        return ()
    usable = []
    for pattern in value:
        if not isinstance(pattern, str) or len(pattern) > _MAX_IGNORE_PATTERN:
            warnings.append(
                msg(
                    "ignoreFiles: {pattern} is not a usable pattern; ignored",
                    pattern=repr(str(pattern)[:80]),
                )
            )
            continue
        if _NESTED_REPETITION.search(pattern):
            warnings.append(
                msg(
                    "ignoreFiles: {pattern} repeats a repeated group, which can make the check "
                    "hang; ignored (files it matches are checked)",
                    pattern=repr(pattern),
                )
            )
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            warnings.append(
                msg(
                    "ignoreFiles: {pattern} is not a regular expression ({error}); ignored",
                    pattern=repr(pattern),
                    error=str(error),
                )
            )
            continue
        usable.append(pattern)
    return tuple(usable)


def _static_dirs(config: dict[str, Any], warnings: list[str]) -> list[str]:
    dirs: list[str] = []
    value = config.get("staticdir")
    if isinstance(value, str):
        dirs.append(value)
    elif isinstance(value, list):
        dirs.extend(item for item in value if isinstance(item, str))
    elif value is not None:
        warnings.append(
            msg(
                "staticDir: expected a folder name or a list of them, got {value}",
                value=repr(value),
            )
        )
    for index in range(11):
        legacy = config.get(f"staticdir{index}")
        if isinstance(legacy, str):
            dirs.append(legacy)
    dirs.extend(_mounted(config, "static"))
    return list(dict.fromkeys(dirs))


def _mounted(config: dict[str, Any], target_folder: str) -> list[str]:
    """The folders ``module.mounts`` mount whole onto ``target_folder`` (``static``...):
    only those map a path below the target to a file one to one."""
    module = config.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    found: list[str] = []
    if isinstance(mounts, list):
        for mount in mounts:
            if not isinstance(mount, dict):
                continue
            lowered = {str(k).lower(): v for k, v in mount.items()}
            source, target = lowered.get("source"), lowered.get("target")
            if (
                isinstance(source, str)
                and isinstance(target, str)
                and target.strip("/") == target_folder
            ):
                found.append(source)
    return found


def _date_keys(frontmatter: object, warnings: list[str]) -> list[str]:
    """Front-matter keys the site's ``[frontmatter]`` config makes dates (lower-case)."""
    if frontmatter is None:
        return []
    if not isinstance(frontmatter, dict):
        warnings.append(
            msg("frontmatter: expected a table, got {value}; ignored", value=repr(frontmatter))
        )
        return []
    keys: list[str] = []
    for identifiers in frontmatter.values():
        items = [identifiers] if isinstance(identifiers, str) else identifiers
        if not isinstance(items, list):
            continue
        keys.extend(
            item.lower() for item in items if isinstance(item, str) and not item.startswith(":")
        )
    return list(dict.fromkeys(keys))
