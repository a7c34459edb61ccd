"""The user's own secret that vouches for cached URL checks.

The URL cache lives in the checked tree (``.lintnews_cache/urls/``), where a pull request
can commit files. Each entry is signed with a key only this user can read, kept outside
any tree (``$XDG_CACHE_HOME/lintnews/url-cache.key``, else ``~/.cache/lintnews/``), so a
planted entry fails its check and the URL is fetched. The key is created on first use:
32 random bytes, mode 0600, never through a symbolic link. When it cannot be created or
read (no home folder, a key file that is a link or readable by others), nothing is
trusted from disk nor written there: the run checks every URL afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

KEY_NAME = "url-cache.key"
KEY_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def key_folder() -> Path | None:
    """Where the key lives: the user's cache folder, outside every checked tree."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "lintnews"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "lintnews" if os.path.isabs(home) else None


def user_key() -> bytes | None:
    """The user's key, created if there is none; None when it cannot be had safely."""
    folder = key_folder()
    if folder is None:
        return None
    path = folder / KEY_NAME
    with contextlib.suppress(FileNotFoundError):
        return _read_key(path)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:  # another run made it just now
        return _read_key_or_none(path)
    except OSError:
        return None
    key = secrets.token_bytes(KEY_BYTES)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return key


def _read_key_or_none(path: Path) -> bytes | None:
    try:
        return _read_key(path)
    except FileNotFoundError:
        return None


def _read_key(path: Path) -> bytes | None:
    """The key in ``path`` if it is the user's own private regular file (not a link)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        raise
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        private = not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
        own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not (stat.S_ISREG(info.st_mode) and private and own):
            return None
        key = stream.read(KEY_BYTES + 1)
    # A key still being written by another run reads short: not trusted this once.
    return key if len(key) == KEY_BYTES else None


def sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def verify(key: bytes, message: bytes, signature: object) -> bool:
    return isinstance(signature, str) and hmac.compare_digest(sign(key, message), signature)
