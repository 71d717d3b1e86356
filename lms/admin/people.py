"""Administrators' pages on people and their data: find an account, deactivate or reactivate
it, answer a data request (download, erasure) made outside the platform, and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from lms.admin import blueprint
from lms.admin.forms import AuditFilterForm
from lms.core import audit
from lms.core.access import admin_required
from lms.core.csvsafe import csv_lines
from lms.core.downloads import attachment
from lms.extensions import db
from lms.i18n import isolated
from lms.models import User
from lms.privacy import accounts, erasure, export
from lms.privacy.forms import EraseForm
from lms.records.personal import counts_of, records_of

AUDIT_PAGE = 100


def _person(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.erased_at is not None:
        abort(404)
    return person


@blueprint.get("/people")
@admin_required
def people():
    words = request.args.get("q", "").strip()[:254]
    found = accounts.find_people(words) if words else []
    return render_template("admin/people.html", words=words, people=found)


@blueprint.get("/people/<int:user_id>")
@admin_required
def person(user_id: int):
    found = _person(user_id)
    return render_template(
        "admin/person.html", person=found, counts=counts_of(found.id), erase_form=EraseForm()
    )


@blueprint.post("/people/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    found = _person(user_id)
    FlaskForm().validate_on_submit() or abort(400)
    accounts.deactivate(found)
    db.session.commit()
    flash(isolated(_("%(email)s is deactivated."), email=found.email), "success")
    return redirect(url_for("admin.person", user_id=user_id))


@blueprint.post("/people/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    found = _person(user_id)
    FlaskForm().validate_on_submit() or abort(400)
    accounts.reactivate(found)
    db.session.commit()
    flash(isolated(_("%(email)s is active again."), email=found.email), "success")
    return redirect(url_for("admin.person", user_id=user_id))


@blueprint.post("/people/<int:user_id>/data")
@admin_required
def person_data(user_id: int):
    """A data request made outside the platform: the person's file, as they would get it."""
    found = _person(user_id)
    FlaskForm().validate_on_submit() or abort(400)
    audit.record("data.export", subject_id=found.id)
    content = export.archive(records_of(found))
    db.session.commit()
    return attachment(content, "application/zip", export.filename(found.id))


@blueprint.post("/people/<int:user_id>/erase")
@admin_required
def erase(user_id: int):
    found = _person(user_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template(
            "admin/person.html", person=found, counts=counts_of(found.id), erase_form=form
        ), 400
    if found.is_admin:
        flash(_("An administrator's account cannot be erased here: change its role first."))
        return redirect(url_for("admin.person", user_id=user_id))
    email = found.email
    erasure.erase(found.id, revoke_certificates=form.revoke_certificates.data)
    db.session.commit()
    flash(isolated(_("The account of %(email)s is erased."), email=email), "success")
    return redirect(url_for("admin.people"))


def _audit_filter(form: AuditFilterForm) -> audit.AuditFilter:
    def moment(day) -> datetime | None:
        return datetime.combine(day, time(), UTC) if day else None

    valid = form.validate()
    action = form.action.data if form.action.data in audit.ACTIONS else ""
    return audit.AuditFilter(
        action=action,
        person=(form.person.data or "") if valid else "",
        since=moment(form.since.data) if valid else None,
        until=(moment(form.until.data + timedelta(days=1)) if form.until.data else None)
        if valid
        else None,
    )


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Every action"))] + [
        (code, str(label)) for code, label in audit.ACTIONS.items()
    ]
    return form


@blueprint.get("/audit")
@admin_required
def audit_trail():
    form = _filter_form()
    chosen = _audit_filter(form)
    # Any number in the address is a page, up to one far beyond any trail (a database offset
    # has a limit).
    page = min(max(request.args.get("page", 1, type=int), 1), 1_000_000)
    lines = list(audit.events(chosen, limit=AUDIT_PAGE + 1, offset=(page - 1) * AUDIT_PAGE))
    return render_template(
        "admin/audit.html",
        form=form,
        lines=lines[:AUDIT_PAGE],
        page=page,
        more=len(lines) > AUDIT_PAGE,
        actions=audit.ACTIONS,
    )


@blueprint.get("/audit.csv")
@admin_required
def audit_csv():
    chosen = _audit_filter(_filter_form())
    header = [_("Time (UTC)"), _("Action"), _("By"), _("Whose data"), _("Cohort"), _("Detail")]

    def rows():
        for line in audit.events(chosen):
            yield [
                line.at.isoformat(timespec="seconds"),
                str(audit.ACTIONS[line.action]),
                _who(line.actor),
                _who(line.subject),
                line.cohort_name or "",
                line.detail,
            ]

    return attachment(stream_with_context(csv_lines(header, rows())), "text/csv", "audit.csv")


def _who(person: User | None) -> str:
    if person is None:
        return ""
    if person.erased_at is not None:
        return _("Deleted account")
    return person.email
