from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.certificates import blueprint, documents, service
from lms.cohorts import service as cohort_service
from lms.cohorts.access import learner_cohort
from lms.core.catalogue import cohort_modules, current_catalogue
from lms.core.downloads import attachment
from lms.extensions import db
from lms.i18n import current_language, isolated


@blueprint.post("/certificates/module/<slug>")
@login_required
def issue_module(slug: str):
    module = current_catalogue().get(slug)
    if module is None:
        abort(404)
    try:
        certificate = service.module_certificate(current_user, module)
    except service.NotEarned:
        flash(_("The certificate comes once the module is completed."), "info")
        return redirect(url_for("learn.module", slug=slug))
    except service.NotPrintable as refused:
        return _name_to_fix(refused)
    db.session.commit()
    return redirect(url_for("certificates.download", code=certificate.code))


@blueprint.post("/certificates/course/<int:cohort_id>")
@login_required
def issue_course(cohort_id: int):
    cohort = learner_cohort(cohort_id)
    try:
        certificate = service.course_certificate(current_user, cohort, cohort_modules(cohort))
    except service.NotEarned:
        flash(_("The certificate comes once the course is completed."), "info")
        return redirect(url_for("cohorts.mine", cohort_id=cohort.id))
    except service.NotPrintable as refused:
        return _name_to_fix(refused)
    db.session.commit()
    return redirect(url_for("certificates.download", code=certificate.code))


def _name_to_fix(refused: service.NotPrintable):
    flash(
        isolated(
            _(
                "Your name holds characters that cannot be printed on a certificate: "
                "%(characters)s. Please write it without them, then ask for the certificate again."
            ),
            characters=" ".join(refused.characters),
        ),
        "error",
    )
    return redirect(url_for("auth.account"))


@blueprint.get("/certificates/<code>.pdf")
@login_required
def download(code: str):
    certificate = service.by_code(code)
    if certificate is None:
        abort(404)
    allowed = certificate.user_id == current_user.id or (
        certificate.cohort_id is not None
        and cohort_service.facilitates(current_user, certificate.cohort_id)
    )
    if not (allowed or current_user.is_admin):
        abort(404)
    if certificate.revoked_at is not None:
        return render_template("certificates/revoked.html", certificate=certificate), 410
    body = documents.document(certificate, current_language())
    return attachment(body, "application/pdf", documents.filename(certificate))


@blueprint.get("/verify/<code>")
def verify(code: str):
    """Public: the name, what was completed and when, and whether it is valid; nothing else."""
    certificate = service.by_code(code)
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None, code=code), 404
    _kind, title, cohort_name = documents.titles(certificate, current_language())
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        holder_erased=service.holder_erased(certificate),
        title=title,
        cohort_name=cohort_name,
    )
