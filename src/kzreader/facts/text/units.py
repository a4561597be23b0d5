"""Units of measure, one canonical unit per dimension: what a measure claim's ``unit`` holds.

``unit("kilometres")`` -> ``Unit("distance", "m", 1000.0)``: a value in kilometres times 1000 is
in metres.  ``CANONICAL`` maps each canonical unit to its dimension.  A general table (SI and
US customary units as news reports write them); temperatures convert with an offset
(``to_canonical``).  Glued forms ("60m", "5k") are the extractor's to read by context: "m" is
listed here as metres, never as millions; single letters that are words ("in", "s") are not
listed, "c" and "f" only for "°C" / "°F".

Dimensions beyond the physical ones: ``degrees`` ("minus 20 degrees": a temperature whose scale
the text does not give; compared by trying both scales), ``magnitude`` (of an earthquake),
``calibre`` (of a gun, in mm: ".45-calibre" is 0.45 in, "9mm"), ``gauge`` (of a shotgun),
``data`` (bytes), ``data rate`` (bits per second), ``frequency`` (clock speeds), ``score`` (a
game's score, "20-13") and ``record`` (wins-losses, "9-5").  ``round_width`` gives the rounding
a written figure allows (``precision``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    dimension: str  # distance, speed, duration, mass, area, volume, temperature, ...
    canonical: str  # the dimension's canonical unit
    factor: float  # canonical units per one of this unit
    offset: float = 0.0  # added after the factor (temperatures)


_SPEC: list[tuple[str, str, float, str]] = [
    ("distance", "m", 1.0, "m metre metres meter meters"),
    ("distance", "m", 1000.0, "km kms kilometre kilometres kilometer kilometers"),
    ("distance", "m", 0.01, "cm centimetre centimetres centimeter centimeters"),
    ("distance", "m", 0.001, "mm millimetre millimetres millimeter millimeters"),
    ("distance", "m", 1609.344, "mi mile miles"),
    ("distance", "m", 0.9144, "yd yds yard yards"),
    ("distance", "m", 0.3048, "ft foot feet"),
    ("distance", "m", 0.0254, "inch inches"),
    ("distance", "m", 1852.0, "nautical-mile nautical-miles"),
    ("speed", "km/h", 1.0, "km/h kph kmh kmph km/hr kilometres-per-hour kilometers-per-hour "
     "kilometres-an-hour kilometers-an-hour km-an-hour"),
    ("speed", "km/h", 1.609344, "mph mi/h miles-per-hour mile-per-hour miles-an-hour"),
    ("speed", "km/h", 1.852, "knot knots kt kts"),
    ("speed", "km/h", 3.6, "m/s metres-per-second meters-per-second"),
    ("duration", "s", 1.0, "sec secs second seconds"),
    ("duration", "s", 60.0, "min mins minute minutes"),
    ("duration", "s", 3600.0, "hr hrs hour hours"),
    ("duration", "s", 86400.0, "day days"),
    ("duration", "s", 604800.0, "week weeks"),
    ("duration", "s", 2629746.0, "month months"),
    ("duration", "s", 31556952.0, "year years"),
    ("mass", "kg", 1.0, "kg kgs kilogram kilograms kilo kilos"),
    ("mass", "kg", 0.001, "g gram grams"),
    ("mass", "kg", 1000.0, "tonne tonnes metric-ton metric-tons"),
    ("mass", "kg", 0.45359237, "lb lbs pound-weight pounds-weight"),
    ("area", "m2", 1.0, "m2 sq-m square-metre square-metres square-meter square-meters"),
    ("area", "m2", 1e6, "km2 sq-km square-kilometre square-kilometres square-kilometers "
     "square-kilometer"),
    ("area", "m2", 0.09290304, "sq-ft square-foot square-feet"),
    ("area", "m2", 10000.0, "ha hectare hectares"),
    ("area", "m2", 4046.8564224, "acre acres"),
    ("area", "m2", 2589988.110336, "sq-mi square-mile square-miles"),
    ("volume", "l", 1.0, "l litre litres liter liters"),
    ("volume", "l", 3.785411784, "gal gallon gallons"),
    ("volume", "l", 158.987294928, "bbl barrel barrels"),
    ("temperature", "C", 1.0, "c celsius centigrade °c degrees-celsius degrees-centigrade"),
    ("degrees", "deg", 1.0, "degree degrees °"),
    ("percent", "%", 1.0, "% percent per-cent pct percentage-point percentage-points"),
    ("magnitude", "magnitude", 1.0, "magnitude richter"),
    ("calibre", "mm", 25.4, "calibre caliber"),
    ("gauge", "gauge", 1.0, "gauge bore"),
    ("data", "B", 1.0, "byte bytes"),
    ("data", "B", 1e3, "kb kilobyte kilobytes"),
    ("data", "B", 1e6, "mb megabyte megabytes"),
    ("data", "B", 1e9, "gb gigabyte gigabytes"),
    ("data", "B", 1e12, "tb terabyte terabytes"),
    ("data rate", "bit/s", 1.0, "bps bit/s bits-per-second"),
    ("data rate", "bit/s", 1e3, "kbps kbit/s kilobits-per-second"),
    ("data rate", "bit/s", 1e6, "mbps mbit/s megabits-per-second"),
    ("data rate", "bit/s", 1e9, "gbps gbit/s gigabits-per-second"),
    ("data rate", "bit/s", 1e12, "tbps tbit/s terabits-per-second"),
    ("frequency", "Hz", 1.0, "hz hertz"),
    ("frequency", "Hz", 1e3, "khz kilohertz"),
    ("frequency", "Hz", 1e6, "mhz megahertz"),
    ("frequency", "Hz", 1e9, "ghz gigahertz"),
    ("score", "pts", 1.0, "points pts"),
    ("record", "W-L", 1.0, "wins-losses"),
]  # fmt: skip


def _table() -> dict[str, Unit]:
    table = {
        word.replace("-", " "): Unit(dim, canonical, factor)
        for dim, canonical, factor, words in _SPEC
        for word in words.split()
    }
    fahrenheit = Unit("temperature", "C", 5 / 9, -32 * 5 / 9)
    for word in ("f", "fahrenheit", "°f", "degrees fahrenheit"):
        table[word] = fahrenheit
    return table


UNITS: dict[str, Unit] = _table()
"""Lowercase unit word (multiword with spaces) -> its unit."""
CANONICAL: dict[str, str] = {u.canonical: u.dimension for u in UNITS.values()}
"""Canonical unit -> its dimension."""
LONGEST = max(len(w.split()) for w in UNITS)
"""The most words a unit name has ("kilometres per hour": 3)."""


def unit(word: str) -> Unit | None:
    """The unit a word names ("Kilometres", "mph", "square miles"), None when it names none."""
    return UNITS.get(" ".join(word.lower().replace("-", " ").split()))


def to_canonical(value: float, of: Unit) -> float:
    """``value`` in unit ``of`` expressed in its dimension's canonical unit."""
    return value * of.factor + of.offset


def round_width(written: str, *, converted: bool = False) -> float:
    """Half the step of the last digit a figure is written to: how far the true value may lie
    from it by rounding alone ("4.4" -> 0.05, "86" -> 0.5, "4,183" -> 0.5), in the figure's own
    terms (before any scale: "$13.9 billion" -> 0.05), never more than a tenth of the figure.

    ``converted``: the figure may be a rounded conversion from another unit, so trailing zeros
    of a whole number are not significant either ("30 miles" from 48 km: 30 -> 3)."""
    digits = "".join(ch for ch in written if ch.isdigit() or ch == ".")
    if not any(ch.isdigit() for ch in digits):
        return 0.0
    value = float(digits) if digits.count(".") <= 1 and digits != "." else 0.0
    if "." in digits:
        step = 0.5 * 10.0 ** -len(digits.split(".", 1)[1])
    elif converted:
        whole = digits.lstrip("0") or "0"
        step = 0.5 * 10.0 ** (len(whole) - len(whole.rstrip("0")))
    else:
        step = 0.5
    return min(step, 0.1 * abs(value))
