"""Image discovery (exact URL positions) and image-missing-file on real site trees."""

from __future__ import annotations

from pathlib import Path

import pytest
from lintnews_rules.images import RULES, ImageAltText, ImageMissingFile, ImageUrlSyntax

from lintnews.model.document import Document
from lintnews.model.images import find_unparsed_images
from lintnews.plugin.settings import SiteSettings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "images.md"


def found(text: str) -> list[tuple[str, str, tuple[int, int], str | None]]:
    doc = Document(text, "x.md")
    return [
        (image.kind, doc.text[image.start : image.end], doc.position(image.start), image.alt)
        for image in doc.images
    ]


# -- discovery --------------------------------------------------------------------------


def test_markdown_images_point_at_their_urls_after_front_matter_and_cjk():
    text = '---\ntitle: 标题\n---\n\n中文 ![图一](a.png "题") 和 ![](b.png)\n'
    assert found(text) == [
        ("markdown", "a.png", (5, 10), "图一"),
        ("markdown", "b.png", (5, 27), ""),
    ]


def test_positions_are_the_same_in_a_crlf_file():
    text = "---\ntitle: x\n---\n\n段落\n![图](a.png)\n\n<img src='b.png'>\n\n[r]: c.png\n\n![r]\n"
    lf = found(text)
    crlf = found(text.replace("\n", "\r\n"))
    assert lf == crlf
    assert [(kind, url, position) for kind, url, position, _ in lf] == [
        ("markdown", "a.png", (6, 6)),
        ("html", "b.png", (8, 11)),
        ("reference", "c.png", (10, 6)),
    ]


def test_reference_images_point_into_their_definition():
    text = "![甲][Logo] ![乙][]\n\n[logo]:\n  <img/a b.png> '标题'\n[乙]: ./b.png\n"
    doc = Document(text, "x.md")
    images = doc.images
    assert [(i.kind, i.url, doc.position(i.start), i.label) for i in images] == [
        ("reference", "img/a b.png", (4, 4), "LOGO"),
        ("reference", "./b.png", (5, 6), "乙"),
    ]
    assert images[0].title == "标题"
    assert doc.text[images[0].alt_start : images[0].alt_end] == "甲"


def test_html_images_in_blocks_inline_and_nested_markup():
    text = (
        "<figure>\n"
        '  <a href="/big.png"><img  alt="大图" src = "/small.png" ></a>\n'
        "  <!-- <img src='commented.png'> -->\n"
        "</figure>\n\n"
        "> <p><img src=unquoted.png alt='引'></p>\n\n"
        'text <IMG SRC="upper.png"> more\n'
    )
    assert found(text) == [
        ("html", "/small.png", (2, 44), "大图"),
        ("html", "unquoted.png", (6, 15), "引"),
        ("html", "upper.png", (8, 16), None),
    ]


def test_images_in_containers_tables_headings_and_links():
    text = (
        "# 标题 ![h](h.png)\n\n"
        "- 列表\n  ![l](l.png)\n\n"
        "| a | b |\n|---|---|\n| x | ![t](t.png) |\n\n"
        "[![inner](inner.png)](https://example.com)\n"
    )
    assert [(url, position) for _, url, position, _ in found(text)] == [
        ("h.png", (1, 11)),
        ("l.png", (4, 8)),
        ("t.png", (8, 12)),
        ("inner.png", (10, 11)),
    ]


def test_figure_shortcodes_named_positional_multiline_and_commented():
    # A first line starting with "{" would be JSON front matter, to Hugo as to lintnews.
    text = (
        "图：\n"
        '{{< figure src="a.png" alt="甲" >}}\n\n'
        "{{% figure\n"
        '    src="/img/b.png"\n'
        '    caption="乙 **说明**" %}}\n\n'
        '{{< figure "c.png" "丙" >}}\n\n'
        '{{</* figure src="commented.png" */>}}\n\n'
        '`{{< figure src="code.png" >}}`\n'
    )
    doc = Document(text, "x.md")
    images = doc.images
    assert [(i.url, doc.position(i.start), i.alt, i.alt_source) for i in images] == [
        ("a.png", (2, 17), "甲", "alt"),
        ("/img/b.png", (5, 10), "乙 **说明**", "caption"),
        ("c.png", (8, 13), "丙", "positional"),
    ]
    assert images[2].positional and not images[0].positional
    assert all(i.kind == "figure-shortcode" for i in images)


