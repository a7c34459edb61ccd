"""A time budget per file: a file built to be slow must not hold up the run.

Every parser and rule is meant to be linear, but a check that is not, on a file made to
find it, could take hours. While a file is parsed and checked (``file-time-budget``
seconds, 10 by default; see :mod:`lintnews.site.trust` for who may raise it), a real-time
timer (``SIGALRM``) is set; when it fires, the check is abandoned by an exception no rule catches
(it is not an :class:`Exception`), the file gets a finding saying so, and the run goes on
with the next file. Worker processes of a parallel run check in their main thread, so each
keeps the budget too. Only the main thread can receive signals: elsewhere (a library
caller's thread) and where there is no ``setitimer`` (Windows) the budget is not enforced,
and a slow file holds up the run until it is done.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from lintnews.site.configfile import DEFAULT_FILE_TIME_BUDGET as FILE_TIME_BUDGET

__all__ = ["FILE_TIME_BUDGET", "FileTookTooLong", "time_budget"]


class FileTookTooLong(BaseException):
    """Raised in the middle of a file's check when its budget is spent."""


@contextmanager
def time_budget(seconds: float = FILE_TIME_BUDGET) -> Iterator[None]:
    """Raise :class:`FileTookTooLong` in the block once ``seconds`` have passed."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTookTooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
