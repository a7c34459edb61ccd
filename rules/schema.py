"""The front-matter schema rule: required keys, value types and unknown keys.

The rule owns the config's top-level ``schema`` (:meth:`FrontMatterSchema.read_config_table`,
:func:`build_schema`), which is one of:

* nothing: the Hugo news-article schema (:data:`~lintnews_rules.schema_table.HUGO_NEWS_SCHEMA`),
  modelled on a real Hugo news article: ``title`` (a non-empty string) and ``date`` are
  required, the usual Hugo and theme keys are typed, and unknown keys are allowed;
* a ``[schema]`` table, no Python needed (:mod:`lintnews_rules.schema_table`);
* ``"package.module:Model"``, an installed pydantic model, never one from the checked tree
  (:mod:`lintnews_rules.schema_pydantic`).

What a schema is and reports: :mod:`lintnews_rules.schema_model`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lintnews_rules.schema_model import ISSUE_EFFECTS, Schema, SchemaIssue, describe_value
from lintnews_rules.schema_table import TYPES, default_schema, table_schema

from lintnews.common.messages import message as msg
from lintnews.model.document import Document
from lintnews.model.frontmatter import FrontMatter
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.plugin.rule import ConfigSource, Rule, RuleOptions
from lintnews.plugin.settings import SiteSettings
from lintnews.site.configfile import ConfigError
from lintnews.site.hugo_keys import HUGO_DATE_KEYS_LOWER, date_keys_for

_DELIMITER_LENGTH = {"yaml": 3, "toml": 3, "json": 1}
# Hugo gives a list page (`_index.md`) the dates of its newest page when it has none.
_LIST_PAGE_DATE_KEYS = frozenset(
    {*date_keys_for("date"), *date_keys_for("publishDate"), *date_keys_for("lastmod")}
)
_LEAF_INDEX_NAMES = ("index.md", "index.markdown")


def build_schema(raw: Any, label: str = "config", *, root: Path | None = None) -> Schema:
    """The schema named by the config's ``schema`` value; a ``ConfigError`` if it is wrong.

    ``raw`` is ``None`` (the default schema), a ``[schema]`` table, or a
    ``"package.module:Model"`` string. ``root`` is the checked tree (the config's folder);
    a named model whose file is inside it is refused. It defaults to the current folder.
    """
    if raw is None:
        return default_schema()
    if isinstance(raw, str):
        # Only a named model needs the import machinery and pydantic's annotation walking.
        from lintnews_rules.schema_pydantic import ModelSchema, import_model

        return ModelSchema(import_model(raw, label, root), label=raw)
    if not isinstance(raw, Mapping):
        raise ConfigError(
            msg(
                '{label}: schema: expected a [schema] table or a string "package.module:Model", got {raw}',
                label=label,
                raw=describe_value(raw),
            )
        )
    return table_schema(raw, label)


class FrontMatterSchema(Rule):
    """Front matter must have the keys the site needs, each with a value of the right type.

    ## What it does
    Checks the front matter against a schema: required keys present and not empty, values
    of the declared types (`tags` a list of strings, `draft` true or false, `weight` a whole
    number...), values from a fixed set or matching a pattern, and, if the schema says so,
    no unknown keys. Each problem is reported where it is: a wrong value at the value (a
    wrong item of a list at the item), an unknown key at the key, a missing key at the
    opening `---`. An article with no front matter at all is reported once when the schema
    requires keys.

    The default schema is the Hugo news article: `title` (a non-empty string) and `date`
    are required; `summary`, `description`, `slug`, `lastmod`, `publishDate`,
    `expiryDate`, `draft`, `weight`, `categories`, `tags`, `keywords`, `translations`,
    `widgets`, `comments`, `toc`, `mathjax` and other Hugo and theme keys are typed; any
    other key is allowed. Keys match case-insensitively, as Hugo reads them (`Title` is
    `title`); two keys differing only in case are reported, because Hugo keeps one of them
    at random. An empty value counts as unset, as it does for Hugo.

    A date of the wrong type (a list, `true`, `2025.5`) is reported here. A date string
    Hugo cannot read is reported by `date-format` (LN101), with a fix, when that rule is on
    and its `keys` include the key; otherwise it is reported here. In the same way a plain
    YAML value such as `draft: yes` (the string "yes" to Hugo, true to YAML 1.1 tools) is
    left to `front-matter-implicit-type` (LN003), which says what Hugo makes of it and
    offers the boolean meant, when that rule is on and reports the value.

    Only articles are checked: not a repository's own documents (`README.md`,
    `CHANGELOG.md`, an issue template in `.github/`), nor, in a Hugo site, any file
    outside its content folders (see "What a run checks" in the README).

    Required keys are only asked of pages Hugo renders on their own. Not of a headless
    page (`headless: true`, or `build`/`_build` with `render: never`), nor of a Markdown
    file beside a leaf bundle's `index.md` (Hugo treats it as a page resource, not a page);
    their values are still type-checked. A list page (`_index.md`) needs no date keys:
    Hugo gives it the dates of its newest page.

    ## Why is this bad?
    Hugo builds pages with a missing title or a wrongly typed key without a word: `tags:
    "芯片, 出口管制"` becomes one tag named "芯片, 出口管制", `draft: "false"` is a
    non-empty string that most scripts read as true, and a misspelt key is silently
    ignored by the theme.

    ## Example
    ```markdown
    ---
    title: "芯片出口管制新规"
    date: 2025-02-01T10:30:49+08:00
    tags: "芯片, 出口管制"
    ---
    ```
    Use instead:
    ```markdown
    ---
    title: "芯片出口管制新规"
    date: 2025-02-01T10:30:49+08:00
    tags: ["芯片", "出口管制"]
    ---
    ```

    ## Options
    None. The schema is the top-level `[schema]` table of the config (or
    `schema = "package.module:Model"`, an installed pydantic model):

    ```toml
    [schema]
    extends = "hugo-news"      # start from the default schema; "none" (default) starts empty
    unknown-keys = "warn"      # allow (default) | warn | forbid
    [schema.keys.category]
    type = "string"            # string int float bool date datetime url list[string]
    required = true
    one-of = ["新闻", "评论"]
    [schema.keys.slug]
    type = "string"
    pattern = "^[a-z0-9-]+$"
    ```
    """

    name = "front-matter-schema"
    code = "LN004"
    severity = Severity.ERROR
    # A README has no title to require; its front matter (an issue template's) is not a page's.
    articles_only = True
    config_table = "schema"
    #: The type names a key of a ``[schema]`` table takes, narrowest first.
    value_types = TYPES

    def __init__(
        self,
        options: RuleOptions | None = None,
        site: SiteSettings | None = None,
        schema: Schema | None = None,
    ) -> None:
        super().__init__(options, site)
        self.schema = schema if schema is not None else default_schema()
        # Until told which rules run (use_other_rules), assume the default ones: date-format
        # with its default keys and the site's own date keys.
        self.dates_left = HUGO_DATE_KEYS_LOWER | {k.lower() for k in self.site.date_keys or ()}
        # Plain YAML values (`draft: yes`) are left to the rules said to report them.
        self.others: tuple[Rule, ...] = ()

    @classmethod
    def read_config_table(cls, raw: Any, source: ConfigSource) -> Schema:
        """The schema the config's ``schema`` names: a table, a model reference or none."""
        return build_schema(raw, source.label, root=source.root)

    def use_config_table(self, model: Schema) -> None:
        self.schema = model

    def use_other_rules(self, rules: Sequence[Rule]) -> None:
        """Leave date text to ``date-format`` only for the keys it reads in this run, and
        a plain YAML value to a rule that reports it (``front-matter-implicit-type``)."""
        self.others = tuple(rule for rule in rules if rule is not self)
        date_format = next((rule for rule in rules if rule.name == "date-format"), None)
        if date_format is None:
            self.dates_left = frozenset()
            return
        keys = (*date_format.options.keys, *(date_format.site.date_keys or ()))  # type: ignore[attr-defined]
        self.dates_left = frozenset(key.lower() for key in keys)

    @staticmethod
    def message(issue: SchemaIssue) -> str:
        """The finding's message: what the page gets first, then the schema's words."""
        return msg(
            "{issue_effects}: {message}",
            issue_effects=ISSUE_EFFECTS[issue.kind],
            message=issue.message,
        )

    def issues(self, data: Mapping[str, Any]) -> list[SchemaIssue]:
        """What the schema finds in front-matter ``data``, as this rule reports it."""
        return self.schema.validate(data, self.dates_left)

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        fm = doc.front_matter
        if fm is None:
            if not _is_page_resource(doc.path):
                yield from self._no_front_matter(doc)
            return
        if fm.root is None or not isinstance(fm.root.value, dict):
            return  # front-matter-syntax reports why it cannot be read
        rendered = not _is_headless(fm.data) and not _is_page_resource(doc.path)
        list_page = Path(doc.path).name == "_index.md"
        left_to_others = self._reported_by_others(doc)
        for issue in self.issues(fm.data):
            if _is_requirement(issue) and (
                not rendered or (list_page and _required_key(issue) in _LIST_PAGE_DATE_KEYS)
            ):
                continue
            start, end = self._span(fm, issue)
            if issue.at == "value" and (start, end) in left_to_others:
                continue  # e.g. front-matter-implicit-type says what `yes` means, with a fix
            severity = Severity.WARNING if issue.severity == "warning" else None
            yield self.diagnostic(doc, start, end, self.message(issue), severity=severity)

    def _reported_by_others(self, doc: Document) -> set[tuple[int, int]]:
        """Where another rule of this run reports what reading the front matter recorded."""
        return {
            (problem.start, problem.end)
            for problem in doc.front_matter_problems
            if any(rule.reports_reading_problem(problem) for rule in self.others)
        }

    def _no_front_matter(self, doc: Document) -> Iterator[Diagnostic]:
        required = self.schema.required_keys
        if Path(doc.path).name == "_index.md":
            required = tuple(k for k in required if k.lower() not in _LIST_PAGE_DATE_KEYS)
        if required and doc.decode_error is None:
            keys = ", ".join(required)
            message = msg(
                "The page is built without {keys}: the article has no front matter", keys=keys
            )
            yield self.diagnostic(doc, 0, 0, message)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        # Whether the file is a page resource depends on the leaf-bundle index beside it.
        if Path(doc.path).name not in _LEAF_INDEX_NAMES:
            for index in _leaf_indexes(doc.path):
                yield ("exists", str(index), index.is_file())

    @staticmethod
    def _span(fm: FrontMatter, issue: SchemaIssue) -> tuple[int, int]:
        if issue.at == "delimiter" or not issue.path:
            return fm.start, fm.start + _DELIMITER_LENGTH[fm.format]
        entry = fm.entries.get(str(issue.path[0]))
        if entry is None:
            return fm.start, fm.start + _DELIMITER_LENGTH[fm.format]
        if issue.at == "key":
            return entry.key_start, entry.key_end
        node = fm.node_at(issue.path)
        if node is None:
            return entry.key_start, entry.key_end
        return node.start, node.end