def test_code_is_not_searched_and_shortcode_text_is_not_prose():
    text = (
        "`![](a.png)` ``<img src=b.png>``\n\n"
        "```\n![](c.png)\n```\n\n"
        "    ![](d.png)\n\n"
        '{{< figure src="e.png" caption="![](f.png) <img src=g.png>" alt="x" >}}\n'
    )
    assert [url for _, url, _, _ in found(text)] == ["e.png"]


def test_unparsed_image_markup_is_found_with_its_destination():
    doc = Document("前 ![图](a b.png) 后 `![x](y z)` ![ok](ok.png)\n", "x.md")
    unparsed = find_unparsed_images(doc)
    assert [(u.destination, doc.position(u.start)) for u in unparsed] == [("a b.png", (1, 8))]


def test_an_empty_destination_is_an_empty_url_at_its_place():
    doc = Document("![图]()\n", "x.md")
    (image,) = doc.images
    assert image.url == "" and doc.position(image.start) == (1, 6)


# -- fixtures and documentation examples -----------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_documented_examples(rule, tmp_path):
    import re

    blocks = re.findall(r"```markdown\n(.*?)```", rule.documentation(), re.S)
    bad, good = blocks[0], blocks[1]
    results = []
    for text in (bad, good):
        site = tmp_path / ("bad" if text is bad else "good")
        (site / "content" / "post").mkdir(parents=True)
        (site / "content" / "post" / "deploy-flow.png").write_bytes(b"")
        article = site / "content" / "post" / "index.md"
        article.write_text(text, encoding="utf-8")
        doc = Document(text, str(article))
        results.append([d.rule for d in rule().check(doc)])
    assert results[0] and not results[1]


# -- image-missing-file on a real site tree ----------------------------------------------------


def make_site(root: Path) -> None:
    files = [
        "content/posts/bundle/index.md",
        "content/posts/bundle/chart.png",
        "content/posts/bundle/img/sub diagram.svg",
        "content/posts/Other/photo.png",
        "content/posts/news.md",
        "content/posts/next-to-news.png",
        "static/images/logo.png",
        "static/posts/news/from-url.png",
        "assets/images/global.png",
        "public-static/alt.png",
    ]
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    (root / "outside.png").write_bytes(b"")


def missing(article: Path, text: str, site: SiteSettings | None = None) -> list[str]:
    article.write_text(text, encoding="utf-8")
    doc = Document(text, str(article))
    rule = ImageMissingFile(site=site)
    return [f"{d.line}:{d.column}: {d.message}" for d in rule.check(doc)]


