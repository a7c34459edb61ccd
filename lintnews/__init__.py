"""lintnews: a linter and validator for news and blog articles in Markdown with front matter.

The public API, for scripts and plugin authors::

    import lintnews
    diagnostics = lintnews.lint_text(text, path="post.md")
    result = lintnews.lint_paths(["content/"])
    diagnostics = lintnews.check_post(post)  # a python-frontmatter Post, in memory

Names are imported on first use so that ``import lintnews`` stays cheap.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The entry-point group built-in and third-party rules are registered under.
ENTRY_POINT_GROUP = "lintnews.rules"

if TYPE_CHECKING:
    from lintnews.api import check_post, fix_post, lint_paths, lint_text, post_text
    from lintnews.model.document import Document
    from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity
    from lintnews.plugin.rule import Convention, Rule, RuleOptions
    from lintnews.plugin.settings import SiteSettings
    from lintnews.site.config import Config, ConfigError, load_config

_EXPORTS = {
    "lint_text": "lintnews.api",
    "lint_paths": "lintnews.api",
    "check_post": "lintnews.api",
    "fix_post": "lintnews.api",
    "post_text": "lintnews.api",
    "Config": "lintnews.site.config",
    "ConfigError": "lintnews.site.config",
    "load_config": "lintnews.site.config",
    "Diagnostic": "lintnews.plugin.diagnostics",
    "Edit": "lintnews.plugin.diagnostics",
    "Fix": "lintnews.plugin.diagnostics",
    "Severity": "lintnews.plugin.diagnostics",
    "Document": "lintnews.model.document",
    "Convention": "lintnews.plugin.rule",
    "Rule": "lintnews.plugin.rule",
    "RuleOptions": "lintnews.plugin.rule",
    "SiteSettings": "lintnews.plugin.settings",
}

__all__ = [
    "Config",
    "ConfigError",
    "Convention",
    "Diagnostic",
    "Document",
    "Edit",
    "Fix",
    "Rule",
    "RuleOptions",
    "Severity",
    "SiteSettings",
    "__version__",
    "check_post",
    "fix_post",
    "lint_paths",
    "lint_text",
    "load_config",
    "post_text",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lintnews' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


#: Where each engine module moved when the engine's folders began to show its layers. The
#: old names stay importable, for plugins and scripts, as the very same module objects.
_MOVED_MODULES = {
    "lintnews.baseline": "lintnews.run.baseline",
    "lintnews.cache": "lintnews.run.cache",
    "lintnews.cjk": "lintnews.common.cjk",
    "lintnews.config": "lintnews.site.config",
    "lintnews.configfile": "lintnews.site.configfile",
    "lintnews.dates": "lintnews.common.dates",
    "lintnews.diagnostics": "lintnews.plugin.diagnostics",
    "lintnews.document": "lintnews.model.document",
    "lintnews.engine": "lintnews.run.engine",
    "lintnews.fast_links": "lintnews.model.fast_links",
    "lintnews.files": "lintnews.site.files",
    "lintnews.fixes": "lintnews.run.fixes",
    "lintnews.frontmatter": "lintnews.model.frontmatter",
    "lintnews.frontmatter_tree": "lintnews.model.frontmatter_tree",
    "lintnews.hugo": "lintnews.site.hugo",
    "lintnews.hugo_keys": "lintnews.site.hugo_keys",
    "lintnews.hugo_paths": "lintnews.site.hugo_paths",
    "lintnews.ignorefiles": "lintnews.site.ignorefiles",
    "lintnews.images": "lintnews.model.images",
    "lintnews.init": "lintnews.commands.init",
    "lintnews.init_report": "lintnews.commands.init_report",
    "lintnews.init_schema": "lintnews.commands.init_schema",
    "lintnews.init_writing": "lintnews.commands.init_writing",
    "lintnews.inline": "lintnews.model.inline",
    "lintnews.lazyre": "lintnews.common.lazyre",
    "lintnews.markdown": "lintnews.model.markdown",
    "lintnews.memo": "lintnews.common.memo",
    "lintnews.positions": "lintnews.model.positions",
    "lintnews.rule": "lintnews.plugin.rule",
    "lintnews.runner": "lintnews.run.runner",
    "lintnews.settings": "lintnews.plugin.settings",
    "lintnews.suppressions": "lintnews.model.suppressions",
    "lintnews.text": "lintnews.common.text",
    "lintnews.urls": "lintnews.common.urls",
    "lintnews.warm": "lintnews.run.warm",
    "lintnews.yaml12": "lintnews.model.yaml12",
}


def _new_module_name(name: str) -> str | None:
    """The new name of a module (or of a module inside a package) that moved, else None."""
    for old, new in _MOVED_MODULES.items():
        if name == old or name.startswith(old + "."):
            return new + name[len(old) :]
    return None


class _MovedModuleFinder:
    """Imports a moved module under its old name as the module object of its new name.

    ``sys.modules["lintnews.rule"] is sys.modules["lintnews.plugin.rule"]``: one module, so
    ``isinstance`` checks and monkeypatching see the same classes and functions whichever
    name a plugin uses. Nothing is imported before an old name is, and the finder itself
    imports nothing at start-up (it takes ``ModuleSpec`` from this package's own spec).
    """

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> Any:
        if not name.startswith("lintnews.") or _new_module_name(name) is None:
            return None
        return type(__spec__)(name, _MovedModuleFinder)

    @staticmethod
    def create_module(spec: Any) -> Any:
        from importlib import import_module

        module = import_module(_new_module_name(spec.name))
        spec.loader_state = module.__spec__
        return module

    @staticmethod
    def exec_module(module: Any) -> None:
        # The import system has just given the module the alias's spec: it keeps its own.
        module.__spec__ = module.__spec__.loader_state


sys.meta_path.insert(0, _MovedModuleFinder)
