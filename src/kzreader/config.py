"""config.yaml -> frozen dataclasses, validated, with file:line errors.

Precedence: ``--config FILE``, then the user's config.yaml in the platform config dir, then
the defaults documented in the repository's top-level config.yaml.  kzreader only reads
config files; it never writes them.

The file is read as plain YAML data: the node tree is walked by hand, so YAML tags other than
the core ones (``!!python/name:...``, ``!foo``), merge keys, duplicate keys and nesting deeper
than :data:`MAX_DEPTH` are errors, never constructed.  Every number has a range (the field's
``range`` metadata); NaN and infinities are refused.  Each error is one line naming the file,
the line and the key.  The theme and the key remaps are checked by the reader, which knows its
themes and bindings, before it takes the screen (``kzreader.tui.keycheck``); ``lines`` keeps
where each was written.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader import locations
from kzreader.safetext import one_line

if TYPE_CHECKING:
    import yaml

#: Nesting deeper than this is refused before the YAML is composed (the composer recurses).
MAX_DEPTH = 20
#: A config file larger than this is refused unread.
MAX_BYTES = 1024 * 1024


class ConfigError(Exception):
    """A config problem, phrased as one line naming the file, line and key."""


def _range(low: float, high: float) -> dict[str, tuple[float, float]]:
    return {"range": (low, high)}


@dataclass(frozen=True)
class OutletOverride:
    outlet: str | None = None
    title: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class SearchConfig:
    limit: int = field(default=20, metadata=_range(1, 1000))
    fuzzy: bool = True
    min_prefix: int = field(default=2, metadata=_range(1, 50))
    debounce_ms: int = field(default=120, metadata=_range(0, 5000))
    synonyms: bool = True


@dataclass(frozen=True)
class FactsConfig:
    hedge_width: float = field(default=0.5, metadata=_range(0, 1))
    approx_width: float = field(default=0.1, metadata=_range(0, 1))
    similarity: float = field(default=0.3, metadata=_range(0, 1.25))
    min_outlets: int = field(default=2, metadata=_range(2, 100))


@dataclass(frozen=True)
class LibraryConfig:
    max_file_mb: float = field(default=5.0, metadata=_range(0.001, 1024))


@dataclass(frozen=True)
class Config:
    sources: tuple[Path, ...] = ()
    outlets: Mapping[str, OutletOverride] = field(default_factory=dict)
    theme: str = "textual-dark"
    keys: Mapping[str, str] = field(default_factory=dict)
    search: SearchConfig = field(default_factory=SearchConfig)
    facts: FactsConfig = field(default_factory=FactsConfig)
    library: LibraryConfig = field(default_factory=LibraryConfig)
    path: Path | None = None
    #: Where each checked-later key was written: "theme", "keys", "keys.<id>" -> line number.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def source_dirs(self) -> tuple[Path, ...]:
        """The configured folders, or the bundled seeds when none are configured."""
        return self.sources or (locations.seeds_dir(),)

    def error(self, key: str, message: str) -> ConfigError:
        """A ``ConfigError`` for ``key`` that names this file and the key's line."""
        where = one_line(str(self.path)) if self.path else "config"
        line = self.lines.get(key)
        return ConfigError(f"{where}:{line}: {message}" if line else f"{where}: {message}")


_SECTIONS: dict[str, type] = {
    "search": SearchConfig,
    "facts": FactsConfig,
    "library": LibraryConfig,
}
_TOP_KEYS = ("sources", "outlets", "theme", "keys", *_SECTIONS)
_OVERRIDE_KEYS = tuple(f.name for f in dataclasses.fields(OutletOverride))

_TAG = "tag:yaml.org,2002:"
_NULL, _STR, _INT, _FLOAT, _BOOL = (_TAG + t for t in ("null", "str", "int", "float", "bool"))
_TIMESTAMP, _MAP, _SEQ = _TAG + "timestamp", _TAG + "map", _TAG + "seq"
_KNOWN_TAGS = frozenset((_NULL, _STR, _INT, _FLOAT, _BOOL, _TIMESTAMP, _MAP, _SEQ))
_KIND = {int: "a whole number", float: "a number"}


class _Where:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = one_line(str(path))

    def fail(self, node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(f"{self.shown}:{node.start_mark.line + 1}: {one_line(message)}")


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _check_tag(where: _Where, node: yaml.Node, key: str) -> None:
    if node.tag not in _KNOWN_TAGS:
        raise where.fail(node, f"{key}: YAML tag {_tag_name(node.tag)!r} is not supported")


def _scalar_node(where: _Where, node: yaml.Node, key: str) -> yaml.ScalarNode:
    import yaml

    _check_tag(where, node, key)
    if not isinstance(node, yaml.ScalarNode):
        raise where.fail(node, f"{key}: expected a single value")
    return node


def _is_null(node: yaml.Node) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _constructor() -> Any:
    import yaml

    return yaml.constructor.SafeConstructor()


def _value(where: _Where, node: yaml.Node, key: str) -> Any:
    """The Python value of a scalar node with a core tag; a malformed one is an error."""
    import yaml

    node = _scalar_node(where, node, key)
    build = {
        _NULL: lambda n: None,
        _STR: lambda n: n.value,
        _INT: _constructor().construct_yaml_int,
        _FLOAT: _constructor().construct_yaml_float,
        _BOOL: _constructor().construct_yaml_bool,
        _TIMESTAMP: _constructor().construct_yaml_timestamp,
    }[node.tag]
    try:
        return build(node)
    except (ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError):
        kind = _tag_name(node.tag)
        raise where.fail(node, f"{key}: {node.value!r} is not a valid {kind}") from None


def _text(where: _Where, node: yaml.Node, key: str) -> str | None:
    """A free-text value as written (``title: 1984`` is "1984"); null is None."""
    node = _scalar_node(where, node, key)
    if node.tag == _NULL:
        return None
    if node.tag in (_INT, _FLOAT, _BOOL, _TIMESTAMP, _STR):
        _value(where, node, key)  # an explicit '!!int abc' is still an error
        return str(node.value)
    raise where.fail(node, f"{key}: expected text")  # pragma: no cover - tags checked above


def _number(where: _Where, node: yaml.Node, key: str, kind: type, spec: dataclasses.Field) -> Any:
    value = _value(where, node, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise where.fail(node, f"{key}: expected {_KIND[kind]}, got {node.value!r}")
    if kind is int and not isinstance(value, int):
        raise where.fail(node, f"{key}: expected a whole number, got {node.value}")
    if kind is float:
        value = float(value)
        if not math.isfinite(value):
            raise where.fail(node, f"{key}: expected a finite number, got {node.value}")
    low, high = spec.metadata.get("range", (-math.inf, math.inf))
    if not low <= value <= high:
        if value < 0 <= low:
            raise where.fail(node, f"{key}: must not be negative, got {node.value}")
        raise where.fail(node, f"{key}: must be from {low:g} to {high:g}, got {node.value}")
    return value


def _typed(where: _Where, node: yaml.Node, key: str, spec: dataclasses.Field) -> Any:
    kind = type(spec.default)
    if kind is bool:
        value = _value(where, node, key)
        if not isinstance(value, bool):
            raise where.fail(node, f"{key}: expected true or false, got {node.value!r}")
        return value
    if kind in (int, float):
        return _number(where, node, key, kind, spec)
    value = _text(where, node, key)
    if value is None:
        raise where.fail(node, f"{key}: expected a value")
    return value


def _mapping(where: _Where, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    import yaml

    if _is_null(node):
        return []
    _check_tag(where, node, key)
    if not isinstance(node, yaml.MappingNode):
        raise where.fail(node, f"{key}: expected a mapping")
    items = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _TAG + "merge":
            raise where.fail(key_node, f"{key}: YAML merge keys ('<<') are not supported")
        name = _text(where, key_node, key)
        if name is None:
            raise where.fail(key_node, f"{key}: a key is empty")
        if name in seen:
            dotted = f"{key}.{name}" if key != "config" else name
            raise where.fail(key_node, f"{dotted}: given twice (first on line {seen[name]})")
        seen[name] = key_node.start_mark.line + 1
        items.append((name, key_node, value_node))
    return items


def _unknown(where: _Where, node: yaml.Node, key: str, allowed: tuple[str, ...]) -> ConfigError:
    return where.fail(node, f"unknown key {key!r} (expected one of: {', '.join(allowed)})")


def source_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be a source of articles, or None: the file system's root, a
    pseudo-file system, or kzreader's own cache or data dir (or a folder inside them)."""
    try:
        resolved = folder.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        return f"cannot resolve the folder ({exc})"
    if resolved == Path(resolved.anchor):
        return "the root of the file system is not a folder of articles"
    if resolved.parts[1:2] in (("proc",), ("sys",), ("dev",)):
        return f"{resolved.parts[1]} is a system folder, not a folder of articles"
    for name, own in (("cache", locations.cache_dir), ("data", locations.data_dir)):
        mine = own().expanduser().resolve()
        if resolved == mine or mine in resolved.parents:
            return f"this is inside kzreader's own {name} dir ({mine}), not a folder of articles"
    return None


def _sources(where: _Where, node: yaml.Node) -> tuple[Path, ...]:
    import yaml

    if _is_null(node):
        return ()
    _check_tag(where, node, "sources")
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    folders = []
    for item in items:
        text = _text(where, item, "sources")
        if not text:
            raise where.fail(item, "sources: an entry is empty")
        folder = Path(text).expanduser()
        if not folder.is_absolute():
            folder = where.path.parent / folder
        problem = source_problem(folder)
        if problem:
            raise where.fail(item, f"sources: {text}: {problem}")
        folders.append(folder)
    return tuple(folders)


def _outlets(where: _Where, node: yaml.Node) -> dict[str, OutletOverride]:
    result: dict[str, OutletOverride] = {}
    for name, _key_node, value_node in _mapping(where, node, "outlets"):
        values: dict[str, Any] = {}
        for sub, sub_key, sub_value in _mapping(where, value_node, f"outlets.{name}"):
            dotted = f"outlets.{name}.{sub}"
            if sub not in _OVERRIDE_KEYS:
                raise _unknown(where, sub_key, dotted, _OVERRIDE_KEYS)
            if sub == "published":
                values[sub] = _datetime(where, sub_value, dotted)
            else:
                values[sub] = _text(where, sub_value, dotted)
        result[name] = OutletOverride(**values)
    return result


def _datetime(where: _Where, node: yaml.Node, key: str) -> datetime | None:
    raw = _value(where, node, key)
    if raw is None or isinstance(raw, datetime):
        return raw
    if hasattr(raw, "isoformat"):  # a YAML date
        return datetime.fromisoformat(raw.isoformat())
    try:
        return datetime.fromisoformat(str(raw))
    except ValueError:
        raise where.fail(node, f"{key}: expected an ISO date or datetime, got {raw!r}") from None


def _section(where: _Where, node: yaml.Node, name: str, cls: type) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for sub, sub_key, sub_value in _mapping(where, node, name):
        if sub not in fields:
            raise _unknown(where, sub_key, f"{name}.{sub}", tuple(fields))
        values[sub] = _typed(where, sub_value, f"{name}.{sub}", fields[sub])
    return cls(**values)


def _keys(where: _Where, node: yaml.Node, lines: dict[str, int]) -> dict[str, str]:
    keys = {}
    for name, key_node, value_node in _mapping(where, node, "keys"):
        value = _text(where, value_node, f"keys.{name}")
        if not value or not value.strip(" ,"):
            raise where.fail(value_node, f"keys.{name}: expected one or more keys, e.g. 'ctrl+f'")
        keys[name] = value
        lines[f"keys.{name}"] = key_node.start_mark.line + 1
    return keys


def _check_depth(where: _Where, text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing (the composer recurses)."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise ConfigError(f"{where.shown}:{line}: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _compose(where: _Where, text: str) -> yaml.Node | None:
    import yaml

    try:
        _check_depth(where, text)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = one_line(str(exc.problem or exc.context))
        raise ConfigError(f"{where.shown}{line}: invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (NUL, C1...)
        number = text.count("\n", 0, max(exc.position, 0)) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else int(exc.character)
        raise ConfigError(
            f"{where.shown}:{number}: invalid YAML: character U+{code:04X} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where.shown}: invalid YAML: {one_line(str(exc))}") from None
    except RecursionError:  # pragma: no cover - _check_depth refuses deep nesting first
        raise ConfigError(f"{where.shown}: nested too deeply") from None


def parse_config(text: str, path: Path) -> Config:
    """Parse and validate config text; errors name ``path`` and the line."""
    where = _Where(path)
    root = _compose(where, text)
    if root is None:
        return Config(path=path)
    values: dict[str, Any] = {"path": path}
    lines: dict[str, int] = {}
    for key, key_node, value_node in _mapping(where, root, "config"):
        lines[key] = key_node.start_mark.line + 1
        if key == "sources":
            values["sources"] = _sources(where, value_node)
        elif key == "outlets":
            values["outlets"] = _outlets(where, value_node)
        elif key == "theme":
            theme = _text(where, value_node, "theme")
            if not theme:
                raise where.fail(value_node, "theme: expected a theme name")
            values["theme"] = theme
        elif key == "keys":
            values["keys"] = _keys(where, value_node, lines)
        elif key in _SECTIONS:
            values[key] = _section(where, value_node, key, _SECTIONS[key])
        else:
            raise _unknown(where, key_node, key, _TOP_KEYS)
    return Config(**values, lines=lines)


def load_config(path: Path | None = None) -> Config:
    """Load ``path``, else the user's config file if it exists, else the defaults."""
    if path is None:
        candidate = locations.user_config_file()
        if not candidate.is_file():
            return Config()
        path = candidate
    shown = one_line(str(path))
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{shown}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read config file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{shown}: config file is larger than {MAX_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: config file is not UTF-8 (byte {exc.start})") from None
    return parse_config(text.removeprefix("\ufeff"), Path(path))
