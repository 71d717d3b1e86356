"""Large CSV imports, run by a background job once the facilitator has confirmed the preview."""

from __future__ import annotations

from flask_babel import force_locale

from lms.cohorts import importing, invitations
from lms.core import mail
from lms.core.jobs import background
from lms.core.prepared import failures_kept, finish
from lms.core.urls import public_url
from lms.extensions import db
from lms.models import Cohort, PreparedFile


@background
def import_learners(file_id: int, upload_key: str) -> None:
    """Enrol the rows of a claimed upload, all in one transaction with the file of their
    set-password links and their invitations in the outbox; run again, it only has the mail
    that is still unsent sent."""
    prepared = db.session.get(PreparedFile, file_id)
    if prepared is None:
        return
    if prepared.finished_at is None:
        with failures_kept(file_id):
            _import(prepared, upload_key)
            db.session.commit()
    mail.send_stored(prepared.summary.get("outbox", []))


def _import(prepared: PreparedFile, upload_key: str) -> None:
    cohort = db.session.get_one(Cohort, prepared.cohort_id)
    plan = importing.plan_import(importing.upload_text(cohort.id, upload_key), cohort.id)
    if plan.problem:  # checked before it was queued: the cohort or upload went since
        prepared.error = plan.problem
        return
    created = importing.apply_import(plan, cohort.id)
    links = [(user, public_url("auth.set_password", token=token)) for user, token in created]
    stored = [invitations.store_invitation(user, cohort, url) for user, url in links]
    with force_locale(prepared.language):
        text = importing.links_csv([(user.email, user.name, url) for user, url in links])
    finish(
        prepared,
        "password-links.csv",
        "text/csv",
        text.encode(),
        enrolled=len(plan.valid_rows),
        accounts=len(links),
        errors=len(plan.error_rows),
        upload=upload_key,
        outbox=[message.id for message in stored if message is not None],
    )
