"""Links to set a password go out by SMTP when MAIL_* settings are present (a real SMTP server on
loopback receives them), and only then."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.cohorts.background import import_learners
from lms.extensions import db
from lms.models import Outbox, PreparedFile
from tests.cohorts.test_import import payload_of, upload
from tests.conftest import make_config


@pytest.fixture
def app_config(database_url, inbox):
    return make_config(
        database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port, MAIL_FROM="course@example.org"
    )


def test_a_learner_added_by_email_gets_their_link_in_their_language(
    facilitator_client, cohort, inbox
):
    page = facilitator_client.post(
        f"/cohorts/{cohort.id}/learners", data={"email": "nueva@example.org", "name": "Nueva"}
    ).data.decode()
    assert "The link is also on its way to <bdi>nueva@example.org</bdi> by email." in page
    [message] = inbox.messages
    assert message["To"] == "nueva@example.org"
    assert cohort.name in message["Subject"]
    body = message.get_content()
    link = re.search(r"http://\S+/set-password/\S+", body).group(0)
    assert link in page
    assert body.startswith("Hola")  # the cohort's language, Spanish, for a new account


def test_an_import_sends_one_message_per_new_account(facilitator_client, cohort, inbox):
    html = upload(facilitator_client, cohort, "email\na@example.org\nb@example.org\n").data.decode()
    done = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
    ).data.decode()
    assert "2 links were sent by email." in done
    assert sorted(message["To"] for message in inbox.messages) == ["a@example.org", "b@example.org"]


def test_an_unreachable_mail_server_loses_nothing(facilitator_client, cohort, app):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    page = facilitator_client.post(
        f"/cohorts/{cohort.id}/learners", data={"email": "otra@example.org"}
    ).data.decode()
    assert "<bdi>otra@example.org</bdi> is enrolled." in page
    assert "/set-password/" in page  # the link is still shown to the facilitator
    message = db.session.scalar(select(Outbox))  # kept, to be sent again later
    assert message.recipient == "otra@example.org"
    assert message.sent_at is None and message.attempts == 1


def test_a_large_import_run_twice_sends_each_invitation_once(
    app, facilitator_client, cohort, inbox
):
    app.config["BACKGROUND_IMPORT_ROWS"] = 1
    html = upload(facilitator_client, cohort, "email\na@example.org\nb@example.org\n").data.decode()
    done = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
    )
    page = facilitator_client.get(done.headers["Location"]).data.decode()
    assert "2 links are on their way by email." in page
    prepared = db.session.scalar(select(PreparedFile))
    import_learners(prepared.id, prepared.summary["upload"])  # a retried job
    assert sorted(message["To"] for message in inbox.messages) == ["a@example.org", "b@example.org"]
