from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField
from wtforms.validators import Email, InputRequired, Length

from lms.auth.forms import REQUIRED, TOO_LONG, VALID_EMAIL
from lms.core.forms import Form


class FacilitatorForm(Form):
    name = StringField(
        _l("Name"), validators=[InputRequired(REQUIRED), Length(max=120, message=TOO_LONG)]
    )
    email = EmailField(
        _l("Email"),
        validators=[InputRequired(REQUIRED), Email(VALID_EMAIL), Length(max=254, message=TOO_LONG)],
    )
