"""Messages in other languages: the catalogs, their compiler, and translation at output."""

from __future__ import annotations

import gettext
import json
import pickle
import re
import shutil
import string
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from lintnews.common.messages import JOINED, Message, from_data, joined, locale_language, message
from lintnews.output.catalog import (
    LOCALE,
    CatalogError,
    catalog_templates,
    compile_mo,
    extract_templates,
    parse_po,
    po_files,
    with_references,
)
from lintnews.output.translation import Translator
from lintnews.plugin.diagnostics import EncodedDiagnostics
from lintnews.site.language import run_language
from lintnews.testing import read_fixtures, run_case

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
ZH_PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "lintnews.po"
SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed"
#: Fields a translation may use besides its template's: arguments the call site passes for
#: other languages only (a month number where English names the month).
EXTRA_FIELDS = {"there is no day {day} in {month} {year}": {"month_number"}}


@cache
def _templates() -> dict[str, list[str]]:
    """What the catalogs translate (parsing the source takes a second)."""
    return catalog_templates()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _catalog() -> dict[str, str]:
    return parse_po(ZH_PO.read_text(encoding="utf-8"))


# -- the catalog and its compiler -------------------------------------------------------


def test_every_template_in_the_source_is_translated() -> None:
    templates = _templates()
    assert len(templates) > 250
    catalog = _catalog()
    missing = sorted(t for t in templates if t not in catalog)
    assert not missing, f"templates missing from {ZH_PO.name}: {missing}"
    for template in templates:
        allowed = _fields(template) | EXTRA_FIELDS.get(template, set())
        assert _fields(catalog[template]) <= allowed, (template, catalog[template])


def test_the_catalog_holds_no_template_the_source_lost() -> None:
    templates = _templates()
    stale = sorted(t for t in _catalog() if t and t not in templates)
    assert not stale, f"entries of {ZH_PO.name} no message uses: {stale}"


def test_the_references_name_the_files_that_use_each_entry() -> None:
    text = ZH_PO.read_text(encoding="utf-8")
    assert with_references(text, _templates()) == text, (
        f"the #: lines of {ZH_PO.name} are stale: run python -m lintnews.output.catalog"
    )
    assert "#: lintnews/commands/check.py" in text and "#: rules/dates.py" in text
    moved = with_references('msgid "bold"\nmsgstr "加粗"\n', {"bold": ["b.py", "a.py", "a.py"]})
    assert moved == '#: a.py b.py\nmsgid "bold"\nmsgstr "加粗"\n'


def test_extraction_reads_both_branches_and_every_template_call(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "say('{n} file' if one else '{n} files', n=1)\n"
        "msg('plain')\nmessage('{a} b', a=1)\ntemplate('later {x}')\nother('not one')\n",
        encoding="utf-8",
    )
    assert set(extract_templates([source])) == {
        "{n} file",
        "{n} files",
        "plain",
        "{a} b",
        "later {x}",
    }


def test_each_committed_mo_is_what_its_po_compiles_to() -> None:
    assert po_files()
    for po in po_files():
        compiled = compile_mo(parse_po(po.read_text(encoding="utf-8")))
        assert po.with_suffix(".mo").read_bytes() == compiled, (
            f"{po.with_suffix('.mo')} is stale: run python -m lintnews.output.catalog"
        )


def test_gettext_reads_the_compiled_catalog(tmp_path: Path) -> None:
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", "bold": "加粗", 'a "q"\n': "引"}
    mo = tmp_path / "x.mo"
    mo.write_bytes(compile_mo(entries))
    with mo.open("rb") as file:
        translations = gettext.GNUTranslations(file)
    assert translations.gettext("bold") == "加粗"
    assert translations.gettext('a "q"\n') == "引"
    assert translations.gettext("absent") == "absent"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_msgfmt_reads_the_catalog_as_the_compiler_does(tmp_path: Path) -> None:
    out = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(ZH_PO)], check=True)
    with out.open("rb") as file:
        reference = gettext.GNUTranslations(file)
    for msgid, msgstr in _catalog().items():
        if msgid:
            assert reference.gettext(msgid) == msgstr


