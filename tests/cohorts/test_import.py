"""Bulk enrolment from a Moodle-style CSV: preview with per-row outcomes, then all-or-nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from lms.cohorts import importing, service
from lms.extensions import db
from lms.models import Enrolment, PasswordLink, User


def thirty_learners_with_three_bad_rows() -> str:
    rows = ["EMAIL;FirstName;LastName;lang;country;institution;favourite colour"]
    for n in range(1, 31):
        rows.append(f"learner{n}@example.org;Nombre{n};Apellido{n};es;CO;Sindicato {n};blue")
    rows[5] = "not-an-email;Bad;Email;es;CO;X;red"  # line 6
    rows[9] = "LEARNER3@example.org;Dup;Licate;es;CO;X;red"  # line 10: duplicate of line 4
    rows[14] = "learner14@example.org;Bad;Lang;xx;CO;X;red"  # line 15
    return "\n".join(rows) + "\n"


def upload(client, cohort, text: str, name: str = "learners.csv", bom: bool = False):
    data = ("\ufeff" + text if bom else text).encode()
    return client.post(
        f"/cohorts/{cohort.id}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def payload_of(page: str) -> str:
    return re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_plan_reports_every_row(cohort):
    plan = importing.plan_import(thirty_learners_with_three_bad_rows(), cohort.id)
    errors = {row.line: row.reason for row in plan.error_rows}
    assert errors == {6: "invalid_email", 10: "duplicate", 15: "unknown_language"}
    assert plan.count("new") == 27
    assert plan.unknown_columns == ["favourite colour"]


def test_outcomes_for_existing_accounts(cohort, make_user):
    enrolled = make_user(email="in@example.org")
    service.enrol(cohort.id, enrolled.id)
    make_user(email="known@example.org")
    db.session.commit()
    text = "email\nIN@example.org\nknown@EXAMPLE.org\nnew@example.org\n"
    plan = importing.plan_import(text, cohort.id)
    assert [row.outcome for row in plan.rows] == ["already", "existing", "new"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("firstname,lastname\nAna,Pérez\n", "no_email_column"),
        ("\n\n", "empty"),
    ],
)
def test_unusable_files(cohort, text, problem):
    assert importing.plan_import(text, cohort.id).problem == problem


def test_a_file_that_is_not_utf8(cohort):
    text = importing.decode("email,firstname\nana@example.org,Peña\n".encode("latin-1"))
    assert importing.plan_import(text, cohort.id).problem == "not_utf8"


def test_a_row_with_missing_columns(cohort):
    plan = importing.plan_import("email,firstname,lastname\na@example.org,Ana\n", cohort.id)
    assert plan.rows[0].reason == "missing_column"


def test_preview_writes_nothing_then_confirm_writes_the_valid_rows(facilitator_client, cohort):
    users_before = count(User)
    page = upload(facilitator_client, cohort, thirty_learners_with_three_bad_rows(), bom=True)
    html = page.data.decode()
    assert page.status_code == 200
    assert "Preview: nothing is written yet" in html
    assert "27 new accounts" in html
    assert "3 rows with an error, which will be skipped" in html
    for line, reason in [("6", "The email address is not valid."),
                         ("10", "This email address is already on an earlier row of the file."),
                         ("15", "Unknown language code.")]:  # fmt: skip
        assert re.search(rf"<td>{line}</td>.*?{re.escape(reason)}", html, re.S)
    assert "favourite colour" in html
    assert count(User) == users_before
    assert count(Enrolment) == 0

    done = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
    )
    assert done.status_code == 200
    assert "27 people are enrolled." in done.data.decode()
    assert count(User) == users_before + 27
    assert count(Enrolment) == 27
    assert count(PasswordLink) == 27
    new = db.session.scalar(select(User).where(User.email == "learner2@example.org"))
    assert (new.name, new.country, new.institution, new.locale) == (
        "Nombre2 Apellido2", "CO", "Sindicato 2", "es"
    )  # fmt: skip
    assert "/set-password/" in done.data.decode()


def test_confirming_twice_does_not_duplicate(facilitator_client, cohort):
    html = upload(facilitator_client, cohort, "email\na@example.org\nb@example.org\n").data.decode()
    for _ in range(2):
        facilitator_client.post(
            f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
        )
    assert count(User) == 3  # the facilitator and the two learners
    assert count(Enrolment) == 2


def test_a_tampered_payload_is_refused(facilitator_client, cohort):
    html = upload(facilitator_client, cohort, "email\na@example.org\n").data.decode()
    response = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)[:-3] + "abc"}
    )
    assert response.status_code == 400
    assert count(Enrolment) == 0


def test_a_payload_for_another_cohort_is_refused(
    facilitator_client, cohort, make_cohort, facilitator
):
    other = make_cohort(facilitator)
    html = upload(facilitator_client, other, "email\na@example.org\n").data.decode()
    response = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
    )
    assert response.status_code == 400


def test_the_write_is_all_or_nothing(facilitator_client, cohort, monkeypatch):
    html = upload(facilitator_client, cohort, "email\na@example.org\nb@example.org\n").data.decode()
    calls = []

    def failing_enrol(cohort_id, user_id):
        calls.append(user_id)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return service.ENROLLED

    monkeypatch.setattr(service, "enrol", failing_enrol)
    facilitator_client.application.config["PROPAGATE_EXCEPTIONS"] = False
    response = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
    )
    assert response.status_code == 500
    assert count(User) == 1  # only the facilitator: no half-written import


def test_the_rows_in_error_download_as_a_csv_to_fix(facilitator_client, cohort):
    html = upload(facilitator_client, cohort, thirty_learners_with_three_bad_rows()).data.decode()
    response = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/errors.csv", data={"payload": payload_of(html)}
    )
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].endswith(",error")
    assert len(lines) == 4
    assert "not-an-email" in lines[1]


def test_the_links_download_as_a_csv(facilitator_client, cohort):
    html = upload(facilitator_client, cohort, "email,firstname\n=cmd@example.org,=SUM(A1)\n")
    html = html.data.decode()
    done = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload_of(html)}
    ).data.decode()
    links = re.search(r'name="links" value="([^"]+)"', done).group(1)
    response = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/links.csv", data={"links": links}
    )
    text = response.data.decode()
    assert "'=cmd@example.org" in text  # formulas are neutralised
    assert "'=SUM(A1)" in text
    assert "/set-password/" in text


def test_a_password_link_works_once(client, cohort):
    plan = importing.plan_import("email\nnew@example.org\n", cohort.id)
    [(_user, token)] = importing.apply_import(plan, cohort.id)
    db.session.commit()
    page = client.get(f"/set-password/{token}")
    assert page.status_code == 200
    response = client.post(
        f"/set-password/{token}",
        data={"password": "a brand new password", "confirm": "a brand new password"},
    )
    assert response.status_code == 302
    assert client.get("/progress").status_code == 200
    client.post("/logout")
    assert client.get(f"/set-password/{token}").status_code == 404
    assert (
        client.post(
            "/login", data={"email": "new@example.org", "password": "a brand new password"}
        ).status_code
        == 302
    )


def test_a_large_import_is_made_by_a_job_and_reported_on_its_page(app, facilitator_client, cohort):
    app.config["BACKGROUND_IMPORT_ROWS"] = 10  # more valid rows than this: a job enrols them
    html = upload(facilitator_client, cohort, thirty_learners_with_three_bad_rows()).data.decode()
    payload = payload_of(html)
    done = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload}
    )
    assert re.fullmatch(rf"/cohorts/{cohort.id}/files/[\w-]+", done.headers["Location"])
    page = facilitator_client.get(done.headers["Location"]).data.decode()
    assert "27 people are enrolled." in page
    assert "3 rows were left out" in page
    assert count(Enrolment) == 27
    links = facilitator_client.get(
        re.search(r'href="(/cohorts/\d+/files/[^"]+/download)"', page).group(1)
    ).data.decode("utf-8-sig")
    assert len(links.splitlines()) == 1 + 27
    assert "/set-password/" in links
    to_fix = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/errors.csv", data={"payload": payload_of(page)}
    ).data.decode("utf-8-sig")
    assert "not-an-email" in to_fix
    again = facilitator_client.post(
        f"/cohorts/{cohort.id}/import/confirm", data={"payload": payload}
    )
    assert (
        "This file was already imported."
        in facilitator_client.get(again.headers["Location"]).data.decode()
    )
    assert count(Enrolment) == 27
