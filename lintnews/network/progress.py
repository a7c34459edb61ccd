"""The progress bar of a long check."""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

from lintnews.common.messages import message
from lintnews.common.notes import shown


class ProgressBar:
    """A one-line bar on an interactive stderr; silent in CI, pipes and pre-commit."""

    def __init__(self, total: int, enabled: bool | None, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = should_show_progress(total, stream) if enabled is None else enabled
        self._shown_at = 0.0

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._shown_at < 0.1 and self.done < self.total:
            return
        self._shown_at = now
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "█" * filled + "░" * (width - filled)
        note = message(
            "checking image URLs {bar} {done}/{total}", bar=bar, done=self.done, total=self.total
        )
        self.stream.write("\r" + shown(note))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown_at:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def should_show_progress(total: int, stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Only a person watching a terminal wants a bar, and only for more than a screenful."""
    environ = os.environ if environ is None else environ
    if environ.get("CI") or environ.get("PRE_COMMIT") or environ.get("TERM") == "dumb":
        return False
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return interactive and total > shutil.get_terminal_size().lines
