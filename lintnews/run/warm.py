"""Runs served from the result cache before the config is validated or a rule loaded.

When no checked file has changed, a run needs nothing but each file's cached findings, yet
validating the config and importing the rules cost more than looking up a thousand
entries. So a run first tries this: read the config file as it is, compute the cache's
fingerprint from it (:func:`lintnews.run.cache.run_fingerprint` works from the config's
inputs, so equal inputs give the keys the full run gives), and look the files up one by
one as the report is written. The normal way, which validates everything, takes over
when the cache cannot serve: before any file, when no run was recorded under this
fingerprint (an invalid config, or rules that cannot be cached), a value the config
schema would refuse or a setting naming code to import (``schema = "pkg.mod:Model"``: its
code is only stamped once imported); mid-run, from the first file that changed, cannot be read or has a stale or
damaged entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lintnews.common.messages import message as msg
from lintnews.common.messages import reason
from lintnews.plugin.diagnostics import Diagnostic
from lintnews.run.runner import Run
from lintnews.site.configfile import (
    ConfigError,
    cache_folder,
    code_references,
    config_root,
    find_config,
    main_site_root,
    merged_settings,
    selection_of,
)
from lintnews.site.files import config_search_start


def cached_run(
    paths: Sequence[str],
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    online: bool | None = None,
    jobs: int | None = None,
) -> Run | None:
    """The run :func:`lintnews.site.config.load_config` and :func:`lintnews.run.runner.start_run`
    would make of these arguments, served from the cache; None when that cannot be.

    It has the warnings the config gave when the cache was filled, and no rules (none is
    loaded). Files are looked up as the report is written. At the first one not served (changed,
    unreadable, its entry stale or damaged), the config is loaded and that file and the
    rest are checked the normal way, with ``jobs`` processes.
    """
    start = config_search_start(paths[0])
    try:
        from lintnews.site.trust import settings_of

        path = config_path if config_path is not None else find_config(start)
        own = settings_of(path, config_path is not None, start).settings
        settings = merged_settings(own, overrides, online)
    except (ConfigError, OSError):
        return None
    if settings.get("cache", True) is not True or code_references(settings):
        return None
    root = config_root(path, start)
    selection = selection_of(settings, root)
    if selection is None:
        return None
    from lintnews.run.cache import ResultCache, run_fingerprint
    from lintnews.site.files import discover, read_bytes
    from lintnews.site.hugo import SiteRoots

    site_root = main_site_root(start)
    fingerprint = run_fingerprint(settings, path, root, site_root)
    folder = cache_folder(settings.get("cache-dir", settings.get("cache_dir")), path, root)
    if folder is None:
        return None
    cache = ResultCache(folder, fingerprint, site_root=site_root)
    warnings = cache.recorded_warnings()
    if warnings is None:
        return None
    sites = SiteRoots(site_root)
    files = list(discover(paths, selection))

    def rest(unserved: list[tuple[Path, str]]) -> Iterator[Sequence[Diagnostic]]:
        from lintnews.run.engine import file_error
        from lintnews.run.runner import check_files
        from lintnews.site.config import load_config

        try:
            config = load_config(path, start=start, overrides=overrides, online=online)
        except Exception as exc:  # valid when the cache was filled; broken since, mid-run
            for _, display in unserved:
                yield [
                    file_error(
                        display,
                        msg(
                            "cannot be checked: the config failed to load: {exc}",
                            exc=reason(exc),
                        ),
                    )
                ]
            return
        yield from check_files(unserved, config, jobs=jobs)

    def results() -> Iterator[Sequence[Diagnostic]]:
        for index, (file, display) in enumerate(files):
            try:
                data = read_bytes(file, selection.max_file_size)
            except OSError:
                entry = None  # the normal way says what is wrong with it
            else:
                entry = cache.get(cache.key(display, data, sites.root_for(display)))
            if entry is None:
                yield from rest(files[index:])
                return
            yield entry

    return Run([display for _, display in files], results(), warnings)
