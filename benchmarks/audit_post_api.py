"""How closely linting a python-frontmatter Post matches linting the file it came from.

Usage (from the repository root)::

    .venv/bin/python benchmarks/audit_post_api.py                     # the four real sites
    .venv/bin/python benchmarks/audit_post_api.py ../shared/corpus/real/rust-blog

Each ``content/**/*.md`` of a site is linted with ``lintnews.lint_text`` and, loaded with
``frontmatter.loads``, with ``lintnews.check_post``, both under the site's config. It prints,
per site, the files whose findings agree by code and, per code, the two counts with up to
three files where they differ. A Post holds parsed data, so findings about how the front
matter was written (duplicate keys, an empty block) are expected to differ.
"""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import frontmatter

import lintnews

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"
SITES = ("hugodocs-en", "k8s-website-zh-cn", "rust-blog", "servicemesher-website")


def audit(site: Path) -> None:
    os.chdir(site)
    config = lintnews.load_config(start=site)
    from_files: Counter[str] = Counter()
    from_posts: Counter[str] = Counter()
    unreadable: Counter[str] = Counter()
    differing: defaultdict[str, list[str]] = defaultdict(list)
    files = agreeing = 0
    for path in sorted(Path("content").rglob("*.md")):
        if not path.is_file():
            continue
        files += 1
        text = path.read_text(encoding="utf-8-sig")
        by_file = Counter(d.code for d in lintnews.lint_text(text, path=str(path), config=config))
        try:
            post = frontmatter.loads(text)
        except Exception as exc:  # python-frontmatter's own YAML/TOML loaders refusing it
            unreadable[type(exc).__name__] += 1
            continue
        by_post = Counter(d.code for d in lintnews.check_post(post, path=str(path), config=config))
        from_files.update(by_file)
        from_posts.update(by_post)
        if by_file == by_post:
            agreeing += 1
        for code in set(by_file) | set(by_post):
            if by_file[code] != by_post[code] and len(differing[code]) < 3:
                differing[code].append(f"{path} ({by_file[code]} vs {by_post[code]})")
    print(f"{site.name}: {files} files, {agreeing} with the same findings by code", end="")
    print(f"; python-frontmatter could not load {dict(unreadable)}" if unreadable else "")
    for code in sorted(set(from_files) | set(from_posts)):
        where = f"  e.g. {'; '.join(differing[code])}" if differing[code] else ""
        print(f"  {code}: file {from_files[code]}, Post {from_posts[code]}{where}")


def main() -> None:
    sites = [Path(arg).resolve() for arg in sys.argv[1:]] or [REAL / name for name in SITES]
    for site in sites:
        audit(site)


if __name__ == "__main__":
    main()