def _is_requirement(issue: SchemaIssue) -> bool:
    """A required key that is missing or empty, or a refusal of the whole front matter."""
    return issue.at == "delimiter" or issue.kind == "required"


def _required_key(issue: SchemaIssue) -> str:
    if issue.path:
        return str(issue.path[0]).lower()
    prefix = "missing required key "
    return issue.message[len(prefix) :].lower() if issue.message.startswith(prefix) else ""


def _is_headless(data: dict[str, Any]) -> bool:
    """Hugo never renders the page itself: ``headless: true`` or build ``render: never``."""
    keys = {str(key).lower(): value for key, value in data.items()}
    if keys.get("headless") is True:
        return True
    for build_key in ("build", "_build"):
        options = keys.get(build_key)
        if isinstance(options, dict):
            render = {str(k).lower(): v for k, v in options.items()}.get("render")
            if render is False or str(render).lower() in ("never", "false"):
                return True
    return False


def _leaf_indexes(path: str) -> list[Path]:
    folder = Path(path).parent
    return [folder / name for name in _LEAF_INDEX_NAMES]


def _is_page_resource(path: str) -> bool:
    """A Markdown file beside a leaf bundle's ``index.md`` is the bundle's resource.

    Only for a file on disk: text linted under a made-up path has no bundle around it.
    """
    if Path(path).name in _LEAF_INDEX_NAMES or not Path(path).is_file():
        return False
    return any(index.is_file() for index in _leaf_indexes(path))


RULES = (FrontMatterSchema,)
