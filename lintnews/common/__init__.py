"""Helpers every layer shares: display width and CJK character classes, Hugo's date
formats, URLs, content-keyed memos and lazily compiled regular expressions.

Nothing here imports another layer of lintnews.
"""
