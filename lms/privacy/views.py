"""The learner's side: what is held about them, its download, erasure; the privacy notice."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from lms.auth import service as auth_service
from lms.content.render import render_markdown
from lms.core import audit, identity
from lms.core.catalogue import current_catalogue
from lms.core.downloads import attachment
from lms.core.jobs import enqueue
from lms.core.prepared import new_file
from lms.extensions import db
from lms.i18n import current_language
from lms.languages import direction
from lms.library.service import page_for_reader
from lms.privacy import accounts, background, blueprint, erasure, export
from lms.privacy.forms import DeleteAccountForm
from lms.records.personal import counts_of, records_of


@blueprint.get("/privacy")
def notice():
    page = page_for_reader(current_catalogue().privacy, current_language())
    if page is None:
        abort(404)
    return render_template(
        "privacy/notice.html", page=page, body=render_markdown(page.body, direction(page.language))
    )


@blueprint.get("/account/data")
@login_required
def my_data():
    return render_template(
        "privacy/my_data.html",
        person=identity.account(),
        counts=counts_of(current_user.id),
        hours=current_app.config["DATA_EXPORT_HOURS"],
        retention_notice=timedelta(days=current_app.config["RETENTION_NOTICE_DAYS"]),
    )


@blueprint.post("/account/data/keep")
@login_required
def keep_account():
    accounts.keep(identity.account())
    db.session.commit()
    flash(_("Thank you: your account is kept."), "success")
    return redirect(url_for("privacy.my_data"))


@blueprint.post("/account/data/export")
@login_required
def export_data():
    """Small: the file at once. Large: made by a job, then offered on its own page."""
    person = identity.account()
    large = counts_of(person.id).total > current_app.config["BACKGROUND_EXPORT_RECORDS"]
    audit.record("data.export", subject_id=person.id)
    if not large:
        content = export.archive(records_of(person))
        db.session.commit()
        return attachment(content, "application/zip", export.filename(person.id))
    prepared = new_file(background.KIND, None, person.id, current_language())
    db.session.commit()
    enqueue(background.prepare, prepared.id)
    return redirect(url_for("privacy.data_file", file_token=prepared.token))


@blueprint.get("/account/data/files/<file_token>")
@login_required
def data_file(file_token: str):
    prepared = background.own_file(current_user.id, file_token)
    if prepared is None:
        return render_template("privacy/file_expired.html"), 404
    return render_template(
        "privacy/data_file.html",
        prepared=prepared,
        expires=prepared.created_at + background.lifetime(),
    )


@blueprint.get("/account/data/files/<file_token>/download")
@login_required
def download_data_file(file_token: str):
    prepared = background.own_file(current_user.id, file_token)
    if prepared is None or prepared.content is None:
        return render_template("privacy/file_expired.html"), 404
    return attachment(prepared.content, prepared.mimetype, prepared.filename)


@blueprint.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        db.session.rollback()  # the password is checked with no transaction open
        if not auth_service.check_password(current_user.id, form.password.data):
            form.password.errors.append(_("This is not your current password."))
        else:
            try:
                erasure.erase(current_user.id, revoke_certificates=form.revoke_certificates.data)
                db.session.commit()
            except Exception:
                db.session.rollback()
                current_app.logger.exception("could not erase account %s", current_user.id)
                flash(_("Your account could not be deleted: nothing was changed. Please try "
                        "again later."), "error")  # fmt: skip
                return redirect(url_for("privacy.my_data"))
            logout_user()
            flash(_("Your account is deleted. Thank you for learning with us."), "success")
            return redirect(url_for("learn.catalogue"))
    return render_template("privacy/delete.html", form=form)
