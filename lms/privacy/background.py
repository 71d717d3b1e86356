"""A person's data made by a background job when it is large, then downloaded from its page
while the link lasts (DATA_EXPORT_HOURS)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from lms.core.jobs import background
from lms.core.prepared import failures_kept, finish
from lms.extensions import db
from lms.models import PreparedFile, User
from lms.models.base import utcnow
from lms.privacy import export
from lms.records.personal import records_of

KIND = "personal.zip"


@background
def prepare(file_id: int) -> None:
    """Make the person's file of this id, once: a second run finds it made and stops."""
    prepared = db.session.get(PreparedFile, file_id)
    if prepared is None or prepared.finished_at is not None or prepared.requested_by is None:
        return
    with failures_kept(file_id), force_locale(prepared.language):
        person = db.session.get_one(User, prepared.requested_by)
        content = export.archive(records_of(person))
        finish(prepared, export.filename(person.id), "application/zip", content)
        db.session.commit()


def lifetime() -> timedelta:
    return timedelta(hours=current_app.config["DATA_EXPORT_HOURS"])


def own_file(user_id: int, token: str) -> PreparedFile | None:
    """The person's own data file of this token while its link lasts; None otherwise."""
    return db.session.scalar(
        select(PreparedFile).where(
            PreparedFile.token == token,
            PreparedFile.kind == KIND,
            PreparedFile.requested_by == user_id,
            PreparedFile.created_at >= utcnow() - lifetime(),
        )
    )
