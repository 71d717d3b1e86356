"""A person's data as one ZIP: data.json with everything, one CSV per kind of record (UTF-8 with
a BOM, formulas neutralised, so a spreadsheet opens it safely) and a README in their language."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from flask_babel import gettext as _

from lms.core.csvsafe import neutralise
from lms.records.personal import PersonalRecords, Row


def filename(user_id: int) -> str:
    return f"my-data-{user_id}.zip"


def readme() -> str:
    files = {
        "data.json": _("Everything below in one file, for another program."),
        "account.csv": _("Your account: email, name, language, country, organisation."),
        "enrolments.csv": _("The cohorts you were enrolled in, and when."),
        "facilitated_cohorts.csv": _("The cohorts you facilitate."),
        "lesson_progress.csv": _("Each lesson you completed, and when."),
        "module_completions.csv": _("Each module you completed, and when."),
        "quiz_attempts.csv": _("Each quiz attempt: score, pass or fail, date."),
        "quiz_answers.csv": _("Each answer of each attempt: the options you chose and the points."),
        "attendance.csv": _("The live sessions you attended."),
        "certificates.csv": _("Your certificates and their codes."),
    }
    lines = [_("Your data on the SSE Academy. Times are in UTC."), ""]
    lines += [f"{name}: {text}" for name, text in files.items()]
    return "\n".join(lines) + "\n"


def _csv(rows: list[Row], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(_cell(row[column])) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode()


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def archive(records: PersonalRecords) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("README.txt", readme())
        everything = {"account": records.account, **records.tables()}
        zipped.writestr("data.json", json.dumps(everything, ensure_ascii=False, indent=2))
        zipped.writestr("account.csv", _csv([records.account], list(records.account)))
        for name, rows in records.tables().items():
            columns = list(rows[0]) if rows else []
            zipped.writestr(f"{name}.csv", _csv(rows, columns))
    return buffer.getvalue()
