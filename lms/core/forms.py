from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField
from wtforms.validators import AnyOf
from wtforms.widgets import CheckboxInput, ListWidget

from lms.i18n import INTERFACE_LANGUAGES


class _OurCatalogue:
    """WTForms' own messages (such as "Not a valid date value.") looked up in our catalogues,
    so they are translated in every interface language like every other string."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n)


class Form(FlaskForm):
    """The base of every form in the app."""

    class Meta:
        def get_translations(self, form):
            return _OurCatalogue()


# WTForms' built-in messages that our forms can show, listed so that extraction finds them.
WTFORMS_MESSAGES = (
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
)


class LanguageForm(Form):
    """The language switcher: one submit button per language, so it works without JavaScript."""

    language = StringField(validators=[AnyOf(INTERFACE_LANGUAGES)])
    next = HiddenField()


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (a multiple choice that needs no JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
