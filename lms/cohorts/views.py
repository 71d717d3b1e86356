"""The facilitator's pages. Every view fetches its cohort through access.facilitated_cohort."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from lms.auth import service as auth_service
from lms.auth.messages import send_reset_link
from lms.cohorts import blueprint, importing, invitations, paper, progress, schedule, service
from lms.cohorts.access import facilitated_cohort, member_of, session_of
from lms.cohorts.background import import_learners as import_in_background
from lms.cohorts.forms import (
    FILE_TOO_LARGE,
    AddLearnerForm,
    AnnouncementForm,
    AttendanceForm,
    ConfirmImportForm,
    ImportForm,
    LiveSessionForm,
    PaperSheetForm,
    SelfEnrolmentForm,
    cohort_form_class,
)
from lms.cohorts.messages import IMPORT_PROBLEMS, IMPORT_REASONS
from lms.core import audit, mail
from lms.core.access import facilitator_required
from lms.core.catalogue import cohort_modules, current_catalogue
from lms.core.downloads import attachment
from lms.core.identity import account
from lms.core.jobs import enqueue
from lms.core.prepared import new_file
from lms.core.urls import public_url
from lms.core.validation import MAX_INACTIVE_DAYS
from lms.extensions import db
from lms.i18n import current_language, isolated
from lms.languages import native_name
from lms.records.attempts import attempts_by_module, attempts_used, lesson_completions
from lms.records.enrolment import enrolled_counts
from lms.records.opening import today_in


@blueprint.get("/cohorts")
@facilitator_required
def index():
    cohorts = service.cohorts_facilitated_by(current_user)
    counts = enrolled_counts(cohort.id for cohort in cohorts)
    return render_template(
        "cohorts/index.html", cohorts=cohorts, counts=counts, status=service.status
    )


def _cohort_form(cohort=None):
    modules = list(current_catalogue().modules)
    form_class = cohort_form_class(modules)
    if cohort is None:
        form = form_class(language=current_language(), timezone="UTC")
    else:
        form = form_class(obj=cohort)
        if request.method == "GET":
            # The stored share (0.5) is shown as the percentage the form asks for (50).
            share = cohort.attendance_required
            form.attendance_required.data = round(share * 100) if share else None
            chosen = {item.module_slug: item for item in cohort.modules}
            for module in modules:
                item = chosen.get(module.slug)
                form[f"include_{module.number}"].data = item is not None
                form[f"opens_{module.number}"].data = item.opens_on if item else None
    form.set_choices(current_language())
    return form, modules


def _form_details(form) -> dict:
    return {
        "name": form.name.data.strip(),
        "description": (form.description.data or "").strip(),
        "target_group": (form.target_group.data or "").strip(),
        "region": (form.region.data or "").strip(),
        "language": form.language.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "timezone": form.timezone.data,
        "published": form.published.data,
        "places": form.places.data,
        "attendance_required": form.attendance_required.data / 100
        if form.attendance_required.data
        else None,
    }


def _module_plans(form, modules) -> list[service.ModulePlan]:
    return [
        service.ModulePlan(module.slug, form[f"opens_{module.number}"].data)
        for module in modules
        if form[f"include_{module.number}"].data
    ]


@blueprint.route("/cohorts/new", methods=["GET", "POST"])
@facilitator_required
def create():
    form, modules = _cohort_form()
    if form.validate_on_submit():
        details = _form_details(form)
        cohort = service.create_cohort(
            modules=_module_plans(form, modules), facilitators=[account()], **details
        )
        db.session.commit()
        flash(_("The cohort is created."), "success")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    return render_template("cohorts/edit.html", form=form, modules=modules, cohort=None)


@blueprint.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@facilitator_required
def edit(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    form, modules = _cohort_form(cohort)
    if form.validate_on_submit():
        for key, value in _form_details(form).items():
            setattr(cohort, key, value)
        service.set_modules(cohort, _module_plans(form, modules))
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    return render_template("cohorts/edit.html", form=form, modules=modules, cohort=cohort)


@blueprint.get("/cohorts/<int:cohort_id>")
@facilitator_required
def show(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    return render_template(
        "cohorts/show.html",
        cohort=cohort,
        modules=cohort_modules(cohort),
        status=service.status(cohort),
        enrolled=service.enrolled_count(cohort.id),
        facilitators=service.facilitators_of(cohort.id),
        code_form=SelfEnrolmentForm(),
    )


@blueprint.post("/cohorts/<int:cohort_id>/self-enrolment")
@facilitator_required
def self_enrolment(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    form = SelfEnrolmentForm()
    if form.validate():
        if form.action.data == "open":
            service.open_self_enrolment(cohort)
            flash(_("Self-enrolment is on, with a new code."), "success")
        else:
            service.close_self_enrolment(cohort)
            flash(_("Self-enrolment is off."), "success")
        db.session.commit()
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


# Learners


@blueprint.route("/cohorts/<int:cohort_id>/learners", methods=["GET", "POST"])
@facilitator_required
def learners(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    form = AddLearnerForm()
    new_link = None
    if form.validate_on_submit():
        added = service.add_learner(cohort.id, form.email.data, form.name.data or "")
        db.session.commit()
        user = added.user
        if added.link_token:
            new_link = (user, added.link_token)
            if invitations.send_invitation(user, cohort, _link_url(added.link_token)):
                flash(
                    isolated(
                        _("The link is also on its way to %(email)s by email."), email=user.email
                    ),
                    "info",
                )
        messages = {
            service.ENROLLED: _("%(email)s is enrolled."),
            service.RESTORED: _("%(email)s is enrolled again."),
            service.ALREADY: _("%(email)s was already enrolled or invited."),
            service.INVITED: _(
                "%(email)s already has an account, so they are invited: they see the "
                "invitation when they log in, and their records are shared with you once they "
                "accept."
            ),
        }
        flash(isolated(messages[added.outcome], email=user.email), "success")
        if new_link is None:
            return redirect(url_for("cohorts.learners", cohort_id=cohort.id))
        form = AddLearnerForm(formdata=None)
    return _learners_page(cohort, form, new_link=new_link)


@blueprint.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/password-link")
@facilitator_required
def password_link(cohort_id: int, user_id: int):
    """A link for a learner who forgot their password, for the facilitator to pass on (and by
    email when a mail server is configured)."""
    cohort = facilitated_cohort(cohort_id)
    user = member_of(cohort, user_id)
    url = _link_url(auth_service.reset_link(user))
    db.session.commit()
    if mail.mail_enabled() and send_reset_link(user, url):
        flash(
            isolated(_("The link is also on its way to %(email)s by email."), email=user.email),
            "info",
        )
    return _learners_page(cohort, AddLearnerForm(formdata=None), reset_link=(user, url))


def _learners_page(cohort, form, **links):
    members = db.session.execute(schedule.members_query(cohort.id)).all()
    return render_template(
        "cohorts/learners.html",
        cohort=cohort,
        form=form,
        members=members,
        link_url=_link_url,
        reset_hours=auth_service.password_reset_hours(),
        **links,
    )


def _link_url(token: str) -> str:
    return public_url("auth.set_password", token=token)


@blueprint.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/unenrol")
@facilitator_required
def unenrol(cohort_id: int, user_id: int):
    cohort = facilitated_cohort(cohort_id)
    user = member_of(cohort, user_id)
    if service.unenrol(cohort.id, user.id):
        db.session.commit()
        flash(
            isolated(_("%(email)s is unenrolled. Their records are kept."), email=user.email),
            "success",
        )
    return redirect(url_for("cohorts.learners", cohort_id=cohort.id))


@blueprint.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/enrol")
@facilitator_required
def reenrol(cohort_id: int, user_id: int):
    cohort = facilitated_cohort(cohort_id)
    user = member_of(cohort, user_id)
    service.enrol(cohort.id, user.id)
    db.session.commit()
    flash(isolated(_("%(email)s is enrolled again."), email=user.email), "success")
    return redirect(url_for("cohorts.learners", cohort_id=cohort.id))


# Bulk enrolment from a CSV file


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="cohort-import")


@blueprint.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@facilitator_required
def import_learners(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    form = ImportForm()
    if form.validate_on_submit():
        with form.file.data.stream as stream:
            text = importing.decode(stream.read(importing.MAX_BYTES + 1))
        if text is not None and len(text.encode()) > importing.MAX_BYTES:
            form.file.errors.append(FILE_TOO_LARGE)
            return render_template("cohorts/import.html", cohort=cohort, form=form)
        plan = importing.plan_import(text, cohort.id)
        payload = ""
        if text and not plan.problem:
            payload = importing.store_upload(cohort.id, current_user.id, text)
            db.session.commit()
        return render_template(
            "cohorts/import_preview.html",
            cohort=cohort,
            plan=plan,
            confirm=ConfirmImportForm(payload=payload),
            reasons=IMPORT_REASONS,
            problems=IMPORT_PROBLEMS,
        )
    return render_template("cohorts/import.html", cohort=cohort, form=form)


def _uploaded_text(cohort) -> str:
    """The file previewed for this cohort; 400 for a key that is not one of its uploads."""
    text = importing.upload_text(cohort.id, ConfirmImportForm().payload.data or "")
    if text is None:
        abort(400)
    return text


def _signed_for(cohort, value: str | None) -> dict:
    """Data this app signed for this cohort; 400 for anything altered or meant for another."""
    try:
        data = _serializer().loads(value or "")
    except BadSignature:
        abort(400)
    if data.get("cohort") != cohort.id:
        abort(400)
    return data


@blueprint.post("/cohorts/<int:cohort_id>/import/confirm")
@facilitator_required
def confirm_import(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    text = importing.claim_upload(cohort.id, ConfirmImportForm().payload.data or "")
    if text is None:  # already imported, by this click's twin or another tab
        if importing.upload_text(cohort.id, ConfirmImportForm().payload.data or "") is None:
            abort(400)
        flash(_("This file was already imported. Nothing was written twice."), "info")
        return redirect(url_for("cohorts.learners", cohort_id=cohort.id))
    # Checked again now: what was previewed is what is written.
    plan = importing.plan_import(text, cohort.id)
    if plan.problem:
        abort(400)
    if len(plan.valid_rows) > current_app.config["BACKGROUND_IMPORT_ROWS"]:
        prepared = new_file("import", cohort.id, current_user.id, current_language())
        db.session.commit()  # the claim and the file, before the job looks for them
        enqueue(import_in_background, prepared.id, ConfirmImportForm().payload.data)
        return redirect(
            url_for("reports.prepared_file", cohort_id=cohort.id, file_token=prepared.token)
        )
    try:
        created = importing.apply_import(plan, cohort.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    links = [(user, _link_url(token)) for user, token in created]
    sent = sum(invitations.send_invitation(user, cohort, url) for user, url in links)
    return render_template(
        "cohorts/import_done.html",
        cohort=cohort,
        plan=plan,
        links=links,
        payload=ConfirmImportForm().payload.data,
        links_payload=_serializer().dumps(
            {"cohort": cohort.id, "links": [(user.email, user.name, url) for user, url in links]}
        ),
        days=auth_service.password_link_days(),
        sent=sent,
    )


@blueprint.post("/cohorts/<int:cohort_id>/import/errors.csv")
@facilitator_required
def import_errors(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    plan = importing.plan_import(_uploaded_text(cohort), cohort.id)
    reasons = {key: str(text) for key, text in IMPORT_REASONS.items()}
    return attachment(importing.error_rows_csv(plan, reasons), "text/csv", "rows-to-fix.csv")


@blueprint.post("/cohorts/<int:cohort_id>/import/links.csv")
@facilitator_required
def import_links(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    data = _signed_for(cohort, request.form.get("links"))
    return attachment(importing.links_csv(data["links"]), "text/csv", "password-links.csv")


# Progress


@blueprint.get("/cohorts/<int:cohort_id>/progress")
@facilitator_required
def grid(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    modules = cohort_modules(cohort)
    filter_by = request.args.get("filter", "all")
    filter_by = filter_by if filter_by in progress.FILTERS else "all"
    sort = request.args.get("sort", "name")
    days = min(max(request.args.get("days", 14, type=int) or 14, 1), MAX_INACTIVE_DAYS)
    result = progress.cohort_grid(
        cohort.id,
        modules,
        filter_by=filter_by,
        inactive_days=max(days, 1),
        sort=sort if sort in progress.SORTS else "name",
        descending=request.args.get("order") == "desc",
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "cohorts/grid.html",
        cohort=cohort,
        modules=modules,
        grid=result,
        filter_by=filter_by,
        sort=sort,
        order=request.args.get("order", "asc"),
        days=days,
    )


@blueprint.get("/cohorts/<int:cohort_id>/learners/<int:user_id>")
@facilitator_required
def learner_detail(cohort_id: int, user_id: int):
    cohort = facilitated_cohort(cohort_id)
    user = member_of(cohort, user_id)
    audit.record_access("learner.record", subject_id=user.id, cohort_id=cohort.id)
    modules = cohort_modules(cohort)
    return render_template(
        "cohorts/learner.html",
        cohort=cohort,
        learner=user,
        modules=modules,
        lessons=lesson_completions(user.id, modules),
        attempts=attempts_by_module(user.id, [m.slug for m in modules]),
        attendance=schedule.attendance_of(cohort.id, user.id),
    )


# Live sessions


@blueprint.route("/cohorts/<int:cohort_id>/sessions", methods=["GET", "POST"])
@facilitator_required
def sessions(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    form = LiveSessionForm()
    if form.validate_on_submit():
        schedule.add_live_session(
            cohort,
            title=form.title.data,
            day=form.day.data,
            time=form.time.data,
            duration_minutes=form.duration_minutes.data,
            join_url=form.join_url.data or "",
            speakers=form.speakers.data or "",
            description=form.description.data or "",
        )
        db.session.commit()
        flash(_("The live session is scheduled."), "success")
        return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))
    return render_template(
        "cohorts/sessions.html",
        cohort=cohort,
        form=form,
        sessions=schedule.sessions_of(cohort.id),
        attendance_counts=schedule.attendance_counts(cohort.id),
    )


@blueprint.route(
    "/cohorts/<int:cohort_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"]
)
@facilitator_required
def attendance(cohort_id: int, session_id: int):
    cohort = facilitated_cohort(cohort_id)
    live = session_of(cohort, session_id)
    members = db.session.execute(schedule.members_query(cohort.id, active_only=True)).all()
    form = AttendanceForm()
    form.present.choices = [
        (
            user.id,
            _("Deleted account")
            if user.erased_at
            else Markup("<bdi>%s</bdi> <bdi>&lt;%s&gt;</bdi>") % (user.name, user.email),
        )
        for user, _e in members
    ]
    if request.method == "GET":
        form.present.data = schedule.present_at(live.id)
    if form.validate_on_submit():
        schedule.record_attendance(live.id, set(form.present.data or []))
        db.session.commit()
        flash(_("Attendance is saved."), "success")
        return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))
    return render_template("cohorts/attendance.html", cohort=cohort, live=live, form=form)


# Announcements and the run-sheet


@blueprint.route("/cohorts/<int:cohort_id>/announcements", methods=["GET", "POST"])
@facilitator_required
def announcements(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    form = AnnouncementForm()
    if form.validate_on_submit():
        schedule.post_announcement(cohort, current_user, form.body.data)
        db.session.commit()
        flash(_("The announcement is posted."), "success")
        return redirect(url_for("cohorts.announcements", cohort_id=cohort.id))
    return render_template(
        "cohorts/announcements.html",
        cohort=cohort,
        form=form,
        announcements=schedule.announcements_of(cohort.id),
    )


@blueprint.get("/cohorts/<int:cohort_id>/run-sheet")
@facilitator_required
def run_sheet(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    modules = cohort_modules(cohort)
    weeks = schedule.run_sheet(cohort, modules)
    return render_template("cohorts/run_sheet.html", cohort=cohort, weeks=weeks, modules=modules)


# Paper quiz


@blueprint.route("/cohorts/<int:cohort_id>/paper/<slug>", methods=["GET", "POST"])
@facilitator_required
def paper_answers(cohort_id: int, slug: str):
    """Type the answers of the cohort's paper quiz sheets, one row per learner."""
    cohort = facilitated_cohort(cohort_id)
    module = next((m for m in cohort_modules(cohort) if m.slug == slug), None)
    if module is None or module.quiz_key is None or not module.is_available:
        abort(404)
    learners = [
        user
        for user, _enrolment in db.session.execute(
            schedule.members_query(cohort.id, active_only=True)
        )
    ]
    form = PaperSheetForm()
    form.language.choices = [(code, native_name(code)) for code in module.available_languages]
    if request.method == "GET":
        form.answered_on.data = today_in(cohort.timezone)
        form.language.data = (
            cohort.language
            if module.is_available_in(cohort.language)
            else module.available_languages[0]
        )
    typed = {user.id: request.form.get(f"answers-{user.id}", "") for user in learners}
    errors: dict[int, str] = {}
    if form.validate_on_submit():
        outcome = paper.enter_sheets(
            module, learners, typed, form.answered_on.data, form.language.data, current_user.id
        )
        errors = outcome.errors
        if not errors and not outcome.recorded and not outcome.already:
            flash(_("Type the answers of at least one learner."), "error")
        elif not errors:
            db.session.commit()
            if outcome.recorded:
                flash(
                    ngettext(
                        "%(num)d paper attempt recorded.",
                        "%(num)d paper attempts recorded.",
                        outcome.recorded,
                    ),
                    "success",
                )
            if outcome.already:
                flash(
                    ngettext(
                        "%(num)d sheet was entered before: it is recorded once.",
                        "%(num)d sheets were entered before: each is recorded once.",
                        outcome.already,
                    ),
                    "info",
                )
            return redirect(url_for("cohorts.paper_answers", cohort_id=cohort.id, slug=slug))
        db.session.rollback()
    return render_template(
        "cohorts/paper.html",
        cohort=cohort,
        module=module,
        form=form,
        learners=learners,
        typed=typed,
        errors=errors,
        used=attempts_used([user.id for user in learners], module.slug),
        questions=len(module.quiz_key.questions),
    ), (400 if errors else 200)
