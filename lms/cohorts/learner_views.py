"""What learners see of their cohorts: the schedule, live sessions, announcements, joining."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.cohorts import blueprint, calendar, schedule, service
from lms.cohorts.access import learner_cohort, session_of
from lms.cohorts.forms import InvitationForm, JoinForm
from lms.core.catalogue import cohort_modules
from lms.core.downloads import attachment
from lms.core.limits import account_key, join_limits, limiter
from lms.extensions import db
from lms.i18n import isolated
from lms.records.course import course_status
from lms.records.opening import module_is_open
from lms.records.results import results_for


def _refusal(reason: str) -> str:
    return {
        "unknown": _(
            "There is no open cohort with this code. Please check it with your facilitator."
        ),
        "closed": _("This cohort is not open for enrolment."),
        "full": _("This cohort has no places left. Please contact your facilitator."),
    }[reason]


@blueprint.route("/join", methods=["GET", "POST"])
@blueprint.route("/join/<code>", methods=["GET", "POST"])
@login_required
@limiter.limit(join_limits, methods=["POST"])
@limiter.limit(join_limits, key_func=account_key, methods=["POST"])
def join(code: str | None = None):
    form = JoinForm(code=code)
    if form.validate_on_submit():
        try:
            cohort, outcome = service.self_enrol(form.code.data, current_user.id)
        except service.SelfEnrolmentRefused as refused:
            form.code.errors.append(_refusal(refused.reason))
        else:
            db.session.commit()
            if outcome == service.ALREADY:
                flash(
                    isolated(_("You are already enrolled in %(name)s."), name=cohort.name), "info"
                )
            else:
                flash(isolated(_("Welcome to %(name)s!"), name=cohort.name), "success")
            return redirect(url_for("cohorts.mine", cohort_id=cohort.id))
    return render_template("cohorts/join.html", form=form)


@blueprint.post("/my/invitations/<int:cohort_id>")
@login_required
def answer_invitation(cohort_id: int):
    if not service.is_invited(cohort_id, current_user.id):
        abort(404)
    form = InvitationForm()
    if not form.validate():
        abort(400)
    if form.answer.data == "accept":
        service.accept_invitation(cohort_id, current_user.id)
        db.session.commit()
        flash(_("Welcome to your cohort!"), "success")
        return redirect(url_for("cohorts.mine", cohort_id=cohort_id))
    service.decline_invitation(cohort_id, current_user.id)
    db.session.commit()
    flash(_("You declined the invitation. Nothing of yours was shared."), "info")
    return redirect(url_for("learn.catalogue"))


@blueprint.get("/my/cohorts/<int:cohort_id>")
@login_required
def mine(cohort_id: int):
    cohort = learner_cohort(cohort_id)
    modules = cohort_modules(cohort)
    progress = results_for(current_user.id, modules)
    return render_template(
        "cohorts/mine.html",
        cohort=cohort,
        modules=modules,
        progress=progress,
        items={item.module_slug: item for item in cohort.modules},
        is_open=lambda item: module_is_open(item.opens_on, cohort.timezone),
        sessions=schedule.sessions_of(cohort.id),
        announcements=schedule.announcements_of(cohort.id),
        course=course_status(cohort, current_user.id, modules),
    )


def _ics(cohort, sessions, filename: str):
    text = calendar.calendar(cohort, sessions, request.host.split(":")[0] or "localhost")
    return attachment(text, "text/calendar", filename)


@blueprint.get("/my/cohorts/<int:cohort_id>/calendar.ics")
@login_required
def cohort_calendar(cohort_id: int):
    cohort = learner_cohort(cohort_id)
    return _ics(cohort, schedule.sessions_of(cohort.id), f"cohort-{cohort.id}.ics")


@blueprint.get("/my/cohorts/<int:cohort_id>/sessions/<int:session_id>.ics")
@login_required
def session_calendar(cohort_id: int, session_id: int):
    cohort = learner_cohort(cohort_id)
    live = session_of(cohort, session_id)
    return _ics(cohort, [live], f"live-session-{live.id}.ics")
