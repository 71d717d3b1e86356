from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from lms.auth.forms import REQUIRED, email_field, too_long
from lms.core.forms import Form, printable_name


class FacilitatorForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=too_long(120)), printable_name],
    )
    email = email_field()


class AuditFilterForm(Form):
    """The audit trail's filters, from the query string."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validate_choice=False)
    person = StringField(_l("Person (part of a name or email)"), validators=[Length(max=254)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])
