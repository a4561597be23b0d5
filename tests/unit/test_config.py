"""config.yaml: defaults, precedence, validation errors that name file, line and key."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import datetime
from pathlib import Path

import pytest

from kzreader.config import (
    Config,
    ConfigError,
    FactsConfig,
    LibraryConfig,
    OutletOverride,
    SearchConfig,
    load_config,
    parse_config,
)

REPO = Path(__file__).resolve().parents[2]


def user_config(text: str) -> Path:
    folder = Path(os.environ["KZREADER_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_documented_config_yaml_is_exactly_the_defaults():
    parsed = parse_config((REPO / "config.yaml").read_text("utf-8"), REPO / "config.yaml")
    assert dataclasses.replace(parsed, path=None) == Config()


def test_defaults_without_any_file():
    config = load_config()
    assert config == Config()
    assert config.search == SearchConfig() and config.facts == FactsConfig()
    assert config.library == LibraryConfig(max_file_mb=5.0)


def test_empty_file_is_defaults(tmp_path):
    assert parse_config("", tmp_path / "c.yaml") == Config(path=tmp_path / "c.yaml")


def test_values_and_outlet_overrides(tmp_path):
    config = parse_config(
        "theme: nord\nkeys: {search: 'slash,ctrl+f'}\nsearch: {limit: 5, fuzzy: false}\n"
        "facts: {hedge_width: 1}\nlibrary: {max_file_mb: 0.5}\n"
        "outlets:\n  a1:\n    outlet: X\n    published: 2022-01-05T18:10:00-06:00\n"
        "  b2: {title: T, published: 2022-01-06}\n",
        tmp_path / "c.yaml",
    )
    assert config.theme == "nord"
    assert config.keys == {"search": "slash,ctrl+f"}
    assert config.search == SearchConfig(limit=5, fuzzy=False)
    assert config.facts.hedge_width == 1.0
    assert config.library.max_file_mb == 0.5
    assert config.outlets["a1"].outlet == "X"
    assert config.outlets["a1"].published == datetime.fromisoformat("2022-01-05T18:10:00-06:00")
    assert config.outlets["b2"] == OutletOverride(title="T", published=datetime(2022, 1, 6))


def test_broken_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "c.yaml"
    with pytest.raises(ConfigError) as err:
        parse_config("theme: nord\nsearch:\n  limit: [1, 2\n  fuzzy: true\n", path)
    message = str(err.value)
    assert message.startswith(f"{path}:")
    assert "invalid YAML" in message
    line = int(message.split(":")[1])
    assert 3 <= line <= 5


def test_unknown_key_names_key_and_line(tmp_path):
    with pytest.raises(ConfigError, match=r"c\.yaml:3: unknown key 'colour'"):
        parse_config("theme: nord\n\ncolour: red\n", tmp_path / "c.yaml")
    with pytest.raises(ConfigError, match=r":2: unknown key 'search\.limt'"):
        parse_config("search:\n  limt: 3\n", tmp_path / "c.yaml")
    with pytest.raises(ConfigError, match=r":3: unknown key 'outlets\.a\.site'"):
        parse_config("outlets:\n  a:\n    site: X\n", tmp_path / "c.yaml")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("search:\n  limit: many\n", "search.limit"),
        ("search:\n  fuzzy: 3\n", "search.fuzzy"),
        ("search:\n  limit: -1\n", "search.limit"),
        ("facts:\n  similarity: high\n", "facts.similarity"),
        ("theme: [a, b]\n", "theme"),
        ("search: 5\n", "search"),
        ("outlets:\n  a:\n    published: yesterday\n", "outlets.a.published"),
        ("- just\n- a list\n", "config"),
    ],
)
def test_wrong_type_names_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError, match=r"c\.yaml:\d+: " + re.escape(key)):
        parse_config(text, tmp_path / "c.yaml")


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_non_utf8_config_file(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(b"theme: caf\xe9\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_precedence_config_flag_over_user_over_defaults(tmp_path):
    assert load_config().theme == Config().theme
    user = user_config("theme: nord\n")
    assert load_config().theme == "nord"
    assert load_config().path == user
    explicit = tmp_path / "explicit.yaml"
    explicit.write_text("theme: dracula\n")
    assert load_config(explicit).theme == "dracula"


def test_relative_sources_resolve_against_the_config_folder(tmp_path):
    config = parse_config("sources: [news, /abs/path]\n", tmp_path / "conf" / "c.yaml")
    assert config.sources == (tmp_path / "conf" / "news", Path("/abs/path"))
    assert config.source_dirs == config.sources
    single = parse_config("sources: news\n", tmp_path / "c.yaml")
    assert single.sources == (tmp_path / "news",)


def test_no_sources_means_the_bundled_seeds():
    from kzreader.locations import seeds_dir

    assert Config().source_dirs == (seeds_dir(),)


def test_loading_config_never_writes_it(tmp_path):
    path = user_config("theme: nord\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load_config()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
