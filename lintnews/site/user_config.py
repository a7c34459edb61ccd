"""The user's own config file: ``$XDG_CONFIG_HOME/lintnews/lintnews.toml``, else
``~/.config/lintnews/lintnews.toml``.

Trusted as a ``--config`` file is (it may turn the network on, allow private hosts, move the
cache, raise ``jobs`` or the file budget, name a schema module), and laid over the config a
run finds in the checked tree (:mod:`lintnews.site.trust`). So a checked tree must never be
able to *become* it. The file is not followed, and a warning says why, when:

- its real location (symbolic links resolved) lies inside the checked tree: the folder the
  config search starts from, the git repository around it, or the folder of the config
  found there. ``HOME`` or ``XDG_CONFIG_HOME`` pointing into the tree (a CI job whose home
  is the checkout), or a link from the user's folder into the tree, would otherwise let a
  pull request write the user's settings;
- it is not a regular file, or is owned by someone other than the user (or root): then it
  is not the user's word.

A relative ``XDG_CONFIG_HOME`` is ignored, as the XDG base directory specification says.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from lintnews.common.messages import message as msg

FILE_NAME = "lintnews.toml"


def user_config_location(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the user's config would be; None when there is no home folder to put it in."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(base):
        return Path(base) / "lintnews" / FILE_NAME
    home = os.path.expanduser("~")
    return Path(home) / ".config" / "lintnews" / FILE_NAME if os.path.isabs(home) else None


def user_config(tree: Iterable[Path]) -> tuple[Path | None, list[str]]:
    """The user's config file a run may follow (None when there is none), and a warning
    when one is there but refused (see the module's docstring). ``tree``: the checked
    tree's folders."""
    location = user_config_location()
    if location is None:
        return None, []
    try:
        info = os.stat(location)
    except (FileNotFoundError, NotADirectoryError):
        return None, []
    except OSError as exc:
        return None, [
            msg(
                "{location}: your config cannot be read ({reason}); not used",
                location=location,
                reason=exc.strerror,
            )
        ]
    real = Path(os.path.realpath(location))
    for folder in tree:
        inside = Path(os.path.realpath(folder))
        if real == inside or inside in real.parents:
            return None, [
                msg(
                    "{location}: not used as your config: it lies in the checked tree "
                    "({inside}), which cannot set your own settings; name a config outside it "
                    "with --config FILE",
                    location=location,
                    inside=inside,
                )
            ]
    if not stat.S_ISREG(info.st_mode):
        return None, [
            msg("{location}: not used as your config: it is not a regular file", location=location)
        ]
    if hasattr(os, "geteuid") and info.st_uid not in (os.geteuid(), 0):
        return None, [
            msg(
                "{location}: not used as your config: it belongs to user {owner}, not to you",
                location=location,
                owner=info.st_uid,
            )
        ]
    return location, []
