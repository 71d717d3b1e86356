"""Deleting an account: all of it or nothing; nothing of the person stays readable anywhere,
while cohort totals and item statistics stay exactly as they were."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.catalogue import cohort_modules
from lms.extensions import db
from lms.models import AuditEvent, Certificate, Enrolment, LessonProgress, QuizAttempt, User
from lms.privacy import erasure
from lms.records.attempts import first_attempts
from lms.reports import items, service
from tests.conftest import PASSWORD, log_in


def figures(cohort, module):
    modules = cohort_modules(cohort)
    summary = service.summarise(
        service.report_rows(cohort, modules), cohort, [m.slug for m in modules]
    )
    analysis = items.analyse(module, first_attempts(module.slug, [cohort.id]))
    everyone = items.analyse(module, first_attempts(module.slug))
    return summary, analysis, everyone


def delete_account(client, **extra):
    data = {"password": PASSWORD, "understood": "y", **extra}
    return client.post("/account/delete", data=data)


def counts():
    return [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Enrolment, LessonProgress, QuizAttempt, Certificate)
    ]


def test_erasure_leaves_nothing_of_the_person_and_every_figure_as_it_was(
    app, client, world, module1
):
    cohort_id = world.cohort.id
    before = figures(world.cohort, module1)
    log_in(client, world.learner.email)
    other_session = app.test_client()
    log_in(other_session, world.learner.email)

    assert delete_account(client).status_code == 302

    # Every figure is the same: the anonymous rows still count.
    assert figures(db.session.get(type(world.cohort), cohort_id), module1) == before
    # The old session cookie, from another browser, is refused.
    assert other_session.get("/account/data").status_code == 302
    # No page, export, report or item analysis shows the name or email.
    staff = app.test_client()
    log_in(staff, world.facilitator.email)
    anonymous_id = db.session.scalar(select(User.id).where(User.erased_at.is_not(None)))
    for path in (f"/cohorts/{cohort_id}/learners", f"/cohorts/{cohort_id}/report",
                 f"/cohorts/{cohort_id}/report.csv", f"/cohorts/{cohort_id}/progress",
                 f"/cohorts/{cohort_id}/items/{module1.slug}",
                 f"/cohorts/{cohort_id}/learners/{anonymous_id}",
                 f"/verify/{world.certificate_code}"):  # fmt: skip
        body = staff.get(path).get_data(as_text=True)
        assert "Amina" not in body and "amina@" not in body, path
    assert "Bruno Quispe" in staff.get(f"/cohorts/{cohort_id}/report").get_data(as_text=True)
    verified = client.get(f"/verify/{world.certificate_code}").get_data(as_text=True)
    assert "Issued to a deleted account" in verified and "Valid" in verified
    # Exactly one audit row for the erasure, naming no one.
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.erase")).one()
    assert event.subject_id == anonymous_id


def test_staff_see_an_erased_learner_as_a_deleted_account(app, client, world):
    cohort_id = world.cohort.id
    log_in(client, world.learner.email)
    delete_account(client)
    staff = app.test_client()
    log_in(staff, world.facilitator.email)
    anonymous_id = db.session.scalar(select(User.id).where(User.erased_at.is_not(None)))
    for path in (f"/cohorts/{cohort_id}/report", f"/cohorts/{cohort_id}/progress",
                 f"/cohorts/{cohort_id}/learners", f"/cohorts/{cohort_id}/report.csv",
                 f"/cohorts/{cohort_id}/learners/{anonymous_id}",
                 f"/cohorts/{cohort_id}/learners/{anonymous_id}/transcript"):  # fmt: skip
        body = staff.get(path).get_data(as_text=True)
        assert "Deleted account" in body, path
        assert "Amina" not in body and "amina@" not in body, path
        assert erasure.ERASED_DOMAIN not in body, path  # nor the anonymous account's address
    assert "Bruno Quispe" in staff.get(f"/cohorts/{cohort_id}/progress").get_data(as_text=True)


def test_a_deleted_email_signs_up_again_as_a_new_person(app, client, world):
    old_id = world.learner.id
    log_in(client, world.learner.email)
    delete_account(client)
    response = client.post("/signup", data={
        "name": "Amina D.", "email": "amina@example.org",
        "password": "a brand new passphrase", "confirm": "a brand new passphrase",
    })  # fmt: skip
    assert response.status_code == 302
    newcomer = db.session.scalars(select(User).where(User.email == "amina@example.org")).one()
    assert newcomer.id != old_id
    assert db.session.scalar(
        select(func.count()).where(LessonProgress.user_id == newcomer.id)
    ) == 0  # fmt: skip


def test_certificates_are_revoked_when_asked(client, world):
    log_in(client, world.learner.email)
    delete_account(client, revoke_certificates="y")
    assert "Revoked" in client.get(f"/verify/{world.certificate_code}").get_data(as_text=True)


def test_a_failure_in_the_middle_leaves_everything_as_it_was(client, world, monkeypatch):
    before = counts()
    log_in(client, world.learner.email)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(erasure, "_keep_certificates_anonymous", broken)
    response = delete_account(client)
    assert response.status_code == 302
    assert counts() == before
    learner = db.session.get(User, world.learner.id)
    assert (learner.email, learner.name, learner.erased_at) == (
        "amina@example.org",
        "Amina Diallo",
        None,
    )
    certificate = db.session.scalars(
        select(Certificate).where(Certificate.code == world.certificate_code)
    ).one()
    assert (certificate.user_id, certificate.name) == (world.learner.id, "Amina Diallo")
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert client.get("/account/data").status_code == 200  # still signed in


def test_a_wrong_password_erases_nothing(client, world):
    log_in(client, world.learner.email)
    response = client.post("/account/delete", data={"password": "not it", "understood": "y"})
    assert response.status_code == 200
    assert db.session.get(User, world.learner.id).erased_at is None
