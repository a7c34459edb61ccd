"""How ``lintnews init`` writes: TOML keys and values, and counts and shares in words."""

from __future__ import annotations

import json
import re
from typing import Any

# --- writing ------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(name: str) -> str:
    return name if _BARE_KEY.match(name) else toml_string(name)


def toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also refuses a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return str(value)


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def percent(part: float, whole: float) -> str:
    if not whole:
        return "0%"
    share = 100 * part / whole
    if 0 < share < 1:
        return "<1%"
    # Never round 99.7% up to 100%: "100%" must mean every article.
    shown = int(share) if share < 100 else 100
    return f"{shown}%"
