"""Reading a site's Hugo config from real files: what is read, and what never crashes."""

from __future__ import annotations

from pathlib import Path

from lintnews.plugin.settings import SiteSettings
from lintnews.site.hugo import find_site_root, read_hugo_config, read_hugo_settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_settings(tmp_path):
    write(
        tmp_path / "hugo.toml",
        'timeZone = "Asia/Shanghai"\nbuildFuture = true\nstaticDir = ["static", "images"]\n'
        'assetDir = "src/assets"\ncontentDir = "content/zh"\n'
        '[frontmatter]\ndate = ["myDate", ":default"]\n',
    )
    settings = read_hugo_settings(tmp_path)
    assert settings == {
        "root": tmp_path,
        "time_zone": "Asia/Shanghai",
        "build_future": True,
        "static_dirs": ("static", "images"),
        "asset_dir": "src/assets",
        "content_dir": "content/zh",
        "date_keys": ("mydate",),
    }
    assert SiteSettings(**settings).time_zone == "Asia/Shanghai"


def test_yaml_keys_are_case_insensitive(tmp_path):
    write(
        tmp_path / "config.yaml", "timezone: Europe/Oslo\nBUILDEXPIRED: false\nstaticdir: public\n"
    )
    settings = read_hugo_settings(tmp_path)
    assert settings["time_zone"] == "Europe/Oslo"
    assert settings["build_expired"] is False
    assert settings["static_dirs"] == ("public",)


def test_json_and_config_dir_merge(tmp_path):
    write(
        tmp_path / "config" / "_default" / "hugo.json", '{"timeZone": "UTC", "buildFuture": true}'
    )
    write(tmp_path / "hugo.json", '{"buildFuture": false}')
    config = read_hugo_config(tmp_path)
    assert config.settings["time_zone"] == "UTC"
    assert config.settings["build_future"] is False  # the root file wins
    assert len(config.files) == 2


def test_hugo_file_is_preferred_over_config(tmp_path):
    write(tmp_path / "config.toml", 'timeZone = "Europe/Oslo"\n')
    write(tmp_path / "hugo.yaml", "timeZone: Asia/Tokyo\n")
    assert read_hugo_settings(tmp_path)["time_zone"] == "Asia/Tokyo"


def test_static_module_mounts(tmp_path):
    write(
        tmp_path / "hugo.toml",
        '[[module.mounts]]\nsource = "assets"\ntarget = "assets"\n'
        '[[module.mounts]]\nsource = "node_modules/pics"\ntarget = "static"\n',
    )
    assert read_hugo_settings(tmp_path)["static_dirs"] == ("node_modules/pics",)


def test_broken_configs_warn_and_do_not_crash(tmp_path):
    write(tmp_path / "hugo.toml", 'timeZone = "Asia/Shanghai"\nbuildFuture = \n')
    config = read_hugo_config(tmp_path)
    assert config.settings == {"root": tmp_path}
    assert "not valid" in config.warnings[0]

    write(tmp_path / "hugo.toml", 'timeZone = "Mars/Olympus"\nbuildFuture = "yes"\nstaticDir = 3\n')
    config = read_hugo_config(tmp_path)
    assert config.settings == {"root": tmp_path}
    assert len(config.warnings) == 3 and "Mars/Olympus" in config.warnings[0]

    (tmp_path / "hugo.toml").unlink()
    write(tmp_path / "hugo.yaml", "timeZone: [unclosed\n")
    assert "YAML" in " ".join(read_hugo_config(tmp_path).warnings)

    write(tmp_path / "hugo.yaml", "- just\n- a list\n")
    assert "not a table" in read_hugo_config(tmp_path).warnings[0]


def test_yaml_tags_are_never_constructed(tmp_path):
    write(tmp_path / "hugo.yaml", "timeZone: !!python/object/apply:os.system ['echo hi']\n")
    config = read_hugo_config(tmp_path)
    assert "time_zone" not in config.settings
    assert config.warnings


def test_zola_config_is_not_read_as_hugo(tmp_path):
    write(
        tmp_path / "config.toml", 'base_url = "https://blog.example"\n[extra]\ntimeZone = "UTC"\n'
    )
    config = read_hugo_config(tmp_path)
    # Only what is Zola's own: its heading ids, which link anchors are checked against.
    assert config.settings == {"root": tmp_path, "heading_ids": "zola"}
    assert "Zola" in config.warnings[0]


def test_find_site_root_walks_up(tmp_path):
    write(tmp_path / "site" / "hugo.toml", "")
    article = write(tmp_path / "site" / "content" / "posts" / "a.md", "# a\n")
    assert find_site_root(article) == (tmp_path / "site").resolve()
    assert find_site_root(article.parent) == (tmp_path / "site").resolve()
    lone = write(tmp_path / "elsewhere" / "b.md", "# b\n")
    root = find_site_root(lone)
    assert root is None or tmp_path.resolve() not in (root, *root.parents)


def test_site_with_only_a_config_dir(tmp_path):
    write(tmp_path / "config" / "_default" / "config.toml", 'timeZone = "Asia/Taipei"\n')
    article = write(tmp_path / "content" / "a.md", "")
    root = find_site_root(article)
    assert root == tmp_path.resolve()
    assert read_hugo_settings(root)["time_zone"] == "Asia/Taipei"
