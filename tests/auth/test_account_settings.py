"""A learner's own settings: name, interface language, time zone."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.models import ModuleCompletion, User
from lms.records.results import results_for


def test_the_account_page_needs_a_login(client):
    assert client.get("/account").status_code == 302


def test_settings_are_saved(learner_client, learner):
    response = learner_client.post(
        "/account", data={"name": "Amina D.", "locale": "es", "timezone": "America/Bogota"}
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.id == learner.id))
    assert (user.name, user.locale, user.timezone) == ("Amina D.", "es", "America/Bogota")
    assert b'<html lang="es"' in learner_client.get("/account").data


def test_unknown_values_are_refused_and_nothing_changes(learner_client, learner):
    page = learner_client.post(
        "/account", data={"name": "", "locale": "xx", "timezone": "Mars/Olympus"}
    ).data.decode()
    assert page.count("Please choose from the list.") == 2
    assert "Please fill in this field." in page
    user = db.session.scalar(select(User).where(User.id == learner.id))
    assert (user.name, user.locale, user.timezone) == ("Amina Diallo", None, None)


def test_time_zones_are_named_in_the_readers_language(learner_client):
    learner_client.post(
        "/account", data={"name": "A", "locale": "es", "timezone": "America/Bogota"}
    )
    page = learner_client.get("/account").data.decode()
    assert "hora de Colombia — America/Bogota" in page


def test_dates_are_shown_in_the_viewers_time_zone(learner_client, learner, module1):
    # 03:00 UTC on 1 September is still 31 August in Bogotá.
    db.session.add(
        ModuleCompletion(
            user_id=learner.id,
            module_slug=module1.slug,
            completed_at=datetime(2023, 9, 1, 3, 0, tzinfo=UTC),
        )
    )
    db.session.commit()
    assert results_for(learner.id, [module1])[module1.slug].completed_at.day == 1
    assert "Sep 1, 2023" in learner_client.get("/progress").data.decode()
    learner_client.post(
        "/account", data={"name": "A", "locale": "en", "timezone": "America/Bogota"}
    )
    assert "Aug 31, 2023" in learner_client.get("/progress").data.decode()


@pytest.mark.parametrize(
    ("old", "new", "confirmation", "old_confirmation"),
    [
        ("en", "es", "Se guardaron sus preferencias.", "Your settings are saved."),
        ("ar", "en", "Your settings are saved.", "تم حفظ إعداداتكم."),
    ],
)
def test_the_confirmation_is_in_the_language_just_chosen(
    learner_client, old, new, confirmation, old_confirmation
):
    learner_client.post("/account", data={"name": "A", "locale": old, "timezone": "UTC"})
    learner_client.get("/account")  # the page in the old language, its confirmation read
    page = learner_client.post(
        "/account", data={"name": "A", "locale": new, "timezone": "UTC"}, follow_redirects=True
    ).data.decode()
    assert confirmation in page
    assert old_confirmation not in page
