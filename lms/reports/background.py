"""The reports of big cohorts and certificate batches, made by background jobs."""

from __future__ import annotations

import io
import zipfile

from flask_babel import force_locale
from sqlalchemy import select

from lms.certificates import documents
from lms.certificates import service as certificate_service
from lms.core.catalogue import cohort_modules
from lms.core.jobs import background
from lms.core.prepared import failures_kept, finish
from lms.extensions import db
from lms.models import Cohort, PreparedFile, User
from lms.records.course import attended_by, course_status_of, sessions_total
from lms.records.enrolment import enrolled
from lms.records.results import walker
from lms.reports import exports, service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@background
def prepare(file_id: int) -> None:
    """Make the prepared file of this id, once: a second run finds it made and stops."""
    prepared = db.session.get(PreparedFile, file_id)
    if prepared is None or prepared.finished_at is not None:
        return
    with failures_kept(file_id), force_locale(prepared.language):
        cohort = db.session.get_one(Cohort, prepared.cohort_id)
        MAKERS[prepared.kind](prepared, cohort)
        db.session.commit()


def _report_csv(prepared: PreparedFile, cohort: Cohort) -> None:
    modules = cohort_modules(cohort)
    lines = exports.csv_lines(service.report_rows(cohort, modules), cohort, modules)
    finish(prepared, f"{_report_name(cohort)}.csv", "text/csv", "".join(lines).encode())


def _report_xlsx(prepared: PreparedFile, cohort: Cohort) -> None:
    modules = cohort_modules(cohort)
    with exports.xlsx_file(service.report_rows(cohort, modules), cohort, modules) as workbook:
        finish(prepared, f"{_report_name(cohort)}.xlsx", XLSX, workbook.read())


def _report_name(cohort: Cohort) -> str:
    return f"completion-report-cohort-{cohort.id}"


def _certificates_zip(prepared: PreparedFile, cohort: Cohort) -> None:
    content, count = _certificates(cohort, prepared.language)
    filename = f"certificates-cohort-{cohort.id}.zip"
    finish(prepared, filename, "application/zip", content, certificates=count)


def _certificates(cohort: Cohort, language: str) -> tuple[bytes, int]:
    """A ZIP of the course certificate of every learner of the cohort who completed the course
    (issued now if not yet: the same code as on their own download)."""
    modules = cohort_modules(cohort)
    members = enrolled(cohort.id)
    results_of = walker(members, modules)
    attended = attended_by(cohort.id, members)
    sessions = sessions_total(cohort.id)
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for user in db.session.scalars(
            select(User).where(User.id.in_(members)).order_by(User.id)
        ).all():
            results = results_of(user.id)
            course = course_status_of(cohort, results, attended.get(user.id, 0), sessions)
            if not course.completed:
                continue
            try:
                certificate = certificate_service.course_certificate(user, cohort, modules)
            except (certificate_service.NotEarned, certificate_service.NotPrintable):
                continue
            archive.writestr(
                documents.filename(certificate), documents.document(certificate, language)
            )
            count += 1
    return buffer.getvalue(), count


MAKERS = {
    "report.csv": _report_csv,
    "report.xlsx": _report_xlsx,
    "certificates.zip": _certificates_zip,
}
