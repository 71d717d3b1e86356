from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Email, EqualTo, InputRequired, Length

from lms.core.forms import Form
from lms.i18n import INTERFACE_LANGUAGES
from lms.languages import LANGUAGES
from lms.timezones import zone_choices, zone_ids

MIN_PASSWORD_LENGTH = 10
# Our own messages for every validator, so each one is in our catalogues in every language.
REQUIRED = _l("Please fill in this field.")
VALID_EMAIL = _l("Please enter a valid email address, such as name@example.org.")
TOO_LONG = _l("Please use at most %(max)d characters.")


def email_field() -> EmailField:
    return EmailField(
        _l("Email"),
        validators=[InputRequired(REQUIRED), Email(VALID_EMAIL), Length(max=254, message=TOO_LONG)],
    )


def your_name_field() -> StringField:
    return StringField(
        _l("Your name"),
        validators=[InputRequired(REQUIRED), Length(max=120, message=TOO_LONG)],
        description=_l("As it should appear on your certificates."),
    )


class SetPasswordForm(Form):
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(REQUIRED),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=256,
                message=_l("Please use at least %(min)d and at most %(max)d characters."),
            ),
        ],
        description=_l("At least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(REQUIRED),
            EqualTo("password", message=_l("The passwords differ.")),
        ],
    )


class SignupForm(SetPasswordForm):
    name = your_name_field()
    email = email_field()
    next = HiddenField()


class LoginForm(Form):
    email = email_field()
    password = PasswordField(
        _l("Password"), validators=[InputRequired(REQUIRED), Length(max=256, message=TOO_LONG)]
    )
    next = HiddenField()


class AccountForm(Form):
    name = your_name_field()
    locale = SelectField(
        _l("Language of the pages"),
        validators=[AnyOf(INTERFACE_LANGUAGES, message=_l("Please choose from the list."))],
    )
    timezone = SelectField(
        _l("Time zone"),
        description=_l("Dates and times are shown in this time zone."),
        validators=[AnyOf(zone_ids(), message=_l("Please choose from the list."))],
    )

    def set_choices(self, language: str) -> None:
        self.locale.choices = [
            SelectChoice(code, LANGUAGES[code].native_name) for code in INTERFACE_LANGUAGES
        ]
        self.timezone.choices = [
            SelectChoice(zone, label) for zone, label in zone_choices(language)
        ]
