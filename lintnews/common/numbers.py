"""Numbers too long to read: Python refuses to convert integers of more than
``sys.get_int_max_str_digits()`` digits (a guard against quadratic conversion), and tomllib,
json and ``int()`` raise a plain ``ValueError`` for them. Readers of untrusted files catch
it where they parse and say what it means.
"""

from __future__ import annotations

import sys

from lintnews.common.messages import message as msg


def is_too_long_number(exc: ValueError) -> bool:
    """Whether ``exc`` is Python's refusal to convert a number with too many digits."""
    return "integer string conversion" in str(exc)


def too_long_number_message() -> str:
    return msg(
        "a number has more than {get_int_max_str_digits:,} digits, more than Python (or any site) can use",
        get_int_max_str_digits=sys.get_int_max_str_digits(),
    )
