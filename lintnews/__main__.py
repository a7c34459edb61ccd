"""``python -m lintnews``: the same command as ``lintnews``.

``-m`` puts the current folder first on ``sys.path``; in a checked tree that folder is
untrusted, and a ``lintnews_rules.py`` there would replace the built-in rules and run its
code when rules are loaded. The console script never had that entry, so drop it here too.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from lintnews.cli import main  # noqa: E402

raise SystemExit(main())