def test_a_broken_po_file_is_refused() -> None:
    with pytest.raises(CatalogError, match="given twice"):
        parse_po('msgid "a"\nmsgstr "1"\nmsgid "a"\nmsgstr "2"\n')
    with pytest.raises(CatalogError, match="expected a quoted string"):
        parse_po("msgid 'a'\n")


# -- messages and their transport ---------------------------------------------------------


def test_a_message_is_its_english_text_and_keeps_its_template() -> None:
    text = message("{key} is not a date", key="date")
    assert text == "date is not a date" and isinstance(text, str)
    assert (text.template, dict(text.args)) == ("{key} is not a date", {"key": "date"})
    both = text + message("; write {fix}", fix="x")
    assert both == "date is not a date; write x" and both.template == JOINED
    assert joined(message(" or "), [message("a string"), message("a date")]) == "a string or a date"
    assert from_data(both.to_data()) == both
    assert pickle.loads(pickle.dumps(both)).to_data() == both.to_data()


def test_templates_survive_the_cache_and_worker_encoding() -> None:
    [case] = [c for c in read_fixtures(FIXTURES / "dates.md") if "Beijing" in c.title]
    found = run_case(case)
    assert found
    encoded = EncodedDiagnostics(*EncodedDiagnostics.of(found).__reduce__()[1])
    encoded = pickle.loads(pickle.dumps(encoded))
    decoded = list(encoded)
    assert [d.message for d in decoded] == [d.message for d in found]
    assert all(isinstance(d.message, Message) for d in decoded)
    say = Translator("zh-CN")
    assert [say.diagnostic(d).message for d in decoded] == [
        say.diagnostic(d).message for d in found
    ]


def test_plain_text_from_a_plugin_is_shown_as_it_is() -> None:
    say = Translator("zh-CN")
    assert say.text("a plugin's own words") == "a plugin's own words"
    assert say.text(message("bold")) == "加粗"
    assert Translator("en").text(message("bold")) == "bold"


# -- every rule's messages, translated --------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|`[^`]*`|“[^”]*”|\'[^\']*\'|<[^>]*>|\[[^\]]*\]')
#: Three English words in a row: a sentence left untranslated (keys, names and quoted text
#: are one word, or removed with the quotes).
_ENGLISH = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){2,}\b")


def _untranslated(value: object, catalog: dict[str, str]) -> list[str]:
    if not isinstance(value, Message):
        return []
    problems = [] if value.template in (JOINED, *catalog) else [value.template]
    for argument in value.args.values():
        problems += _untranslated(argument, catalog)
    return problems


CASES = [case for file in sorted(FIXTURES.glob("*.md")) for case in read_fixtures(file)]


def test_every_fixture_message_and_fix_title_reads_in_chinese() -> None:
    catalog = _catalog()
    say = Translator("zh-CN")
    seen = 0
    for case in CASES:
        for d in run_case(case):
            seen += 1
            for text in (d.message, d.fix.message if d.fix else None):
                if text is None:
                    continue
                assert isinstance(text, Message), f"{case.id}: a plain message: {text!r}"
                assert not _untranslated(text, catalog), (case.id, _untranslated(text, catalog))
                shown = say.text(text)
                assert not _ENGLISH.search(_QUOTED.sub("", shown)), (case.id, shown)
    assert seen > 150


