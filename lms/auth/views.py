from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import blueprint, service
from lms.auth.forms import AccountForm, LoginForm, SetPasswordForm, SignupForm
from lms.core import identity
from lms.core.urls import safe_next
from lms.extensions import db
from lms.i18n import LANGUAGE_COOKIE, current_language


def _next_page(form) -> str:
    return safe_next(form.next.data) or url_for("learn.catalogue")


@blueprint.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("learn.catalogue"))
    form = SignupForm(next=request.args.get("next"))
    if form.validate_on_submit():
        try:
            user = service.create_user(
                form.email.data, form.name.data, form.password.data, locale=current_language()
            )
        except service.EmailTaken:
            form.email.errors.append(
                _("An account with this email already exists. Please log in instead.")
            )
        else:
            db.session.commit()
            login_user(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            return redirect(_next_page(form))
    return render_template("auth/signup.html", form=form)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learn.catalogue"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or the password is not right."))
        else:
            db.session.commit()  # a rehashed password, if any
            login_user(user)
            return redirect(_next_page(form))
    return render_template("auth/login.html", form=form)


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("learn.catalogue"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = AccountForm(
        obj=current_user,
        locale=current_user.locale or current_language(),
        timezone=current_user.timezone or "UTC",
    )
    form.set_choices(current_language())
    if form.validate_on_submit():
        service.update_account(
            identity.account(), form.name.data, form.locale.data, form.timezone.data
        )
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        response = redirect(url_for("auth.account"))
        response.set_cookie(LANGUAGE_COOKIE, form.locale.data, samesite="Lax", httponly=True)
        return response
    return render_template("auth/account.html", form=form)


@blueprint.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    link = service.valid_password_link(token)
    if link is None:
        return render_template("auth/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = service.set_password_with_link(link, form.password.data)
        db.session.commit()
        login_user(user)
        flash(_("Your password is set. Welcome, %(name)s!", name=user.name), "success")
        return redirect(url_for("learn.catalogue"))
    return render_template("auth/set_password.html", form=form)
