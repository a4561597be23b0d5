"""Bad config is one line naming the file, line and key, exit 2; never a traceback (issue 14 #8).

YAML tags (``!!python/name:``, ``!foo``, ``!!int abc``, ``!!timestamp x``), deep nesting,
``.inf``/``.nan`` (NaN silently changed verdicts), huge or negative numbers (``debounce_ms:
1e20`` disabled search), duplicate and merge keys, and sources that are no folder of articles.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreader.cli import main
from kzreader.config import (
    MAX_DEPTH,
    Config,
    ConfigError,
    FactsConfig,
    LibraryConfig,
    SearchConfig,
    load_config,
    parse_config,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cli_error(tmp_path: Path, capsys, text: str, *argv: str) -> str:
    """Run ``sources`` with this config: exit 2 and one line on stderr, which is returned."""
    path = write(tmp_path, text)
    code = main(["--config", str(path), *(argv or ("sources", "--json"))])
    out, err = capsys.readouterr()
    assert code == 2, (text, out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("kzreader: error: "), err
    return err.strip()


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("theme: !!python/name:os.system\n", 1, "theme"),
        ("search:\n  limit: !!python/object/apply:os.system ['true']\n", 2, "search.limit"),
        ("theme: !foo bar\n", 1, "theme"),
        ("sources: !foo [a]\n", 1, "sources"),
        ("search:\n  limit: !!int abc\n", 2, "search.limit"),
        ("outlets:\n  a:\n    published: !!timestamp x\n", 3, "outlets.a.published"),
        ("outlets:\n  a:\n    published: 2022-13-45\n", 3, "outlets.a.published"),
        ("theme: !!binary aGVsbG8=\n", 1, "theme"),
        ("sources: !!set {a, b}\n", 1, "sources"),
        ("search:\n  <<: {limit: 3}\n", 2, "search"),
        ("theme: nord\nsearch: {}\ntheme: dracula\n", 3, "theme"),
        ("search:\n  fuzzy: yes please\n", 2, "search.fuzzy"),
    ],
)
def test_yaml_tags_and_malformed_values_are_one_line_errors(tmp_path, capsys, text, line, key):
    err = cli_error(tmp_path, capsys, text)
    assert f"config.yaml:{line}: {key}" in err


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_refused_before_it_recurses(tmp_path, capsys, opening):
    closing = "]" if opening == "[" else "}"
    text = "search: " + opening * 5000 + "1" + closing * 5000 + "\n"
    err = cli_error(tmp_path, capsys, text)
    assert f"nested more than {MAX_DEPTH} levels deep" in err
    ok = "search: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    with pytest.raises(ConfigError, match="search: expected a mapping"):
        parse_config(ok, tmp_path / "c.yaml")  # within the limit: an ordinary type error


SECTIONS = (("search", SearchConfig), ("facts", FactsConfig), ("library", LibraryConfig))


def numeric_fields() -> list[tuple[str, dataclasses.Field]]:
    return [
        (f"{section}.{f.name}", f)
        for section, cls in SECTIONS
        for f in dataclasses.fields(cls)
        if type(f.default) in (int, float)
    ]


@pytest.mark.parametrize(("key", "spec"), numeric_fields(), ids=lambda v: getattr(v, "name", v))
def test_every_number_has_a_range_and_refuses_inf_and_nan(tmp_path, key, spec):
    section, name = key.split(".")
    low, high = spec.metadata["range"]

    def parse(value: str) -> Config:
        return parse_config(f"{section}:\n  {name}: {value}\n", tmp_path / "c.yaml")

    assert getattr(getattr(parse(repr(low)), section), name) == low
    assert getattr(getattr(parse(repr(high)), section), name) == high
    bad = [".inf", "-.inf", ".nan", ".NaN", "1e20", "100000000000000000000", "-1"]
    bad += [repr(high * 2 + 1)] + ([repr(low - 1)] if low >= 1 else [])
    for value in bad:
        with pytest.raises(ConfigError, match=rf"c\.yaml:2: {re.escape(key)}: "):
            parse(value)


def test_nan_no_longer_reaches_the_facts_engine(tmp_path, capsys):
    for field in ("similarity", "hedge_width", "approx_width"):
        err = cli_error(tmp_path, capsys, f"facts:\n  {field}: .nan\n", "facts")
        assert f"facts.{field}: expected a finite number" in err


def test_a_huge_debounce_is_refused(tmp_path, capsys):
    for value in ("1e20", "100000000000000000000", "1.0e+20"):
        err = cli_error(tmp_path, capsys, f"search:\n  debounce_ms: {value}\n")
        assert "config.yaml:2: search.debounce_ms" in err


def test_limits_negative_zero_and_huge(tmp_path, capsys):
    for value in ("-5", "0", "99999999"):
        err = cli_error(tmp_path, capsys, f"search:\n  limit: {value}\n")
        assert "config.yaml:2: search.limit:" in err


@pytest.mark.parametrize(
    "folder",
    ["/", "/proc", "/sys/kernel", "//", "/tmp/.."],
)
def test_sources_that_are_no_folder_of_articles(tmp_path, capsys, folder):
    err = cli_error(tmp_path, capsys, f"theme: nord\nsources:\n  - {folder}\n")
    assert "config.yaml:3: sources:" in err
    code = main(["--source", folder, "sources"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "--source" in err


@pytest.mark.parametrize("which", ["CACHE", "DATA"])
def test_sources_in_kzreaders_own_dirs_are_refused(tmp_path, capsys, which):
    own = Path(os.environ[f"KZREADER_{which}_DIR"])
    (own / "index").mkdir(parents=True, exist_ok=True)
    for folder in (own, own / "index"):
        err = cli_error(tmp_path, capsys, f"sources: [{folder}]\n")
        assert f"kzreader's own {which.lower()} dir" in err
        code = main(["--source", str(folder), "sources"])
        assert code == 2
        capsys.readouterr()


def test_wrong_types_and_unknown_keys_stay_errors(tmp_path, capsys):
    cases = {
        "keys: [a, b]\n": "keys: expected a mapping",
        "keys: {quit: ''}\n": "keys.quit: expected one or more keys",
        "theme: ''\n": "theme: expected a theme name",
        "sources: ['']\n": "sources: an entry is empty",
        "outlets: {a: 5}\n": "outlets.a: expected a mapping",
        "library: {max_file_mb: 0}\n": "library.max_file_mb: must be from",
        "search: {limit: '5'}\n": "search.limit: expected a whole number",
        "colour: red\n": "unknown key 'colour'",
    }
    for text, message in cases.items():
        assert message in cli_error(tmp_path, capsys, text), text


def test_text_values_are_taken_as_written(tmp_path):
    config = parse_config(
        "theme: nord\noutlets:\n  1984: {title: 1984, outlet: yes}\n  b: {title: ~}\n",
        tmp_path / "c.yaml",
    )
    assert config.outlets["1984"].title == "1984" and config.outlets["1984"].outlet == "yes"
    assert config.outlets["b"].title is None


def test_a_bom_and_crlf_are_fine_and_nul_is_one_line(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"\xef\xbb\xbftheme: nord\r\nsearch:\r\n  limit: 5\r\n")
    assert load_config(path).search.limit == 5
    err = cli_error(tmp_path, capsys, "theme: nord\nsearch:\n  limit: 5\x00\n")
    assert "config.yaml:3: invalid YAML: character U+0000 is not allowed" in err


def test_a_huge_config_file_is_refused_unread(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    code = main(["--config", str(path), "sources"])
    _, err = capsys.readouterr()
    assert code == 2 and "larger than 1024 KB" in err


def test_a_folder_as_config_file(tmp_path, capsys):
    code = main(["--config", str(tmp_path), "sources"])
    _, err = capsys.readouterr()
    assert code == 2 and "cannot read config file" in err and err.count("\n") == 1


YAML_CHARS = list("ab:-[]{}!&*|>'\"#%@`,? \n\t.0123456789~<=\\/")
YAMLISH = st.text(alphabet=st.sampled_from(YAML_CHARS) | st.characters(), max_size=200)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_is_a_config_or_one_config_error(text):
    path = Path("/nonexistent/config.yaml")
    try:
        config = parse_config(text, path)
    except ConfigError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(str(path))
        return
    for section in (config.search, config.facts, config.library):
        for f in dataclasses.fields(section):
            value = getattr(section, f.name)
            if isinstance(value, float):
                assert math.isfinite(value)
