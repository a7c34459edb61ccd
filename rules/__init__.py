"""The built-in lintnews rules, one module per topic.

Registered through the ``lintnews.rules`` entry point exactly as a third-party plugin's rules
are (see ``pyproject.toml``); the engine has no other way to find them. A module without
``RULES`` is a helper that rule modules share (``emphasis_flanking``, ``emphasis_runs``...);
no rule module imports another.
"""

from lintnews_rules import (
    dates,
    emphasis,
    emphasis_spacing,
    front_matter,
    headings,
    images,
    links,
    punctuation,
    remote_images,
    schema,
)

RULES = (
    *front_matter.RULES,
    *schema.RULES,
    *dates.RULES,
    *emphasis.RULES,
    *emphasis_spacing.RULES,
    *punctuation.RULES,
    *headings.RULES,
    *images.RULES,
    *remote_images.RULES,
    *links.RULES,
)
