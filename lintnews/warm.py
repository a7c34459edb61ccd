"""A run served wholly from the result cache, before the config is validated or a rule loaded.

When no checked file has changed, a run needs nothing but each file's cached findings, yet
validating the config and importing the rules cost more than looking up a thousand
entries. So a run first tries this: read the config file as it is, compute the cache's
fingerprint from it (:func:`lintnews.cache.run_fingerprint` works from the config's
inputs, so equal inputs give the keys the full run gives), and look up every file. The
first doubt sends the run the normal way, which validates everything: no cache yet, no run
recorded under this fingerprint (an invalid config, or rules that cannot be cached), a
file changed or unreadable, an entry stale, a value the config schema would refuse, or a
schema model named by module (its code is only stamped once imported).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintnews.configfile import (
    ConfigError,
    config_root,
    find_config,
    main_site_root,
    merged_settings,
    read_config_file,
    selection_of,
)
from lintnews.diagnostics import Diagnostic


@dataclass
class CachedRun:
    """The config's warnings, and every file's findings as the cache holds them."""

    warnings: list[str]
    paths: list[str]
    #: Read from the cache one file at a time, as the report is written.
    results: Iterator[Sequence[Diagnostic]]


def cached_run(
    paths: Sequence[str],
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    online: bool | None = None,
) -> CachedRun | None:
    """The run :func:`lintnews.config.load_config` and :func:`lintnews.runner.start_run`
    would make of these arguments, if the cache holds all of it; else None."""
    start = Path(paths[0])
    try:
        path = config_path if config_path is not None else find_config(start)
        settings = merged_settings(read_config_file(path) if path else {}, overrides, online)
    except (ConfigError, OSError):
        return None
    if settings.get("cache", True) is not True or isinstance(settings.get("schema"), str):
        return None
    root = config_root(path, start)
    selection = selection_of(settings, root)
    if selection is None:
        return None
    from lintnews.cache import ResultCache, run_fingerprint
    from lintnews.files import discover, read_bytes
    from lintnews.hugo import SiteRoots

    site_root = main_site_root(start)
    fingerprint = run_fingerprint(settings, path, root, site_root)
    cache = ResultCache(path.parent if path is not None else root, fingerprint)
    warnings = cache.recorded_warnings()
    if warnings is None:
        return None
    sites = SiteRoots(site_root)
    # First make sure every file is cached, holding only keys; then read the findings
    # as the report goes, so that memory does not grow with the tree.
    found: list[tuple[Path, str, str, tuple[int, list[int]]]] = []
    for file, display in discover(paths, selection):
        try:
            data = read_bytes(file, selection.max_file_size)
        except OSError:
            return None  # the full run says what is wrong with it
        key = cache.key(display, data, sites.root_for(display))
        summary = cache.summary(key)
        if summary is None:
            return None
        found.append((file, display, key, summary))

    def results() -> Iterator[Sequence[Diagnostic]]:
        config = None
        for file, display, key, summary in found:
            findings = cache.findings(key, summary)
            if findings is None:  # damaged or removed since: check the file itself
                if config is None:
                    config = _load_config(path, start, overrides, online)
                findings = _lint(file, display, config)
            yield findings

    return CachedRun(warnings, [display for _, display, _, _ in found], results())


def _load_config(
    path: Path | None, start: Path, overrides: Mapping[str, Any] | None, online: bool | None
) -> Any:
    from lintnews.config import load_config

    try:
        return load_config(path, start=start, overrides=overrides, online=online)
    except Exception as exc:  # validated by an earlier run; changed since, mid-run
        return exc


def _lint(file: Path, display: str, config: Any) -> Sequence[Diagnostic]:
    from lintnews.engine import file_error
    from lintnews.runner import lint_file

    if isinstance(config, Exception):
        return [file_error(display, f"cannot be checked: the config failed to load: {config}")]
    return lint_file(file, display, config)