@pytest.mark.skipif(not SEED.is_dir(), reason="the seed corpus in ../shared is absent")
def test_the_seed_report_is_in_chinese(tmp_path: Path) -> None:
    result = _lintnews("check", "--no-cache", "--lang", "zh-CN", str(SEED), cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert "个问题" in lines[-2] or "个问题" in lines[-1]
    for line in lines:
        text = line.split(": ", 1)[-1].rsplit(" [", 1)[0]
        assert not _ENGLISH.search(_QUOTED.sub("", text)), line


# -- the run's language --------------------------------------------------------------


def test_the_locale_gives_the_default_language() -> None:
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert locale_language({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({"LC_MESSAGES": "zh_CN", "LANG": "en_US.UTF-8"}) == "zh-CN"
    assert locale_language({"LANG": "fr_FR.UTF-8"}) == "en"
    assert locale_language({}) == "en"


def test_lang_in_the_config_wins_over_the_locale_and_loses_to_the_option(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "lintnews.toml").write_text('lang = "zh-CN"\n', encoding="utf-8")
    english = {"LANG": "en_US.UTF-8"}
    assert run_language(None, None, tmp_path, english) == "zh-CN"
    assert run_language("en", None, tmp_path, english) == "en"
    (tmp_path / "lintnews.toml").write_text("", encoding="utf-8")
    assert run_language(None, None, tmp_path, {"LANG": "zh_CN.UTF-8"}) == "zh-CN"


def _lintnews(*args: str, cwd: Path, env: dict[str, str] | None = None):
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )


def _site(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "lintnews.toml").write_text(config, encoding="utf-8")
    (tmp_path / "post.md").write_text(
        '---\ntitle: "标题"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n说明：**重要：**内容。\n',
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.slow
def test_check_reports_in_the_configured_language(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lang = "zh-CN"\n')
    result = _lintnews("check", "--no-cache", ".", cwd=site)
    assert "加粗不会生效" in result.stdout
    assert "在 1 个文件中的 1 个里发现 1 个问题（1 个错误）。" in result.stdout
    assert "[emphasis-not-rendered]" in result.stdout and "LN201" in result.stdout
    english = _lintnews("check", "--no-cache", "--lang", "en", ".", cwd=site)
    assert "the bold does not render" in english.stdout
    assert "Found 1 problem (1 error) in 1 of 1 file." in english.stdout


def test_json_keeps_its_keys_and_translates_only_the_text(tmp_path: Path) -> None:
    site = _site(tmp_path)
    chinese = json.loads(
        _lintnews("check", "--lang", "zh-CN", "--format", "json", ".", cwd=site).stdout
    )
    english = json.loads(_lintnews("check", "--format", "json", ".", cwd=site).stdout)
    assert [sorted(r) for r in chinese] == [sorted(r) for r in english]
    assert [(r["code"], r["rule"], r["line"]) for r in chinese] == [
        (r["code"], r["rule"], r["line"]) for r in english
    ]
    assert chinese[0]["message"] != english[0]["message"]
    assert "加粗" in chinese[0]["message"]


def test_a_cache_filled_in_english_serves_a_run_in_chinese(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _lintnews("check", ".", cwd=site)
    warm = _lintnews("check", ".", cwd=site, env={"LANG": "zh_CN.UTF-8"})
    assert "加粗不会生效" in warm.stdout


def test_a_baseline_written_in_english_matches_a_run_in_chinese(tmp_path: Path) -> None:
    site = _site(tmp_path)
    recorded = _lintnews(
        "check", "--baseline", "b.json", "--update-baseline", "--lang", "en", ".", cwd=site
    )
    assert recorded.returncode == 0, recorded.stderr
    assert "the bold" in (site / "b.json").read_text(encoding="utf-8")
    again = _lintnews("check", "--baseline", "b.json", "--lang", "zh-CN", ".", cwd=site)
    assert again.returncode == 0, again.stdout
    assert "检查了 1 个文件，没有发现问题。" in again.stdout


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = _lintnews("check", "--lang", "fr", ".", cwd=site)
    assert result.returncode == 2 and "unknown language 'fr'" in result.stderr
    (site / "lintnews.toml").write_text('lang = "klingon"\n', encoding="utf-8")
    bad = _lintnews("check", "--no-cache", ".", cwd=site)
    assert bad.returncode == 2 and "lang" in bad.stderr and "klingon" in bad.stderr


@pytest.mark.slow
def test_statistics_and_the_commands_own_errors_are_translated(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lang = "zh-CN"\n')
    statistics = _lintnews("check", "--no-cache", "--statistics", ".", cwd=site)
    assert "1 个可修复  emphasis-not-rendered" in statistics.stdout
    missing = _lintnews("check", "absent.md", cwd=site)
    assert "lintnews：错误：absent.md：没有这个文件或文件夹" in missing.stderr
    usage = _lintnews("check", "--update-baseline", ".", cwd=site)
    assert "--update-baseline 需要配合 --baseline FILE" in usage.stderr
