"""Configuration: ``lintnews.toml``, ``.lintnews.toml`` or ``[tool.lintnews]`` in ``pyproject.toml``.

Found by walking up from the checked path, or named with ``--config``. Every mistake is a
:class:`ConfigError` naming the file, the key and what is allowed; the CLI exits 2 on it.

The engine validates its own keys and each rule's ``[rules.NAME]`` options; a top-level
table a rule owns (``[schema]``) is handed to that rule (:meth:`Rule.read_config_table`).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintnews.common.messages import Message, joined, reason, template
from lintnews.common.messages import message as msg
from lintnews.plugin.diagnostics import Severity
from lintnews.plugin.lazymodel import Field, field_validator, is_validation_error
from lintnews.plugin.rule import ConfigSource, LoadedRules, Rule, RuleLoadError, load_rules
from lintnews.plugin.settings import ConfigModel, NetworkSettings, SiteSettings
from lintnews.site.configfile import (
    ALWAYS_EXCLUDED,
    CONFIG_FILES,
    DEFAULT_FILE_TIME_BUDGET,
    DEFAULT_INCLUDE,
    DEFAULT_MAX_FILE_SIZE,
    ConfigError,
    FileSelection,
    _relative_posix,
    cache_folder,
    config_root,
    find_config,
    main_site_root,
    merged_settings,
    path_matches,
    read_config_file,
)
from lintnews.site.files import is_article


class FileSettings(ConfigModel):
    """The top level of the config (``[tool.lintnews]`` or the whole ``lintnews.toml``)."""

    # Plain mutable defaults, which pydantic copies for each instance: a builtin as
    # `default_factory` makes the validator build read its signature, which compiles the
    # tokenizer's regexes (~4 ms of start-up).
    select: list[str] | None = None
    extend_select: list[str] = []
    ignore: list[str] = []
    include: list[str] = list(DEFAULT_INCLUDE)
    exclude: list[str] = []
    per_path_ignores: dict[str, list[str]] = {}
    rules: dict[str, dict[str, Any]] = {}
    site: dict[str, Any] = {}
    network: dict[str, Any] = {}
    cache: bool = True
    #: The folder of both caches, instead of ``.lintnews_cache`` beside the config; only
    #: the user's own settings may move it (:mod:`lintnews.site.trust`).
    cache_dir: str | None = None
    jobs: int | None = None
    #: In bytes; 0 means no limit.
    max_file_size: int = Field(default=DEFAULT_MAX_FILE_SIZE, ge=0)
    #: In seconds; 0 means no budget.
    file_time_budget: float = Field(default=DEFAULT_FILE_TIME_BUDGET, ge=0)

    #: The language of messages (see :mod:`lintnews.site.language`); None: the locale's.
    lang: str | None = None

    @field_validator("lang")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        from lintnews.site.language import checked_language

        return None if value is None else checked_language(value)

    @field_validator("cache_dir")
    @classmethod
    def _cache_folder(cls, value: str | None) -> str | None:
        if value is not None and not os.path.isabs(os.path.expanduser(value)):
            raise ValueError(msg("must be an absolute path (or start with ~/)"))
        return value

    @field_validator("include", "exclude")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if not pattern.strip():
                raise ValueError(msg("patterns must not be empty"))
        return value


__all__ = [
    "ALWAYS_EXCLUDED",
    "CONFIG_FILES",
    "Config",
    "ConfigError",
    "build_config",
    "find_config",
    "load_config",
    "path_matches",
    "read_config_file",
]


@dataclass
class Config(FileSelection):
    """The effective configuration of a run."""

    path: Path | None = None  # the config file, when there is one
    root: Path = field(default_factory=Path.cwd)  # the folder relative patterns are taken from
    rules: list[Rule] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    site: SiteSettings = field(default_factory=SiteSettings)
    #: What the rules that own a top-level table built from it, by table name.
    tables: dict[str, Any] = field(default_factory=dict)
    network: dict[str, Any] = field(default_factory=dict)
    cache: bool = True
    #: ``cache-dir``: where the caches go (see :func:`~lintnews.site.configfile.cache_folder`).
    cache_dir: str | None = None
    jobs: int | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: Seconds a file may take to parse and check (:mod:`lintnews.run.budget`); 0: no limit.
    file_time_budget: float = DEFAULT_FILE_TIME_BUDGET
    raw: dict[str, Any] = field(default_factory=dict)
    #: Things worth telling the user that do not stop the run (e.g. an unreadable Hugo config).
    warnings: list[str] = field(default_factory=list)
    #: The Hugo site ``site`` was read from; files of other Hugo sites in the checked tree
    #: get rules bound to their own site's settings (see :meth:`rules_for`).
    site_root: Path | None = None
    discover_sites: bool = False
    #: Whether the rules are the installed ones (entry points) or a caller's own choice.
    rules_installed: bool = True
    _rebuild: Any = field(default=None, repr=False)
    _site_rules: dict[Path, list[Rule]] = field(default_factory=dict, repr=False)
    _site_roots: Any = field(default=None, repr=False)
    _ignoring: dict[tuple[int, ...], list[Rule]] = field(default_factory=dict, repr=False)

    def rules_for(self, path: str) -> list[Rule]:
        """Active rules for a file: bound to the file's own Hugo site, after per-path
        ignores, without the ``articles_only`` ones when it is not an article."""
        rules = self._rules_of_site(path)
        if not is_article(path, self.site_root_for(path)):
            rules = [rule for rule in rules if not rule.articles_only]
        ignored = self.ignored_for(path)
        if not ignored:
            return rules
        kept = [rule for rule in rules if rule.name not in ignored and rule.code not in ignored]
        return kept if len(kept) == len(rules) else self._told_of(kept)

    def _told_of(self, rules: list[Rule]) -> list[Rule]:
        """``rules`` with those that leave findings to other rules told that only these are
        on for the file (a per-path ignore of date-format must not leave a date unreported).
        Those are copies, made once per set of rules; every other rule is shared."""
        key = tuple(id(rule) for rule in rules)
        told = self._ignoring.get(key)
        if told is None:
            listening = [type(rule).use_other_rules is not Rule.use_other_rules for rule in rules]
            told = [copy.copy(r) if own else r for r, own in zip(rules, listening, strict=True)]
            for rule, own in zip(told, listening, strict=True):
                if own:
                    rule.use_other_rules(told)
            self._ignoring[key] = told
        return told

    def site_root_for(self, path: str) -> Path | None:
        """The root of the Hugo site the file belongs to, whose settings its rules follow."""
        if not self.discover_sites or self._rebuild is None:
            return self.site_root
        if self._site_roots is None:
            from lintnews.site.hugo import SiteRoots

            self._site_roots = SiteRoots(self.site_root)
        return self._site_roots.root_for(path)

    def _rules_of_site(self, path: str) -> list[Rule]:
        root = self.site_root_for(path)
        if root is None or root == self.site_root:
            return self.rules
        if root not in self._site_rules:
            self._site_rules[root] = self._rebuild(root)
        return self._site_rules[root]

    def ignored_for(self, path: str) -> set[str]:
        if not self.per_path_ignores:
            return set()
        relative = _relative_posix(path, self.root)
        ignored: set[str] = set()
        for pattern, names in self.per_path_ignores.items():
            if path_matches(relative, pattern):
                ignored.update(names)
        return ignored


def load_config(
    path: Path | None = None,
    *,
    start: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    rules: LoadedRules | None = None,
    online: bool | None = None,
) -> Config:
    """Read and validate the config: from ``path``, else found from ``start`` (or the cwd).

    ``overrides`` are top-level keys from the command line (``select``, ``ignore``, ...)
    that replace the file's values; ``online`` (``--online``/``--offline``) overrides
    ``[network] enabled``.
    """
    from lintnews.site.trust import settings_of

    chosen = path is not None
    if path is None:
        path = find_config(start or Path.cwd())
    own, distrusted, label = settings_of(path, chosen, start or Path.cwd())
    data = merged_settings(own, overrides, online)
    root = config_root(path, start)
    site_root = main_site_root(start or Path.cwd())
    config = build_config(
        data,
        label=label,
        path=path,
        root=root,
        rules=rules,
        site_root=site_root,
        discover_sites=True,
    )
    config.warnings[:0] = distrusted
    return config


def build_config(
    data: Mapping[str, Any],
    *,
    label: str = "config",
    path: Path | None = None,
    root: Path | None = None,
    rules: LoadedRules | None = None,
    site_root: Path | None = None,
    discover_sites: bool = False,
) -> Config:
    """Validate a config mapping (as read from TOML) into a :class:`Config`.

    ``site_root`` is the folder of the site's Hugo config, whose settings fill in whatever
    the ``[site]`` table leaves unset. With ``discover_sites``, files under another Hugo
    site's folder are checked with that site's settings.
    """
    loaded = rules or load_rules()
    owners = _table_owners(loaded)
    try:
        settings = FileSettings.model_validate(
            {key: value for key, value in data.items() if key not in owners}
        )
    except ValueError as exc:
        if not is_validation_error(exc):
            raise
        raise ConfigError(_explain(label, exc, FileSettings, tuple(owners))) from None
    selected = _selected_rules(settings, loaded, label)
    severities: dict[str, Severity] = {}
    warnings: list[str] = []
    network = _network_settings(settings, label, root, path)
    site = _site_settings(settings.site, label, root, site_root, warnings, network)
    tables: dict[str, Any] = {}
    specs: list[tuple[type[Rule], Any]] = []
    for rule_name in settings.rules:
        if loaded.resolve(rule_name) is None:
            raise ConfigError(
                msg(
                    "{label}: [rules.{rule}]: unknown rule; see `lintnews rules` for the list",
                    label=label,
                    rule=rule_name,
                )
            )
    for rule_class in selected:
        raw = dict(settings.rules.get(rule_class.name) or settings.rules.get(rule_class.code) or {})
        severity = raw.pop("severity", None)
        if severity is not None:
            if severity == "off":
                continue
            try:
                severities[rule_class.name] = Severity(severity)
            except ValueError:
                raise ConfigError(
                    msg(
                        "{label}: [rules.{rule}] severity: {severity!r} is not one of error, "
                        "warning, info, off",
                        label=label,
                        rule=rule_class.name,
                        severity=severity,
                    )
                ) from None
        try:
            # Defaults need no validation; building every rule's validator costs start-up.
            options = (
                rule_class.Options.model_validate(raw)
                if raw
                else rule_class.Options.model_construct()
            )
        except ValueError as exc:
            if not is_validation_error(exc):
                raise
            raise ConfigError(
                _explain(_in_table(label, f"rules.{rule_class.name}"), exc, rule_class.Options)
            ) from None
        table = rule_class.config_table
        if table is not None and table not in tables:
            tables[table] = _read_table(rule_class, data.get(table), ConfigSource(label, root))
        specs.append((rule_class, options))
    instances = _instantiate(specs, site, tables)

    def rebuild(other_root: Path) -> list[Rule]:
        """The same rules, bound to the settings of another Hugo site in the checked tree."""
        other_site = _site_settings(settings.site, label, root, other_root, [], network)
        return _instantiate(specs, other_site, tables)

    for pattern, names in settings.per_path_ignores.items():
        for name in names:
            if loaded.resolve(name) is None:
                raise ConfigError(
                    msg(
                        "{label}: per-path-ignores[{pattern!r}]: unknown rule {name!r}; see "
                        "`lintnews rules`",
                        label=label,
                        pattern=pattern,
                        name=name,
                    )
                )
    return Config(
        path=path,
        root=root or Path.cwd(),
        rules=instances,
        severities=severities,
        include=tuple(settings.include),
        exclude=tuple(settings.exclude),
        per_path_ignores={
            pattern: tuple(_canonical_names(names, loaded))
            for pattern, names in settings.per_path_ignores.items()
        },
        site=site,
        tables=tables,
        network=settings.network,
        cache=settings.cache,
        cache_dir=settings.cache_dir,
        jobs=settings.jobs,
        max_file_size=settings.max_file_size,
        file_time_budget=settings.file_time_budget,
        raw=dict(data),
        warnings=warnings,
        site_root=site_root,
        discover_sites=discover_sites,
        rules_installed=rules is None,
        _rebuild=rebuild,
    )


def _instantiate(
    specs: list[tuple[type[Rule], Any]], site: SiteSettings, tables: Mapping[str, Any]
) -> list[Rule]:
    instances = []
    for rule_class, options in specs:
        instance = rule_class(options, site)
        if rule_class.config_table is not None:
            instance.use_config_table(tables[rule_class.config_table])
        instances.append(instance)
    for instance in instances:
        instance.use_other_rules(instances)
    return instances


def _table_owners(loaded: LoadedRules) -> dict[str, type[Rule]]:
    """The top-level tables rules own, by name; none may shadow a key of lintnews's own."""
    owners = {rule.config_table: rule for rule in loaded.rules.values() if rule.config_table}
    engine_keys = {name.replace("_", "-") for name in FileSettings.field_names()}
    for table, rule in owners.items():
        if table in engine_keys:
            raise RuleLoadError(
                msg(
                    "rule {name} claims the config table [{table}], a key of lintnews's own",
                    name=rule.name,
                    table=table,
                )
            )
    return owners


