"""IANA time zone names: whether one is known, and the closest known name to a typo.

``[site] time-zone`` and Hugo's ``timeZone`` both name a zone; a misspelt one
(``Asia/Shangai``) is told with the name it most likely meant (``Asia/Shanghai``).
"""

from __future__ import annotations

import difflib
from functools import cache

from lintnews.common.messages import message


def is_time_zone(name: object) -> bool:
    """Whether ``name`` is a time zone this system's zone database knows."""
    if not isinstance(name, str) or not name:
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only sites that name a zone

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def closest_time_zone(name: str) -> str | None:
    """The known zone name most like ``name`` (case aside), or None when none is close."""
    by_folded = _known_by_folded_name()
    if name.casefold() in by_folded:
        return by_folded[name.casefold()]
    matches = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None


def unknown_time_zone(name: object) -> str:
    """Why ``name`` is not a usable zone, with the closest known name when there is one."""
    closest = closest_time_zone(name) if isinstance(name, str) and name else None
    advice = (
        message("did you mean {closest}?", closest=repr(closest))
        if closest
        else message("use a name like 'Asia/Shanghai'")
    )
    return message("{name} is not an IANA time zone name; {advice}", name=repr(name), advice=advice)


@cache
def _known_by_folded_name() -> dict[str, str]:
    from zoneinfo import available_timezones  # walks the zone database: once, on an error

    return {zone.casefold(): zone for zone in sorted(available_timezones())}
