"""Settings from ``LINTNEWS_*`` environment variables: the user's, as the command line is.

A CI job or a shell sets them once for every run; a checked tree cannot (it is files, not a
process). They rank below the command line and above every config file (see
:mod:`lintnews.site.trust`), so they may set what a tree's own config may not:

- ``LINTNEWS_CONFIG``: a config file of your own, as ``--config FILE``;
- ``LINTNEWS_ONLINE``: ``true`` as ``--online``, ``false`` as ``--offline``;
- ``LINTNEWS_ALLOW_PRIVATE_HOSTS``: ``[network] allow-private-hosts``;
- ``LINTNEWS_ALLOWED_PRIVATE_NETWORKS``: ``[network] allowed-private-networks``,
  comma-separated;
- ``LINTNEWS_CACHE_DIR``: ``cache-dir``, the folder of both caches;
- ``LINTNEWS_NO_CACHE``: ``true`` as ``--no-cache``;
- ``LINTNEWS_JOBS``: processes, as ``--jobs N``;
- ``LINTNEWS_FILE_TIME_BUDGET``: ``file-time-budget``, seconds (0: no budget).

Values are read strictly: a yes-or-no is ``1``, ``true``, ``yes``, ``on`` or ``0``,
``false``, ``no``, ``off`` (any case: the words pip takes for its ``PIP_*`` switches, less
its one-letter ones); an empty variable counts
as unset (``LINTNEWS_ONLINE: ${{ inputs.online }}`` with no input); anything else is a
:class:`~lintnews.site.configfile.ConfigError` naming the variable, never a guess. A
``LINTNEWS_`` variable lintnews does not know is a warning (a misspelt one would otherwise
be silently ignored).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintnews.common.messages import message as msg
from lintnews.site.configfile import ConfigError

PREFIX = "LINTNEWS_"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
KNOWN = (
    "LINTNEWS_CONFIG",
    "LINTNEWS_ONLINE",
    "LINTNEWS_ALLOW_PRIVATE_HOSTS",
    "LINTNEWS_ALLOWED_PRIVATE_NETWORKS",
    "LINTNEWS_CACHE_DIR",
    "LINTNEWS_NO_CACHE",
    "LINTNEWS_JOBS",
    "LINTNEWS_FILE_TIME_BUDGET",
)


@dataclass
class EnvironmentSettings:
    """What the environment sets; None (or empty) where it says nothing."""

    config: Path | None = None
    online: bool | None = None
    no_cache: bool = False
    jobs: int | None = None
    #: Config settings, laid over every config file's (``[network]`` merged key by key).
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_environment(environ: Mapping[str, str] | None = None) -> EnvironmentSettings:
    """The ``LINTNEWS_*`` settings of ``environ`` (the process's by default).

    Raises :class:`ConfigError` for a value that cannot be read, naming the variable.
    """
    environ = os.environ if environ is None else environ
    values = {name: environ[name].strip() for name in KNOWN if environ.get(name, "").strip()}
    found = EnvironmentSettings(
        warnings=[
            msg(
                "{name} is not a lintnews setting and is ignored; known: {known}",
                name=name,
                known=", ".join(KNOWN),
            )
            for name in sorted(environ)
            if name.startswith(PREFIX) and name not in KNOWN
        ]
    )
    if "LINTNEWS_CONFIG" in values:
        config = Path(values["LINTNEWS_CONFIG"])
        if not config.is_file():
            raise ConfigError(msg("LINTNEWS_CONFIG: {config}: no such config file", config=config))
        found.config = config
    if "LINTNEWS_ONLINE" in values:
        found.online = _boolean("LINTNEWS_ONLINE", values["LINTNEWS_ONLINE"])
    if "LINTNEWS_NO_CACHE" in values:
        found.no_cache = _boolean("LINTNEWS_NO_CACHE", values["LINTNEWS_NO_CACHE"])
    if "LINTNEWS_JOBS" in values:
        found.jobs = _whole_number("LINTNEWS_JOBS", values["LINTNEWS_JOBS"])
    network: dict[str, Any] = {}
    if "LINTNEWS_ALLOW_PRIVATE_HOSTS" in values:
        network["allow-private-hosts"] = _boolean(
            "LINTNEWS_ALLOW_PRIVATE_HOSTS", values["LINTNEWS_ALLOW_PRIVATE_HOSTS"]
        )
    if "LINTNEWS_ALLOWED_PRIVATE_NETWORKS" in values:
        network["allowed-private-networks"] = _networks(values["LINTNEWS_ALLOWED_PRIVATE_NETWORKS"])
    if network:
        found.settings["network"] = network
    if "LINTNEWS_CACHE_DIR" in values:
        found.settings["cache-dir"] = os.path.abspath(values["LINTNEWS_CACHE_DIR"])
    if "LINTNEWS_FILE_TIME_BUDGET" in values:
        found.settings["file-time-budget"] = _seconds(
            "LINTNEWS_FILE_TIME_BUDGET", values["LINTNEWS_FILE_TIME_BUDGET"]
        )
    return found


def _boolean(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(
        msg(
            "{name}: {value} is not a yes or no; use one of {choices}",
            name=name,
            value=repr(value),
            choices=", ".join(_TRUE + _FALSE),
        )
    )


def _whole_number(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) <= 6 and int(value) >= 1):
        raise ConfigError(
            msg(
                "{name}: {value} is not a whole number of processes (1 or more)",
                name=name,
                value=repr(value),
            )
        )
    return int(value)


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value) if len(value) <= 32 else -1.0
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ConfigError(
            msg(
                "{name}: {value} is not a number of seconds (0 or more; 0: no limit)",
                name=name,
                value=repr(value),
            )
        )
    return seconds


def _networks(value: str) -> list[str]:
    import ipaddress  # here: only this variable needs it

    networks = [part.strip() for part in value.split(",") if part.strip()]
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(
                msg(
                    "LINTNEWS_ALLOWED_PRIVATE_NETWORKS: {network} is not a network like "
                    "10.1.2.0/24 (give several separated by commas)",
                    network=repr(network),
                )
            ) from None
    return networks
