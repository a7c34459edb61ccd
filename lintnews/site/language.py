"""Which language a run's messages are shown in.

``--lang`` wins, then ``lang`` in the config a run finds (``lintnews.toml``), then the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``); English when none names a language lintnews
has (:data:`~lintnews.common.messages.LANGUAGES`). Only the output depends on it: the
findings, the cache and baselines are the same in every language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from lintnews.common.messages import LANGUAGES, language_of, locale_language, message


def checked_language(name: str) -> str:
    """The language ``name`` means; ``ValueError`` naming the choices when none."""
    lang = language_of(name)
    if lang is None:
        raise ValueError(
            message(
                "unknown language {name!r}; choose one of {choices}",
                name=name,
                choices=", ".join(LANGUAGES),
            )
        )
    return lang


def run_language(
    given: str | None,
    config_path: Path | None,
    start: Path,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The language of a run: ``given`` (``--lang``, already checked), else the ``lang``
    of the config named or found from ``start``, else the locale's. A config that cannot
    be read gives no language here: the run reports it."""
    if given is not None:
        return given
    from lintnews.site.configfile import ConfigError, find_config
    from lintnews.site.trust import settings_of

    try:
        path = config_path if config_path is not None else find_config(start)
        configured = settings_of(path, config_path is not None, start).settings.get("lang")
    except (ConfigError, OSError):
        configured = None
    if isinstance(configured, str) and language_of(configured) is not None:
        return language_of(configured)  # type: ignore[return-value]
    return locale_language(environ)
