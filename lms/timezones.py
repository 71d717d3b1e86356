"""Time zones a person can choose, named in the reader's language."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, tzinfo
from functools import lru_cache

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


@lru_cache(maxsize=512)
def time_zone(name: str) -> tzinfo:
    """The time zone of this name; UTC for a name that is not one (stored before names were
    checked), so a bad value shows times in UTC instead of breaking every page that uses it."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC
