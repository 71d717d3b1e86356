from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from lms.admin import blueprint
from lms.admin.forms import FacilitatorForm
from lms.auth import service as auth_service
from lms.certificates import service as certificate_service
from lms.core import audit
from lms.core.access import admin_required
from lms.core.urls import public_url
from lms.extensions import db
from lms.i18n import isolated
from lms.models import Certificate, User


@blueprint.route("/facilitators", methods=["GET", "POST"])
@admin_required
def facilitators():
    form = FacilitatorForm()
    link = None
    if form.validate_on_submit():
        user = auth_service.find_user_by_email(form.email.data)
        if user is None:
            user, token = auth_service.invite(form.email.data, form.name.data, role="facilitator")
            link = public_url("auth.set_password", token=token)
            flash(isolated(_("%(email)s is now a facilitator."), email=user.email), "success")
        elif user.role == "learner":
            user.role = "facilitator"
            audit.record("role.change", subject_id=user.id, detail="learner -> facilitator")
            flash(isolated(_("%(email)s is now a facilitator."), email=user.email), "success")
        else:
            flash(
                isolated(
                    _("%(email)s is already a facilitator or an administrator."), email=user.email
                )
            )
        db.session.commit()
        form = FacilitatorForm(formdata=None)
    people = db.session.scalars(
        select(User).where(User.role.in_(("facilitator", "admin"))).order_by(User.name)
    )
    return render_template(
        "admin/facilitators.html", form=form, people=list(people), link=link,
        days=auth_service.password_link_days(),
    )  # fmt: skip


@blueprint.get("/certificates")
@admin_required
def certificates():
    code = request.args.get("code", "").strip()
    query = select(Certificate).order_by(Certificate.issued_at.desc())
    if code:
        query = query.where(Certificate.code == code)
    return render_template(
        "admin/certificates.html", certificates=list(db.session.scalars(query.limit(50))), code=code
    )


@blueprint.post("/certificates/<code>/revoke")
@admin_required
def revoke_certificate(code: str):
    certificate = certificate_service.by_code(code)
    if certificate is None:
        abort(404)
    certificate_service.revoke(certificate)
    db.session.commit()
    flash(isolated(_("The certificate %(code)s is revoked."), code=code), "success")
    return redirect(url_for("admin.certificates", code=code))
