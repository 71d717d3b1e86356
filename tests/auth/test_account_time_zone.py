"""The time zone on /account: what the field offers first, and what is stored."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.models import ModuleCompletion, User


def selected_zone(page: str) -> str | None:
    select_element = re.search(r'<select[^>]*name="timezone".*?</select>', page, re.S).group(0)
    found = re.search(
        r'<option selected value="([^"]+)"|<option value="([^"]+)" selected', select_element
    )
    return next(value for value in found.groups() if value) if found else None


def zone_options(page: str) -> list[str]:
    select_element = re.search(r'<select[^>]*name="timezone".*?</select>', page, re.S).group(0)
    return re.findall(r'value="([^"]+)"', select_element)


def stored_zone(user_id: int) -> str | None:
    return db.session.scalar(select(User.timezone).where(User.id == user_id))


def set_country(user: User, country: str) -> None:
    db.session.get_one(User, user.id).country = country
    db.session.commit()


def test_without_a_stored_zone_the_field_shows_utc_not_the_first_zone(learner_client, learner):
    db.session.get_one(User, learner.id).locale = None  # as for an account made by an import
    db.session.commit()
    page = learner_client.get("/account").data.decode()
    assert selected_zone(page) == "UTC"
    languages = re.search(r'<select[^>]*name="locale".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option[^>]*\bselected\b[^>]*>", languages) == [
        '<option dir="ltr" lang="en" selected value="en">'
    ]


def test_the_cohorts_zone_comes_before_any_guess(learner_client, learner, cohort):
    set_country(learner, "KE")
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    assert selected_zone(learner_client.get("/account").data.decode()) == "America/Bogota"


def test_a_zone_is_guessed_from_the_country_on_the_account(learner_client, learner):
    set_country(learner, "KE")
    assert selected_zone(learner_client.get("/account").data.decode()) == "Africa/Nairobi"


def test_a_zone_is_guessed_from_the_language_when_no_country_is_known(learner_client):
    learner_client.post("/language", data={"language": "ko"})
    assert selected_zone(learner_client.get("/account").data.decode()) == "Asia/Seoul"


def test_a_country_with_several_zones_gives_no_guess(learner_client, learner):
    set_country(learner, "BR")
    page = learner_client.get("/account").data.decode()
    assert selected_zone(page) == "UTC"
    assert {"America/Sao_Paulo", "America/Manaus"} <= set(zone_options(page))


def test_the_stored_zone_wins(learner_client, learner, cohort):
    cohort_service.enrol(cohort.id, learner.id)
    db.session.get_one(User, learner.id).timezone = "Europe/Madrid"
    db.session.commit()
    assert selected_zone(learner_client.get("/account").data.decode()) == "Europe/Madrid"


def test_saving_other_settings_stores_no_zone_the_person_did_not_choose(
    learner_client, learner, cohort
):
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    learner_client.post(
        "/account", data={"name": "Amina D.", "locale": "en", "timezone": "America/Bogota"}
    )
    assert stored_zone(learner.id) is None
    learner_client.post(
        "/account", data={"name": "Amina D.", "locale": "en", "timezone": "America/Lima"}
    )
    assert stored_zone(learner.id) == "America/Lima"


def test_dates_are_shown_in_the_zone_the_field_shows(learner_client, learner, cohort, module1):
    cohort_service.enrol(cohort.id, learner.id)
    # 03:00 UTC on 1 September is still 31 August in Bogotá.
    db.session.add(
        ModuleCompletion(
            user_id=learner.id,
            module_slug=module1.slug,
            completed_at=datetime(2023, 9, 1, 3, 0, tzinfo=UTC),
        )
    )
    db.session.commit()
    assert "Aug 31, 2023" in learner_client.get("/progress").data.decode()


def test_the_page_offers_the_likely_zones_and_the_full_list_a_link_away(
    learner_client, learner, cohort
):
    set_country(learner, "MX")
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    page = learner_client.get("/account").data.decode()
    offered = zone_options(page)
    assert {"America/Bogota", "America/Mexico_City", "America/Tijuana", "UTC"} <= set(offered)
    assert "Asia/Kabul" not in offered
    assert len(page.encode()) < 7000  # bytes of HTML, before any compression
    link = re.search(r'<a href="([^"]+)">Show every time zone</a>', page).group(1)
    full = learner_client.get(link.replace("&amp;", "&")).data.decode()
    assert {"Asia/Kabul", "Pacific/Tahiti", "America/Bogota"} <= set(zone_options(full))
    assert selected_zone(full) == "America/Bogota"


def test_a_zone_from_the_full_list_is_accepted_from_either_page(learner_client, learner):
    response = learner_client.post(
        "/account", data={"name": "Amina", "locale": "en", "timezone": "Pacific/Tahiti"}
    )
    assert response.status_code == 302
    assert stored_zone(learner.id) == "Pacific/Tahiti"
    assert "Pacific/Tahiti" in zone_options(learner_client.get("/account").data.decode())
