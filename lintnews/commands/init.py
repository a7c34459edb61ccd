"""``lintnews init``: a starter config whose front-matter schema is read off a site's articles.

Every article the normal discovery finds (same include patterns and always-excluded
folders as ``lintnews check``) is read with the engine's own reader; nothing in the tree is
run. For each top-level front-matter key (matched case-insensitively, as Hugo reads keys):

* **required** when at least ``required_share`` of the articles give it a value (empty
  values count as unset, as they do for Hugo and for the schema rule);
* **type**: the narrowest schema type every value satisfies -- ``bool``, ``int``,
  ``float``, ``date``/``datetime`` (Hugo's date keys, and any key whose values all read as
  dates), ``url``, ``list[string]``, ``string`` -- or a list of them when the values really
  differ. Hugo's own typed keys (``draft``, ``headless``: bool; ``weight``: int) keep Hugo's
  type whatever the articles hold, so a ``draft: yes`` Hugo misreads stays reported. Keys
  whose values are tables, or lists of non-strings, are not declared: the schema has no
  type for them, and ``unknown-keys = "allow"`` lets them through;
* **one-of** only for string keys with a small set of values that repeat (at most
  :data:`~lintnews.commands.init_schema.ONE_OF_MAX_VALUES` distinct values, each in at least two
  articles, the key in at least :data:`~lintnews.commands.init_schema.ONE_OF_MIN_FILES` articles),
  never for keys that identify one article (titles, slugs, URLs...) nor for numbers, which
  are quantities rather than categories.

Every installed rule is then asked what it learns of the site
(:meth:`lintnews.Rule.learn_convention`): ``date-format`` its house date style, the heading
rules the level sections open at and the heading style. What a rule returns is written under
``[rules.NAME]`` with its reason above it; init knows no rule's options.

The inferred schema is then checked against the same articles with the schema rule's own
validator, so the report can say exactly which articles will be reported (those missing a
key that most others have) -- with ``required_share = 1`` there are none.

This module reads the site and runs the command; the parts live beside it:
:mod:`lintnews.commands.init_schema` (the keys), :mod:`lintnews.commands.init_report` (the
config file and the report) and :mod:`lintnews.commands.init_writing` (TOML values).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lintnews.commands.init_inference import Inference
from lintnews.commands.init_report import render_config, render_report
from lintnews.commands.init_schema import DEFAULT_REQUIRED_SHARE, Article, KeyInference, infer_keys
from lintnews.common.messages import message as msg
from lintnews.output.translation import Translator

if TYPE_CHECKING:
    from lintnews.plugin.rule import Convention

# The engine, the schema and pydantic are imported when the command runs. The CLI defines
# this command's arguments itself, so `lintnews check` never imports this module.

__all__ = [
    "DEFAULT_REQUIRED_SHARE",
    "Inference",
    "KeyInference",
    "infer_site",
    "render_config",
    "render_report",
    "run",
]


def _articles(root: Path, inference: Inference) -> list[Article]:
    from lintnews.run.engine import read_document
    from lintnews.run.runner import discover, unreadable
    from lintnews.site.config import Config

    articles: list[Article] = []
    for path, _display in discover([str(root)], Config(root=root.resolve())):
        shown = Path(os.path.relpath(path, root)).as_posix()
        try:
            doc = read_document(path, shown)
        except OSError as exc:  # said as a file-unreadable finding says it
            inference.skipped.append((shown, unreadable(exc)))
            continue
        if doc.decode_error is not None:
            inference.skipped.append((shown, msg("not UTF-8 text")))
            continue
        fm = doc.front_matter
        if fm is None:
            articles.append(Article(shown, doc, None))
            inference.without_front_matter.append(shown)
            continue
        if fm.root is None or not isinstance(fm.root.value, dict):
            problem = next(
                (p.message for p in fm.problems if p.kind == "syntax"), msg("unreadable")
            )
            inference.skipped.append(
                (shown, msg("front matter cannot be read: {problem}", problem=problem))
            )
            continue
        articles.append(Article(shown, doc, fm.data))
    return articles


def _hugo(root: Path, inference: Inference) -> tuple[str, ...]:
    """The site's extra date keys; notes which Hugo config files the checks will read."""
    from lintnews.site.hugo import find_site_root, read_hugo_config

    try:
        site_root = find_site_root(root)
    except OSError:
        return ()
    if site_root is None:
        return ()
    hugo = read_hugo_config(site_root)
    inference.hugo_files = hugo.files
    inference.warnings.extend(hugo.warnings)
    return tuple(hugo.settings.get("date_keys") or ())


def _conventions(
    articles: list[Article], date_keys: tuple[str, ...], inference: Inference
) -> dict[str, Convention]:
    """What each installed rule learns of the site, by rule name, in the order of codes.

    A rule that fails while learning is left out with a warning: a plugin's bug must not
    cost the site its config.
    """
    from lintnews.plugin.rule import load_rules
    from lintnews.plugin.settings import SiteSettings

    site = SiteSettings(date_keys=date_keys or None)
    documents = [article.doc for article in articles]
    learnt: dict[str, Convention] = {}
    for rule in sorted(load_rules().rules.values(), key=lambda rule: rule.code):
        try:
            convention = rule(site=site).learn_convention(documents)
        except Exception as error:  # noqa: BLE001 - any plugin bug, reported and skipped
            inference.warnings.append(
                msg(
                    "{rule} could not learn the site's convention: {error}",
                    rule=rule.name,
                    error=repr(error),
                )
            )
            continue
        if convention is not None:
            learnt[rule.name] = convention
    return learnt


