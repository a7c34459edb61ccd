"""Regular expressions compiled when first used.

Compiling every module's patterns at import costs start-up on every run, also for the
patterns that only rare input needs (an unreadable date, TOML front matter, raw HTML).
Those are written as :class:`LazyPattern` and cost nothing until a run needs them.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """A ``re.compile(pattern, flags)`` that happens on the first call of a method.

    Use it like the compiled pattern (``.match``, ``.search``, ``.sub``...); it is not a
    ``re.Pattern``, so pass it to nothing that needs one (``re.sub(pattern, ...)``).
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Only reached for what the slots do not hold: the compiled pattern's methods.
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
