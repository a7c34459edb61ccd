"""``lintnews server``: the checks as a Language Server Protocol server on standard input and
output, for editors (pygls, the optional extra ``lintnews[server]``).

Each open Markdown buffer is checked as the file it will be saved as, exactly as
``lintnews check --stdin-filename PATH`` checks it: the config is found from its folder (and
read again when its file changes), per-path ignores apply, and local images resolve against
its folder even before it is saved. The network is never used: remote image checks belong to
``lintnews check --online``, not to keystrokes.

Diagnostics are published when a buffer is opened, changed (a burst of changes is published
once, :data:`DEBOUNCE_SECONDS` after the last, and checked while that time runs), saved,
and cleared when it is closed. Their
ranges are in the position encoding the client negotiated (UTF-16 unless it offers UTF-8 or
UTF-32; lintnews itself counts code points). Each carries the rule's code and name and links
to the rule's documentation; hovering it shows the rule's *What it does* and *Why* text. Code
actions offer each finding's fix (safe fixes preferred, unsafe ones marked so), "fix all
safe problems" for the file, and a suppression comment for the rule on the finding's line.

The checks run in a child process forked before pygls and lsprotocol are imported
(:mod:`lintnews.commands.server_process`): it loads lintnews while the server loads its
protocol, so a cold start pays for the slower of the two, not for both.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintnews import __version__
from lintnews.commands import EXIT_ERROR, EXIT_OK
from lintnews.commands.server_process import CheckProcess

if TYPE_CHECKING:
    from lsprotocol import types

    from lintnews.model.document import Document
    from lintnews.output.translation import Translator
    from lintnews.plugin.diagnostics import Diagnostic
    from lintnews.site.config import Config

#: How long a buffer must stay unchanged before its findings are published: keystrokes
#: typed faster than this are published once. The check runs meanwhile, so a change costs
#: the longer of the two, not their sum.
DEBOUNCE_SECONDS = 0.01
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: What :meth:`BufferLinter.warm_up` checks: front matter, emphasis, punctuation, an image.
WARM_UP_ARTICLE = (
    '---\ntitle: "标题"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
    "**问题1：**我们能看到所有的思维tokens吗？（以 Pod 为例)\n\n![](a.png)\n"
)


def run(args: Any = None) -> int:
    """Serve on standard input and output until the client says exit."""
    try:
        server = build_server(getattr(args, "lang", None))
    except ImportError:
        from lintnews.output.translation import Translator
        from lintnews.site.language import run_language

        say = Translator(run_language(getattr(args, "lang", None), None, Path.cwd()))
        print(
            say(
                "lintnews: error: lintnews server needs the server extra: "
                "pip install 'lintnews[server]' (it installs pygls and lsprotocol)"
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    server.start_io()
    return EXIT_OK


@dataclass
class Checked:
    """A buffer's text as last checked, and what was found in it."""

    version: int | None
    text: str
    lines: list[str]
    #: Code points before line 1's text that lintnews does not count (a byte-order mark).
    shift: int
    findings: list[Diagnostic]
    #: The path the buffer is checked as, as findings name it.
    display: str

    @cached_property
    def document(self) -> Document:
        """The text as lintnews reads it, for offsets: made only when a code action needs
        it, as publishing findings does not."""
        from lintnews.model.document import Document

        return Document(self.text, self.display, bom=bool(self.shift))


