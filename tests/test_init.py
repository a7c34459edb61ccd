"""`lintnews init`: a starter config inferred from real sites written to tmp_path.

The central property is the round trip: `lintnews check --select front-matter-schema`
with the written config reports exactly what init said it would (nothing, when every
required key is in every article).
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from lintnews.commands.init import infer_site, render_config, render_report
from lintnews.plugin.rule import Convention, LoadedRules, Rule, RuleOptions
from lintnews.run.runner import lint_paths
from lintnews.site.config import load_config
from tests.conftest import run_cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_SITES = ("servicemesher-website", "rust-blog", "hugodocs-en", "k8s-website-zh-cn")

CATEGORIES = ("新闻", "评论", "专题")


#: How front-matter-schema opens the message of a missing or empty required key.
REQUIRED = "The page is built without a key the site requires: "


def write_site(root: Path, articles: dict[str, str]) -> Path:
    for relative, text in articles.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def yaml_article(index: int, **overrides: str | None) -> str:
    fields = {
        "title": f'"第{index}篇：芯片出口管制新规"',
        "date": f"2025-02-{index % 28 + 1:02d}T10:30:49+08:00",
        "tags": '["芯片", "出口管制"]',
        "draft": "false",
        "category": CATEGORIES[index % 3],
        "weight": str(index),
        "source": f"https://example.com/news/{index}",
    }
    fields.update(overrides)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n正文第一段。\n"


def yaml_site(root: Path, count: int = 12, **per_index) -> Path:
    """``per_index`` maps an article number to the field overrides of that article."""
    articles = {
        f"content/posts/post-{i:02d}.md": yaml_article(i, **per_index.get(f"a{i}", {}))
        for i in range(count)
    }
    return write_site(root, articles)


def keys_of(inference) -> dict:
    return {key.name: key for key in inference.keys}


def date_style(inference) -> str:
    """The date-format style init learnt (any-hugo when it wrote none)."""
    return inference.conventions["date-format"].options.get("style", "any-hugo")


def schema_findings(site: Path, config_file: Path) -> list[tuple[str, str]]:
    """(path relative to the site, message) of every front-matter-schema finding, the other
    front-matter rules on as the config leaves them (the schema leaves dates to date-format)."""
    config = load_config(
        config_file, start=site, overrides={"select": ["LN0", "LN1"], "cache": False}
    )
    result = lint_paths([str(site)], config, jobs=1, use_cache=False)
    return sorted(
        (Path(d.path).resolve().relative_to(site.resolve()).as_posix(), d.message)
        for d in result.diagnostics
        if d.rule == "front-matter-schema"
    )


def round_trip(site: Path, config_dir: Path, share: float = 0.9):
    inference = infer_site(site, required_share=share)
    config_dir.mkdir(parents=True, exist_ok=True)
    config_file = config_dir / "lintnews.toml"
    config_file.write_text(render_config(inference), encoding="utf-8")
    return inference, schema_findings(site, config_file)


# --- inference on YAML, TOML and JSON sites -----------------------------------------


def test_yaml_site_types_required_and_one_of(tmp_path):
    site = yaml_site(tmp_path / "site", a3={"summary": '"摘要"'})
    keys = keys_of(infer_site(site))
    assert keys["title"].types == ("string",) and keys["title"].required
    assert keys["date"].types == ("datetime",) and keys["date"].required
    assert keys["tags"].types == ("list[string]",)
    assert keys["draft"].types == ("bool",)
    assert keys["weight"].types == ("int",)
    assert keys["weight"].one_of is None  # numbers are quantities, not categories
    assert keys["source"].types == ("url",)
    assert keys["category"].types == ("string",)
    assert set(keys["category"].one_of) == set(CATEGORIES)
    assert keys["tags"].one_of == ("出口管制", "芯片")  # every article uses both
    assert keys["title"].one_of is None
    assert keys["summary"].files == 1 and not keys["summary"].required


def test_toml_site_native_dates_and_tables(tmp_path):
    articles = {
        f"content/{i}.md": (
            f'+++\ntitle = "Announcing Rust 1.{i}"\ndate = 2024-03-{i + 1:02d}T09:00:00+00:00\n'
            f'authors = ["The Release Team"]\n[extra]\nteam = "release"\n+++\n\nBody.\n'
        )
        for i in range(10)
    }
    inference = infer_site(write_site(tmp_path / "site", articles))
    keys = keys_of(inference)
    assert keys["date"].types == ("datetime",)
    assert keys["authors"].types == ("list[string]",)
    assert not keys["extra"].declared  # a table: the schema has no type for it
    assert "extra" not in inference.config_data()["schema"]["keys"]
    assert date_style(inference) == "rfc3339"


def test_json_site_date_only_style(tmp_path):
    articles = {
        f"content/{i}.md": json.dumps(
            {"title": f"Post {i}", "date": f"2023-05-{i + 1:02d}", "draft": False},
            ensure_ascii=False,
        )
        + "\n\nBody.\n"
        for i in range(8)
    }
    inference = infer_site(write_site(tmp_path / "site", articles))
    keys = keys_of(inference)
    assert keys["date"].types == ("date",)
    assert keys["draft"].types == ("bool",)
    assert date_style(inference) == "%Y-%m-%d"
    assert inference.conventions["date-format"].why.startswith("8 of 8 dates (100%)")


def test_unions_and_narrowest_types(tmp_path):
    site = yaml_site(
        tmp_path / "site",
        a0={"tags": '"单个标签"', "score": "1.5", "updated": "2024-01-01"},
        a1={"updated": "2024-02-01T10:00:00+08:00", "opens": '"10:30:00"', "score": "2"},
        a2={"opens": '"上午"'},
    )
    keys = keys_of(infer_site(site))
    assert keys["tags"].types == ("string", "list[string]")
    assert any("list[string] ×11, string ×1" in note for note in keys["tags"].notes)
    assert keys["score"].types == ("float",)  # float takes the whole numbers too
    assert keys["updated"].types == ("date",)  # any key whose values all read as dates
    assert keys["opens"].types == ("string",)  # a time without a date is no date


def test_hugo_typed_keys_keep_hugo_types_so_misread_values_stay_reported(tmp_path):
    # Nine `draft: yes` on a real site were hidden when init widened draft to string-or-bool:
    # Hugo publishes those pages, so they must stay reported after init.
    site = yaml_site(tmp_path / "site", a0={"draft": "yes"}, a1={"weight": "1.5"})
    inference, found = round_trip(site, tmp_path / "cfg", share=1.0)
    keys = keys_of(inference)
    assert keys["draft"].types == ("bool",)
    assert keys["weight"].types == ("int",)  # Hugo casts weight to an integer
    assert found == sorted(inference.expected_findings)
    assert [path for path, _ in found] == ["content/posts/post-00.md", "content/posts/post-01.md"]


def test_unix_time_under_a_date_key_is_a_date(tmp_path):
    site = yaml_site(tmp_path / "site", a0={"date": "1700000000"})
    assert keys_of(infer_site(site))["date"].types == ("datetime",)


def test_keys_match_case_insensitively_and_misspellings_are_not_declared(tmp_path):
    overrides = {f"a{i}": {"originalLink": "https://example.org/a"} for i in range(11)}
    overrides["a11"] = {"OriginalLink": "https://example.org/b", "tilte": '"x"'}
    inference = infer_site(yaml_site(tmp_path / "site", **overrides))
    keys = keys_of(inference)
    assert keys["originalLink"].files == 12 and keys["originalLink"].required
    assert keys["originalLink"].spellings == {"originalLink": 11, "OriginalLink": 1}
    assert not keys["tilte"].declared
    assert any("misspelling of title" in note for note in keys["tilte"].notes)


# --- the required share ---------------------------------------------------------------


def test_required_share_threshold_and_predicted_findings(tmp_path):
    site = yaml_site(tmp_path / "site", count=10, a4={"tags": None})  # 9 of 10 have tags
    at_90 = infer_site(site, required_share=0.9)
    assert keys_of(at_90)["tags"].required
    assert at_90.expected_findings == [
        ("content/posts/post-04.md", REQUIRED + "missing required key tags")
    ]
    at_95 = infer_site(site, required_share=0.95)
    assert not keys_of(at_95)["tags"].required
    assert at_95.expected_findings == []


def test_empty_values_count_as_unset(tmp_path):
    site = yaml_site(tmp_path / "site", count=10, a2={"tags": '""'}, a3={"tags": ""})
    assert keys_of(infer_site(site, required_share=0.9))["tags"].files == 8
    assert not keys_of(infer_site(site, required_share=0.9))["tags"].required


# --- one-of and its limits -------------------------------------------------------------


def test_one_of_needs_every_value_repeated(tmp_path):
    site = yaml_site(tmp_path / "site", a5={"category": "孤例"})
    key = keys_of(infer_site(site))["category"]
    assert key.one_of is None
    assert any("1 used by a single article" in note for note in key.notes)


def test_one_of_refuses_large_value_sets(tmp_path):
    overrides = {f"a{i}": {"category": f"类别{i // 2}"} for i in range(26)}  # 13 values
    key = keys_of(infer_site(yaml_site(tmp_path / "site", count=26, **overrides)))["category"]
    assert key.one_of is None
    assert any("13 distinct values: too many" in note for note in key.notes)


def test_one_of_needs_enough_articles(tmp_path):
    assert keys_of(infer_site(yaml_site(tmp_path / "site", count=9)))["category"].one_of is None


def test_one_of_never_for_titles(tmp_path):
    overrides = {f"a{i}": {"title": f"标题{i % 2}"} for i in range(12)}
    assert keys_of(infer_site(yaml_site(tmp_path / "site", **overrides)))["title"].one_of is None


# --- the date house style ---------------------------------------------------------------


def test_date_style_needs_a_clear_majority(tmp_path):
    overrides = {f"a{i}": {"date": f'"2025-02-{i + 1:02d} 10:30:49"'} for i in range(6)}
    learnt = infer_site(yaml_site(tmp_path / "site", **overrides)).conventions["date-format"]
    assert learnt.options == {}  # style stays any-hugo
    assert learnt.seen == (
        "dates written like: 2006-01-02 15:04:05 ×6, 2006-01-02T15:04:05+08:00 ×6",
    )
    assert "no style covers 100%" in learnt.why


def test_date_style_without_offset(tmp_path):
    overrides = {f"a{i}": {"date": f'"2025-02-{i + 1:02d} 10:30:49"'} for i in range(12)}
    learnt = infer_site(yaml_site(tmp_path / "site", **overrides)).conventions["date-format"]
    assert learnt.options == {"style": "%Y-%m-%d %H:%M:%S"}
    assert learnt.why.startswith("12 of 12 dates (100%)")


def test_a_style_that_one_valid_date_breaks_is_not_written(tmp_path):
    # On a real site a 90% "house style" turned 186 valid full timestamps into findings.
    overrides = {f"a{i}": {"date": f'"2025-02-{i + 1:02d} 10:30:49"'} for i in range(11)}
    learnt = infer_site(yaml_site(tmp_path / "site", **overrides)).conventions["date-format"]
    assert learnt.options == {}
    assert "no style covers 100%" in learnt.why


def test_date_style_round_trip_with_date_format(tmp_path):
    overrides = {"a0": {"date": "2025-02-01T10:30:49+0800"}}
    site = yaml_site(tmp_path / "site", **overrides)
    inference = infer_site(site)
    # +0800 and +08:00 both follow the offset style, so every date follows it: written.
    assert date_style(inference) == "%Y-%m-%dT%H:%M:%S%z"
    config_file = tmp_path / "cfg" / "lintnews.toml"
    config_file.parent.mkdir()
    config_file.write_text(render_config(inference), encoding="utf-8")
    config = load_config(config_file, start=site, overrides={"select": ["date-format"]})
    assert lint_paths([str(site)], config, jobs=1, use_cache=False).diagnostics == []


# --- broken files ---------------------------------------------------------------------


def test_broken_files_are_counted_and_skipped(tmp_path):
    site = yaml_site(tmp_path / "site")
    (site / "content/broken-unclosed.md").write_text("---\ntitle: 未闭合\n\n正文\n", "utf-8")
    (site / "content/broken-list.md").write_text("---\n- a\n- b\n---\n", "utf-8")
    (site / "content/broken-bytes.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    (site / "content/no-front-matter.md").write_text("# 只有正文\n", "utf-8")
    inference = infer_site(site)
    assert sorted(path for path, _ in inference.skipped) == [
        "content/broken-bytes.md",
        "content/broken-list.md",
        "content/broken-unclosed.md",
    ]
    assert inference.without_front_matter == ["content/no-front-matter.md"]
    assert inference.files == 13
    result = run_cli("init", "--print", str(site))
    assert result.returncode == 0, result.stderr
    assert "skipped 3 whose front matter cannot be read" in result.stderr
    assert "1 article has no front matter" in result.stderr


# --- the command ------------------------------------------------------------------------


def test_init_writes_the_config_and_check_finds_it(tmp_path):
    site = yaml_site(tmp_path / "site")
    result = run_cli("init", str(site))
    assert result.returncode == 0, result.stderr
    config_file = site / "lintnews.toml"
    data = tomllib.loads(config_file.read_text("utf-8"))
    assert data["schema"]["extends"] == "none"
    assert data["schema"]["keys"]["category"]["one-of"]
    assert data["rules"]["date-format"]["style"] == "rfc3339"
    assert config_file.read_text("utf-8").startswith("# lintnews config written by `lintnews init`")
    assert "title: string, in 100% of 12 articles → required" in result.stdout
    assert f"Wrote {config_file}." in result.stdout
    check = run_cli("check", "--no-cache", "--select", "front-matter-schema", str(site))
    assert check.returncode == 0, check.stdout + check.stderr


def test_init_refuses_to_overwrite_without_force(tmp_path):
    site = yaml_site(tmp_path / "site")
    (site / "lintnews.toml").write_text("select = ['ALL']\n", "utf-8")
    refused = run_cli("init", str(site))
    assert refused.returncode == 2
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert (site / "lintnews.toml").read_text("utf-8") == "select = ['ALL']\n"
    forced = run_cli("init", "--force", str(site))
    assert forced.returncode == 0, forced.stderr
    assert "[schema]" in (site / "lintnews.toml").read_text("utf-8")


def test_init_refuses_to_shadow_another_config(tmp_path):
    site = yaml_site(tmp_path / "site")
    (site / ".lintnews.toml").write_text("ignore = ['LN203']\n", "utf-8")
    refused = run_cli("init", str(site))
    assert refused.returncode == 2 and ".lintnews.toml already exists" in refused.stderr
    assert not (site / "lintnews.toml").exists()


def test_print_writes_nothing(tmp_path):
    site = yaml_site(tmp_path / "site")
    (site / "lintnews.toml").write_text("# mine\n", "utf-8")
    result = run_cli("init", "--print", str(site))
    assert result.returncode == 0
    assert tomllib.loads(result.stdout)["schema"]["keys"]["title"]["required"] is True
    assert "Schema (required: in every article)" in result.stderr
    assert (site / "lintnews.toml").read_text("utf-8") == "# mine\n"


def test_output_elsewhere_and_bad_arguments(tmp_path):
    site = yaml_site(tmp_path / "site")
    out = tmp_path / "configs" / "news.toml"
    out.parent.mkdir()
    result = run_cli("init", str(site), "--output", str(out), "--required-share", "1")
    assert result.returncode == 0, result.stderr
    assert f"--config {out}" in result.stdout
    assert not (site / "lintnews.toml").exists()
    bad_share = run_cli("init", str(site), "--required-share", "90")
    assert bad_share.returncode == 2 and "at most 1" in bad_share.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run_cli("init", str(empty))
    assert nothing.returncode == 2 and "no articles" in nothing.stderr
    missing = run_cli("init", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "not a folder" in missing.stderr


# --- the round trip ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["yaml", "toml", "json"])
def test_round_trip_gives_no_schema_findings(tmp_path, kind):
    if kind == "yaml":
        site = yaml_site(tmp_path / "site", a1={"summary": '"摘要"'}, a2={"tags": '"单个"'})
    elif kind == "toml":
        site = write_site(
            tmp_path / "site",
            {
                f"content/{i}.md": f'+++\ntitle = "T{i}"\ndate = 2024-01-{i + 1:02d}\n'
                + ("rating = 2.5\n" if i == 3 else f"rating = {i}\n")
                + "+++\n"
                for i in range(10)
            },
        )
    else:
        site = write_site(
            tmp_path / "site",
            {
                f"content/{i}.md": json.dumps(
                    {"title": f"T{i}", "date": f"2024-01-{i + 1:02d}T08:00:00Z", "tags": ["a"]}
                )
                + "\n"
                for i in range(10)
            },
        )
    inference, found = round_trip(site, tmp_path / "cfg")
    assert found == [] == inference.expected_findings


def test_round_trip_reports_exactly_what_init_predicted(tmp_path):
    site = yaml_site(tmp_path / "site", count=20, a7={"source": None}, a9={"category": '""'})
    inference, found = round_trip(site, tmp_path / "cfg")
    assert found == sorted(inference.expected_findings)
    assert found == [
        ("content/posts/post-07.md", REQUIRED + "missing required key source"),
        ("content/posts/post-09.md", REQUIRED + "category is empty; it is required"),
    ]
    _, none = round_trip(site, tmp_path / "cfg1", share=1.0)
    assert none == []


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_SITES)
def test_round_trip_on_the_real_sites(tmp_path, name):
    site = SHARED / "corpus" / "real" / name
    if not site.exists():
        pytest.skip(f"{site} is absent (the shared corpus sits beside the repository)")
    inference, found = round_trip(site, tmp_path / "cfg", share=1.0)
    assert inference.files > 100
    assert found == [], found[:5]
    inference, found = round_trip(site, tmp_path / "cfg90", share=0.9)
    assert found == sorted(inference.expected_findings)
    # Under 90% the only findings are articles missing a key most others have.
    assert all("required" in message or "needs" in message for _, message in found), found[:5]


def test_odd_key_names_and_values_round_trip(tmp_path):
    odd = {
        '"作者 名"': '"张三"',
        '"a.b"': '"x"',
        "'say \"hi\"'": '"y"',
        '"del\\x7fkey"': '"v\\x7f"',
    }
    site = yaml_site(tmp_path / "site", **{f"a{i}": odd for i in range(12)})
    inference, found = round_trip(site, tmp_path / "cfg", share=1.0)
    names = set(inference.config_data()["schema"]["keys"])
    assert {"作者 名", "a.b", 'say "hi"', "del\x7fkey"} <= names
    assert found == []


# --- heading conventions ---------------------------------------------------------------


def headed_article(index: int, body: str) -> str:
    return f'---\ntitle: "第{index}篇"\n---\n\n{body}'


def headed_site(root: Path, bodies: list[str]) -> Path:
    return write_site(
        root,
        {f"content/posts/p{i:02d}.md": headed_article(i, body) for i, body in enumerate(bodies)},
    )


def heading_findings(site: Path, config_file: Path) -> list[tuple[str, int, str]]:
    """(file name, line, code) of every heading finding; an absent config file is empty."""
    rules = ["heading-increment", "heading-h1-in-body", "heading-empty", "heading-style"]
    overrides = {"select": rules, "cache": False}
    if not config_file.exists():
        config_file.write_text("", encoding="utf-8")
    config = load_config(config_file, start=site, overrides=overrides)
    result = lint_paths([str(site)], config, jobs=1, use_cache=False)
    return sorted((Path(d.path).name, d.line, d.code) for d in result.diagnostics)


def comments(config: str) -> str:
    """The config's comments as one line of text, as a reader of the file sees them."""
    return " ".join(line[2:] for line in config.splitlines() if line.startswith("# "))


