from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, InputRequired, Length

from lms.auth.forms import REQUIRED, too_long
from lms.auth.passwords import MAX_LENGTH
from lms.core.forms import Form


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH, message=too_long(MAX_LENGTH))],
    )
    revoke_certificates = BooleanField(
        _l("Also revoke my certificates, so that their codes no longer verify")
    )
    understood = BooleanField(
        _l("I understand that this cannot be undone"),
        validators=[DataRequired(_l("Please tick this box to confirm."))],
    )


class EraseForm(Form):
    """An administrator processes an erasure request made outside the platform."""

    revoke_certificates = BooleanField(_l("Also revoke the person's certificates"))
    understood = BooleanField(
        _l("I understand that this cannot be undone"),
        validators=[DataRequired(_l("Please tick this box to confirm."))],
    )
