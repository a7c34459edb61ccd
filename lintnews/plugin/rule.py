"""The plugin interface: what a rule is and how rules are found.

A rule is a class with a ``name``, a ``code``, a default ``severity``, an ``Options``
model and a docstring that is its user documentation (sections *What it does*, *Why is
this bad?*, *Example*, *Options*). Its ``check(document)`` yields diagnostics. A rule
that only makes sense for a site's pages sets ``articles_only`` (see :class:`Rule`). A rule
whose settings do not fit ``[rules.NAME]`` options owns a top-level table of the config
instead (``config_table``, see :meth:`Rule.read_config_table`).

Rules are found through the ``lintnews.rules`` entry-point group. Each entry point names a
list (or tuple) of rule classes; the built-in rules are registered the same way.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from lintnews.common.messages import MessageError
from lintnews.common.messages import message as msg
from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity
from lintnews.plugin.settings import ConfigModel

if TYPE_CHECKING:
    from lintnews.model.document import Document
    from lintnews.model.frontmatter import Problem
    from lintnews.plugin.settings import SiteSettings

RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RULE_CODE = re.compile(r"^[A-Z]{2,5}[0-9]{3,4}$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Options")


class RuleOptions(ConfigModel):
    """Base class of every rule's options: kebab-case keys in config, unknown keys refused.

    Declared as a pydantic model is; its pydantic model is built only when a value needs
    checking (:mod:`lintnews.plugin.lazymodel`, whose ``Field`` and ``field_validator`` keep
    a run with default options free of pydantic's import).
    """

    model_config = {"frozen": True}


@dataclass(frozen=True, slots=True)
class ConfigSource:
    """Where a config table was read, for :meth:`Rule.read_config_table`."""

    #: The config file (or ``"command line"``): every error message starts with it.
    label: str
    #: The folder relative paths of the config are taken from, when there is one.
    root: Path | None


@dataclass(frozen=True)
class Convention:
    """What a rule learnt of a site's articles (:meth:`Rule.learn_convention`).

    ``options`` are written under ``[rules.NAME]`` (none: the defaults suit the site);
    ``why`` says, in one sentence, what was seen and what the options make of it, above the
    table and in init's report; ``seen`` adds report lines with what was counted.
    """

    options: dict[str, Any]
    why: str
    seen: tuple[str, ...] = ()


class Rule:
    """Base class for rules. Subclasses set the class attributes and implement ``check``.

    A rule may own one top-level table of the config, as ``front-matter-schema`` owns
    ``[schema]``: it names it in ``config_table``, builds its own model of the table's raw
    value in the classmethod :meth:`read_config_table` (raising
    :class:`lintnews.ConfigError` for a bad value) and receives that model in
    :meth:`use_config_table`. The engine does this only for rules a run uses, once per
    config, so a table nobody reads is never built.
    """

    name: ClassVar[str]
    code: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    #: Rules that are off unless selected in config (e.g. house-style rules).
    enabled_by_default: ClassVar[bool] = True
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    #: Whether findings may be reused from the result cache. Rules that depend on the
    #: world outside the file declare what in :meth:`cache_conditions`; rules that cannot
    #: (network answers) set this to False, which turns the result cache off for the run.
    cacheable: ClassVar[bool] = True
    #: Whether the rule checks articles only -- the pages of a site -- and not the other
    #: Markdown files a run may be given (a README, a changelog, an issue template): rules
    #: about what a page needs (its front matter's keys) set it; rules about how Markdown
    #: renders do not. Which files are articles: :func:`lintnews.site.files.is_article`.
    articles_only: ClassVar[bool] = False
    #: The top-level config table this rule owns (``"schema"`` for ``[schema]``), or None.
    #: Names are kebab-case and must not be one of lintnews's own keys or another rule's.
    config_table: ClassVar[str | None] = None

    def __init__(
        self, options: RuleOptions | None = None, site: SiteSettings | None = None
    ) -> None:
        from lintnews.plugin.settings import SiteSettings

        self.options = options if options is not None else self.Options()
        self.site = site if site is not None else SiteSettings()

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        raise NotImplementedError

    # -- a config table of the rule's own ---------------------------------------------

    @classmethod
    def read_config_table(cls, raw: Any, source: ConfigSource) -> Any:
        """The rule's model of its ``config_table``, built from the table as read from TOML.

        ``raw`` is the table's value (a dict, or whatever the file has under that key), or
        None when the config has no such table: return the rule's default then. Raise
        :class:`lintnews.ConfigError` with a message starting with ``source.label`` for a
        bad value; a ``ValueError``, ``TypeError`` or pydantic ``ValidationError`` raised
        here is reported as a config error about the table too. It is called once per
        config, only when the rule is on; the result goes to :meth:`use_config_table`.
        """
        return raw

    def use_config_table(self, model: Any) -> None:
        """Receive what :meth:`read_config_table` built, before the first check (every
        instance of the rule gets the same model)."""

    # -- what `lintnews init` learns of a site -------------------------------------------

    def learn_convention(self, articles: Sequence[Document]) -> Convention | None:
        """The options this rule should have on a site whose articles are ``articles``.

        ``lintnews init`` calls it on every installed rule, with the site's settings in
        ``self.site``, and writes what it returns into the config it makes; None: nothing to
        learn. Return options that tighten the rule only when no article breaks them, so
        that init never adds a finding to the site; options that relax it when a clear
        majority of articles asks for it.
        """
        return None

    # -- rules that leave a finding to another rule -------------------------------------

    def use_other_rules(self, rules: Sequence[Rule]) -> None:
        """Called before the first check with every rule on in this run, this one included.

        A rule that leaves some findings to another rule (the schema leaves unreadable date
        text to ``date-format``) looks here for that rule, by name, and at its public
        options, so that a finding is left only to a rule that will report it.
        """

    def reports_reading_problem(self, problem: Problem) -> bool:
        """Whether this rule reports ``problem``, one of what reading the front matter
        recorded (``doc.front_matter_problems``). Another rule that would flag the same value
        leaves it to this one when it is on: the schema leaves `draft: yes` to
        ``front-matter-implicit-type``, which says what Hugo makes of it and offers a fix."""
        return False

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """What besides the file, its path and the config this rule's findings depend on.

        ``("exists", path, bool)``: whether a file exists with exactly that name;
        ``("stamp", path, mtime_ns, size)``: a file is unchanged;
        ``("site-pages", root, digest)``: no file of the site's content, static or asset
        folders appeared, went or changed (:func:`lintnews.site.pages.tree_stamp`);
        ``("before", unix_time)``: the findings hold until that instant (clock-dependent
        rules). A cached result is reused only while every condition still holds.
        """
        return ()

    # -- rules that need something fetched before they can check ------------------------

    def resources(self, doc: Document) -> Iterable[str]:
        """What this rule needs fetched for ``doc`` (e.g. image URLs); nothing by default.

        When any active rule overrides this, the engine first collects the resources of
        every file, calls :meth:`prefetch` once with all distinct ones, then runs checks.
        """
        return ()

    def prefetch(self, resources: set[str]) -> None:
        """Fetch everything :meth:`resources` asked for, once per run."""

    def needs_prefetch(self) -> bool:
        """Whether this run needs :meth:`prefetch` (rules that fetch only when asked say no
        otherwise, so an offline run never reads every file twice)."""
        return type(self).resources is not Rule.resources

    # -- helpers for rule authors -----------------------------------------------------

    def diagnostic(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A diagnostic for the characters ``[start, end)`` of ``doc.text``."""
        # Rules make every finding here (49,000 in a cold run of the benchmark articles):
        # the line index is called directly and the fields passed by position.
        position = doc.index.position
        end = max(end, start)
        line, column = position(start)
        end_line, end_column = position(end)
        if end_line == line and end_column == column:
            end_column = column + 1  # an insertion point still underlines one character
        positions: tuple[tuple[int, int, int, int], ...] = ()
        if fix is not None:
            positions = tuple(position(e.start) + position(e.end) for e in fix.edits)
        return Diagnostic(
            doc.path,
            line,
            column,
            end_line,
            end_column,
            self.name,
            self.code,
            severity or self.severity,
            message,
            fix,
            positions,
        )

    @staticmethod
    def replace(start: int, end: int, replacement: str, message: str, safe: bool = True) -> Fix:
        """A fix of a single edit."""
        return Fix(message=message, edits=(Edit(start, end, replacement),), safe=safe)

    # -- documentation ------------------------------------------------------------------

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        doc = cls.documentation()
        return doc.splitlines()[0].strip() if doc else ""


class RuleLoadError(MessageError):
    """An installed rule that cannot be used; raised with a message, shown in the language
    of the command that reports it."""


@dataclass(frozen=True, slots=True)
class LoadedRules:
    rules: dict[str, type[Rule]]  # by name
    sources: dict[str, str]  # rule name -> distribution/entry point it came from

    def by_code(self) -> dict[str, type[Rule]]:
        return {rule.code: rule for rule in self.rules.values()}

    def resolve(self, name_or_code: str) -> type[Rule] | None:
        if name_or_code in self.rules:
            return self.rules[name_or_code]
        return self.by_code().get(name_or_code)


_LOADED: LoadedRules | None = None


def load_rules() -> LoadedRules:
    """Every rule from every installed ``lintnews.rules`` entry point (cached per process).

    Rules are only ever loaded from installed distributions, never from the linted tree.
    """
    global _LOADED
    if _LOADED is None:
        from lintnews.plugin.entrypoints import rule_entry_points

        rules: dict[str, type[Rule]] = {}
        sources: dict[str, str] = {}
        for entry_point in rule_entry_points():
            try:
                provided = entry_point.load()
            except Exception as exc:  # a broken plugin must not hide the others
                raise RuleLoadError(
                    msg(
                        "cannot load rules from entry point {name!r} ({value}): {kind}: {exc}",
                        name=entry_point.name,
                        value=entry_point.value,
                        kind=type(exc).__name__,
                        exc=str(exc),
                    )
                ) from exc
            source = f"{entry_point.name} ({entry_point.value})"
            for rule in _as_rule_list(provided, source):
                register(rule, rules, sources, source)
        _LOADED = LoadedRules(rules, sources)
    return _LOADED


def _as_rule_list(provided: Any, source: str) -> Iterable[type[Rule]]:
    items = provided() if callable(provided) and not isinstance(provided, type) else provided
    if isinstance(items, type):
        items = [items]
    for item in items:
        if not (isinstance(item, type) and issubclass(item, Rule)):
            raise RuleLoadError(
                msg(
                    "{source} provides {item}, which is not a lintnews Rule class",
                    source=source,
                    item=repr(item),
                )
            )
        yield item


def register(
    rule: type[Rule], rules: dict[str, type[Rule]], sources: dict[str, str], source: str
) -> None:
    """Check a rule's metadata and add it; duplicate names or codes are refused."""
    for attribute in ("name", "code"):
        if not isinstance(getattr(rule, attribute, None), str):
            raise RuleLoadError(
                msg(
                    "rule {rule} from {source} has no {attribute}",
                    rule=rule.__qualname__,
                    source=source,
                    attribute=attribute,
                )
            )
    if not RULE_NAME.match(rule.name):
        raise RuleLoadError(
            msg("rule name {name!r} from {source} is not kebab-case", name=rule.name, source=source)
        )
    if not RULE_CODE.match(rule.code):
        raise RuleLoadError(
            msg("rule code {code!r} of {name} is not like LN123", code=rule.code, name=rule.name)
        )
    if rule.name in rules:
        raise RuleLoadError(
            msg(
                "rule {name} from {source} is already provided by {other}",
                name=rule.name,
                source=source,
                other=sources[rule.name],
            )
        )
    table = rule.config_table
    if table is not None and not (isinstance(table, str) and RULE_NAME.match(table)):
        raise RuleLoadError(
            msg(
                "config table {table!r} of {name} is not a kebab-case name",
                table=table,
                name=rule.name,
            )
        )
    for other in rules.values():
        if other.code == rule.code:
            raise RuleLoadError(
                msg(
                    "code {code} of {name} is already used by {other}",
                    code=rule.code,
                    name=rule.name,
                    other=other.name,
                )
            )
        if table is not None and other.config_table == table:
            raise RuleLoadError(
                msg(
                    "config table [{table}] of {name} is already owned by {other}",
                    table=table,
                    name=rule.name,
                    other=other.name,
                )
            )
    rules[rule.name] = rule
    sources[rule.name] = source
