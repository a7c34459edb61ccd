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

from collections.abc import Mapping, Sequence
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
from lintnews.diagnostics import EncodedDiagnostics


@dataclass
class CachedRun:
    """Every file's findings, as the cache holds them, and the config's warnings."""

    warnings: list[str]
    paths: list[str]
    results: list[EncodedDiagnostics]


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
    files = list(discover(paths, selection))
    results: list[EncodedDiagnostics] = []
    for file, display in files:
        try:
            data = read_bytes(file, selection.max_file_size)
        except OSError:
            return None  # the full run says what is wrong with it
        entry = cache.get(cache.key(display, data, sites.root_for(display)), display)
        if entry is None:
            return None
        results.append(entry)
    return CachedRun(warnings, [display for _, display in files], results)
