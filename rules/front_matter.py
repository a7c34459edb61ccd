"""Rules about reading the file and its front matter: what silent loaders hide."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from lintnews.common.messages import message as msg
from lintnews.model.document import Document
from lintnews.model.frontmatter import Problem
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.plugin.rule import Rule
from lintnews.site.hugo_keys import belongs_to_toolchain, is_hugo_boolean


class _ReadingProblem(Rule):
    """What reading the front matter recorded, of one kind (not a rule by itself)."""

    problem_kind: ClassVar[str]
    fix_message: ClassVar[str] = ""

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for problem in doc.front_matter_problems:
            if problem.kind != self.problem_kind:
                continue
            fix = None
            if problem.replacement is not None:
                fix = self.replace(
                    problem.start,
                    problem.end,
                    problem.replacement,
                    self.fix_message,
                    safe=problem.safe,
                )
            yield self.diagnostic(doc, problem.start, problem.end, problem.message, fix)


class FrontMatterSyntax(_ReadingProblem):
    """Front matter must be a readable, closed block of key/value pairs.

    ## What it does
    Reports front matter that Hugo cannot read or that hides itself: a block opened with
    `---` or `+++` and never closed, a YAML, TOML or JSON syntax error, front matter that is
    not a mapping (a list or a lone string), unsupported YAML tags, alias expansions beyond a
    safe bound, and invisible characters (a second byte-order mark, a zero-width space)
    before the opening delimiter, which make Hugo read the block as body text. Each problem
    is reported where it is.

    ## Why is this bad?
    python-frontmatter and many scripts silently return "no metadata" for such files, so a
    broken title or date goes unnoticed until the page disappears or the build fails.

    ## Example
    ```markdown
    ---
    title: "芯片出口管制新规
    date: 2025-02-01T10:30:49+08:00
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "芯片出口管制新规"
    date: 2025-02-01T10:30:49+08:00
    ---
    ```

    ## Options
    None.
    """

    name = "front-matter-syntax"
    code = "LN001"
    severity = Severity.ERROR

    problem_kind = "syntax"
    fix_message = msg("remove the hidden characters")


class FrontMatterDuplicateKey(_ReadingProblem):
    """A front-matter key must not be given twice.

    ## What it does
    Reports the second (and any later) occurrence of a key in the same mapping, at the later
    key, naming the line of the first.

    ## Why is this bad?
    PyYAML and python-frontmatter keep the last value without a word, while Hugo (and any
    strict YAML 1.2 parser) rejects the whole file: the same article means different things
    to different tools, or does not build at all.

    ## Example
    ```markdown
    ---
    title: "初稿标题"
    date: 2025-02-01T10:30:49+08:00
    title: "终稿标题"
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "终稿标题"
    date: 2025-02-01T10:30:49+08:00
    ---
    ```

    ## Options
    None.
    """

    name = "front-matter-duplicate-key"
    code = "LN002"
    severity = Severity.ERROR

    problem_kind = "duplicate-key"


class FrontMatterImplicitType(_ReadingProblem):
    """Plain YAML values must mean what the author meant to Hugo and to YAML 1.1 tools.

    ## What it does
    Reports unquoted values that YAML 1.2 (current Hugo) reads differently from YAML 1.1
    (PyYAML, Jekyll, Hugo before 0.152, many scripts), where the difference changes what a
    reader gets:

    - **Hugo's own switches** (`draft`, `headless`, `build.publishResources`,
      `sitemap.disable`): `draft: yes` is the string "yes" to Hugo, which it casts to false:
      the draft is published. The fix writes the boolean the author meant (`true` for
      `yes`/`on`/`y`, `false` for `no`/`off`/`n`); turning `yes` into `true` changes what Hugo
      builds, so that fix is unsafe (`--unsafe-fixes`).
    - **Other keys a theme reads** (`showtoc: no`, `lang: no`): to Hugo the value is the
      non-empty string "no", which a template's `if` treats as true, while YAML 1.1 tools read
      false. Only the author knows which was meant (the language code, or false), so the fix
      quotes the value, keeping what Hugo reads; write `false` by hand if you meant that.
      `yes`/`on`/`y` are left alone there: true to every reader.
    - **List items and numbers**: `translations: [zh-CN, no]` (Norwegian to Hugo, false to
      YAML 1.1), `0755` (octal 493 in 1.1, 755 in 1.2), `1:20` (sexagesimal 80 in 1.1),
      `1_000`, `0b101`, `1e3`. The fix quotes the value, which keeps current Hugo's reading.

    Keys only another toolchain reads (R Markdown's `output:` with its `toc: yes`,
    `editor_options`, `knit`, `runtime`, `link-citations`, `always_allow_html`,
    `header-includes`, `vignette`) are left alone: those tools read `yes` as true, and quoting
    would change what they read. `lintnews init` does not change this rule: a `draft: yes`
    stays reported after it.

    ## Why is this bad?
    A draft marked `draft: yes` is live on the site. `translations: [zh-CN, no]` is the
    language code "no" to Hugo but `false` to every YAML 1.1 tool that touches the file.

    ## Example
    ```markdown
    ---
    title: "挪威语版本上线"
    date: 2025-02-01T10:30:49+08:00
    draft: yes
    translations: [zh-CN, no]
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "挪威语版本上线"
    date: 2025-02-01T10:30:49+08:00
    draft: true
    translations: [zh-CN, "no"]
    ---
    ```

    ## Options
    None.
    """

    name = "front-matter-implicit-type"
    code = "LN003"
    severity = Severity.WARNING

    problem_kind = "implicit-type"
    fix_message = msg("quote the value")

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for problem in doc.front_matter_problems:
            if problem.kind != self.problem_kind:
                continue
            finding = self._judge(problem)
            if finding is None:
                continue
            message, replacement, fix_message, safe = finding
            fix = self.replace(problem.start, problem.end, replacement, fix_message, safe=safe)
            yield self.diagnostic(doc, problem.start, problem.end, message, fix)

    def reports_reading_problem(self, problem: Problem) -> bool:
        return problem.kind == self.problem_kind and self._judge(problem) is not None

    def _judge(self, problem: Problem) -> tuple[str, str, str, bool] | None:
        """The message and the fix the author meant, or None where no reader is misled."""
        path = problem.key_path
        if belongs_to_toolchain(path) or problem.readings is None:
            return None
        text, hugo_value, yaml11_value = problem.readings
        quoted = (problem.message, problem.replacement or text, self.fix_message, problem.safe)
        if not isinstance(yaml11_value, bool) or not isinstance(hugo_value, str):
            return quoted
        key = ".".join(path)
        meant = "true" if yaml11_value else "false"
        if is_hugo_boolean(path):
            if path[-1].lower() == "draft" and yaml11_value:
                effect = msg("Hugo publishes this page")
            elif yaml11_value:
                effect = msg("Hugo ignores {key}", key=key)
            else:
                effect = msg("Hugo reads {key} as false only by accident", key=key)
            return (
                msg(
                    '{effect}: `{text}` is the string "{text}" in YAML 1.2 (current Hugo), not {meant}; YAML 1.1 tools read {meant}. Write `{key}: {meant}`',
                    effect=effect,
                    text=text,
                    meant=meant,
                    key=key,
                ),
                meant,
                msg("write {meant}", meant=meant),
                not yaml11_value,  # true changes what Hugo builds; false keeps it
            )
        if path and path[-1] == "[]":
            return quoted
        if yaml11_value:
            return None  # a non-empty string is true to templates too: every reader agrees
        message, replacement, fix_message, safe = quoted
        return (
            msg(
                'templates read {key}: {text} as true: to Hugo (YAML 1.2) it is the non-empty string "{text}", while YAML 1.1 tools read false. Quote it if you mean the text (a language code), or write `{key}: false`',
                key=key,
                text=text,
            ),
            replacement,
            fix_message,
            safe,
        )


class FileEncoding(Rule):
    """Articles must be UTF-8 text.

    ## What it does
    Reports files that are not UTF-8: GBK/GB18030, Big5 or UTF-16 text (saying which it
    looks like and how to convert it), and binary files named like Markdown (NUL bytes).
    A UTF-8 byte-order mark is accepted, as Hugo accepts it.

    ## Why is this bad?
    Hugo reads UTF-8 only: a GBK article builds as mojibake, a UTF-16 one as garbage. A
    linter that guesses an encoding silently would point every other finding at the wrong
    place.

    ## Example
    ```markdown
    (an article saved as GBK by an old editor; shown here as its UTF-8 reading)
    ```
    Use instead:
    ```markdown
    ---
    title: "UTF-8 编码的文章"
    date: 2025-02-01T10:30:49+08:00
    ---
    ```

    ## Options
    None.
    """

    name = "file-encoding"
    code = "LN005"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if doc.decode_error is not None:
            yield self.diagnostic(doc, 0, 0, doc.decode_error.message)


class SuppressionComment(Rule):
    """Suppression comments must name rules that exist.

    ## What it does
    Checks `<!-- lintnews-disable ... -->` comments: reports rule names or codes that no
    installed rule has, and `lintnews-enable` comments that close nothing.

    ## Why is this bad?
    A misspelt rule name silences nothing, so the finding the author meant to accept keeps
    failing CI -- or, worse, a later rename leaves dead comments everywhere.

    ## Example
    ```markdown
    <!-- lintnews-disable-next-line emphasis-not-renderd -->
    **问题1：**我们
    ```
    Use instead:
    ```markdown
    <!-- lintnews-disable-next-line emphasis-not-rendered -->
    **问题1：**我们
    ```

    ## Options
    None.
    """

    name = "suppression-comment"
    code = "LN006"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if "lintnews-" not in doc.text:
            return
        from lintnews.plugin.rule import load_rules

        known = load_rules()
        suppressions = doc.suppressions
        for named in suppressions.names:
            if known.resolve(named.name) is None:
                yield self.diagnostic(
                    doc,
                    named.start,
                    named.end,
                    msg(
                        'unknown rule "{name}" in a suppression comment; see `lintnews rules` for names and codes',
                        name=named.name,
                    ),
                )
        for named in suppressions.stray_enables:
            if named.name == "*" or known.resolve(named.name) is not None:
                yield self.diagnostic(
                    doc,
                    named.start,
                    named.end,
                    msg(
                        "{comment} closes no lintnews-disable comment",
                        comment=f"lintnews-enable {named.name if named.name != '*' else ''}".rstrip(),
                    ),
                )


RULES = (
    FrontMatterSyntax,
    FrontMatterDuplicateKey,
    FrontMatterImplicitType,
    FileEncoding,
    SuppressionComment,
)
