from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from lms.auth.forms import REQUIRED, email_field, too_long
from lms.cohorts.importing import MAX_ROWS
from lms.content import Module
from lms.core.forms import CheckboxesField, Form, printable_name
from lms.core.validation import (
    EARLIEST,
    LATEST,
    MAX_COHORT_YEARS,
    MAX_PLACES,
    cohort_dates_problem,
)
from lms.i18n import lazy_number
from lms.languages import LANGUAGES
from lms.timezones import zone_choices, zone_ids

CHOOSE = _l("Please choose from the list.")
DATE_PROBLEMS = {
    "order": _l("The end date cannot be before the start date."),
    "too_long": lazy_ngettext(
        "A cohort lasts at most %(num)d year. Please check the dates.",
        "A cohort lasts at most %(num)d years. Please check the dates.",
        MAX_COHORT_YEARS,
    ),
    "out_of_range": _l(
        "Please enter a date between %(first)d and %(last)d.",
        first=EARLIEST.year,
        last=LATEST.year,
    ),
}


def within_years(form, field) -> None:
    """Dates a course can have: no year 1, no year 9999."""
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(DATE_PROBLEMS["out_of_range"])


class CohortForm(Form):
    name = StringField(
        _l("Name of the cohort"),
        validators=[DataRequired(REQUIRED), Length(max=200, message=too_long(200))],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000, message=too_long(5000))]
    )
    target_group = StringField(
        _l("Target group"),
        validators=[Optional(), Length(max=200, message=too_long(200))],
        description=_l("For example: representatives of workers' organisations."),
    )
    region = StringField(
        _l("Region"), validators=[Optional(), Length(max=120, message=too_long(120))]
    )
    language = SelectField(
        _l("Default language of the lessons"),
        validators=[AnyOf(list(LANGUAGES), message=CHOOSE)],
    )
    starts_on = DateField(_l("Start date"), validators=[InputRequired(REQUIRED), within_years])
    ends_on = DateField(_l("End date"), validators=[InputRequired(REQUIRED), within_years])
    timezone = SelectField(
        _l("Time zone of the cohort"),
        description=_l("Opening dates and live sessions follow this time zone."),
        validators=[AnyOf(zone_ids(), message=CHOOSE)],
    )
    published = BooleanField(
        _l("Published"),
        description=_l("Learners see the cohort and can enrol only once it is published."),
    )
    places = IntegerField(
        _l("Places"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_PLACES,
                message=_l("Please enter a number from 1 to %(max)s.", max=lazy_number(MAX_PLACES)),
            ),
        ],
        description=_l("Leave empty for no limit on self-enrolment."),
    )
    attendance_required = IntegerField(
        _l("Live sessions to attend, in percent"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100, message=_l("Please enter a number from 1 to 100.")),
        ],
        description=_l("Leave empty if attendance is not part of completing the course."),
    )

    def set_choices(self, language: str) -> None:
        self.language.choices = [
            SelectChoice(
                code, language.native_name, render_kw={"lang": code, "dir": language.direction}
            )
            for code, language in LANGUAGES.items()
        ]
        self.timezone.choices = [
            SelectChoice(zone, label) for zone, label in zone_choices(language)
        ]

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data:
            problem = cohort_dates_problem(self.starts_on.data, field.data)
            if problem:
                raise ValidationError(DATE_PROBLEMS[problem])


def module_fields(modules: list[Module]) -> dict:
    """One checkbox and one opening date per module of the course."""
    fields = {}
    for module in modules:
        fields[f"include_{module.number}"] = BooleanField(
            _l("Module %(number)d", number=module.number)
        )
        fields[f"opens_{module.number}"] = DateField(
            _l("Opens on"),
            validators=[Optional()],
            description=_l("Leave empty to open it from the start."),
        )
    return fields


def cohort_form_class(modules: list[Module]) -> type[CohortForm]:
    return type("CohortWithModulesForm", (CohortForm,), module_fields(modules))


class AddLearnerForm(Form):
    email = email_field()
    name = StringField(
        _l("Name"),
        validators=[Optional(), Length(max=120, message=too_long(120)), printable_name],
        description=_l("Needed only when the person has no account yet."),
    )


FILE_TOO_LARGE = lazy_ngettext(
    "The file is too large: at most 2 MB, some %(count)s row.",
    "The file is too large: at most 2 MB, some %(count)s rows.",
    MAX_ROWS,
    count=lazy_number(MAX_ROWS),
)


class ImportForm(Form):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Please choose a file."))],
        description=_l(
            "The same columns as Moodle's “Upload users”: email (required), firstname, lastname, "
            "username, lang, country, institution, department."
        ),
    )


class ConfirmImportForm(Form):
    payload = HiddenField()


class JoinForm(Form):
    code = StringField(
        _l("Cohort code"), validators=[DataRequired(REQUIRED), Length(max=32, message=too_long(32))]
    )


class LiveSessionForm(Form):
    title = StringField(
        _l("Title"), validators=[DataRequired(REQUIRED), Length(max=200, message=too_long(200))]
    )
    day = DateField(_l("Date"), validators=[InputRequired(REQUIRED), within_years])
    time = TimeField(
        _l("Start time"),
        validators=[InputRequired(REQUIRED)],
        description=_l("In the cohort's time zone."),
    )
    duration_minutes = IntegerField(
        _l("Duration in minutes"),
        default=90,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(min=1, max=1440, message=_l("Please enter a number from 1 to 1440.")),
        ],
    )
    join_url = URLField(
        _l("Link to join"),
        validators=[
            Optional(),
            URL(message=_l("Please enter a full web address, starting with https://.")),
            Length(max=500, message=too_long(500)),
        ],
    )
    speakers = TextAreaField(
        _l("Speakers"),
        validators=[Optional(), Length(max=2000, message=too_long(2000))],
        description=_l("One per line."),
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000, message=too_long(5000))]
    )


class AttendanceForm(Form):
    present = CheckboxesField(_l("Present"), coerce=int, validate_choice=True)


class AnnouncementForm(Form):
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(REQUIRED), Length(max=2000, message=too_long(2000))],
    )


class InvitationForm(Form):
    answer = StringField(validators=[AnyOf(("accept", "decline"))])


class SelfEnrolmentForm(Form):
    action = StringField(validators=[AnyOf(("open", "close"))])


class PaperSheetForm(Form):
    """What a pile of paper quiz sheets shares; each learner's answers are a row of their own."""

    answered_on = DateField(
        _l("Date the sheets were answered"), validators=[InputRequired(REQUIRED), within_years]
    )
    language = SelectField(_l("Language of the sheets"), validate_choice=False)

    def validate_language(self, field) -> None:
        if field.data not in {code for code, _label in field.choices}:
            raise ValidationError(CHOOSE)
