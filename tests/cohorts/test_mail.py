"""Links to set a password go out by SMTP when MAIL_* settings are present (a real SMTP server on
loopback receives them), and only then."""

from __future__ import annotations

import email
import re
import socket

import pytest
from aiosmtpd.controller import Controller

from tests.cohorts.test_import import payload_of, upload
from tests.conftest import make_config


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def inbox():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()


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
    assert "The link was also sent to <bdi>nueva@example.org</bdi> by email." in page
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
    assert "by email" not in page
