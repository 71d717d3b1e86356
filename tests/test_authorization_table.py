"""Who may reach what: every route × six identities (anonymous, a learner of the cohort, another
learner, a facilitator of another cohort, the cohort's facilitator, an administrator), with the
expected answer for each. A route missing from the table fails the test, so a new page must say
who may see it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from lms.certificates import service as certificate_service
from lms.cohorts import service as cohort_service
from lms.core.prepared import finish, new_file
from lms.extensions import db
from lms.models import LiveSession
from tests.certificates.test_certificates import complete_module
from tests.conftest import log_in

IDENTITIES = ("anonymous", "member", "outsider", "other_facilitator", "facilitator", "admin")
OK, LOGIN, FORBIDDEN, MISSING = "ok", "login", "forbidden", "missing"

# Kinds of route: the answer each identity gets.
PUBLIC = dict.fromkeys(IDENTITIES, OK)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
ANONYMOUS_ONLY = {**dict.fromkeys(IDENTITIES, "redirect"), "anonymous": OK}
COHORT_STAFF = {"anonymous": LOGIN, "member": FORBIDDEN, "outsider": FORBIDDEN,
                "other_facilitator": MISSING, "facilitator": OK, "admin": OK}  # fmt: skip
ANY_STAFF = {**COHORT_STAFF, "other_facilitator": OK}
COHORT_MEMBERS = {"anonymous": LOGIN, "member": OK, "outsider": MISSING,
                  "other_facilitator": MISSING, "facilitator": OK, "admin": OK}  # fmt: skip
CERTIFICATE_HOLDERS = COHORT_MEMBERS
ADMINS = {"anonymous": LOGIN, "member": FORBIDDEN, "outsider": FORBIDDEN,
          "other_facilitator": FORBIDDEN, "facilitator": FORBIDDEN, "admin": OK}  # fmt: skip
NOBODY = dict.fromkeys(IDENTITIES, MISSING)  # an address for an object that does not exist

TABLE = {
    "learn.catalogue": PUBLIC,
    "library.about": PUBLIC,
    "library.resources": PUBLIC,
    "core.healthz": PUBLIC,
    "core.static": PUBLIC,
    "learn.module": PUBLIC,
    "learn.glossary": PUBLIC,
    "packs.download": PUBLIC,
    "certificates.verify": PUBLIC,
    "auth.login": ANONYMOUS_ONLY,
    "auth.signup": ANONYMOUS_ONLY,
    "auth.forgot_password": PUBLIC,
    "auth.set_password": NOBODY,  # an unknown token
    "auth.account": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "learn.progress": SIGNED_IN,
    "learn.lesson": SIGNED_IN,
    # Back to the module until its lessons are done: only the member has done them.
    "quiz.take": {**SIGNED_IN, **dict.fromkeys(IDENTITIES[2:], "redirect")},
    "quiz.attempts": SIGNED_IN,
    "quiz.result": {**dict.fromkeys(IDENTITIES, MISSING), "anonymous": LOGIN},  # no attempt
    "reports.my_transcript": SIGNED_IN,
    "cohorts.join": SIGNED_IN,
    "cohorts.mine": COHORT_MEMBERS,
    "cohorts.cohort_calendar": COHORT_MEMBERS,
    "cohorts.session_calendar": COHORT_MEMBERS,
    "certificates.download": CERTIFICATE_HOLDERS,
    "cohorts.index": ANY_STAFF,
    "cohorts.create": ANY_STAFF,
    "reports.items_across_cohorts": ANY_STAFF,
    "packs.quiz_sheet": ANY_STAFF,
    "packs.answer_key": ANY_STAFF,
    "cohorts.show": COHORT_STAFF,
    "cohorts.edit": COHORT_STAFF,
    "cohorts.learners": COHORT_STAFF,
    "cohorts.learner_detail": COHORT_STAFF,
    "cohorts.import_learners": COHORT_STAFF,
    "cohorts.grid": COHORT_STAFF,
    "cohorts.sessions": COHORT_STAFF,
    "cohorts.attendance": COHORT_STAFF,
    "cohorts.announcements": COHORT_STAFF,
    "cohorts.run_sheet": COHORT_STAFF,
    "reports.report": COHORT_STAFF,
    "reports.report_csv": COHORT_STAFF,
    "reports.report_xlsx": COHORT_STAFF,
    "reports.items": COHORT_STAFF,
    "cohorts.paper_answers": COHORT_STAFF,
    "reports.transcript": COHORT_STAFF,
    "reports.prepared_file": COHORT_STAFF,
    "reports.download_prepared": COHORT_STAFF,
    "admin.facilitators": ADMINS,
    "admin.certificates": ADMINS,
    "admin.people": ADMINS,
    "admin.person": ADMINS,
    "admin.audit_trail": ADMINS,
    "admin.audit_csv": ADMINS,
    "privacy.notice": PUBLIC,
    "privacy.my_data": SIGNED_IN,
    "privacy.delete_account": SIGNED_IN,
    # A cohort's file token is nobody's personal data file.
    "privacy.data_file": {**NOBODY, "anonymous": LOGIN},
    "privacy.download_data_file": {**NOBODY, "anonymous": LOGIN},
}
STATUS = {
    OK: {200},
    "redirect": {302},
    LOGIN: {302},
    FORBIDDEN: {403},
    MISSING: {404},
}


@pytest.fixture
def world(make_cohort, make_user, learner, module1):
    facilitator, other = make_user(role="facilitator"), make_user(role="facilitator")
    cohort = make_cohort(facilitator, name="The cohort")
    make_cohort(other, name="Another cohort")
    outsider, admin = make_user(), make_user(role="admin")
    cohort_service.enrol(cohort.id, learner.id)
    live = LiveSession(cohort_id=cohort.id, title="Live", duration_minutes=60,
                       starts_at=datetime(2030, 1, 1, 15, tzinfo=UTC))  # fmt: skip
    db.session.add(live)
    db.session.commit()
    complete_module(learner, module1)
    certificate = certificate_service.module_certificate(learner, module1)
    prepared = new_file("report.csv", cohort.id, facilitator.id, "en")
    finish(prepared, "report.csv", "text/csv", b"email\n")
    db.session.commit()
    values = {
        "cohort_id": cohort.id, "user_id": learner.id, "session_id": live.id,
        "slug": module1.slug, "lesson_id": module1.lesson_ids[0], "code": certificate.code,
        "token": "an-unknown-token-of-forty-characters-xx", "number": 9, "filename": None,
        "file_token": prepared.token, "language": "en", "kind": "epub",
    }  # fmt: skip
    emails = {
        "member": learner.email, "outsider": outsider.email, "other_facilitator": other.email,
        "facilitator": facilitator.email, "admin": admin.email,
    }  # fmt: skip
    return values, emails


def address(app, rule, values) -> str:
    path = rule.rule
    if "filename" in rule.arguments:
        values = {**values, "filename": app.extensions["lms.assets"].url_name("style.css")}
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), path)
    return path


def test_every_route_answers_each_identity_as_the_table_says(app, world):
    values, emails = world
    get_routes = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    missing = sorted({rule.endpoint for rule in get_routes} - set(TABLE))
    assert missing == [], f"say who may see these routes: {missing}"
    wrong = []
    for identity in IDENTITIES:
        client = app.test_client()
        if identity != "anonymous":
            assert log_in(client, emails[identity]).status_code == 302
        for rule in get_routes:
            expected = TABLE[rule.endpoint][identity]
            response = client.get(address(app, rule, values))
            if response.status_code not in STATUS[expected]:
                wrong.append((identity, rule.rule, expected, response.status_code))
            response.close()
    assert wrong == []