class BufferLinter:
    """Checks buffers as the files they belong to, with each folder's config loaded once
    (and loaded again when the config file changes)."""

    def __init__(self) -> None:
        self._configs: dict[tuple[Any, ...], Config] = {}

    def config_for(self, path: Path) -> Config:
        """Raises :class:`~lintnews.site.configfile.ConfigError` for a broken config."""
        from lintnews.plugin.rule import RuleLoadError
        from lintnews.site.config import load_config
        from lintnews.site.configfile import ConfigError, config_root, find_config

        # From the folder: an unsaved buffer's path is no file yet, and a start that is not
        # a file would be taken for a folder.
        folder = path.parent
        found = find_config(folder)
        try:
            stamp = found.stat().st_mtime_ns if found is not None else None
        except OSError:
            stamp = None
        key = (found, stamp, config_root(found, folder))
        if key not in self._configs:
            try:
                self._configs[key] = load_config(found, start=folder, online=False)
            except RuleLoadError as exc:
                raise ConfigError(exc.message) from exc
        return self._configs[key]

    def findings(self, body: str, path: Path, bom: bool) -> list[Diagnostic]:
        """What ``lintnews check`` finds in the buffer's text (after its byte-order mark)."""
        from lintnews.model.document import Document
        from lintnews.run.engine import lint_document

        config = self.config_for(path)
        return lint_document(Document(body, str(path), bom=bom), config)

    def warm_up(self) -> None:
        """Load what checks need (config, rules, parser, their patterns) by checking a
        small article as a buffer in the current folder."""
        self.findings(WARM_UP_ARTICLE, Path.cwd() / "untitled.md", False)

    # Asked of the process that checks, which has the rules loaded.

    def rule_sections(self, rule_name: str) -> tuple[str, str]:
        return rule_sections(rule_name)

    def docs_uri(self, rule_name: str) -> str | None:
        return docs_uri(rule_name)

    def fixed_text(self, text: str, path: Path) -> str:
        """The buffer with every safe fix applied, re-checked until stable as ``--fix`` is."""
        from lintnews.model.document import Document
        from lintnews.run.engine import lint_document
        from lintnews.run.fixes import DEFAULT_MAX_ROUNDS, FixResult, _fix_until_stable

        config = self.config_for(path)
        document = Document(text, str(path))
        progress = FixResult(path=path, display=str(path))
        found = lint_document(document, config)
        return _fix_until_stable(document, found, config, False, DEFAULT_MAX_ROUNDS, progress)


def check(linter: CheckProcess, text: str, path: Path, version: int | None) -> Checked:
    """The buffer ``text`` checked as the file at ``path``."""
    from lintnews.common.text import LINE_BREAK

    shift = 1 if text.startswith("\ufeff") else 0
    body = text[shift:]
    findings = linter.call("findings", body, path, bool(shift))
    return Checked(version, body, LINE_BREAK.split(body), shift, findings, str(path))


def path_of(uri: str) -> Path:
    """The file a document URI names; an unsaved buffer without one counts as in the cwd."""
    from pygls.uris import to_fs_path

    fs_path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(fs_path) if fs_path else Path.cwd() / (uri.rsplit("/", 1)[-1] or "untitled.md")


def is_markdown(uri: str, language_id: str | None = None) -> bool:
    return language_id == "markdown" or uri.lower().endswith(MARKDOWN_SUFFIXES)


def rule_sections(rule_name: str) -> tuple[str, str]:
    """The rule's summary, and its *What it does* and *Why is this bad?* text."""
    from lintnews.plugin.rule import load_rules

    rule = load_rules().resolve(rule_name)
    if rule is None:
        return "", ""
    doc = rule.documentation()
    sections: dict[str, str] = {}
    for part in doc.split("\n## ")[1:]:
        title, _, text = part.partition("\n")
        sections[title.strip()] = text.strip()
    wanted = [
        f"**{title}**\n\n{sections[title]}"
        for title in ("What it does", "Why is this bad?")
        if title in sections
    ]
    return rule.summary(), "\n\n".join(wanted)


def docs_uri(rule_name: str) -> str | None:
    """A file with the rule's documentation, written once per server, for the link."""
    from pygls.uris import from_fs_path

    from lintnews.plugin.rule import load_rules

    rule = load_rules().resolve(rule_name)
    if rule is None:
        return None
    folder = Path(tempfile.gettempdir()) / f"lintnews-{__version__}-rules-{os.getuid()}"
    page = folder / f"{rule.name}.md"
    if not page.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        text = f"# {rule.name} ({rule.code})\n\n{rule.documentation()}\n"
        temporary = page.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(page)
    return from_fs_path(str(page))


