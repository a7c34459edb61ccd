"""lintnews: a linter and validator for news and blog articles in Markdown with front matter.

The public API, for scripts and plugin authors::

    import lintnews
    diagnostics = lintnews.lint_text(text, path="post.md")
    result = lintnews.lint_paths(["content/"])
    diagnostics = lintnews.check_post(post)  # a python-frontmatter Post, in memory

Names are imported on first use so that ``import lintnews`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The entry-point group built-in and third-party rules are registered under.
ENTRY_POINT_GROUP = "lintnews.rules"

if TYPE_CHECKING:
    from lintnews.api import check_post, fix_post, lint_paths, lint_text, post_text
    from lintnews.config import Config, ConfigError, load_config
    from lintnews.diagnostics import Diagnostic, Edit, Fix, Severity
    from lintnews.document import Document
    from lintnews.rule import Rule, RuleOptions
    from lintnews.settings import SiteSettings

_EXPORTS = {
    "lint_text": "lintnews.api",
    "lint_paths": "lintnews.api",
    "check_post": "lintnews.api",
    "fix_post": "lintnews.api",
    "post_text": "lintnews.api",
    "Config": "lintnews.config",
    "ConfigError": "lintnews.config",
    "load_config": "lintnews.config",
    "Diagnostic": "lintnews.diagnostics",
    "Edit": "lintnews.diagnostics",
    "Fix": "lintnews.diagnostics",
    "Severity": "lintnews.diagnostics",
    "Document": "lintnews.document",
    "Rule": "lintnews.rule",
    "RuleOptions": "lintnews.rule",
    "SiteSettings": "lintnews.settings",
}

__all__ = [
    "Config",
    "ConfigError",
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
