"""``lintnews init``: what it inferred of a site, as one value the config and report are
written from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintnews.commands.init_schema import KeyInference

if TYPE_CHECKING:
    from lintnews.plugin.rule import Convention

__all__ = ["Inference"]


@dataclass
class Inference:
    root: Path
    required_share: float
    files: int = 0  # articles read (with or without front matter)
    without_front_matter: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    keys: list[KeyInference] = field(default_factory=list)
    #: What each rule learnt of the site (``Rule.learn_convention``), by rule name.
    conventions: dict[str, Convention] = field(default_factory=dict)
    hugo_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Schema findings the inferred config will give on these articles: (path, message).
    expected_findings: list[tuple[str, str]] = field(default_factory=list)

    def config_data(self) -> dict[str, Any]:
        """The config as TOML data (what :func:`render_config` writes, without comments)."""
        keys: dict[str, Any] = {}
        for key in self.keys:
            if not key.declared:
                continue
            spec: dict[str, Any] = {
                "type": key.types[0] if len(key.types) == 1 else list(key.types)
            }
            if key.required:
                spec["required"] = True
            if key.one_of is not None:
                spec["one-of"] = list(key.one_of)
            keys[key.name] = spec
        data: dict[str, Any] = {}
        for rule, convention in self.conventions.items():
            if convention.options:
                data.setdefault("rules", {})[rule] = dict(convention.options)
        data["schema"] = {"extends": "none", "unknown-keys": "allow", "keys": keys}
        return data
