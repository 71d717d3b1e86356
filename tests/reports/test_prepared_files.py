"""Files made in the background for a facilitator: a big cohort's report and the batch of its
certificates are asked for on the report page, made by a job, then downloaded from a page that
says how far it got. Without a queue the job runs in the request; with one, a worker makes it."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from sqlalchemy import select

from lms.cohorts import service as cohort_service
from lms.core import jobs
from lms.extensions import db
from lms.models import Certificate, PreparedFile
from lms.reports import background
from tests.certificates.test_certificates import complete_module
from tests.conftest import log_in, make_config
from tests.production.test_jobs import run_worker


def prepare(client, cohort, kind: str):
    response = client.post(f"/cohorts/{cohort.id}/files", data={"kind": kind})
    assert response.status_code == 302
    return response.headers["Location"]


def download_link(page: str) -> str:
    return re.search(r'href="(/cohorts/\d+/files/[^"/]+/download)"', page).group(1)


@pytest.fixture
def cohort(make_cohort, facilitator, module1):
    return make_cohort(facilitator, slugs=(module1.slug,))


@pytest.fixture
def finished_learner(cohort, make_user, module1):
    """A learner of the cohort who completed its one module."""
    learner = make_user(email="ana@example.org", name="Ana Pérez")
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    complete_module(learner, module1)
    return learner


def test_a_prepared_report_is_the_report_the_page_downloads(facilitator_client, cohort, learner):
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    status = prepare(facilitator_client, cohort, "report.csv")
    page = facilitator_client.get(status).data.decode()
    assert "The file is ready." in page
    prepared = facilitator_client.get(download_link(page))
    direct = facilitator_client.get(f"/cohorts/{cohort.id}/report.csv")
    assert prepared.headers["Cache-Control"] == "private, no-store"
    assert prepared.data == direct.data
    assert learner.email in prepared.data.decode("utf-8-sig")


def test_a_prepared_workbook_opens(facilitator_client, cohort):
    page = facilitator_client.get(prepare(facilitator_client, cohort, "report.xlsx")).data.decode()
    workbook = facilitator_client.get(download_link(page)).data
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(workbook)).namelist()


def test_the_certificate_batch_holds_each_completer_s_own_certificate(
    facilitator_client, cohort, finished_learner, make_user, app
):
    cohort_service.enrol(cohort.id, make_user(email="notyet@example.org").id)  # no certificate
    db.session.commit()
    page = facilitator_client.get(
        prepare(facilitator_client, cohort, "certificates.zip")
    ).data.decode()
    assert "1 certificate is ready." in page
    archive = zipfile.ZipFile(io.BytesIO(facilitator_client.get(download_link(page)).data))
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.user_id == finished_learner.id
    assert archive.namelist() == [f"certificate-{certificate.code}.pdf"]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")
    # The learner asking for theirs later gets the same certificate, not a second one.
    learner_client = app.test_client()
    log_in(learner_client, finished_learner.email)
    answer = learner_client.post(f"/certificates/course/{cohort.id}")
    assert answer.headers["Location"] == f"/certificates/{certificate.code}.pdf"


def test_a_big_cohort_s_report_is_prepared_rather_than_downloaded(
    app, facilitator_client, cohort, learner
):
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    app.config["BACKGROUND_REPORT_LEARNERS"] = 0  # more learners than this: a big cohort
    page = facilitator_client.get(f"/cohorts/{cohort.id}/report").data.decode()
    assert 'value="report.csv"' in page
    assert f'href="/cohorts/{cohort.id}/report.csv"' not in page
    app.config["BACKGROUND_REPORT_LEARNERS"] = 1000
    page = facilitator_client.get(f"/cohorts/{cohort.id}/report").data.decode()
    assert f'href="/cohorts/{cohort.id}/report.csv"' in page


def test_the_report_page_lists_the_week_s_files(facilitator_client, cohort):
    status = prepare(facilitator_client, cohort, "report.csv")
    page = facilitator_client.get(f"/cohorts/{cohort.id}/report").data.decode()
    assert "Files prepared this week" in page
    assert f'href="{status}"' in page


def test_an_unknown_kind_is_refused(facilitator_client, cohort):
    response = facilitator_client.post(f"/cohorts/{cohort.id}/files", data={"kind": "../etc"})
    assert response.status_code == 400
    assert db.session.scalars(select(PreparedFile)).all() == []


def test_a_file_of_another_cohort_is_not_found(facilitator_client, cohort, make_cohort):
    status = prepare(facilitator_client, cohort, "report.csv")
    other = make_cohort()
    token = status.rsplit("/", 1)[1]
    assert facilitator_client.get(f"/cohorts/{other.id}/files/{token}").status_code in (403, 404)


def test_a_failing_job_says_so_and_writes_nothing(facilitator_client, cohort, monkeypatch):
    def broken(prepared, cohort):
        prepared.filename = "half-made.csv"
        raise OSError("disk full")

    monkeypatch.setitem(background.MAKERS, "report.csv", broken)
    page = facilitator_client.get(prepare(facilitator_client, cohort, "report.csv")).data.decode()
    assert "The file could not be made." in page
    prepared = db.session.scalars(select(PreparedFile)).one()
    assert (prepared.filename, prepared.finished_at, prepared.error) == ("", None, "OSError")


class TestWithAQueue:
    @pytest.fixture
    def app_config(self, database_url, queue_name):
        return make_config(
            database_url, REDIS_URL="redis://127.0.0.1:6379/0", JOBS_QUEUE=queue_name
        )

    def test_the_page_says_it_is_being_made_until_a_worker_made_it(
        self, facilitator_client, cohort, learner, database_url, queue_name
    ):
        cohort_service.enrol(cohort.id, learner.id)
        db.session.commit()
        status = prepare(facilitator_client, cohort, "report.csv")
        assert "The file is being prepared." in facilitator_client.get(status).data.decode()
        assert jobs.queue().count == 1
        db.session.commit()
        worker = run_worker(database_url, queue_name, mail_port=25)
        assert worker.returncode == 0, worker.stderr
        page = facilitator_client.get(status).data.decode()
        assert "The file is ready." in page
        text = facilitator_client.get(download_link(page)).data.decode("utf-8-sig")
        assert any(learner.email in row for row in csv.reader(io.StringIO(text)))
        jobs.queue().delete(delete_jobs=True)
