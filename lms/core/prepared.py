"""Files made in the background for a facilitator: asked for in a request, made by a job, then
downloaded from a page that says how far it got. Kept a week."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app, g, url_for
from sqlalchemy import delete, select
from sqlalchemy.orm import defer

from lms.extensions import db
from lms.models import PreparedFile
from lms.models.base import utcnow

KEEP = timedelta(days=7)


def new_file(kind: str, cohort_id: int | None, user_id: int | None, language: str) -> PreparedFile:
    """A file to prepare (flushed; the caller commits, then queues its job). Old ones go."""
    db.session.execute(delete(PreparedFile).where(PreparedFile.created_at < utcnow() - KEEP))
    prepared = PreparedFile(
        token=secrets.token_urlsafe(24),
        kind=kind,
        cohort_id=cohort_id,
        requested_by=user_id,
        language=language,
        summary={},
    )
    db.session.add(prepared)
    db.session.flush()
    return prepared


def page_url(prepared: PreparedFile) -> str:
    """The page that says how far the file got, then offers it."""
    return url_for("reports.prepared_file", cohort_id=prepared.cohort_id, file_token=prepared.token)


def by_token(cohort_id: int, token: str) -> PreparedFile | None:
    return db.session.scalar(
        select(PreparedFile).where(PreparedFile.token == token, PreparedFile.cohort_id == cohort_id)
    )


def recent(cohort_id: int) -> list[PreparedFile]:
    """This cohort's files of the week, newest first, without their content."""
    return list(
        db.session.scalars(
            select(PreparedFile)
            .options(defer(PreparedFile.content))
            .where(PreparedFile.cohort_id == cohort_id, PreparedFile.created_at >= utcnow() - KEEP)
            .order_by(PreparedFile.id.desc())
        )
    )


@contextmanager
def failures_kept(file_id: int) -> Iterator[None]:
    """Around a job's work: a failure is rolled back and noted on the file's page. In a worker it
    is raised again, for the queue to retry; in a request it ends there, the page saying so."""
    try:
        yield
    except Exception as error:
        db.session.rollback()
        current_app.logger.exception("could not prepare file %s", file_id)
        prepared = db.session.get(PreparedFile, file_id)
        if prepared is not None:
            prepared.error = type(error).__name__
            db.session.commit()
        if g.get("lms_worker"):
            raise


def finish(
    prepared: PreparedFile, filename: str, mimetype: str, content: bytes, **summary: object
) -> None:
    prepared.filename, prepared.mimetype, prepared.content = filename, mimetype, content
    prepared.summary = dict(summary)
    prepared.finished_at = utcnow()
    prepared.error = ""
