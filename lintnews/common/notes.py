"""Notes a run writes on standard error while it runs: the progress bar, a lost worker.

Such a note is written deep inside the run, far from the command that knows the language
of the report. The command says once how notes are shown (``lintnews check`` gives its
translator to :func:`show_notes_with`), and each note, a message, goes through
:func:`shown`; until a command says so, a note is its English text.
"""

from __future__ import annotations

from collections.abc import Callable

_show: Callable[[str], str] = str


def show_notes_with(show: Callable[[str], str]) -> None:
    """Show the run's notes with ``show`` (a message in, the text to print out)."""
    global _show
    _show = show


def shown(note: str) -> str:
    """``note`` as the run shows it (translated, when the command asked for it)."""
    return _show(note)
