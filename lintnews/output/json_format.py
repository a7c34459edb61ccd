"""``--format json``: a JSON array of diagnostics (a public interface: keep the keys stable)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lintnews.diagnostics import Diagnostic
from lintnews.output import OutputContext


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"