def _read_table(rule_class: type[Rule], raw: Any, source: ConfigSource) -> Any:
    """The rule's model of its table; whatever goes wrong there is a config error."""
    where = _in_table(source.label, rule_class.config_table)
    try:
        return rule_class.read_config_table(raw, source)
    except ConfigError:
        raise
    except (ValueError, TypeError) as exc:
        if is_validation_error(exc):
            raise ConfigError(_explain(where, exc, None)) from None
        raise ConfigError(msg("{where}: {exc}", where=where, exc=reason(exc))) from None


def _canonical_names(names: Iterable[str], loaded: LoadedRules) -> list[str]:
    result = []
    for name in names:
        rule = loaded.resolve(name)
        result.append(rule.name if rule else name)
    return result


def _selected_rules(settings: FileSettings, loaded: LoadedRules, label: str) -> list[type[Rule]]:
    def resolve(names: list[str], key: str) -> set[str]:
        result: set[str] = set()
        for name in names:
            if name.upper() == "ALL":
                result.update(loaded.rules)
                continue
            matches = [
                rule.name
                for rule in loaded.rules.values()
                if name in (rule.name, rule.code) or (name.isupper() and rule.code.startswith(name))
            ]
            if not matches:
                raise ConfigError(
                    msg(
                        "{label}: {key}: unknown rule {name!r}; use a rule name, a code or a "
                        "code prefix from `lintnews rules`, or ALL",
                        label=label,
                        key=key,
                        name=name,
                    )
                )
            result.update(matches)
        return result

    if settings.select is None:
        chosen = {rule.name for rule in loaded.rules.values() if rule.enabled_by_default}
    else:
        chosen = resolve(settings.select, "select")
    chosen |= resolve(settings.extend_select, "extend-select")
    ignored = resolve(settings.ignore, "ignore")
    chosen -= ignored
    # Rules given a severity other than "off" in [rules.X] are switched on by that.
    for name, table in settings.rules.items():
        rule = loaded.resolve(name)
        if (
            rule is not None
            and isinstance(table, dict)
            and table.get("severity") not in (None, "off")
            and rule.name not in ignored
        ):
            chosen.add(rule.name)
    return [loaded.rules[name] for name in sorted(chosen, key=lambda n: loaded.rules[n].code)]


