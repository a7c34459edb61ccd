"""How fast ``lintnews server`` answers an editor: cold start to first diagnostics, and
``didChange`` to ``publishDiagnostics`` on a 10 KB article (targets: 1 s and a p95 of 50 ms).

Drives the real server over standard input and output with pygls's client, as an editor
would: start, initialize, open the article, then change it CHANGES times, waiting for each
change's diagnostics before the next. Each change types one more character at the end of a
paragraph in the middle of the body, as an author does, so no text is checked twice: what
the server remembers about the paragraphs the typing leaves alone still serves, but nothing
remembered about a whole text does. The article is the seed
(/work/shared/corpus/seed/, about 10 KB) when present, else a generated 10 KB article with
the same kinds of problems. Run: ``.venv/bin/python benchmarks/lsp_latency.py [CHANGES]``.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seed"
CHANGES = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def article_text() -> tuple[str, str]:
    seeds = sorted(SEED.glob("*.md")) if SEED.is_dir() else []
    if seeds:
        return seeds[0].read_text(encoding="utf-8"), str(seeds[0])
    head = '---\ntitle: "基准"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
    paragraph = "**问题1：**我们能看到所有的思维tokens吗？（以 Pod 为例) 正文，“引号”。\n\n"
    return head + paragraph * (10_000 // len(paragraph.encode("utf-8"))), "generated"


def typing_point(text: str) -> int:
    """The end of the first line of prose in the second half of the article."""
    middle = text.find("\n\n", len(text) // 2)
    for line_start in _line_starts(text, middle):
        line_end = text.find("\n", line_start)
        line = text[line_start:line_end]
        if line.strip() and line.lstrip()[0] not in "#>-*|`<{![" and line_end > 0:
            return line_end
    return len(text)


def _line_starts(text: str, start: int) -> Iterator[int]:
    """Where each line after offset ``start`` begins."""
    while 0 <= start < len(text):
        yield start + 1
        start = text.find("\n", start + 1)


async def measure() -> None:
    text, source = article_text()
    folder = Path(tempfile.mkdtemp(prefix="lintnews-lsp-"))
    path = folder / "article.md"
    path.write_text(text, encoding="utf-8")
    uri = from_fs_path(str(path))
    arrived: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
    client = LanguageClient("lsp-latency", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "lintnews", "server", cwd=str(folder))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    first = await asyncio.wait_for(arrived.get(), 30)
    cold = time.perf_counter() - started
    typed_at = typing_point(text)
    latencies = []
    for version in range(2, CHANGES + 2):
        edited = text[:typed_at] + "字" * (version - 1) + text[typed_at:]
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
            )
        )
        while (await asyncio.wait_for(arrived.get(), 30)).version != version:
            pass
        latencies.append(time.perf_counter() - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"article: {source}, {len(text.encode('utf-8')):,} bytes, {len(first.diagnostics)} findings"
    )
    print(f"cold start to first diagnostics: {cold * 1000:.0f} ms (target 1000)")
    print(
        f"didChange to publishDiagnostics over {len(latencies)} changes: "
        f"median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
        f"(target 50), max {latencies[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(measure())
