"""Successful URL checks kept on disk between runs."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lintnews.network.result import UrlResult

CACHE_VERSION = 1


class UrlCheckCache:
    """Successful checks on disk, one small JSON file per URL.

    Failures are never stored, so a fixed image is seen as fixed on the next run; entries
    that cannot be read (corrupt, foreign, too old) are ignored and replaced.
    """

    def __init__(self, directory: Path | None, max_age: float, privacy: Any) -> None:
        self.directory = directory / "urls" if directory and max_age > 0 else None
        self.root = directory
        self.max_age = max_age
        self.privacy = privacy

    def _path(self, url: str, referer: str | None) -> Path:
        assert self.directory is not None
        # A result obtained while private hosts were allowed must not vouch for the URL
        # on a run where they are refused, so that setting is part of the key.
        key = json.dumps([CACHE_VERSION, url, referer, self.privacy])
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, url: str, referer: str | None) -> UrlResult | None:
        if self.directory is None:
            return None
        try:
            entry = json.loads(self._path(url, referer).read_text("utf-8"))
            age = time.time() - float(entry["checked_at"])
            if entry["url"] != url or not -60 <= age <= self.max_age:
                return None
            result = UrlResult(**entry["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return result if result.ok else None

    def put(self, url: str, referer: str | None, result: UrlResult) -> None:
        if self.directory is None or not result.ok:
            return
        path = self._path(url, referer)
        entry = {"url": url, "checked_at": time.time(), "result": asdict(result)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._mark_root()
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_text(json.dumps(entry), "utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only tree just runs without a cache

    def _mark_root(self) -> None:
        assert self.root is not None
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by lintnews: the whole cache is local.\n*\n", "utf-8")