def _site_settings(
    raw: dict[str, Any],
    label: str,
    root: Path | None,
    site_root: Path | None,
    warnings: list[str],
    network: NetworkSettings,
) -> SiteSettings:
    """The ``[site]`` table over the Hugo config's settings: lintnews config wins."""
    hugo: dict[str, Any] = {}
    if site_root is not None:
        from lintnews.site.hugo import read_hugo_config

        hugo_config = read_hugo_config(site_root)
        hugo = hugo_config.settings
        warnings.extend(hugo_config.warnings)
    if not hugo and not raw and (root is None or isinstance(root, Path)):
        # No [site] table and no Hugo settings: nothing that needs validation, and building
        # the validator costs start-up.
        return SiteSettings.model_construct(root=root, network=network)
    own = {key.replace("_", "-"): value for key, value in raw.items()}
    merged = {
        "root": root,
        **{k.replace("_", "-"): v for k, v in hugo.items()},
        **own,
        "network": network,
    }
    try:
        return SiteSettings.model_validate(merged)
    except ValueError as exc:
        if not is_validation_error(exc):
            raise
        raise ConfigError(_explain(_in_table(label, "site"), exc, SiteSettings)) from None


def _network_settings(
    settings: FileSettings, label: str, root: Path | None, path: Path | None
) -> NetworkSettings:
    """The ``[network]`` table; remote results are cached beside the result cache."""
    raw = dict(settings.network)
    cache_dir = None
    if settings.cache and root is not None:
        cache_dir = cache_folder(settings.cache_dir, path, root)
    if not raw:
        # No [network] table: the defaults and our own cache folder need no validation, and
        # building the validator costs start-up.
        return NetworkSettings.model_construct(**({"cache_dir": cache_dir} if cache_dir else {}))
    if "cache-dir" not in raw and "cache_dir" not in raw and cache_dir is not None:
        raw["cache-dir"] = cache_dir
    try:
        network = NetworkSettings.model_validate(raw)
    except ValueError as exc:
        if not is_validation_error(exc):
            raise
        raise ConfigError(_explain(_in_table(label, "network"), exc, NetworkSettings)) from None
    if network.enabled:
        _require_network_extra(label)
    return network


