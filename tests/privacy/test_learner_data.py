"""A learner sees what is held about them, and downloads all of it: everything of theirs,
nothing of anyone else's."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from sqlalchemy import func, select

from lms.extensions import db
from lms.models import AuditEvent
from tests.conftest import log_in

KINDS = ("enrolments", "lesson_progress", "module_completions", "quiz_attempts", "quiz_answers",
         "attendance", "certificates")  # fmt: skip


def audit_rows(action: str) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == action)) or 0


def test_the_data_page_lists_what_is_held_why_and_who_sees_it(client, world):
    log_in(client, world.learner.email)
    page = client.get("/account/data").get_data(as_text=True)
    for words in ("Quiz attempts, with your answers", "Attendance at live sessions",
                  "The facilitators of your cohorts", "Download all my data"):  # fmt: skip
        assert words in page
    assert client.get("/account").get_data(as_text=True).count('href="/account/data"') == 1


def test_the_data_page_speaks_the_learners_language(client, world):
    log_in(client, world.learner.email)
    client.post("/language", data={"language": "es", "next": "/account/data"})
    page = client.get("/account/data", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Sus datos" in page or "Tus datos" in page


def test_the_export_holds_every_kind_of_record_and_nothing_of_anyone_else(client, world, module1):
    log_in(client, world.learner.email)
    response = client.post("/account/data/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "amina@example.org"
    assert data["account"]["institution"] == "Sindicato de Costureras"
    assert len(data["lesson_progress"]) == len(module1.lesson_ids)
    assert len(data["quiz_answers"]) == len(module1.quiz_key.questions)
    assert [row["cohort"] for row in data["enrolments"]] == ["Distance course"]
    assert [row["session"] for row in data["attendance"]] == ["Opening session"]
    assert [row["code"] for row in data["certificates"]] == [world.certificate_code]
    for kind in KINDS:
        assert data[kind], f"no {kind} in the export"
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{kind}.csv").decode("utf-8-sig"))))
        assert len(rows) == len(data[kind])
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"bruno" not in everything.lower() and b"Quispe" not in everything
    assert audit_rows("data.export") == 1
