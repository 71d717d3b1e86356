from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf

from lms.i18n import INTERFACE_LANGUAGES


class LanguageForm(FlaskForm):
    """The language switcher: one submit button per language, so it works without JavaScript."""

    language = StringField(validators=[AnyOf(INTERFACE_LANGUAGES)])
    next = HiddenField()
