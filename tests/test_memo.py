"""The per-document memo and the content-keyed memo."""

from __future__ import annotations

from lintnews.common.memo import ContentMemo
from lintnews.model.document import Document


def test_a_document_computes_each_key_once():
    doc = Document("段落 **粗体**\n", "a.md")
    calls = []
    first = doc.memo(("test", "words"), lambda: calls.append(1) or doc.text.split())
    again = doc.memo(("test", "words"), lambda: calls.append(1) or [])
    assert first is again
    assert calls == [1]
    assert doc.memo(("test", "other"), lambda: 42) == 42


def test_memos_die_with_their_document():
    one, two = Document("a\n", "a.md"), Document("a\n", "b.md")
    one.memo("key", lambda: "one")
    assert two.memo("key", lambda: "two") == "two"


def test_an_inline_block_has_its_own_memo():
    doc = Document("第一段\n\n第二段\n", "a.md")
    first, second = doc.inline_blocks
    first.memo("key", lambda: 1)
    assert second.memo("key", lambda: 2) == 2
    assert first.memo("key", lambda: 3) == 1


def test_content_memo_remembers_none_and_drops_the_least_recently_used():
    memo: ContentMemo[str | None] = ContentMemo(size=2)
    calls = []

    def compute(key: str):
        calls.append(key)
        return None if key == "none" else key.upper()

    assert memo.get("none", lambda: compute("none")) is None
    assert memo.get("a", lambda: compute("a")) == "A"
    assert memo.get("none", lambda: compute("none")) is None  # remembered, and now recent
    memo.get("b", lambda: compute("b"))  # drops "a", the least recently used
    memo.get("none", lambda: compute("none"))
    memo.get("a", lambda: compute("a"))
    assert calls == ["none", "a", "b", "a"]
