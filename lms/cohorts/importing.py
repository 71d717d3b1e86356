"""Bulk enrolment from a CSV in the shape of Moodle's "Upload users", free of HTTP.

`plan_import` reads and checks the file and says what each row would do, writing nothing;
`apply_import` writes the valid rows of a plan, all in the caller's one transaction.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from lms.cohorts import service
from lms.core.csvsafe import neutralise
from lms.core.guard import has_control_characters
from lms.core.names import unprintable
from lms.extensions import db
from lms.languages import LANGUAGES
from lms.models import CsvUpload, User
from lms.models.base import utcnow
from lms.records.enrolment import enrolled

KNOWN_COLUMNS = (
    "email", "firstname", "lastname", "username", "lang", "country", "institution", "department",
)  # fmt: skip
MAX_ROWS = 20_000

# Row outcomes
NEW, EXISTING, ALREADY, ERROR = "new", "existing", "already", "error"
# Error reasons (the page words them in the reader's language)
INVALID_EMAIL, DUPLICATE, UNKNOWN_LANGUAGE, MISSING_COLUMN, BAD_COUNTRY = (
    "invalid_email", "duplicate", "unknown_language", "missing_column", "bad_country",
)  # fmt: skip
CONTROL_CHARACTERS, TOO_LONG, UNPRINTABLE_NAME = "control_characters", "too_long", "unprintable"
# The longest value each column may hold (the database's columns; a name is first + last).
MAX_LENGTHS = {
    "email": 254, "firstname": 59, "lastname": 60, "username": 120, "lang": 10, "country": 2,
    "institution": 255, "department": 255,
}  # fmt: skip
# Problems with the whole file
NOT_UTF8, NO_EMAIL_COLUMN, EMPTY_FILE, TOO_MANY_ROWS, MALFORMED = (
    "not_utf8", "no_email_column", "empty", "too_many_rows", "malformed",
)  # fmt: skip


@dataclass
class ImportRow:
    line: int  # line of the file, the header being line 1
    cells: dict[str, str]
    email: str = ""
    name: str = ""
    language: str | None = None
    outcome: str = NEW
    reason: str | None = None
    user_id: int | None = None


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    problem: str | None = None  # the whole file is unusable

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome != ERROR]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome == ERROR]


MAX_BYTES = 2 * 1024 * 1024  # 20,000 rows of a hundred characters
UPLOAD_DAYS = 7  # an upload is kept this long for its preview, confirmation and error report


def store_upload(cohort_id: int, user_id: int, text: str) -> str:
    """Keep an uploaded file between its preview and its confirmation; returns its key, which
    the preview page carries instead of the file. Old uploads go."""
    db.session.execute(
        delete(CsvUpload).where(CsvUpload.created_at < utcnow() - timedelta(days=UPLOAD_DAYS))
    )
    key = secrets.token_urlsafe(24)
    db.session.add(CsvUpload(key=key, cohort_id=cohort_id, uploaded_by=user_id, text=text))
    return key


def upload_text(cohort_id: int, key: str) -> str | None:
    """The text of an upload of this cohort, or None."""
    return db.session.scalar(
        select(CsvUpload.text).where(CsvUpload.key == key, CsvUpload.cohort_id == cohort_id)
    )


def claim_upload(cohort_id: int, key: str) -> str | None:
    """The upload's text for the one request that imports it; None for any other (a second
    click, a second tab), even at the same moment."""
    return db.session.scalar(
        update(CsvUpload)
        .where(
            CsvUpload.key == key,
            CsvUpload.cohort_id == cohort_id,
            CsvUpload.imported_at.is_(None),
        )
        .values(imported_at=utcnow())
        .returning(CsvUpload.text)
    )


def decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def plan_import(text: str | None, cohort_id: int) -> ImportPlan:
    plan = ImportPlan()
    if text is None:
        plan.problem = NOT_UTF8
        return plan
    # Excel for Mac saves "CSV (Macintosh)" with a carriage return alone between lines.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        plan.problem = EMPTY_FILE
        return plan
    first = next(line for line in lines if line.strip())
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        _read_rows(plan, reader)
    except csv.Error:  # a cell longer than the csv module reads, or a broken quote
        plan.problem = MALFORMED
        plan.rows = []
        return plan
    if plan.problem:
        return plan
    _mark_duplicates(plan.rows)
    _look_up_accounts(plan.rows, cohort_id)
    return plan


def _read_rows(plan: ImportPlan, reader) -> None:
    header = [cell.strip().lower() for cell in next(reader)]
    plan.header = header
    plan.unknown_columns = [name for name in header if name and name not in KNOWN_COLUMNS]
    if "email" not in header:
        plan.problem = NO_EMAIL_COLUMN
        return
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(plan.rows) >= MAX_ROWS:
            plan.problem = TOO_MANY_ROWS
            return
        row = ImportRow(line=reader.line_num, cells=dict(zip(header, cells, strict=False)))
        plan.rows.append(row)
        if len(cells) < len(header):
            row.outcome, row.reason = ERROR, MISSING_COLUMN
            continue
        _check_row(row)


def _check_row(row: ImportRow) -> None:
    cells = {key: value.strip() for key, value in row.cells.items()}
    if any(has_control_characters(value) for value in cells.values()):
        row.outcome, row.reason = ERROR, CONTROL_CHARACTERS
        return
    if any(len(cells.get(name, "")) > limit for name, limit in MAX_LENGTHS.items()):
        row.outcome, row.reason = ERROR, TOO_LONG
        return
    try:
        row.email = validate_email(cells.get("email", ""), check_deliverability=False).normalized
        row.email = row.email.lower()
    except EmailNotValidError:
        row.outcome, row.reason = ERROR, INVALID_EMAIL
        return
    language = cells.get("lang", "").replace("-", "_").split("_")[0].lower()
    if language and language not in LANGUAGES:
        row.outcome, row.reason = ERROR, UNKNOWN_LANGUAGE
        return
    row.language = language or None
    country = cells.get("country", "")
    if country and not (len(country) == 2 and country.isalpha()):
        row.outcome, row.reason = ERROR, BAD_COUNTRY
        return
    full_name = f"{cells.get('firstname', '')} {cells.get('lastname', '')}".strip()
    if unprintable(full_name):
        row.outcome, row.reason = ERROR, UNPRINTABLE_NAME
        return
    row.name = full_name or row.email.split("@")[0]


def _mark_duplicates(rows: list[ImportRow]) -> None:
    seen: set[str] = set()
    for row in rows:
        if row.outcome == ERROR:
            continue
        if row.email in seen:
            row.outcome, row.reason = ERROR, DUPLICATE
        seen.add(row.email)


def _look_up_accounts(rows: list[ImportRow], cohort_id: int) -> None:
    """One query for the accounts, one for the enrolments, whatever the number of rows."""
    emails = [row.email for row in rows if row.outcome != ERROR]
    users: dict[str, User] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        users.update(
            (user.email, user)
            for user in db.session.scalars(select(User).where(User.email.in_(chunk)))
        )
    members = set(db.session.scalars(enrolled(cohort_id)))
    for row in rows:
        if row.outcome == ERROR:
            continue
        user = users.get(row.email)
        if user is None:
            row.outcome = NEW
        else:
            row.user_id = user.id
            row.outcome = ALREADY if user.id in members else EXISTING


def apply_import(plan: ImportPlan, cohort_id: int) -> list[tuple[User, str]]:
    """Enrol every valid row, creating the new accounts (flushed; the caller commits).

    Returns each new account with its set-password link's secret, which is shown once.
    """
    created = []
    for row in plan.valid_rows:
        cells = {key: value.strip() for key, value in row.cells.items()}
        added = service.add_learner(
            cohort_id,
            row.email,
            row.name,
            locale=row.language,
            country=cells.get("country", "").upper(),
            institution=cells.get("institution", "")[:255],
            department=cells.get("department", "")[:255],
        )
        row.user_id = added.user.id
        if added.link_token:
            created.append((added.user, added.link_token))
    return created


def error_rows_csv(plan: ImportPlan, reasons: dict[str, str]) -> str:
    """The rows in error, in their own columns plus an "error" column, ready to fix and upload."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [name for name in plan.header if name != "error"]
    writer.writerow([*columns, "error"])
    for row in plan.error_rows:
        values = [neutralise(row.cells.get(name, "")) for name in columns]
        writer.writerow([*values, reasons.get(row.reason or "", row.reason)])
    return "\ufeff" + out.getvalue()


def links_csv(links: list[tuple[str, str, str]]) -> str:
    """(email, name, link) of each new account, as a CSV file to send them their links."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Email"), _("Name"), _("Link to set a password")])
    for email, name, url in links:
        writer.writerow([neutralise(email), neutralise(name), url])
    return "\ufeff" + out.getvalue()
