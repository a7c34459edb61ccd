"""``--format json``: a JSON array of diagnostics (a public interface: keep the keys stable)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lintnews.diagnostics import Diagnostic
from lintnews.output import OutputContext


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    # One finding per line: readable, and encoded by json's C encoder (indent= is not).
    if not diagnostics:
        return "[]\n"
    lines = ",\n".join(json.dumps(d.to_json(), ensure_ascii=False) for d in diagnostics)
    return "[\n" + lines + "\n]\n"
