"""The reader's part of the config, checked before the reader takes the screen.

``theme`` must name one of Textual's built-in themes (``textual.theme.BUILTIN_THEMES`` of the
pinned Textual: known without starting an app).  ``keys`` remaps binding ids (``help.KEYS``
lists them with their default keys); each key must be one Textual can deliver, and a remap must
not take a key that another binding live at the same time already has (``keys: {facts: c}``
would hide compare).  Overlaps the defaults already have on purpose (``q`` closes a dialog before
it quits) are not reported.  Each problem is a ``ConfigError`` naming the file, line and key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from kzreader.config import Config
from kzreader.tui.screens.help import BINDING_IDS, KEYS

MODIFIERS = frozenset(("ctrl", "shift", "alt", "meta", "super", "hyper"))

_APP = ("quit", "help", "palette")
_MAIN = (
    "search", "cycle_pane", "cycle_pane_back", "next_hit", "prev_hit", "compare", "facts",
    "filter", "grow_pane", "shrink_pane", "back", "stories", "refresh", "open_url", "toggle_read",
)  # fmt: skip
_COMPARE = (
    "next_divergence", "prev_divergence", "compare_row_facts", "compare_other", "compare_facts",
    "compare_export", "compare_back",
)  # fmt: skip
_FACTS = (
    "facts_filter", "facts_filter_back", "facts_kind", "facts_kind_back", "facts_detail",
    "facts_export", "facts_back",
)  # fmt: skip
#: Binding ids live at the same time (the app's, the screen's and the focused widget's).
CONTEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the source list", (*_APP, *_MAIN, "open", "mark", "sort")),
    ("the stories list", (*_APP, *_MAIN, "open_story", "sort_stories")),
    ("the article view", (*_APP, *_MAIN, "differ", "next_sentence", "prev_sentence")),
    ("the search box", (*_APP, *_MAIN, "history_previous", "history_next")),
    ("the compare screen", (*_APP, *_COMPARE)),
    ("the facts screen", (*_APP, *_FACTS)),
    ("the fact detail", (*_APP, "fact_detail_close")),
    ("the differ dialog", (*_APP, "differ_close")),
    ("the help screen", (*_APP, "help_close")),
    ("the export dialog", (*_APP, "export_cancel")),
    ("the overwrite question", (*_APP, "overwrite_yes", "overwrite_no")),
)

DEFAULT_KEYS: dict[str, str] = {binding_id: keys for _s, binding_id, keys, _d in KEYS if binding_id}


def char_key(character: str) -> str:
    """The key name Textual gives a one-character key ("?" -> "question_mark", "a" -> "a")."""
    from textual.keys import KEY_NAME_REPLACEMENTS

    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = character
    return KEY_NAME_REPLACEMENTS.get(name, name)


def _named_keys() -> frozenset[str]:
    from textual.keys import Keys

    return frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))


def normalize(key: str) -> str:
    """A key as Textual binds it: one character becomes its name."""
    key = key.strip()
    return char_key(key) if len(key) == 1 else key


def key_problem(key: str) -> str | None:
    """Why Textual could never deliver ``key`` (one key of a comma-separated list), or None."""
    from textual.keys import REPLACED_KEYS, key_to_character

    key = key.strip()
    if not key:
        return "an empty key"
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() else f"{key!r} is not a key"
    *mods, base = key.split("+")
    unknown = [m for m in mods if m not in MODIFIERS]
    if unknown:
        return f"{key!r}: {unknown[0]!r} is not a modifier (one of: {', '.join(sorted(MODIFIERS))})"
    if len(base) == 1:
        if mods and not base.isalnum():
            return f"{key!r}: write the key by name, e.g. {'+'.join([*mods, char_key(base)])!r}"
        return None
    if base in _named_keys():
        return None
    character = key_to_character(REPLACED_KEYS.get(base, base))  # "slash" is "solidus"
    if character is not None and char_key(character) == base:
        return None
    return f"{key!r} is not a key name (e.g. 'ctrl+f', 'f2', 'slash', 'question_mark', 'x')"


def keys_of(value: str) -> set[str]:
    """The keys of a comma-separated list as Textual matches them (names, aliases)."""
    from textual.keys import KEY_ALIASES

    keys = {normalize(k) for k in value.split(",") if k.strip()}
    return keys | {alias for k in keys for alias in KEY_ALIASES.get(k, ())}


def check_theme(config: Config, themes: Iterable[str] | None = None) -> None:
    if themes is None:
        from textual.theme import BUILTIN_THEMES

        themes = BUILTIN_THEMES
    known = sorted(themes)
    if config.theme not in known:
        raise config.error(
            "theme", f"theme: unknown theme {config.theme!r} (one of: {', '.join(known)})"
        )


def check_keys(config: Config) -> None:
    keymap: Mapping[str, str] = config.keys
    for binding_id, value in keymap.items():
        where = f"keys.{binding_id}"
        if binding_id not in BINDING_IDS:
            raise config.error(
                where, f"keys: no binding id {binding_id!r} (the help screen, ?, lists them)"
            )
        for key in value.split(","):
            problem = key_problem(key)
            if problem:
                raise config.error(where, f"{where}: {problem}")
    if keymap:
        _check_clashes(config)


def _check_clashes(config: Config) -> None:
    remapped = config.keys
    for context, ids in CONTEXTS:
        now = {i: keys_of(remapped.get(i, DEFAULT_KEYS[i])) for i in ids}
        before = {i: keys_of(DEFAULT_KEYS[i]) for i in ids}
        # the remaps in the order they were written, so the error names the one that clashes
        for a in sorted((i for i in ids if i in remapped), key=lambda i: _line(config, i)):
            for b in ids:
                if b == a:
                    continue
                clash = (now[a] & now[b]) - (before[a] & before[b])
                if clash:
                    key = sorted(clash)[0]
                    raise config.error(
                        f"keys.{a}",
                        f"keys.{a}: {key!r} is already the key of {b!r} in {context}, which "
                        f"it would hide; remap {b!r} too, or choose another key",
                    )


def _line(config: Config, binding_id: str) -> int:
    return config.lines.get(f"keys.{binding_id}", 0)


def check_reader_config(config: Config) -> None:
    """Raise ``ConfigError`` for the first problem with the theme or the key remaps."""
    check_theme(config)
    check_keys(config)
