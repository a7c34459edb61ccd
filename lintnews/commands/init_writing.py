"""How ``lintnews init`` writes TOML keys and values (counts in words: :mod:`lintnews.common.words`)."""

from __future__ import annotations

import json
import re
from typing import Any

from lintnews.common.words import counted, percent

__all__ = ["counted", "percent", "toml_key", "toml_string", "toml_value"]

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
