"""What a checked tree's own config may decide, and what only the user may.

lintnews runs on trees it did not write: a pull request from a stranger in CI, whatever
was checked out under pre-commit. A config file the run *found* in that tree (searching up
from the checked path, no further than the repository's root) is the tree's, and may say
how its articles are checked, but not what lintnews reaches or runs. These settings come
only from the command line or a config file the user named with ``--config``:

- ``[network] enabled = true``, ``allow-private-hosts = true``,
  ``allowed-private-networks`` and ``cache-dir`` (what the network may reach, where
  results are written); ``--online`` turns the network on;
- ``schema = "package.module:Model"``, which imports a module;
- ``jobs`` above the machine's core count (the tree's value is lowered to it);
- ``file-time-budget`` above its default of 10 s, or 0 (no budget): a tree may lower it,
  but a file built to be slow must not get more time because its own tree asks.

Each one ignored is said in a warning, so a run never differs silently from what the
tree's config asks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lintnews.common.messages import message as msg
from lintnews.site.configfile import DEFAULT_FILE_TIME_BUDGET, code_references

#: ``[network]`` keys a tree's config may not set to anything but their safe default.
USER_ONLY_NETWORK = ("enabled", "allow-private-hosts", "allowed-private-networks", "cache-dir")


def settings_of(path: Path | None, chosen: bool) -> tuple[dict[str, Any], list[str]]:
    """The settings of the config file ``path`` a run may follow, and what was ignored.

    ``chosen``: the user named the file (``--config``), so every setting counts. Raises
    :class:`~lintnews.site.configfile.ConfigError` when the file cannot be read.
    """
    from lintnews.site.configfile import read_config_file

    if path is None:
        return {}, []
    data = read_config_file(path)
    if chosen:
        return data, []
    return from_the_tree(data, str(path))


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
                    "cannot set it; use --online, or a config of your own with --config FILE"
                    if key == "enabled"
                    else "{label}: [network] {key} ignored: a config found in the checked tree "
                    "cannot set it; use a config of your own with --config FILE",
                    label=label,
                    key=key,
                )
            )
        kept["network"] = allowed
    for key, reference in code_references(data).items():
        del kept[key]
        warnings.append(
            msg(
                "{label}: {key} = {reference} ignored (the rule's default is used): a config "
                "found in the checked tree cannot import code; name a config of your own with "
                "--config FILE",
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
                "found in the checked tree cannot ask for more; use --jobs N",
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
                "the checked tree may lower the budget, not raise or remove it; name a config "
                "of your own with --config FILE",
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