def test_page_bundle_images_resolve_in_the_bundle_folder(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/bundle/index.md"
    text = (
        "![a](chart.png) ![b](./chart.png?v=2#top) ![c](img/sub%20diagram.svg)\n"
        "![d](<img/sub diagram.svg>) ![e](../Other/photo.png) ![f](https://example.com/x.png)\n"
        "![g](nope.png) ![h](img/sub diagram.svg)\n"
    )
    assert missing(article, text) == [
        '3:6: readers will see a broken image: image file "nope.png" not found in the page bundle',
    ]


def test_root_relative_images_resolve_in_static_and_assets(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/bundle/index.md"
    text = "![a](/images/logo.png) ![b](/images/global.png) ![c](/images/gone.png)\n"
    assert missing(article, text) == [
        '1:54: readers will see a broken image: image file "/images/gone.png" not found in the static folders (static, assets) '
        "or content/"
    ]


def test_static_dirs_from_site_settings_replace_the_default(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/bundle/index.md"
    site = SiteSettings(root=tmp_path, static_dirs=("public-static",))
    text = "![a](/alt.png) ![b](/images/logo.png)\n"
    assert missing(article, text, site) == [
        '1:21: readers will see a broken image: image file "/images/logo.png" not found in the static folders '
        "(public-static, assets) or content/"
    ]


def test_case_mismatch_is_reported_even_on_a_case_insensitive_disk(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/bundle/index.md"
    text = "![a](Chart.png) ![b](../other/photo.png) ![c](/Images/logo.png)\n"
    assert missing(article, text) == [
        '1:6: readers will see a broken image: image file "Chart.png" not found: the name differs in case from "chart.png" '
        "(the published site is case-sensitive)",
        '1:22: readers will see a broken image: image file "../other/photo.png" not found: the name differs in case from '
        '"Other/photo.png" (the published site is case-sensitive)',
        '1:47: readers will see a broken image: image file "/Images/logo.png" not found: the name differs in case from '
        '"images/logo.png" (the published site is case-sensitive)',
    ]


def test_non_bundle_page_accepts_its_folder_or_its_url_folder(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/news.md"
    text = "![a](next-to-news.png) ![b](from-url.png) ![c](chart.png)\n"
    assert missing(article, text) == [
        '1:48: readers will see a broken image: image file "chart.png" not found in the article\'s folder'
    ]


def test_paths_leaving_the_site_root_are_reported_not_followed(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/bundle/index.md"
    text = "![a](../../../../outside.png) ![b](/../../outside.png)\n"
    assert missing(article, text) == [
        '1:6: readers will see a broken image: image path "../../../../outside.png" leaves the site root',
        '1:36: readers will see a broken image: image path "/../../outside.png" leaves the site root',
    ]


def test_own_address_and_multilingual_content_paths(tmp_path):
    for name in (
        "content/zh-cn/blog/2023-05-05-qos/index.md",
        "content/zh-cn/blog/2023-05-05-qos/memory.svg",
        "content/en/docs/images/pod.svg",
        "content/zh-cn/docs/images/pod.svg",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    article = tmp_path / "content/zh-cn/blog/2023-05-05-qos/index.md"
    text = (
        "---\nslug: qos-memory\n---\n"
        "![a](/blog/2023/05/05/qos-memory/memory.svg) ![b](/zh-cn/docs/images/pod.svg)\n"
        "![c](/docs/images/pod.svg) ![d](/docs/images/gone.svg)\n"
    )
    assert [m.split(":")[0] + ":" + m.split(":")[1] for m in missing(article, text)] == ["5:33"]


def test_reference_definition_used_twice_is_reported_once(tmp_path):
    make_site(tmp_path)
    article = tmp_path / "content/posts/bundle/index.md"
    text = "![一][x] ![二][x]\n\n[x]: gone.png\n"
    assert missing(article, text) == [
        '3:6: readers will see a broken image: image file "gone.png" not found in the page bundle'
    ]


def test_text_that_is_not_a_file_is_not_checked():
    doc = Document("![a](gone.png)\n", "does/not/exist.md")
    assert list(ImageMissingFile().check(doc)) == []


def test_site_root_is_found_by_walking_up_to_content(tmp_path):
    make_site(tmp_path)
    nested = tmp_path / "content/posts/bundle/index.md"
    text = "![a](/images/logo.png)\n"
    assert missing(nested, text) == []
    loose = tmp_path / "loose.md"
    assert missing(loose, text) == []  # no site: a root-relative path means nothing


# -- the real corpora --------------------------------------------------------------------------


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is not present")


@pytest.mark.slow
@needs_corpus
def test_seed_article_has_twelve_images_without_alt_text():
    path = CORPUS / "seed/altman-deepseek-o3-mini.md"
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    found_alt = list(ImageAltText().check(doc))
    assert len(doc.images) == 12
    assert len(found_alt) == 12
    assert all(d.column == 1 for d in found_alt)


@pytest.mark.slow
@needs_corpus
def test_servicemesher_stray_quote_is_reported_by_syntax_and_missing_file():
    site = CORPUS / "real/servicemesher-website"
    path = site / "content/blog/201910-pilot-code-deep-dive/index.md"
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    syntax = [(d.line, d.column) for d in ImageUrlSyntax().check(doc)]
    files = [(d.line, d.column) for d in ImageMissingFile(site=SiteSettings(root=site)).check(doc)]
    assert (97, 43) in syntax
    assert (97, 5) in files
    fixes = [d.fix for d in ImageUrlSyntax().check(doc) if d.line == 97]
    assert fixes[0] is not None
    assert fixes[0].edits[0].replacement == "pilot-discovery-receive-connection.svg"


def test_an_unclosed_shortcode_does_not_hide_later_ones():
    text = '前 {{% 没有关闭\n\n{{< figure src="a.png" alt="甲" >}}\n'
    assert [(url, position) for _, url, position, _ in found(text)] == [("a.png", (3, 17))]