def build_server(lang: str | None = None) -> Any:
    """The pygls server with every feature registered. Raises ImportError without pygls.

    Messages are in ``lang`` (``--lang``), else in the ``lang`` of each document's config,
    else the locale's (:mod:`lintnews.site.language`)."""
    import pygls  # noqa: F401  (before the fork: without the extra, no child is started)

    # Forked before lsprotocol and pygls are imported, so that lintnews loads meanwhile.
    linter = CheckProcess(BufferLinter(), warm_up="warm_up")
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
        from pygls.workspace import PositionCodec
    except ImportError:
        linter.close()
        raise

    from lintnews.output.translation import Translator
    from lintnews.site.configfile import CONFIG_FILES, ConfigError
    from lintnews.site.language import run_language

    server = LanguageServer("lintnews", __version__)
    checked: dict[str, Checked] = {}
    #: The buffers being checked after a change, and those changed again meanwhile.
    running: dict[str, asyncio.Task[None]] = {}
    changed: set[str] = set()
    last_change: dict[str, float] = {}
    doc_links: dict[str, str | None] = {}
    #: Each open document's translator, as its last check found its language.
    translators: dict[str, Translator] = {}
    severities = {
        "error": types.DiagnosticSeverity.Error,
        "warning": types.DiagnosticSeverity.Warning,
        "info": types.DiagnosticSeverity.Information,
    }

    def codec() -> PositionCodec:
        return server.workspace.position_codec

    def client_position(state: Checked, line: int, column: int) -> types.Position:
        """A 1-based line and code-point column, as the client counts them."""
        index = min(max(line - 1, 0), len(state.lines) - 1)
        source = state.lines[index][: max(column - 1, 0)]
        if index == 0 and state.shift:
            source = "\ufeff" + source
        return types.Position(line=index, character=codec().client_num_units(source))

    def client_range(state: Checked, d: Diagnostic) -> types.Range:
        return types.Range(
            start=client_position(state, d.line, d.column),
            end=client_position(state, d.end_line, d.end_column),
        )

    def offset_range(state: Checked, start: int, end: int) -> types.Range:
        return types.Range(
            start=client_position(state, *state.document.position(start)),
            end=client_position(state, *state.document.position(end)),
        )

    def link(rule: str) -> types.CodeDescription | None:
        if rule not in doc_links:
            try:
                doc_links[rule] = linter.call("docs_uri", rule)
            except OSError:
                doc_links[rule] = None
        href = doc_links[rule]
        return types.CodeDescription(href=href) if href else None

    def to_lsp(state: Checked, d: Diagnostic, say: Translator) -> types.Diagnostic:
        return types.Diagnostic(
            range=client_range(state, d),
            message=say.text(d.message),
            severity=severities[d.severity.value],
            code=d.code,
            code_description=link(d.rule),
            source=f"lintnews {d.rule}",
            data={"rule": d.rule},
        )

    def check_buffer(uri: str, text: str, version: int | None) -> Checked | ConfigError:
        try:
            return check(linter, text, path_of(uri), version)
        except ConfigError as exc:
            return exc

    def send(uri: str, outcome: Checked | ConfigError, version: int | None) -> None:
        say = translators[uri] = Translator(run_language(lang, None, path_of(uri)))
        if isinstance(outcome, ConfigError):
            checked.pop(uri, None)
            problem = types.Diagnostic(
                range=types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(line=0, character=0),
                ),
                message=say("lintnews config error: {exc}", exc=outcome.message),
                severity=types.DiagnosticSeverity.Error,
                source="lintnews",
            )
            diagnostics = [problem]
        else:
            checked[uri] = outcome
            diagnostics = [to_lsp(outcome, d, say) for d in outcome.findings]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        send(uri, check_buffer(uri, document.source, document.version), document.version)

    async def check_until_current(uri: str) -> None:
        """Check the buffer, again while it changed during the check, and publish once it
        has stayed unchanged for :data:`DEBOUNCE_SECONDS`."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                changed.discard(uri)
                document = server.workspace.get_text_document(uri)
                text, version = document.source, document.version
                # In a thread, so changes keep arriving while the check process works.
                outcome = await loop.run_in_executor(None, check_buffer, uri, text, version)
                quiet = last_change[uri] + DEBOUNCE_SECONDS - loop.time()
                if quiet > 0 and uri not in changed:
                    await asyncio.sleep(quiet)
                if uri not in changed:
                    send(uri, outcome, version)
                    return
        finally:
            if running.get(uri) is asyncio.current_task():
                del running[uri]

    def schedule(uri: str) -> None:
        loop = asyncio.get_running_loop()
        last_change[uri] = loop.time()
        if uri in running:
            changed.add(uri)
        else:
            running[uri] = loop.create_task(check_until_current(uri))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        if is_markdown(params.text_document.uri, params.text_document.language_id):
            publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        if is_markdown(params.text_document.uri, None) or params.text_document.uri in checked:
            schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.rsplit("/", 1)[-1] in CONFIG_FILES:
            for open_uri in list(checked):  # a config saved in the editor: check again with it
                publish(open_uri)
        elif uri in checked or is_markdown(uri):
            publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        checked.pop(uri, None)
        translators.pop(uri, None)
        changed.discard(uri)
        last_change.pop(uri, None)
        waiting = running.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def findings_at(uri: str, first: types.Position, last: types.Position) -> list[Diagnostic]:
        """Findings on the lines from ``first`` to ``last`` (0-based, client units)."""
        state = checked.get(uri)
        if state is None:
            return []
        return [
            d for d in state.findings if d.line - 1 <= last.line and d.end_line - 1 >= first.line
        ]

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
        state = checked.get(params.text_document.uri)
        if state is None:
            return None
        here = params.position
        for d in findings_at(params.text_document.uri, here, here):
            span = client_range(state, d)
            after_start = (here.line, here.character) >= (span.start.line, span.start.character)
            before_end = (here.line, here.character) <= (span.end.line, span.end.character)
            if after_start and before_end:
                summary, sections = linter.call("rule_sections", d.rule)
                # The summary is a message, as in `lintnews rules`; the sections are docs.
                summary = translators.get(params.text_document.uri, Translator())(summary)
                text = f"**{d.code} {d.rule}**: {summary}\n\n{sections}".rstrip()
                return types.Hover(
                    contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                    range=span,
                )
        return None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(ls: LanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        state = checked.get(uri)
        if state is None:
            return []
        actions: list[types.CodeAction] = []
        say = translators.get(uri) or Translator(run_language(lang, None, path_of(uri)))
        here = findings_at(uri, params.range.start, params.range.end)
        for d in here:
            if d.fix is not None and d.fix.edits:
                edits = [
                    types.TextEdit(
                        range=offset_range(state, e.start, e.end), new_text=e.replacement
                    )
                    for e in d.fix.edits
                ]
                fix_title = say.text(d.fix.message)
                if not d.fix.safe:
                    fix_title = say("{fix} (unsafe: may change meaning)", fix=fix_title)
                actions.append(
                    types.CodeAction(
                        title=f"{d.code}: {fix_title}",
                        kind=types.CodeActionKind.QuickFix,
                        is_preferred=d.fix.safe,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        for d in here:
            suppression = suppress_on_line(state, d)
            if suppression is not None:
                actions.append(
                    types.CodeAction(
                        title=say("Suppress {rule} on this line", rule=d.rule),
                        kind=types.CodeActionKind.QuickFix,
                        edit=types.WorkspaceEdit(changes={uri: [suppression]}),
                    )
                )
        if any(d.fix is not None and d.fix.safe and d.fix.edits for d in state.findings):
            document = ls.workspace.get_text_document(uri)
            fixed = linter.call("fixed_text", state.text, path_of(uri))
            if fixed != state.text and document.version == state.version:
                whole = offset_range(state, 0, len(state.text))
                actions.append(
                    types.CodeAction(
                        title=say("Fix all safe problems in this file (lintnews)"),
                        kind=types.CodeActionKind.SourceFixAll,
                        edit=types.WorkspaceEdit(
                            changes={uri: [types.TextEdit(range=whole, new_text=fixed)]}
                        ),
                    )
                )
        return actions

    def suppress_on_line(state: Checked, d: Diagnostic) -> types.TextEdit | None:
        """A ``lintnews-disable-line`` comment at the end of the finding's line, where such a
        comment is read: in the body, not in the front matter."""
        if not 1 <= d.line <= len(state.lines):
            return None
        if state.document.index.offset(d.line) < state.document.body_start:
            return None
        end = client_position(state, d.line, len(state.lines[d.line - 1]) + 1)
        return types.TextEdit(
            range=types.Range(start=end, end=end),
            new_text=f" <!-- lintnews-disable-line {d.rule} -->",
        )

    return server
