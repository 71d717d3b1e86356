"""Administrators deactivate, find, erase and audit; every audited action writes exactly one
audit row; facilitators reach none of it."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from lms.cli import cli
from lms.extensions import db
from lms.models import AuditEvent, User
from tests.conftest import log_in


def audit_count(action: str) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == action)) or 0


@pytest.fixture
def admin_client(app, world):
    client = app.test_client()
    log_in(client, world.admin.email)
    return client


def test_a_deactivated_account_cannot_log_in_and_its_session_ends(app, admin_client, world):
    learner = app.test_client()
    log_in(learner, world.learner.email)
    admin_client.post(f"/admin/people/{world.learner.id}/deactivate")
    assert learner.get("/account").status_code == 302  # the open session is refused
    refused = log_in(app.test_client(), world.learner.email)
    assert refused.status_code == 200
    assert "This account is deactivated" in refused.get_data(as_text=True)
    assert audit_count("account.deactivate") == 1

    admin_client.post(f"/admin/people/{world.learner.id}/reactivate")
    assert log_in(app.test_client(), world.learner.email).status_code == 302
    assert audit_count("account.reactivate") == 1


def test_find_people_by_email_or_name(admin_client, world):
    assert "bruno@example.org" in admin_client.get("/admin/people?q=QUISPE").get_data(as_text=True)
    page = admin_client.get("/admin/people?q=amina@").get_data(as_text=True)
    assert "Amina Diallo" in page and "Bruno" not in page


def test_an_administrator_answers_a_data_request(admin_client, world):
    learner_id = world.learner.id
    response = admin_client.post(f"/admin/people/{learner_id}/data")
    assert response.mimetype == "application/zip"
    assert audit_count("data.export") == 1
    refused = admin_client.post(f"/admin/people/{learner_id}/erase", data={})
    assert refused.status_code == 400
    assert db.session.get(User, learner_id) is not None
    admin_client.post(f"/admin/people/{learner_id}/erase", data={"understood": "y"})
    assert db.session.get(User, learner_id) is None
    assert audit_count("account.erase") == 1
    assert admin_client.get("/admin/people?q=amina").get_data(as_text=True).count("Amina") == 0


def test_facilitators_reach_none_of_the_admin_actions(app, world):
    client = app.test_client()
    log_in(client, world.facilitator.email)
    for action in ("deactivate", "reactivate", "data", "erase"):
        assert client.post(f"/admin/people/{world.learner.id}/{action}").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_each_audited_action_writes_exactly_one_row(app, admin_client, world, module1):
    staff = app.test_client()
    log_in(staff, world.facilitator.email)
    cohort, learner = world.cohort.id, world.learner.id
    expected = [
        (lambda: staff.get(f"/cohorts/{cohort}/report.csv"), "report.export"),
        (lambda: staff.get(f"/cohorts/{cohort}/report.xlsx"), "report.export"),
        (lambda: staff.post(f"/cohorts/{cohort}/files", data={"kind": "report.csv"}),
         "report.export"),
        (lambda: staff.get(f"/cohorts/{cohort}/learners/{learner}"), "learner.record"),
        (lambda: staff.get(f"/cohorts/{cohort}/learners/{learner}/transcript"),
         "learner.transcript"),
        (lambda: admin_client.post("/admin/facilitators",
                                   data={"name": "Bruno", "email": world.other.email}),
         "role.change"),
    ]  # fmt: skip
    for number, (act, action) in enumerate(expected, start=1):
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        assert act().status_code in (200, 302)
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before + 1
        newest = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert newest.action == action, number
    # Pages that show no personal data write nothing.
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    staff.get(f"/cohorts/{cohort}/report")
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_the_audit_trail_filters_and_exports_with_formulas_neutralised(
    app, admin_client, world, make_cohort
):
    hostile = make_cohort(world.facilitator, name='=HYPERLINK("http://evil")')
    staff = app.test_client()
    log_in(staff, world.facilitator.email)
    staff.get(f"/cohorts/{hostile.id}/report.csv")
    staff.get(f"/cohorts/{world.cohort.id}/learners/{world.learner.id}")
    page = admin_client.get("/admin/audit?action=learner.record").get_data(as_text=True)
    assert "amina@example.org" in page and "HYPERLINK" not in page
    assert "HYPERLINK" in admin_client.get("/admin/audit").get_data(as_text=True)
    exported = admin_client.get("/admin/audit.csv?person=facilitator")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 3
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)


def test_retention_is_off_by_default(app, world):
    result = app.test_cli_runner().invoke(cli, ["privacy", "retention", "--dry-run"])
    assert "Retention is off" in result.output


def test_a_page_number_beyond_any_trail_shows_an_empty_page(admin_client):
    """A number too large for a database offset (found by the hostile-input test)."""
    page = admin_client.get("/admin/audit?page=92233720368547760")
    assert page.status_code == 200
