from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from lms.auth.forms import REQUIRED, email_field, too_long
from lms.core.forms import Form, printable_name


class FacilitatorForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=too_long(120)), printable_name],
    )
    email = email_field()
