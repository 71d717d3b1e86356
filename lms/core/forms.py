from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.form_tokens import form_token
from lms.core.names import unprintable
from lms.i18n import INTERFACE_LANGUAGES


class _OurCatalogue:
    """WTForms' own messages (such as "Not a valid date value.") looked up in our catalogues,
    so they are translated in every interface language like every other string."""

    # WTForms formats the message itself, so these only translate.
    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


def _clean_text(value):
    """What a person typed, as it is stored: no spaces around it, one kind of line break."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


class Form(FlaskForm):
    """The base of every form in the app: text is stripped before it is checked, so a name of
    spaces is an empty name, and required text fields (DataRequired) refuse it."""

    class Meta:
        def get_translations(self, form):
            return _OurCatalogue()

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField) and not issubclass(
                unbound_field.field_class, PasswordField | HiddenField
            ):
                options["filters"] = [_clean_text, *options.get("filters", ())]
            return unbound_field.bind(form=form, **options)

        def build_csrf(self, form):
            # The session's kept token first, in `g`, where Flask-WTF's generate_csrf looks: a
            # form built before anything else in the request asks for a token (the account
            # page's) then carries the session's one, not one signed anew with the time.
            form_token()
            return super().build_csrf(form)


# WTForms' built-in messages that our forms can show, listed so that extraction finds them.
WTFORMS_MESSAGES = (
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    ),
)


UNPRINTABLE = _l(
    "These characters cannot be printed on a certificate: %(characters)s. "
    "Please write the name without them."
)


def printable_name(form, field) -> None:
    """A validator for a person's name: every character can be printed on a certificate."""
    missing = unprintable(field.data or "")
    if missing:
        raise ValidationError(UNPRINTABLE % {"characters": " ".join(missing)})


class LanguageForm(Form):
    """The language switcher: one submit button per language, so it works without JavaScript."""

    language = StringField(validators=[AnyOf(INTERFACE_LANGUAGES)])
    next = HiddenField()


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (a multiple choice that needs no JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