def _require_network_extra(label: str) -> None:
    """Checking remote images needs httpx, which only the ``network`` extra installs."""
    from importlib.util import find_spec

    try:
        found = find_spec("httpx") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ConfigError(
            msg(
                "{label}: remote images are checked (--online or [network] enabled = true) "
                "with httpx, which is not installed; install the network extra: "
                "pip install 'lintnews[network]'",
                label=label,
            )
        )


def _in_table(label: str, table: str) -> str:
    """Where a table's error is: the config's label and the table's name."""
    return msg("{label}: [{table}]", label=label, table=table)


def _explain(
    label: str,
    exc: Any,
    model: Any,
    also_allowed: tuple[str, ...] = (),
) -> str:
    """A pydantic error in the words of the config file (``also_allowed``: keys valid
    beside the model's own, for the list of allowed keys)."""
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            fields = model.model_fields.items() if model is not None else ()
            allowed = sorted([*(f.alias or name for name, f in fields), *also_allowed])
            lines.append(
                msg(
                    "{label}: unknown key {key!r}; allowed keys: {allowed}",
                    label=label,
                    key=key,
                    allowed=", ".join(allowed),
                )
                if len(error["loc"]) == 1 and allowed
                else msg("{label}: unknown key {key!r}", label=label, key=key)
            )
        elif kind == "literal_error":
            lines.append(
                msg(
                    "{label}: {key}: {value!r} is not allowed; expected {expected}",
                    label=label,
                    key=key,
                    value=error["input"],
                    expected=_choices(str(error.get("ctx", {}).get("expected", ""))),
                )
            )
        else:
            lines.append(
                msg(
                    "{label}: {key}: {reason} (got {value!r})",
                    label=label,
                    key=key,
                    reason=_validation_reason(error),
                    value=error.get("input"),
                )
            )
    return joined("\n", lines)


