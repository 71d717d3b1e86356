"""Time zones a person can choose, named in the reader's language."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, tzinfo
from functools import lru_cache

from babel.core import get_global
from babel.dates import get_timezone_location

REGIONS = ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@lru_cache(maxsize=1)
def zone_ids() -> frozenset[str]:
    zones = {zone for zone in zoneinfo.available_timezones() if zone.split("/")[0] in REGIONS}
    return frozenset(zones | {"UTC"})


@lru_cache(maxsize=2048)
def zone_name(zone: str, language: str) -> str:
    """A time zone as a reader of `language` names it ("America/Bogota" -> "hora de Colombia"),
    the id itself for a name that is not a zone (stored before names were checked)."""
    if zone == "UTC" or zone not in zone_ids():
        return zone
    return get_timezone_location(zone, locale=language)


@lru_cache(maxsize=16)
def zone_choices(language: str) -> tuple[tuple[str, str], ...]:
    """(zone id, "localised place — zone id"), sorted by the localised name."""
    choices = []
    for zone in zone_ids():
        choices.append((zone, f"{zone_name(zone, language)} — {zone}"))
    return tuple(sorted(choices, key=lambda choice: choice[1].casefold()))


def country_zones(country: str) -> tuple[str, ...]:
    """The zones of a country (ISO 3166 code) as CLDR lists them; none for an unknown code."""
    return tuple(
        zone
        for zone in get_global("territory_zones").get(country.upper(), ())
        if zone in zone_ids()
    )


def language_country(language: str) -> str:
    """The country where a language is most likely spoken (CLDR's likely subtags: ko -> KR,
    sw -> TZ, ar -> EG), "" when CLDR names none."""
    likely = get_global("likely_subtags").get(language, "")
    return likely.split("_")[-1] if likely.count("_") == 2 else ""


@lru_cache(maxsize=1024)
def guessed_zone(language: str, country: str) -> str | None:
    """The zone of the country on the account, else of the language's likeliest country, when
    that country has only one: a country of several zones gives no guess (a wrong hour is worse
    than UTC, which says what it is)."""
    zones = country_zones(country or language_country(language))
    return zones[0] if len(zones) == 1 else None


def suggested_zone(cohort_zone: str | None, language: str, country: str) -> str:
    """The zone for a person who chose none: their cohort's, else a guess, else UTC."""
    return cohort_zone or guessed_zone(language, country) or "UTC"


def likely_zones(language: str, country: str, *known: str | None) -> frozenset[str]:
    """The zones a person most likely lives in: those `known` (stored, the cohort's), those of
    the country on the account (else of the language's likeliest country), and UTC."""
    zones = {zone for zone in known if zone in zone_ids()} | {"UTC"}
    return frozenset(zones | set(country_zones(country or language_country(language))))


@lru_cache(maxsize=512)
def time_zone(name: str) -> tzinfo:
    """The time zone of this name; UTC for a name that is not one (stored before names were
    checked), so a bad value shows times in UTC instead of breaking every page that uses it."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC
