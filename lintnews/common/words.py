"""Counts and shares in words, as reports print them (``3 articles``, ``<1%``)."""

from __future__ import annotations


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