def _validation_reason(error: Mapping[str, Any]) -> str:
    """Why pydantic refused a value: our validator's message, else pydantic's own words
    (as a message when they are words settings often meet, so that they are translated)."""
    context = error.get("ctx") or {}
    raised = context.get("error")
    if isinstance(raised, Exception) and isinstance(reason(raised), Message):
        return reason(raised)
    words = _PYDANTIC_WORDS.get(error.get("type", ""))
    if words is not None:
        # pydantic shows a whole float bound as an integer ("greater than 0").
        args = {
            name: int(value) if isinstance(value, float) and value.is_integer() else value
            for name, value in context.items()
        }
        if isinstance(args.get("expected"), str):
            args["expected"] = _choices(args["expected"])
        try:
            said = msg(words, **args)
        except (KeyError, IndexError, ValueError):
            said = None
        # The same English as pydantic's, or pydantic's own: never a different wording.
        if said is not None and said == error["msg"]:
            return said
    return error["msg"].removeprefix("Value error, ")


#: pydantic's messages for the errors a setting's value meets, by error type: the same
#: English, written here so that the catalogs translate them.
_PYDANTIC_WORDS = {
    "missing": template("Field required"),
    "extra_forbidden": template("Extra inputs are not permitted"),
    "greater_than": template("Input should be greater than {gt}"),
    "greater_than_equal": template("Input should be greater than or equal to {ge}"),
    "less_than": template("Input should be less than {lt}"),
    "less_than_equal": template("Input should be less than or equal to {le}"),
    "finite_number": template("Input should be a finite number"),
    "string_type": template("Input should be a valid string"),
    "dict_type": template("Input should be a valid dictionary"),
    "list_type": template("Input should be a valid list"),
    "tuple_type": template("Input should be a valid tuple"),
    "bool_type": template("Input should be a valid boolean"),
    "bool_parsing": template("Input should be a valid boolean, unable to interpret input"),
    "int_type": template("Input should be a valid integer"),
    "int_parsing": template(
        "Input should be a valid integer, unable to parse string as an integer"
    ),
    "int_from_float": template(
        "Input should be a valid integer, got a number with a fractional part"
    ),
    "float_type": template("Input should be a valid number"),
    "float_parsing": template("Input should be a valid number, unable to parse string as a number"),
    "literal_error": template("Input should be {expected}"),
    "enum": template("Input should be {expected}"),
}


def _choices(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` with its "or" as a message."""
    head, separator, last = expected.rpartition(" or ")
    return msg("{choices} or {last}", choices=head, last=last) if separator else expected


def severity_of(rule: Rule, config: Config) -> Severity:
    return config.severities.get(rule.name, rule.severity)
