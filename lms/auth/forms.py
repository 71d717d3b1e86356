from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_login import current_user
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from lms.auth.passwords import MAX_LENGTH, MIN_LENGTH, weakness
from lms.core.forms import Form, printable_name
from lms.i18n import INTERFACE_LANGUAGES, lazy_number
from lms.languages import LANGUAGES
from lms.timezones import zone_choices, zone_ids

MIN_PASSWORD_LENGTH = MIN_LENGTH
WEAK_PASSWORD = {
    "short": lazy_ngettext(
        "Please use at least %(num)d character.",
        "Please use at least %(num)d characters.",
        MIN_LENGTH,
    ),
    "common": _l(
        "This password is among those tried first by people who break into accounts. "
        "Please choose another, such as a few words that mean something to you."
    ),
    "personal": _l("This password is too close to your name or email. Please choose another."),
}
# Our own messages for every validator, so each one is in our catalogues in every language.
REQUIRED = _l("Please fill in this field.")
VALID_EMAIL = _l("Please enter a valid email address, such as name@example.org.")


def too_long(limit: int):
    """The message of a Length validator allowing at most `limit` characters."""
    return lazy_ngettext(
        "Please use at most %(count)s character.",
        "Please use at most %(count)s characters.",
        limit,
        count=lazy_number(limit),
    )


def email_field() -> EmailField:
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(REQUIRED),
            Email(VALID_EMAIL),
            Length(max=254, message=too_long(254)),
        ],
    )


def your_name_field() -> StringField:
    return StringField(
        _l("Your name"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=too_long(120)), printable_name],
        description=_l("As it should appear on your certificates."),
    )


class StrongPassword:
    """NIST SP 800-63B: at least 10 characters, no composition rules, not a common or breached
    password, not built on the person's name or email (form fields `name` and `email`, or the
    signed-in person's)."""

    def __call__(self, form, field) -> None:
        context = [
            getattr(getattr(form, name, None), "data", None) or "" for name in ("name", "email")
        ]
        if current_user.is_authenticated:
            context += [current_user.name, current_user.email]
        reason = weakness(field.data or "", *context)
        if reason:
            raise ValidationError(WEAK_PASSWORD[reason])


PASSWORD = _l("Password")


def new_password_field(label=PASSWORD) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(REQUIRED),
            Length(max=MAX_LENGTH, message=too_long(MAX_LENGTH)),
            StrongPassword(),
        ],
        description=lazy_ngettext(
            "At least %(num)d character. A few words that mean something to you are easy to "
            "remember and hard to guess.",
            "At least %(num)d characters. A few words that mean something to you are easy to "
            "remember and hard to guess.",
            MIN_PASSWORD_LENGTH,
        ),
    )


def repeat_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(REQUIRED),
            EqualTo("password", message=_l("The passwords differ.")),
        ],
    )


class SetPasswordForm(Form):
    password = new_password_field()
    confirm = repeat_field()


class ChangePasswordForm(Form):
    current = PasswordField(
        _l("Your current password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=too_long(MAX_LENGTH))],
    )
    password = new_password_field(_l("New password"))
    confirm = repeat_field()


class ForgotPasswordForm(Form):
    email = email_field()


class SignupForm(SetPasswordForm):
    name = your_name_field()
    email = email_field()
    next = HiddenField()


class LoginForm(Form):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=too_long(MAX_LENGTH))],
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
        validate_choice=False,  # any zone of the full list, whichever list the page offered
    )

    def set_choices(self, language: str, zones: frozenset[str] | None = None) -> None:
        """`zones`: the few to offer (a light page); None: every zone."""
        # Each language named in its own script, so marked with its own language and direction.
        self.locale.choices = [
            SelectChoice(
                code,
                LANGUAGES[code].native_name,
                render_kw={"lang": code, "dir": LANGUAGES[code].direction},
            )
            for code in INTERFACE_LANGUAGES
        ]
        self.timezone.choices = [
            SelectChoice(zone, label)
            for zone, label in zone_choices(language)
            if zones is None or zone in zones
        ]
