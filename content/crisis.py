"""Crisis lines: all of them in the reader's language, and one country's.

A person's country is the one their time zone belongs to (the system's
zone.tab gives one country per zone); a page may let them pick another.
"""

import zoneinfo
from functools import cache
from pathlib import Path

from core.language import current_language

from . import alphabet
from .cache import cached
from .models import CrisisLine

KIND_ORDER = {"emergency": 0, "crisis": 1, "abuse": 2}
# Countries a reader of each language most likely lives in come first.
COUNTRIES_FIRST = {"fa": ("IR", "AF", "TJ")}


def crisis_lines() -> list[CrisisLine]:
    """Every line, in the reader's language and order; cached with the library."""
    first = COUNTRIES_FIRST.get(current_language(), ())
    return cached(
        "crisis-lines",
        build=lambda: sorted(
            CrisisLine.objects.all(),
            key=lambda line: (
                line.country_code not in first,
                first.index(line.country_code) if line.country_code in first else 0,
                line.order,
                line.country,
                KIND_ORDER[line.kind],
            ),
        ),
    )


def countries() -> list[dict]:
    """Every country with its lines, in the reader's language, by country name."""

    def build():
        by_code = {}
        for line in CrisisLine.objects.all():
            country = by_code.setdefault(
                line.country_code,
                {"code": line.country_code.lower(), "name": line.country, "lines": []},
            )
            country["lines"].append(line)
        for country in by_code.values():
            country["lines"].sort(key=lambda line: (KIND_ORDER[line.kind], line.order))
        return sorted(
            by_code.values(),
            key=lambda country: alphabet.sort_key(country["name"], current_language()),
        )

    return cached("crisis-countries", build=build)


def by_country(lines) -> dict[str, list[CrisisLine]]:
    """The lines grouped under each country's name, in order."""
    countries = {}
    for line in lines:
        countries.setdefault(line.country, []).append(line)
    return countries


def country_choices() -> list[tuple[str, str]]:
    """The countries Mend has lines for, by code, named in the reader's language."""
    names = {line.country_code: line.country for line in crisis_lines()}
    return sorted(names.items(), key=lambda pair: pair[1])


@cache
def _zone_countries() -> dict[str, str]:
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone.tab"
        if table.is_file():
            rows = table.read_text(encoding="utf-8").splitlines()
            return {
                parts[2]: parts[0]
                for parts in (row.split("\t") for row in rows if row[:1] != "#")
                if len(parts) >= 3
            }
    return {}


def country_of_time_zone(time_zone: str) -> str:
    """The two-letter country of a time zone ("" when it has none, like UTC)."""
    return _zone_countries().get(time_zone, "")


def lines_of(country_code: str) -> list[CrisisLine]:
    """One country's lines (none when we have none for it)."""
    return [line for line in crisis_lines() if line.country_code == country_code]
