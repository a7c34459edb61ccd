"""What a checked tree's own config may decide, and what only the user may.

lintnews runs on trees it did not write: a pull request from a stranger in CI, whatever
was checked out under pre-commit. A config file the run *found* in that tree (searching up
from the checked path, no further than the repository's root) is the tree's, and may say
how its articles are checked, but not what lintnews reaches or runs. These settings come
only from the user: the command line, the environment, a config file named with ``--config``
or the user's own config file:

- ``[network] enabled = true``, ``allow-private-hosts = true``,
  ``allowed-private-networks`` and ``cache-dir`` (what the network may reach, where
  results are written); ``--online`` turns the network on;
- ``cache-dir``, the folder of both caches;
- ``schema = "package.module:Model"``, which imports a module;
- ``jobs`` above the machine's core count (the tree's value is lowered to it);
- ``file-time-budget`` above its default of 10 s, or 0 (no budget): a tree may lower it,
  but a file built to be slow must not get more time because its own tree asks.

Each one ignored is said in a warning, so a run never differs silently from what the
tree's config asks.

Where a run's settings come from, the first that says something winning: the command line;
the ``LINTNEWS_*`` environment variables (:mod:`lintnews.site.environment`, given to the
run as the command line's are); a config the user named (``--config FILE`` or
``LINTNEWS_CONFIG``, and then nothing else is read), or else the user's own config
(:mod:`lintnews.site.user_config`) laid over the config found in the tree; the tree's
config, without what it may not set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from lintnews.common.messages import message as msg
from lintnews.site.configfile import DEFAULT_FILE_TIME_BUDGET, code_references, laid_over

#: ``[network]`` keys a tree's config may not set to anything but their safe default.
USER_ONLY_NETWORK = ("enabled", "allow-private-hosts", "allowed-private-networks", "cache-dir")


class TrustedSettings(NamedTuple):
    """The config files' settings a run may follow."""

    settings: dict[str, Any]
    #: What was ignored, and why.
    warnings: list[str]
    #: The files the settings came from, for messages about them.
    label: str


def settings_of(path: Path | None, chosen: bool, start: Path | None = None) -> TrustedSettings:
    """The settings of the config file ``path`` a run may follow, with the user's own
    config over them unless ``chosen``, and what was ignored.

    ``chosen``: the user named the file (``--config``), so every setting counts and no
    other file is read. ``start``: where the config search started (the checked tree; by
    default ``path``'s folder). Raises :class:`~lintnews.site.configfile.ConfigError` when
    a file cannot be read.
    """
    from lintnews.site.configfile import read_config_file

    data = read_config_file(path) if path is not None else {}
    if chosen:
        return TrustedSettings(data, [], str(path))
    kept, warnings = from_the_tree(data, str(path))
    from lintnews.site.user_config import user_config

    user, refused = user_config(_tree_folders(path, start))
    label = str(path) if path is not None else "command line"
    if user is None:
        return TrustedSettings(kept, refused + warnings, label)
    label = f"{path} with {user}" if path is not None else str(user)
    return TrustedSettings(laid_over(kept, read_config_file(user)), warnings, label)


def _tree_folders(path: Path | None, start: Path | None) -> list[Path]:
    """The checked tree, as far as the config search knows it: where it started, the git
    repository around that, and the folder of the config it found."""
    folders = [path.parent] if path is not None else []
    if start is None:
        return folders
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    folders.append(folder)
    for above in (folder, *folder.parents):
        if os.path.lexists(above / ".git"):
            folders.append(above)
            break
    return folders


def from_the_tree(data: dict[str, Any], label: str) -> tuple[dict[str, Any], list[str]]:
    """``data`` without what a tree's own config may not set, and a warning for each."""
    kept = dict(data)
    warnings: list[str] = []
    network = data.get("network")
    if isinstance(network, dict):
        allowed = {
            key: value
            for key, value in network.items()
            if key.replace("_", "-") not in USER_ONLY_NETWORK or value in (False, [], ())
        }
        for key in network.keys() - allowed.keys():
            warnings.append(
                msg(
                    "{label}: [network] {key} ignored: a config found in the checked tree "
                    "cannot set it; use --online, LINTNEWS_ONLINE=1, or a config of your own "
                    "(--config FILE, or ~/.config/lintnews/lintnews.toml)"
                    if key == "enabled"
                    else "{label}: [network] {key} ignored: a config found in the checked tree "
                    "cannot set it; use a config of your own (--config FILE, or "
                    "~/.config/lintnews/lintnews.toml)",
                    label=label,
                    key=key,
                )
            )
        kept["network"] = allowed
    for key in ("cache-dir", "cache_dir"):
        if key in data:
            del kept[key]
            warnings.append(
                msg(
                    "{label}: {key} ignored: a config found in the checked tree cannot move the "
                    "cache; use LINTNEWS_CACHE_DIR, or a config of your own (--config FILE, or "
                    "~/.config/lintnews/lintnews.toml)",
                    label=label,
                    key=key,
                )
            )
    for key, reference in code_references(data).items():
        del kept[key]
        warnings.append(
            msg(
                "{label}: {key} = {reference} ignored (the rule's default is used): a config "
                "found in the checked tree cannot import code; use a config of your own "
                "(--config FILE, or ~/.config/lintnews/lintnews.toml)",
                label=label,
                key=key,
                reference=repr(reference),
            )
        )
    jobs = data.get("jobs")
    cores = _cores()
    if type(jobs) is int and jobs > cores:
        kept["jobs"] = cores
        warnings.append(
            msg(
                "{label}: jobs = {jobs} lowered to {cores}, the cores of this machine: a config "
                "found in the checked tree cannot ask for more; use --jobs N or LINTNEWS_JOBS",
                label=label,
                jobs=jobs,
                cores=cores,
            )
        )
    budget_key = next((k for k in ("file-time-budget", "file_time_budget") if k in data), None)
    budget = data.get(budget_key) if budget_key else None
    if type(budget) in (int, float) and not 0 < budget <= DEFAULT_FILE_TIME_BUDGET:
        kept[budget_key] = DEFAULT_FILE_TIME_BUDGET
        warnings.append(
            msg(
                "{label}: {key} = {budget} ignored ({default:g} s is used): a config found in "
                "the checked tree may lower the budget, not raise or remove it; use "
                "LINTNEWS_FILE_TIME_BUDGET, or a config of your own (--config FILE, or "
                "~/.config/lintnews/lintnews.toml)",
                label=label,
                key=budget_key,
                budget=budget,
                default=DEFAULT_FILE_TIME_BUDGET,
            )
        )
    return kept, sorted(warnings)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
