"""Successful URL checks kept on disk between runs, signed with the user's own key.

The entries sit in the checked tree (``.lintnews_cache/urls/``), which a pull request may
fill; each carries an HMAC made with a key outside the tree (:mod:`lintnews.network.secret`),
so a committed entry is not trusted, and no file or folder is written or read through a
symbolic link (:mod:`lintnews.common.nofollow`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lintnews.common.nofollow import create_new, read_regular, real_folder
from lintnews.network.result import UrlResult
from lintnews.network.secret import sign, user_key, verify

CACHE_VERSION = 2
_GITIGNORE = b"# Created by lintnews: the whole cache is local.\n*\n"


class UrlCheckCache:
    """Successful checks on disk, one small JSON file per URL.

    Failures are never stored, so a fixed image is seen as fixed on the next run; entries
    that cannot be read (corrupt, foreign, unsigned, too old) are ignored and replaced.
    Without the user's key, nothing is read from disk or written there.
    """

    def __init__(self, directory: Path | None, max_age: float, privacy: Any) -> None:
        self.key = user_key() if directory and max_age > 0 else None
        self.directory = directory / "urls" if directory and self.key is not None else None
        self.root = directory
        self.max_age = max_age
        self.privacy = privacy
        #: Folders made or checked by this cache already: private to the user once checked
        #: (see :func:`real_folder`), so nobody else can swap them later in the run.
        self._checked: set[str] = set()

    def _digest(self, url: str, referer: str | None, purpose: str = "image") -> str:
        # A result obtained while private hosts were allowed must not vouch for the URL
        # on a run where they are refused, so that setting is part of the key; so is the
        # purpose (a live page is not an image), left out for images to keep their keys.
        fields = [CACHE_VERSION, url, referer, self.privacy]
        key = json.dumps(fields if purpose == "image" else [*fields, purpose])
        return hashlib.sha256(key.encode()).hexdigest()

    def _path(self, url: str, referer: str | None, purpose: str = "image") -> Path:
        assert self.directory is not None
        digest = self._digest(url, referer, purpose)
        return self.directory / digest[:2] / f"{digest}.json"

    def _signed(
        self, url: str, referer: str | None, checked_at: Any, result: Any, purpose: str = "image"
    ) -> bytes:
        fields = [self._digest(url, referer, purpose), url, checked_at, result]
        return json.dumps(fields, sort_keys=True).encode()

    def get(self, url: str, referer: str | None, purpose: str = "image") -> UrlResult | None:
        """The stored success for ``url``; for a page, an image stored there also says it is
        alive."""
        found = self._get(url, referer, purpose)
        if found is None and purpose != "image":
            found = self._get(url, referer, "image")
        return found

    def _get(self, url: str, referer: str | None, purpose: str) -> UrlResult | None:
        if self.directory is None or self.key is None:
            return None
        try:
            entry = json.loads(read_regular(self._path(url, referer, purpose)))
            message = self._signed(url, referer, entry["checked_at"], entry["result"], purpose)
            if not verify(self.key, message, entry["mac"]):
                return None  # planted, or written with another user's key
            age = time.time() - float(entry["checked_at"])
            if entry["url"] != url or not -60 <= age <= self.max_age:
                return None
            result = UrlResult(**entry["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return result if result.ok else None

    def put(self, url: str, referer: str | None, result: UrlResult, purpose: str = "image") -> None:
        if self.directory is None or self.key is None or self.root is None or not result.ok:
            return
        checked_at = time.time()
        fields = asdict(result)
        entry = {
            "url": url,
            "checked_at": checked_at,
            "result": fields,
            "mac": sign(self.key, self._signed(url, referer, checked_at, fields, purpose)),
        }
        digest = self._digest(url, referer, purpose)
        try:
            folder = self._folder(digest[:2])
            path = folder / f"{digest}.json"
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            create_new(temporary, json.dumps(entry).encode())
            os.replace(temporary, path)  # replaces a link itself, never its target
        except OSError:
            pass  # a read-only tree, or a link where the cache should be: no cache

    def _folder(self, name: str) -> Path:
        """``urls/name`` in the cache, made and checked once per run, not once per URL."""
        assert self.root is not None
        if not self._checked:
            real_folder(self.root.parent, self.root.name)
            self._mark_root()
            real_folder(self.root, "urls")
            self._checked.add("")
        if name not in self._checked:
            real_folder(self.root / "urls", name)
            self._checked.add(name)
        return self.root / "urls" / name

    def _mark_root(self) -> None:
        assert self.root is not None
        # Ours from an earlier run, or something not ours (left alone).
        with contextlib.suppress(FileExistsError):
            create_new(self.root / ".gitignore", _GITIGNORE)
