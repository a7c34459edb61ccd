"""The commands behind ``lintnews COMMAND``: :mod:`~lintnews.commands.check` and
:mod:`~lintnews.commands.rules` (``rules`` and ``rule``); ``init`` is :mod:`lintnews.commands.init`.

:mod:`lintnews.cli` parses the arguments and hands them to one of these; each returns the
exit status.
"""

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