H1_SECTIONS = "# 引言\n\n## 背景\n\n# 方法\n"
# An h2 opener, then h1 sections: per post a stray h1; on an h1-section site, the convention.
H2_THEN_H1 = "## 摘要\n\n# 引言\n\n# 方法\n"


def test_h1_sections_learned_from_a_clear_majority(tmp_path):
    site = headed_site(tmp_path / "site", [H1_SECTIONS] * 9 + [H2_THEN_H1, "## 一\n\n## 二\n"])
    inference = infer_site(site)
    data = inference.config_data()
    assert data["rules"]["heading-h1-in-body"] == {"section-level": 1}
    assert data["rules"]["heading-increment"] == {"section-level": 2}  # all open at h1 or h2
    assert data["rules"]["heading-style"] == {"style": "atx"}
    config = render_config(inference)
    assert "9 of 11 posts (81%) write their top-level sections with # (h1)" in comments(config)
    (tmp_path / "cfg").mkdir()
    config_file = tmp_path / "cfg" / "lintnews.toml"
    config_file.write_text(config, encoding="utf-8")
    before = heading_findings(site, tmp_path / "empty.toml")
    assert before == [("p09.md", 7, "LN302"), ("p09.md", 9, "LN302")]
    assert heading_findings(site, config_file) == []


