"""``lintnews server`` driven over standard input and output by pygls's own LSP client."""

import asyncio
import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra (pygls) is not installed")
# Each test starts a server process (about a second before its first answer).
pytestmark = pytest.mark.slow
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path, to_fs_path  # noqa: E402

# "😀" is outside the BMP: one code point, two UTF-16 units, four UTF-8 bytes.
NON_BMP = '---\ntitle: "表情"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n😀😀 **问题1：**我们\n'


class Session:
    """A real server process and a real client, with what the server published."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, asyncio.Queue] = {}

    def queue(self, uri: str) -> asyncio.Queue:
        return self.published.setdefault(uri, asyncio.Queue())

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        params = await asyncio.wait_for(self.queue(uri).get(), 20)
        return list(params.diagnostics)

    def open(self, path: Path, text: str | None = None) -> str:
        uri = from_fs_path(str(path))
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri,
                    language_id="markdown",
                    version=1,
                    text=text if text is not None else path.read_text(encoding="utf-8"),
                )
            )
        )
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )


def serve(
    test, encodings: list[str] | None = None, cwd: Path | None = None, args: tuple[str, ...] = ()
):
    """Run ``test(session)`` against a fresh ``lintnews server`` (given ``args``)."""

    async def main():
        client = LanguageClient("lintnews-test", "1")
        session = Session(client)

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            session.queue(params.uri).put_nowait(params)

        await client.start_io(sys.executable, "-m", "lintnews", "server", *args, cwd=cwd)
        general = types.GeneralClientCapabilities(position_encodings=encodings)
        result = await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(general=general if encodings else None)
            )
        )
        client.initialized(types.InitializedParams())
        try:
            await test(session, result)
        finally:
            await client.shutdown_async(None)
            client.exit(None)
            await client.stop()

    asyncio.run(main())


def test_positions_count_utf16_units_by_default_and_what_the_client_negotiates(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(NON_BMP, encoding="utf-8")
    columns: dict[str, tuple[int, int]] = {}

    def run(encoding):
        async def test(session, result):
            columns[encoding or "default"] = (
                result.capabilities.position_encoding,
                [
                    (d.code, d.range.start.character, d.range.end.character)
                    for d in await session.diagnostics(session.open(article))
                ],
            )

        serve(test, [encoding] if encoding else None)

    for encoding in (None, "utf-8", "utf-32"):
        run(encoding)
    # The closing ** follows "😀😀 **问题1：": 9 code points, 11 UTF-16 units, 21 UTF-8 bytes.
    assert columns["default"] == ("utf-16", [("LN201", 11, 13)])
    assert columns["utf-32"] == ("utf-32", [("LN201", 9, 11)])
    assert columns["utf-8"] == ("utf-8", [("LN201", 21, 23)])


def test_diagnostics_on_open_change_save_and_close(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(NON_BMP, encoding="utf-8")

    async def test(session, result):
        uri = session.open(article)
        [found] = await session.diagnostics(uri)
        assert found.code == "LN201" and found.severity == types.DiagnosticSeverity.Error
        assert found.source == "lintnews emphasis-not-rendered"
        page = Path(to_fs_path(found.code_description.href))
        assert page.read_text(encoding="utf-8").startswith("# emphasis-not-rendered (LN201)")
        # A burst of changes is checked once, as of the last one.
        for version in range(2, 6):
            session.change(uri, version, NON_BMP.replace("**问题1：**", "**问题1**：" * version))
        assert await session.diagnostics(uri) == []
        assert session.queue(uri).empty()
        session.change(uri, 6, NON_BMP + "\n![](missing.png)\n")
        assert {d.code for d in await session.diagnostics(uri)} == {"LN201", "LN401", "LN404"}
        session.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert len(await session.diagnostics(uri)) == 3
        session.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert await session.diagnostics(uri) == []

    serve(test)


def test_unsaved_buffer_images_resolve_in_the_document_folder(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "here.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    text = NON_BMP.replace("**问题1：**我们", "图") + "\n![图](here.png)\n\n![图](gone.png)\n"

    async def test(session, result):
        uri = session.open(tmp_path / "posts" / "new.md", text)  # never written to disk
        found = await session.diagnostics(uri)
        assert [(d.code, d.range.start.line) for d in found] == [("LN404", 9)]

    serve(test, cwd=tmp_path)


def test_the_config_is_found_from_the_document_and_read_again_when_it_changes(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(NON_BMP, encoding="utf-8")

    async def test(session, result):
        uri = session.open(article)
        assert len(await session.diagnostics(uri)) == 1
        (tmp_path / "lintnews.toml").write_text('ignore = ["LN201"]\n', encoding="utf-8")
        session.change(uri, 2, NON_BMP + "\n")
        assert await session.diagnostics(uri) == []
        (tmp_path / "lintnews.toml").write_text("ignore = [\n", encoding="utf-8")
        session.change(uri, 3, NON_BMP)
        [broken] = await session.diagnostics(uri)
        assert broken.message.startswith("lintnews config error:")

    serve(test)


def test_code_actions_fix_fix_all_and_suppress(tmp_path):
    article = tmp_path / "a.md"
    text = NON_BMP + "\n**问题2：**他们\n"
    article.write_text(text, encoding="utf-8")

    async def test(session, result):
        uri = session.open(article)
        found = await session.diagnostics(uri)
        first = found[0]
        actions = await session.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=first.range,
                context=types.CodeActionContext(diagnostics=[first]),
            )
        )
        titles = [a.title for a in actions]
        [fix] = [a for a in actions if a.title.startswith("LN201")]
        assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
        [edit] = fix.edit.changes[uri]
        # The fix moves "：" out of the bold: it starts at "：", 10 UTF-16 units in (8 code
        # points: each emoji is two units).
        assert (edit.range.start.line, edit.range.start.character) == (5, 10)
        [suppress] = [a for a in actions if a.title.startswith("Suppress")]
        [comment] = suppress.edit.changes[uri]
        assert comment.new_text == " <!-- lintnews-disable-line emphasis-not-rendered -->"
        line_units = len("😀😀 **问题1：**我们".encode("utf-16-le")) // 2
        assert (comment.range.start.line, comment.range.start.character) == (5, line_units)
        [fix_all] = [a for a in actions if a.kind == types.CodeActionKind.SourceFixAll]
        assert "Fix all safe problems in this file (lintnews)" in titles
        [whole] = fix_all.edit.changes[uri]
        assert "**问题1**：" in whole.new_text and "**问题2**：" in whole.new_text
        # Applying the suppression comment silences the finding on that line only.
        lines = text.split("\n")
        lines[5] += comment.new_text
        session.change(uri, 2, "\n".join(lines))
        assert [d.range.start.line for d in await session.diagnostics(uri)] == [7]

    serve(test)


def test_hover_shows_the_rule_docs(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(NON_BMP, encoding="utf-8")

    async def test(session, result):
        uri = session.open(article)
        [found] = await session.diagnostics(uri)
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=found.range.start
            )
        )
        assert hover.contents.value.startswith("**LN201 emphasis-not-rendered**")
        assert "**What it does**" in hover.contents.value
        assert "**Why is this bad?**" in hover.contents.value
        elsewhere = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=1, character=0),
            )
        )
        assert elsewhere is None

    serve(test)


def test_the_seed_gets_what_lintnews_check_reports(seed_path):
    from tests.conftest import run_cli

    article = seed_path
    report = run_cli(
        "check", "--offline", "--no-cache", "--format", "json", article.name, cwd=seed_path.parent
    )
    expected = sorted((d["line"] - 1, d["code"], d["message"]) for d in json.loads(report.stdout))
    assert expected  # the seed has problems to find

    async def test(session, result):
        found = await session.diagnostics(session.open(article))
        assert sorted((d.range.start.line, d.code, d.message) for d in found) == expected

    serve(test, cwd=seed_path.parent)


def test_messages_come_in_the_language_of_the_documents_config(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "lintnews.toml").write_text('lang = "zh-CN"\n', encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text(NON_BMP, encoding="utf-8")

    async def test(session, result):
        uri = session.open(article)
        [diagnostic] = await session.diagnostics(uri)
        assert "加粗不会生效" in diagnostic.message
        assert diagnostic.code == "LN201"

    serve(test)


def test_code_actions_hovers_and_config_errors_come_in_the_language_asked_for(tmp_path):
    from tests.test_no_english import english_in

    (tmp_path / ".git").mkdir()
    article = tmp_path / "a.md"
    article.write_text(NON_BMP.replace("T10:30:49+08:00", " 10:30:49"), encoding="utf-8")

    async def test(session, result):
        uri = session.open(article)
        found = await session.diagnostics(uri)
        assert {d.code for d in found} == {"LN102", "LN201"}
        actions = await session.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(line=6, character=0),
                ),
                context=types.CodeActionContext(diagnostics=found),
            )
        )
        titles = [a.title for a in actions]
        assert "在这一行屏蔽 emphasis-not-rendered" in titles, titles
        assert "修复这个文件里所有可安全修复的问题（lintnews）" in titles, titles
        assert any(t.startswith("LN102") and "（不安全：可能改变原意）" in t for t in titles)
        for title in titles:
            assert not english_in(title), title
        [bold] = [d for d in found if d.code == "LN201"]
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=bold.range.start
            )
        )
        summary = hover.contents.value.split("\n")[0]  # the sections below are docs: English
        assert summary.startswith("**LN201 emphasis-not-rendered**") and not english_in(summary)
        (tmp_path / "lintnews.toml").write_text("bogus = 1\n", encoding="utf-8")
        session.change(uri, 2, NON_BMP)
        [broken] = await session.diagnostics(uri)
        assert broken.message.startswith("lintnews 配置错误："), broken.message
        assert not english_in(broken.message), broken.message

    serve(test, cwd=tmp_path, args=("--lang", "zh-CN"))
