"""The retention job: off by default; inactive learners are notified, then erased after the
notice period; a dry run changes nothing; someone active again is no longer notified."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlalchemy import select, update

from lms.cli import cli
from lms.extensions import db
from lms.models import Attendance, Enrolment, LessonProgress, Outbox, QuizAttempt, User
from lms.models.base import utcnow
from tests.conftest import log_in, make_config


def age(user_id: int, days: int) -> None:
    """Move every recorded moment of this person `days` into the past."""
    past = utcnow() - timedelta(days=days)
    db.session.execute(update(User).where(User.id == user_id).values(created_at=past))
    for model, column in ((Enrolment, "enrolled_at"), (LessonProgress, "completed_at"),
                          (QuizAttempt, "submitted_at"), (Attendance, "recorded_at")):  # fmt: skip
        db.session.execute(update(model).where(model.user_id == user_id).values({column: past}))
    db.session.commit()


@pytest.fixture
def app_config(database_url, inbox):
    return make_config(
        database_url, RETENTION_INACTIVE_MONTHS=12, RETENTION_NOTICE_DAYS=30,
        MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port,
    )  # fmt: skip


def test_inactive_learners_are_notified_then_erased_after_the_notice(runner, world):
    age(world.learner.id, 400)
    age(world.facilitator.id, 400)  # staff accounts are not concerned

    dry = runner.invoke(cli, ["privacy", "retention", "--dry-run"])
    assert "Notify: amina@example.org" in dry.output and "bruno" not in dry.output
    assert "facilitator@" not in dry.output
    assert db.session.get(User, world.learner.id).retention_notice_at is None

    runner.invoke(cli, ["privacy", "retention"])
    assert db.session.get(User, world.learner.id).retention_notice_at is not None
    runner.invoke(cli, ["privacy", "retention"])  # within the notice: nothing more
    assert db.session.get(User, world.learner.id) is not None

    db.session.execute(
        update(User).where(User.id == world.learner.id)
        .values(retention_notice_at=utcnow() - timedelta(days=31))
    )  # fmt: skip
    db.session.commit()
    assert (
        "Erase: amina@example.org"
        in runner.invoke(cli, ["privacy", "retention", "--dry-run"]).output
    )
    runner.invoke(cli, ["privacy", "retention"])
    assert db.session.get(User, world.learner.id) is None
    assert db.session.get(User, world.other.id) is not None


def test_keeping_the_account_ends_the_notice(client, runner, world):
    age(world.learner.id, 400)
    runner.invoke(cli, ["privacy", "retention"])
    log_in(client, world.learner.email)
    assert "Keep my account" in client.get("/account/data").get_data(as_text=True)
    client.post("/account/data/keep")
    learner = db.session.get(User, world.learner.id)
    assert learner.retention_notice_at is None
    assert "Notify" not in runner.invoke(cli, ["privacy", "retention", "--dry-run"]).output


def test_the_notice_is_emailed_once_in_the_persons_language(app, runner, world, inbox):
    learner = db.session.get(User, world.learner.id)
    learner.locale, learner.timezone = "fr", "America/Bogota"
    db.session.commit()
    age(learner.id, 400)

    runner.invoke(cli, ["privacy", "retention", "--dry-run"])
    assert db.session.scalars(select(Outbox)).all() == [] and inbox.messages == []

    runner.invoke(cli, ["privacy", "retention"])
    runner.invoke(cli, ["privacy", "retention"])  # the same notice: no second mail
    [message] = db.session.scalars(select(Outbox)).all()
    assert message.recipient == "amina@example.org" and message.sent_at is not None
    notified = db.session.get(User, learner.id).retention_notice_at
    day = (notified + timedelta(days=30)).astimezone(ZoneInfo("America/Bogota")).date()
    date = format_date(day, "long", locale="fr")
    assert message.subject == f"Votre compte sera supprimé le {date}"
    assert message.body.startswith("Bonjour Amina Diallo,")
    assert (
        f"supprimé le {date}" in message.body
        and "«\u202fConserver mon compte\u202f»" in message.body
    )
    assert app.config["PUBLIC_URL"] + "/account/data" in message.body
    assert [sent["To"] for sent in inbox.messages] == ["amina@example.org"]
