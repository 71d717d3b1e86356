from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from lms.auth.forms import REQUIRED, TOO_LONG, email_field
from lms.core.forms import Form


class FacilitatorForm(Form):
    name = StringField(
        _l("Name"), validators=[InputRequired(REQUIRED), Length(max=120, message=TOO_LONG)]
    )
    email = email_field()