def test_no_h1_convention_below_three_quarters(tmp_path):
    site = headed_site(tmp_path / "site", [H1_SECTIONS] * 7 + ["## 一\n\n## 二\n"] * 4)
    data = infer_site(site).config_data()
    assert "heading-h1-in-body" not in data.get("rules", {})
    assert "heading-increment" in data["rules"]  # every post opens at h1 or h2


def test_strict_settings_only_when_every_post_already_follows_them(tmp_path):
    site = headed_site(tmp_path / "site", ["## 一\n\n### 二\n"] * 10 + ["### 深\n\n#### 更深\n"])
    data = infer_site(site).config_data()
    assert "heading-increment" not in data.get("rules", {})  # one post opens at h3
    assert data["rules"]["heading-h1-in-body"] == {"section-level": 2}  # no body h1 anywhere
    site2 = headed_site(tmp_path / "site2", ["## 一\n\n### 二\n"] * 10 + ["一\n--\n\n## 二\n"])
    data2 = infer_site(site2).config_data()
    assert "heading-style" not in data2["rules"]  # one setext heading: no single style
    assert data2["rules"]["heading-increment"] == {"section-level": 2}


def test_too_few_posts_for_a_heading_convention(tmp_path):
    site = headed_site(tmp_path / "site", [H1_SECTIONS] * 3)
    inference = infer_site(site)
    assert "rules" not in inference.config_data()
    assert "3 posts with a title and headings are too few to call a convention" in comments(
        render_config(inference)
    )


