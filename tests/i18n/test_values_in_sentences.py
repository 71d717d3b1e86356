"""Values inside sentences: isolated from the text around them, lists joined as each language
joins them, countries and time zones named in the reader's language."""

from __future__ import annotations

from flask_babel import force_locale

from lms.i18n import country_name, isolate, isolated, list_format, plural_count
from lms.timezones import zone_name


def test_a_value_is_isolated_and_escaped():
    assert isolate("a&b@example.org") == "<bdi>a&amp;b@example.org</bdi>"
    assert isolate(-0.35, "ltr") == '<bdi dir="ltr">-0.35</bdi>'


def test_a_flash_message_isolates_its_values_and_escapes_everything_else():
    message = isolated("%(email)s <is> enrolled.", email="<x>@example.org")
    assert message == "<bdi>&lt;x&gt;@example.org</bdi> &lt;is&gt; enrolled."


def test_lists_are_joined_as_each_language_joins_them(app):
    with app.test_request_context(), force_locale("ar"):
        assert list_format(["أ", "ب", "ج"]) == "أ وب وج"
    with app.test_request_context(), force_locale("fr"):
        assert list_format(["a", "b", "c"]) == "a, b et c"
    with app.test_request_context(), force_locale("en"):
        assert list_format(["<a>", "b"]) == "&lt;a&gt; and b"
        assert list_format([isolate("a"), "b"]) == "<bdi>a</bdi> and b"  # markup is kept
        assert list_format(["a", "b"], "es") == "a y b"


def test_countries_are_named_in_the_readers_language(app):
    with app.test_request_context(), force_locale("fr"):
        assert country_name("CO") == "Colombie"
        assert country_name("br") == "Brésil"
        assert country_name("XX") == "XX"  # unknown: the code itself
        assert country_name("") == ""
    assert country_name("CO", "ar") == "كولومبيا"


def test_time_zones_are_named_in_the_readers_language():
    assert zone_name("America/Bogota", "es") == "hora de Colombia"
    assert zone_name("UTC", "ar") == "UTC"
    assert zone_name("Mars/Olympus", "es") == "Mars/Olympus"  # not a zone: shown as stored


def test_a_fraction_of_a_point_counts_as_the_whole_number_above_it():
    assert [plural_count(value) for value in (0, 1, 1.0, 0.5, 2.25)] == [0, 1, 1, 1, 3]
