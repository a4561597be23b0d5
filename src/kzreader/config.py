"""config.yaml -> frozen dataclasses, validated, with file:line errors.

Precedence: ``--config FILE``, then the user's config.yaml in the platform config dir, then
the defaults documented in the repository's top-level config.yaml.  kzreader only reads
config files; it never writes them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreader import locations

if TYPE_CHECKING:
    import yaml


class ConfigError(Exception):
    """A config problem, phrased as one line naming the file, line and key."""


@dataclass(frozen=True)
class OutletOverride:
    outlet: str | None = None
    title: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class SearchConfig:
    limit: int = 20
    fuzzy: bool = True
    min_prefix: int = 2
    debounce_ms: int = 120
    synonyms: bool = True


@dataclass(frozen=True)
class FactsConfig:
    hedge_width: float = 0.5
    approx_width: float = 0.1
    similarity: float = 0.3
    min_outlets: int = 2


@dataclass(frozen=True)
class LibraryConfig:
    max_file_mb: float = 5.0


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

    @property
    def source_dirs(self) -> tuple[Path, ...]:
        """The configured folders, or the bundled seeds when none are configured."""
        return self.sources or (locations.seeds_dir(),)


_SECTIONS: dict[str, type] = {
    "search": SearchConfig,
    "facts": FactsConfig,
    "library": LibraryConfig,
}
_TOP_KEYS = ("sources", "outlets", "theme", "keys", *_SECTIONS)
_OVERRIDE_KEYS = tuple(f.name for f in dataclasses.fields(OutletOverride))


class _Where:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(f"{self.path}:{node.start_mark.line + 1}: {message}")


def _scalar(where: _Where, node: yaml.Node, key: str) -> Any:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise where.fail(node, f"{key}: expected a single value")
    return yaml.safe_load(yaml.serialize(node))


def _typed(where: _Where, node: yaml.Node, key: str, kind: type) -> Any:
    value = _scalar(where, node, key)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is str and value is not None and not isinstance(value, str):
        value = str(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise where.fail(node, f"{key}: expected {kind.__name__}, got {value!r}")
    if kind in (int, float) and value < 0:
        raise where.fail(node, f"{key}: must not be negative, got {value!r}")
    return value


def _mapping(where: _Where, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.MappingNode):
        raise where.fail(node, f"{key}: expected a mapping")
    items = []
    for key_node, value_node in node.value:
        name = _scalar(where, key_node, key)
        items.append((str(name), key_node, value_node))
    return items


def _unknown(where: _Where, node: yaml.Node, key: str, allowed: tuple[str, ...]) -> ConfigError:
    return where.fail(node, f"unknown key {key!r} (expected one of: {', '.join(allowed)})")


def _sources(where: _Where, node: yaml.Node) -> tuple[Path, ...]:
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    folders = []
    for item in items:
        text = _typed(where, item, "sources", str)
        folder = Path(text).expanduser()
        if not folder.is_absolute():
            folder = where.path.parent / folder
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
            raw = _scalar(where, sub_value, dotted)
            if sub == "published":
                values[sub] = _datetime(where, sub_value, dotted, raw)
            else:
                values[sub] = _typed(where, sub_value, dotted, str)
        result[name] = OutletOverride(**values)
    return result


def _datetime(where: _Where, node: yaml.Node, key: str, raw: Any) -> datetime:
    if isinstance(raw, datetime):
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
        kind = type(getattr(cls(), sub))
        values[sub] = _typed(where, sub_value, f"{name}.{sub}", kind)
    return cls(**values)


def parse_config(text: str, path: Path) -> Config:
    """Parse and validate config text; errors name ``path`` and the line."""
    import yaml  # only when a config file is read: the defaults need no YAML

    where = _Where(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    if root is None:
        return Config(path=path)
    values: dict[str, Any] = {"path": path}
    for key, key_node, value_node in _mapping(where, root, "config"):
        if key == "sources":
            values["sources"] = _sources(where, value_node)
        elif key == "outlets":
            values["outlets"] = _outlets(where, value_node)
        elif key == "theme":
            values["theme"] = _typed(where, value_node, "theme", str)
        elif key == "keys":
            values["keys"] = {
                name: _typed(where, v, f"keys.{name}", str)
                for name, _k, v in _mapping(where, value_node, "keys")
            }
        elif key in _SECTIONS:
            values[key] = _section(where, value_node, key, _SECTIONS[key])
        else:
            raise _unknown(where, key_node, key, _TOP_KEYS)
    return Config(**values)


def load_config(path: Path | None = None) -> Config:
    """Load ``path``, else the user's config file if it exists, else the defaults."""
    if path is None:
        candidate = locations.user_config_file()
        if not candidate.is_file():
            return Config()
        path = candidate
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: config file is not UTF-8 (byte {exc.start})") from None
    return parse_config(text, Path(path))