# --- the whole inference ----------------------------------------------------------------


def infer_site(root: Path, *, required_share: float = DEFAULT_REQUIRED_SHARE) -> Inference:
    """Read every article under ``root`` and infer a schema and the rules' conventions."""
    inference = Inference(root=root, required_share=required_share)
    site_date_keys = _hugo(root, inference)
    articles = _articles(root, inference)
    inference.files = len(articles)
    inference.keys = infer_keys(articles, required_share)
    inference.conventions = _conventions(articles, site_date_keys, inference)
    inference.expected_findings = _expected_findings(inference, articles)
    return inference


def _expected_findings(inference: Inference, articles: list[Article]) -> list[tuple[str, str]]:
    """What front-matter-schema will report under the inferred config: the rule as a run of
    that config builds it, leaving to the other rules of that run what they report."""
    from lintnews.site.config import build_config
    from lintnews.site.configfile import main_site_root

    config = build_config(
        inference.config_data(),
        label="the inferred config",
        root=inference.root,
        site_root=main_site_root(inference.root),
    )
    rule = next((r for r in config.rules if r.name == "front-matter-schema"), None)
    if rule is None:
        return []
    rule.use_other_rules(config.rules)  # what it leaves to other rules, as in a run
    required = rule.schema.required_keys
    found: list[tuple[str, str]] = []
    for article in articles:
        if article.data is None:
            if required:
                found.append((article.path, f"no front matter; it needs {', '.join(required)}"))
            continue
        found.extend((article.path, finding.message) for finding in rule.check(article.doc))
    return found


# --- the command ------------------------------------------------------------------------


def _existing_config(root: Path, output: Path) -> Path | None:
    """A config that writing ``output`` would overwrite or silently take precedence over."""
    from lintnews.site.config import CONFIG_FILES, find_config

    if output.exists():
        return output
    if output.resolve().parent != root.resolve():
        return None
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file() and find_config(root) == candidate.resolve():
            return candidate
    return None


def run(args: argparse.Namespace, stdout=None, stderr=None) -> int:
    """``lintnews init``; returns the exit status."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    root = Path(args.path)
    lang = _language(args, root)
    say = Translator(lang)
    if not root.is_dir():
        print(
            say("lintnews: error: {root}: not a folder (give the site's folder)", root=str(root)),
            file=stderr,
        )
        return 2
    share = DEFAULT_REQUIRED_SHARE if args.required_share is None else args.required_share
    if not 0 < share <= 1:
        print(
            say(
                "lintnews: error: --required-share {share}: expected a share above 0 and at "
                "most 1 (0.9 = 90% of the articles)",
                share=share,
            ),
            file=stderr,
        )
        return 2
    output = args.output if args.output is not None else root / "lintnews.toml"
    if not args.print_only and not args.force:
        existing = _existing_config(root, output)
        if existing is not None:
            print(
                say(
                    "lintnews: error: {existing} already exists; lintnews init does not "
                    "overwrite a config (use --force to replace it, --output FILE to write "
                    "elsewhere, or --print to see the inferred config)",
                    existing=str(existing),
                ),
                file=stderr,
            )
            return 2
    inference = infer_site(root, required_share=share)
    if inference.files == 0:
        print(
            say(
                "lintnews: error: no articles (*.md, *.markdown) with readable front matter "
                "found under {root}; nothing to infer a schema from",
                root=str(root),
            ),
            file=stderr,
        )
        for path, why in inference.skipped[:10]:
            print(say("  skipped {path}: {why}", path=path, why=why), file=stderr)
        return 2
    config = render_config(inference, site=_site_label(root, output, args.print_only))
    report = render_report(inference, lang)
    if args.print_only:
        stdout.write(config)
        stderr.write(report)
        return 0
    try:
        output.write_text(config, encoding="utf-8")
    except OSError as exc:
        print(
            say(
                "lintnews: error: cannot write {output}: {reason}",
                output=output,
                reason=exc.strerror or str(exc),
            ),
            file=stderr,
        )
        return 2
    stdout.write(report)
    written = (
        say("Wrote {output}. Next: lintnews check {path}", output=output, path=args.path)
        if _found_from(root, output)
        else say(
            "Wrote {output} (pass --config {output} to lintnews check). Next: lintnews check "
            "{path}",
            output=output,
            path=args.path,
        )
    )
    stdout.write(f"\n{written}\n")
    return 0


def _language(args: argparse.Namespace, root: Path) -> str:
    """The language of the report (``--lang``, the site's config, the locale)."""
    from lintnews.site.language import run_language

    return run_language(getattr(args, "lang", None), None, root)


def _site_label(root: Path, output: Path, printed: bool) -> str:
    """The site folder as a reader of the config file will know it."""
    if not printed and output.resolve().parent == root.resolve():
        return "this folder"
    return root.resolve().name + "/"


def _found_from(root: Path, output: Path) -> bool:
    from lintnews.site.config import find_config

    try:
        return find_config(root) == output.resolve()
    except OSError:
        return False
