"""How a page's local URL leads to a file of a Hugo site (lintnews.site.hugo_paths)."""

from __future__ import annotations

import os
from pathlib import Path

from lintnews.common.urls import holds_template, is_site_path
from lintnews.plugin.settings import SiteSettings
from lintnews.site.hugo_paths import HugoPaths, Resolution, is_page_bundle


def make_files(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


def file(root: Path, name: str) -> str:
    return os.path.normpath(root / name)


def test_page_bundles_are_index_pages():
    assert is_page_bundle(Path("content/posts/a/index.md"))
    assert is_page_bundle(Path("content/posts/_index.zh-cn.md"))
    assert not is_page_bundle(Path("content/posts/news.md"))
    assert not is_page_bundle(Path("content/posts/reindex.md"))


def test_a_bundle_resource_is_found_with_query_and_escapes_removed(tmp_path):
    make_files(tmp_path, "content/posts/a/index.md", "content/posts/a/img/b c.png")
    page = tmp_path / "content/posts/a/index.md"
    found = HugoPaths(SiteSettings()).resolve(page, "img/b%20c.png?v=2#top")
    assert found == Resolution(
        "img/b c.png",
        file=file(tmp_path, "content/posts/a/img/b c.png"),
        looked_up=((file(tmp_path, "content/posts/a/img/b c.png"), True),),
    )


def test_a_root_relative_path_tries_static_then_assets_then_content(tmp_path):
    make_files(tmp_path, "content/posts/a/index.md", "content/zh/docs/pod.svg")
    paths = HugoPaths(SiteSettings())
    found = paths.resolve(tmp_path / "content/posts/a/index.md", "/docs/pod.svg")
    assert paths.static_dirs == ["static", "assets"]
    assert found is not None and found.file == file(tmp_path, "content/zh/docs/pod.svg")
    assert [path for path, _ in found.looked_up] == [
        file(tmp_path, "static/docs/pod.svg"),
        file(tmp_path, "assets/docs/pod.svg"),
        file(tmp_path, "content/docs/pod.svg"),
        file(tmp_path, "content/zh/docs/pod.svg"),
    ]


def test_site_settings_name_the_static_and_asset_folders(tmp_path):
    make_files(tmp_path, "content/a.md", "public/logo.png", "src/assets/x.png")
    site = SiteSettings(root=tmp_path, static_dirs=("public",), asset_dir="src/assets")
    paths = HugoPaths(site)
    assert paths.static_dirs == ["public", "src/assets"]
    assert paths.resolve(tmp_path / "content/a.md", "/logo.png").file is not None
    assert paths.resolve(tmp_path / "content/a.md", "/x.png").file is not None


def test_a_non_bundle_page_is_served_from_its_own_address(tmp_path):
    make_files(tmp_path, "content/posts/news.md", "static/posts/news/chart.png")
    found = HugoPaths(SiteSettings()).resolve(tmp_path / "content/posts/news.md", "chart.png")
    assert found is not None and found.file == file(tmp_path, "static/posts/news/chart.png")


def test_a_bundle_is_reached_through_its_slug_and_its_siblings_by_folder(tmp_path):
    make_files(
        tmp_path,
        "content/blog/2023-qos/index.md",
        "content/blog/2023-qos/memory.svg",
        "content/blog/other/a.svg",
    )
    paths = HugoPaths(SiteSettings())
    page = tmp_path / "content/blog/2023-qos/index.md"
    by_slug = paths.resolve(page, "/blog/2023/05/05/qos-memory/memory.svg", {"slug": "qos-memory"})
    assert by_slug is not None and by_slug.file == file(
        tmp_path, "content/blog/2023-qos/memory.svg"
    )
    by_url = paths.resolve(page, "/news/qos/memory.svg", {"url": "/news/qos/"})
    assert by_url is not None and by_url.file is not None
    sibling = paths.resolve(page, "../../2024/05/07/other/a.svg")
    assert sibling is not None and sibling.file == file(tmp_path, "content/blog/other/a.svg")


def test_a_name_differing_in_case_is_not_found_but_named(tmp_path):
    make_files(tmp_path, "content/posts/a/index.md", "content/posts/Other/photo.png")
    page = tmp_path / "content/posts/a/index.md"
    found = HugoPaths(SiteSettings()).resolve(page, "../other/photo.png")
    assert found is not None
    assert (found.file, found.case_variant) == (None, "Other/photo.png")
    assert found.looked_up[0] == (file(tmp_path, "content/posts/other/photo.png"), False)


def test_a_path_out_of_the_site_is_not_followed(tmp_path):
    make_files(tmp_path, "site/content/a/index.md", "outside.png")
    page = tmp_path / "site/content/a/index.md"
    found = HugoPaths(SiteSettings()).resolve(page, "../../../outside.png")
    assert found == Resolution("../../../outside.png", leaves_root=True)


def test_nothing_to_look_up_without_a_path_or_without_a_site(tmp_path):
    make_files(tmp_path, "loose.md")
    paths = HugoPaths(SiteSettings())
    assert paths.site_root(tmp_path / "loose.md") is None
    assert paths.resolve(tmp_path / "loose.md", "/images/a.png") is None
    assert paths.resolve(tmp_path / "loose.md", "?v=2") is None
    missing = paths.resolve(tmp_path / "loose.md", "a.png")
    assert missing is not None and missing.file is None and not missing.leaves_root


def test_the_site_root_is_the_nearest_folder_holding_the_content(tmp_path):
    make_files(tmp_path, "site/content/posts/a.md", "site/drafts/b.md")
    paths = HugoPaths(SiteSettings())
    assert paths.site_root(tmp_path / "site/content/posts/a.md") == tmp_path / "site"
    # Beside the content folder, not in it: the file belongs to no site.
    assert paths.site_root(tmp_path / "site/drafts/b.md") is None
    assert HugoPaths(SiteSettings(root=tmp_path)).site_root(tmp_path / "x.md") == tmp_path


def test_site_paths_have_no_scheme_and_no_template():
    assert is_site_path("img/a.png") and is_site_path("/a.png") and is_site_path("../a.png")
    for url in ("", "https://x/a.png", "data:image/png;base64,", "//cdn/a.png", "#top"):
        assert not is_site_path(url)
    assert holds_template("{{< postref >}}images/a.png")
    assert not is_site_path("{{ .Site.BaseURL }}/a.png")
