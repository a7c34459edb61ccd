"""The built-in lintnews rules, one module per topic.

Registered through the ``lintnews.rules`` entry point exactly as a third-party plugin's rules
are (see ``pyproject.toml``); the engine has no other way to find them. Every module of this
package that defines ``RULES`` contributes them, so a new rule module is found without
being listed here; a module without ``RULES`` is a helper that rule modules share
(``emphasis_flanking``, ``emphasis_runs``...). No rule module imports another.
"""

import importlib
import pkgutil


def _rules_of_every_module() -> tuple:
    found = []
    for module in pkgutil.iter_modules(__path__):
        found.extend(getattr(importlib.import_module(f"{__name__}.{module.name}"), "RULES", ()))
    return tuple(sorted(found, key=lambda rule: rule.code))


RULES = _rules_of_every_module()
