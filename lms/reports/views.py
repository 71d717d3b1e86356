"""The facilitator's completion report and its exports."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wsgi import wrap_file

from lms.cohorts import service as cohort_service
from lms.cohorts.access import facilitated_cohort, member_of
from lms.cohorts.forms import ConfirmImportForm
from lms.cohorts.messages import IMPORT_PROBLEMS
from lms.content.choice import choose_content_language
from lms.core import audit
from lms.core.access import facilitator_required
from lms.core.catalogue import cohort_modules, current_catalogue
from lms.core.downloads import attachment
from lms.core.jobs import enqueue
from lms.core.prepared import by_token, new_file, recent
from lms.extensions import db
from lms.i18n import current_language, page_direction
from lms.records.attempts import first_attempts
from lms.records.course import course_status
from lms.records.enrolment import learner_cohorts
from lms.records.results import results_for
from lms.reports import background, blueprint, charts, exports, service
from lms.reports import items as item_analysis

PAGE_SIZE = 100


def _filename(cohort, extension: str) -> str:
    return f"completion-report-cohort-{cohort.id}.{extension}"


@blueprint.get("/cohorts/<int:cohort_id>/report")
@facilitator_required
def report(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    modules = cohort_modules(cohort)
    page = max(request.args.get("page", 1, type=int), 1)
    shown: list[service.ReportRow] = []

    def keep_page(rows):
        # One pass: every row feeds the summary; only this page's rows are kept.
        for index, row in enumerate(rows):
            if (page - 1) * PAGE_SIZE <= index < page * PAGE_SIZE:
                shown.append(row)
            yield row

    rows = keep_page(service.report_rows(cohort, modules))
    summary = service.summarise(rows, cohort, [m.slug for m in modules])
    pages = max((summary.enrolled + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template(
        "reports/report.html",
        cohort=cohort,
        modules=modules,
        summary=summary,
        rows=shown,
        page=min(page, pages),
        pages=pages,
        status_chart=_in_page_direction(
            charts.status_bars(modules, summary, _("Learners"), _("Module"))
        ),
        weekly_chart=_in_page_direction(charts.weekly_bars(summary, _("Week"), _("Completions"))),
        week_start=lambda index: service.week_start(cohort, index),
        in_background=summary.enrolled > current_app.config["BACKGROUND_REPORT_LEARNERS"],
        prepared=recent(cohort.id),
    )


def _in_page_direction(chart: charts.Chart) -> charts.Chart:
    return charts.mirrored(chart) if page_direction() == "rtl" else chart


@blueprint.get("/cohorts/<int:cohort_id>/report.csv")
@facilitator_required
def report_csv(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    audit.record_access("report.export", cohort_id=cohort.id, detail="csv")
    modules = cohort_modules(cohort)
    lines = exports.csv_lines(service.report_rows(cohort, modules), cohort, modules)
    return attachment(stream_with_context(lines), "text/csv", _filename(cohort, "csv"))


@blueprint.get("/cohorts/<int:cohort_id>/report.xlsx")
@facilitator_required
def report_xlsx(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    audit.record_access("report.export", cohort_id=cohort.id, detail="xlsx")
    modules = cohort_modules(cohort)
    workbook = exports.xlsx_file(service.report_rows(cohort, modules), cohort, modules)
    return attachment(
        wrap_file(request.environ, workbook),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(cohort, "xlsx"),
    )


# Files made in the background: big reports, certificate batches (and large imports, from cohorts)


@blueprint.post("/cohorts/<int:cohort_id>/files")
@facilitator_required
def prepare_file(cohort_id: int):
    cohort = facilitated_cohort(cohort_id)
    kind = request.form.get("kind", "")
    if kind not in background.MAKERS:
        abort(400)
    prepared = new_file(kind, cohort.id, current_user.id, current_language())
    audit.record("report.export", cohort_id=cohort.id, detail=kind)
    db.session.commit()
    enqueue(background.prepare, prepared.id)
    return redirect(
        url_for("reports.prepared_file", cohort_id=cohort.id, file_token=prepared.token)
    )


@blueprint.get("/cohorts/<int:cohort_id>/files/<file_token>")
@facilitator_required
def prepared_file(cohort_id: int, file_token: str):
    cohort = facilitated_cohort(cohort_id)
    prepared = by_token(cohort.id, file_token)
    if prepared is None:
        abort(404)
    return render_template(
        "reports/prepared.html",
        cohort=cohort,
        prepared=prepared,
        problems=IMPORT_PROBLEMS,
        upload=ConfirmImportForm(payload=prepared.summary.get("upload", "")),
    )


@blueprint.get("/cohorts/<int:cohort_id>/files/<file_token>/download")
@facilitator_required
def download_prepared(cohort_id: int, file_token: str):
    cohort = facilitated_cohort(cohort_id)
    prepared = by_token(cohort.id, file_token)
    if prepared is None or prepared.content is None:
        abort(404)
    return attachment(prepared.content, prepared.mimetype, prepared.filename)


def _item_analysis(module, modules, cohort=None, cohort_ids=None):
    """The analysis page of one module's quiz, from the first attempts of these cohorts' learners
    (everyone's when cohort_ids is None), in the reader's language where the module has it."""
    language = choose_content_language(
        module,
        None,
        current_language(),
        cohort_languages=lambda: [cohort.language] if cohort else [],
    ).code
    return render_template(
        "reports/items.html",
        cohort=cohort,
        modules=modules,
        module=module,
        stats=item_analysis.analyse(module, first_attempts(module.slug, cohort_ids)),
        questions={question.id: question for question in module.quiz_key.questions},
        text=module.texts[language],
        flag_points=round(item_analysis.FLAG_DIFFERENCE * 100),
    )


@blueprint.get("/cohorts/<int:cohort_id>/items/<slug>")
@facilitator_required
def items(cohort_id: int, slug: str):
    cohort = facilitated_cohort(cohort_id)
    modules = [module for module in cohort_modules(cohort) if module.quiz_key is not None]
    module = next((module for module in modules if module.slug == slug), None)
    if module is None:
        abort(404)
    return _item_analysis(module, modules, cohort, [cohort.id])


def _transcript(learner, cohorts):
    modules = [module for module in current_catalogue().modules if module.is_available]
    return render_template(
        "reports/transcript.html",
        learner=learner,
        progress=results_for(learner.id, modules).values(),
        courses=[
            (cohort, course_status(cohort, learner.id, cohort_modules(cohort)))
            for cohort in cohorts
        ],
    )


@blueprint.get("/transcript")
@login_required
def my_transcript():
    return _transcript(current_user, learner_cohorts(current_user.id))


@blueprint.get("/cohorts/<int:cohort_id>/learners/<int:user_id>/transcript")
@facilitator_required
def transcript(cohort_id: int, user_id: int):
    cohort = facilitated_cohort(cohort_id)
    learner = member_of(cohort, user_id)
    audit.record_access("learner.transcript", subject_id=learner.id, cohort_id=cohort.id)
    return _transcript(learner, [cohort])


@blueprint.get("/items/<slug>")
@facilitator_required
def items_across_cohorts(slug: str):
    """Every cohort the user facilitates (every learner, for an admin), side by side."""
    modules = [module for module in current_catalogue().modules if module.quiz_key is not None]
    module = next((module for module in modules if module.slug == slug), None)
    if module is None:
        abort(404)
    cohort_ids = None if current_user.is_admin else [
        cohort.id for cohort in cohort_service.cohorts_facilitated_by(current_user)
    ]  # fmt: skip
    return _item_analysis(module, modules, cohort_ids=cohort_ids)