#: Heading findings on each shared site, measured with and without the inferred config (the
#: same numbers: the shared sites keep no heading convention init can relax further).
HEADING_FINDINGS_AFTER_INIT = {
    "servicemesher-website": 39,
    "rust-blog": 87,
    "hugodocs-en": 0,
    "k8s-website-zh-cn": 26,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_SITES)
def test_init_never_adds_heading_findings_on_the_real_sites(tmp_path, name):
    site = SHARED / "corpus" / "real" / name
    if not site.exists():
        pytest.skip(f"{site} is absent (the shared corpus sits beside the repository)")
    config_file = tmp_path / "lintnews.toml"
    config_file.write_text(render_config(infer_site(site)), encoding="utf-8")
    before = heading_findings(site, tmp_path / "empty.toml")
    after = heading_findings(site, config_file)
    assert set(after) <= set(before)
    assert len(after) == HEADING_FINDINGS_AFTER_INIT[name]


# --- conventions that plugins learn -----------------------------------------------------


class _BylineMark(Rule):
    """A plugin rule whose option init learns from the articles.

    ## What it does
    Nothing at check time.

    ## Why is this bad?
    It is a test double for the learn_convention hook.

    ## Example
    None.

    ## Options
    - `mark`: the byline mark.
    """

    name = "byline-mark"
    code = "ZZ901"

    class Options(RuleOptions):
        mark: str = "-"

    def check(self, doc):
        return iter(())

    def learn_convention(self, articles):
        marks = Counter("——" in doc.text for doc in articles)
        return Convention({"mark": "——"}, f"{marks[True]} articles write ——", ("seen it",))


class _BrokenLearner(_BylineMark):
    name = "broken-learner"
    code = "ZZ902"

    def learn_convention(self, articles):
        raise RuntimeError("a plugin bug")


def test_a_plugin_rule_learns_its_option_without_init_knowing_it(tmp_path, monkeypatch):
    import lintnews.plugin.rule as plugin_rule

    loaded = plugin_rule.load_rules()
    extra = {rule.name: rule for rule in (_BylineMark, _BrokenLearner)}
    monkeypatch.setattr(
        plugin_rule,
        "_LOADED",
        LoadedRules({**loaded.rules, **extra}, {**loaded.sources, **dict.fromkeys(extra, "test")}),
    )
    inference = infer_site(yaml_site(tmp_path / "site"))
    text = render_config(inference)
    assert tomllib.loads(text)["rules"]["byline-mark"] == {"mark": "——"}
    assert "# byline-mark: 0 articles write ——.\n[rules.byline-mark]\n" in text
    assert "broken-learner" not in inference.conventions
    assert any("broken-learner could not learn" in warning for warning in inference.warnings)
    report = render_report(inference)
    assert "  byline-mark: 0 articles write ——.\n    seen it\n" in report
