from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from lms.auth import blueprint, service
from lms.auth.forms import (
    AccountForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
    SignupForm,
)
from lms.auth.messages import send_reset_link
from lms.core import identity, mail
from lms.core.limits import (
    account_key,
    limiter,
    login_account_limits,
    login_limits,
    reset_limits,
    signup_limits,
)
from lms.core.urls import public_url, safe_next
from lms.extensions import db
from lms.i18n import LANGUAGE_COOKIE, current_language, isolated, select_timezone
from lms.timezones import likely_zones

ALL_ZONES = "all-zones"  # the query flag of /account that offers every time zone


def _next_page(form) -> str:
    return safe_next(form.next.data) or url_for("learn.catalogue")


@blueprint.route("/signup", methods=["GET", "POST"])
@limiter.limit(signup_limits, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("learn.catalogue"))
    form = SignupForm(next=request.args.get("next"))
    if form.validate_on_submit():
        password_hash = service.hash_password(form.password.data)  # before any transaction
        try:
            user = service.create_user(
                form.email.data, form.name.data, password_hash, locale=current_language()
            )
        except service.EmailTaken:
            form.email.errors.append(
                _("An account with this email already exists. Please log in instead.")
            )
        else:
            user_id, name = user.id, user.name
            db.session.commit()
            identity.start_session(user_id, 0)
            flash(isolated(_("Welcome, %(name)s! Your account is ready."), name=name), "success")
            return redirect(_next_page(form))
    return render_template("auth/signup.html", form=form)


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limits, methods=["POST"])
@limiter.limit(
    login_account_limits,
    key_func=account_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,  # failed attempts only
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learn.catalogue"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        try:
            verified = service.authenticate(form.email.data, form.password.data)
        except service.AccountDeactivated:
            form.password.errors.append(
                _("This account is deactivated. Please ask an administrator to reactivate it.")
            )
        else:
            if verified is None:
                form.password.errors.append(_("The email or the password is not right."))
            else:
                db.session.commit()  # a rehashed password, if any
                identity.start_session(verified.user_id, verified.session_version)
                return redirect(_next_page(form))
    return render_template("auth/login.html", form=form)


@blueprint.post("/logout")
@login_required
def logout():
    """Ends the session on the server too: a copy of the cookie no longer works."""
    service.end_sessions(current_user.id)
    db.session.commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("learn.catalogue"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account():
    shown_zone = select_timezone()  # the stored zone, else the one suggested
    form = AccountForm(
        name=current_user.name,
        locale=current_user.locale or current_language(),
        timezone=shown_zone,
    )
    all_zones = ALL_ZONES in request.args
    form.set_choices(
        current_language(),
        None
        if all_zones
        else likely_zones(
            current_language(),
            current_user.country,
            shown_zone,
            current_user.cohort_zone,
            request.form.get("timezone"),
        ),
    )
    if form.validate_on_submit():
        # A suggestion left as it was is no choice: it keeps following the cohort and the guess.
        chosen = current_user.timezone is not None or form.timezone.data != shown_zone
        service.update_account(
            identity.account(),
            form.name.data,
            form.locale.data,
            form.timezone.data if chosen else None,
        )
        db.session.commit()
        with force_locale(form.locale.data):
            flash(_("Your settings are saved."), "success")
        response = redirect(url_for("auth.account"))
        response.set_cookie(LANGUAGE_COOKIE, form.locale.data, samesite="Lax", httponly=True)
        return response
    return render_template("auth/account.html", form=form, all_zones=all_zones)


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not service.check_password(current_user.id, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            password_hash = service.hash_password(form.password.data)
            identity.keep_session(service.set_password(current_user.id, password_hash))
            db.session.commit()
            flash(_("Your password is changed. You are logged out everywhere else."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(reset_limits, methods=["POST"])
@limiter.limit(reset_limits, key_func=account_key, methods=["POST"])
def forgot_password():
    """By email when a mail server is configured; else a facilitator or an administrator
    gives the person a link. The answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit() and mail.mail_enabled():
        user = service.find_user_by_email(form.email.data)
        if user is not None:
            token = service.reset_link(user)
            db.session.commit()
            send_reset_link(user, public_url("auth.set_password", token=token))
        flash(
            ngettext(
                "If an account uses this email, a link to choose a new password is on its "
                "way. It works once, for %(num)d hour.",
                "If an account uses this email, a link to choose a new password is on its "
                "way. It works once, for %(num)d hours.",
                service.password_reset_hours(),
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form, mail=mail.mail_enabled())


@blueprint.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    if service.valid_password_link(token) is None:
        return render_template("auth/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        db.session.rollback()  # the hash is computed with no transaction open
        password_hash = service.hash_password(form.password.data)
        verified = service.use_password_link(token, password_hash)
        if verified is None:  # spent by a request that came first
            db.session.rollback()
            return render_template("auth/link_expired.html"), 404
        db.session.commit()
        identity.start_session(verified.user_id, verified.session_version)
        flash(
            isolated(_("Your password is set. Welcome, %(name)s!"), name=current_user.name),
            "success",
        )
        return redirect(url_for("learn.catalogue"))
    return render_template("auth/set_password.html", form=form)
