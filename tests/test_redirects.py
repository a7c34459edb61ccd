"""Addresses the site's host redirects (Netlify's ``_redirects`` and ``netlify.toml``) and
pages published as ``.html`` files are targets that exist for link-missing-target."""

from __future__ import annotations

from pathlib import Path

from lintnews.run.runner import lint_paths
from lintnews.site.config import load_config
from lintnews.site.pages import MISSING, SitePages

REDIRECTS = """\
# old addresses kept alive
/docs/user-guide/old/     /docs/new/ 301
/docs/getting-started-guides/*     /docs/setup/ 301!
/blog/:year/:slug    /posts/:slug
/store id=:id  /docs/new/ 301
/docs/gone/    /404.html 404
https://old.example.org/*  https://example.org/:splat 301
"""

NETLIFY_TOML = """\
[build]
publish = "public"

[[redirects]]
from = "/docs/moved/"
to = "/docs/new/"

[[redirects]]
from = "/docs/hidden/"
to = "/404/"
status = 404
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def site(root: Path) -> Path:
    write(root / "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(root / "content" / "docs" / "new.md", "---\ntitle: New\n---\n")
    write(root / "content" / "blog" / "a.md", "---\ntitle: A\n---\n")
    write(root / "content" / "store.md", "---\ntitle: Store\n---\n")
    write(root / "static" / "_redirects", REDIRECTS)
    write(root / "static" / "docs" / "reference" / "commands.html", "<h1>commands</h1>\n")
    write(root / "netlify.toml", NETLIFY_TOML)
    return root


def test_redirected_addresses_lead_somewhere_and_not_found_rules_do_not(tmp_path):
    pages = SitePages(site(tmp_path))
    for address in (
        "/docs/user-guide/old/",
        "/docs/user-guide/old",
        "/docs/getting-started-guides/",
        "/docs/getting-started-guides/windows/",
        "/blog/2024/my-post/",
        "/store/",
        "/docs/moved/",
    ):
        hit = pages.find_address(address)
        assert hit is not None and hit is not MISSING, address
    for address in ("/docs/user-guide/other/", "/blog/2024/", "/docs/gone/", "/docs/hidden/"):
        assert pages.find_address(address) is MISSING, address


def test_a_static_html_file_is_published_at_its_name_without_the_suffix(tmp_path):
    pages = SitePages(site(tmp_path))
    for address in ("/docs/reference/commands", "/docs/reference/commands/"):
        hit = pages.find_address(address)
        assert hit is not None and hit is not MISSING, address
    assert pages.find_address("/docs/reference/other/") is MISSING


def test_link_missing_target_reports_only_links_no_rule_redirects(tmp_path):
    root = site(tmp_path)
    write(
        root / "content" / "docs" / "post.md",
        "---\ntitle: P\n---\n\n[a](/docs/user-guide/old/) [b](/docs/user-guide/nope/)\n"
        "[c](/docs/reference/commands/) [d](/docs/gone/)\n",
    )
    config = load_config(start=root, overrides={"select": ["link-missing-target"]})
    post = str(root / "content" / "docs" / "post.md")
    result = lint_paths([post], config, jobs=1, use_cache=False)
    assert [(d.line, d.column) for d in result.diagnostics] == [(5, 32), (6, 36)]
